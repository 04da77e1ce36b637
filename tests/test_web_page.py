"""The editors' page in a real headless Chromium against the app under a real HTTP server.

Chromium comes from the system (Debian's /usr/bin/chromium), never from
`playwright install`. Without it these tests skip locally and fail in CI.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service import create_app
from service.config import Settings

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
API_KEY = "editor-test-key"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The emoji before the quotes checks that the page slices by code points, as Python does.
ARTICLE = """Harbour city votes on flood wall 🌊

The city council approved a $40 million flood wall on Tuesday after months of debate.

"This wall will protect thousands of homes for the next fifty years," said Maria Lopez, the mayor of Port Haven. "We cannot wait for the next storm."

Critics were not convinced. "The money would do more good in drainage and wetlands," said Daniel Okafor, a hydrologist at the University of Bristol.

Lopez said the first section would be finished by spring.

"We will watch every dollar," said Priya Raman, chief executive of the Harbour Business Association.
"""


def chromium_path() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        found = None
    if found is None:
        message = "Chromium or playwright is not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}; CI must run the browser tests")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def live_app(extractor, tmp_path_factory):
    """The app behind a real werkzeug server on a free port, with one API key configured."""
    settings = Settings.from_env(
        {"QUOTES_DATA_DIR": str(tmp_path_factory.mktemp("data")), "QUOTES_API_KEYS": API_KEY}
    )
    app = create_app(settings, extractor=extractor)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_app):
    """A fresh page that may only talk to the app: any other request fails the test."""
    _, base_url = live_app
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"))

    def only_this_service(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            page.problems.append(f"external request: {route.request.url}")
            route.abort()

    page.route("**/*", only_this_service)
    page.goto("/")
    yield page
    context.close()


def api_response(live_app, **article: str) -> dict:
    app, _ = live_app
    response = app.test_client().post("/v1/quotes", json=article, headers={"Authorization": f"Bearer {API_KEY}"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def submit(page, text: str) -> None:
    """Paste `text` with the API key, press Extract, and wait for results or an error."""
    page.fill("#api-key", API_KEY)
    page.fill("#article", text)
    page.click("#extract")
    page.wait_for_selector("#results:not([hidden]), #error:not([hidden])")


def save_screenshot(page, name: str) -> None:
    """Kept under artifacts/ (gitignored) for a person or CI to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def or_unknown(value: str | None) -> str:
    return value or "unknown"


def test_page_and_its_assets_need_no_key_and_nothing_from_other_sites(make_app):
    client = make_app(QUOTES_API_KEYS=API_KEY).test_client()
    page = client.get("/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    for asset in ("/", "/web/app.js", "/web/style.css"):
        response = client.get(asset)
        assert response.status_code == 200
        assert "http://" not in response.get_data(as_text=True) and "https://" not in response.get_data(as_text=True)


def test_page_shows_what_the_api_returns(page, live_app):
    expected = api_response(live_app, text=ARTICLE)
    assert expected["quotes"] and len(expected["speakers"]) >= 2, "the article should give the page something to show"

    with page.expect_request("**/v1/quotes") as sent:
        submit(page, ARTICLE)
    assert sent.value.headers.get("authorization") == f"Bearer {API_KEY}"
    assert page.locator("#error").is_hidden(), page.locator("#error").inner_text()

    marks = page.locator("#article-view mark.quote")
    assert marks.all_inner_texts() == [quote["text"] for quote in expected["quotes"]]
    assert page.locator("#article-view").inner_text().strip() == ARTICLE.strip()

    cards = page.locator("#speakers .card")
    assert cards.locator(".card-name").all_inner_texts() == [s["name"] for s in expected["speakers"]]
    assert cards.locator("[data-field=role]").all_inner_texts() == [or_unknown(s["role"]) for s in expected["speakers"]]
    assert cards.locator("[data-field=organization]").all_inner_texts() == [
        or_unknown(s["organization"]) for s in expected["speakers"]
    ]

    quote = expected["quotes"][0]
    marks.first.click()
    assert marks.first.get_attribute("aria-pressed") == "true"
    detail = page.locator("#detail")
    assert detail.locator("[data-field=text]").inner_text() == f"“{quote['text']}”"
    assert detail.locator("[data-field=speaker]").inner_text() == (quote["speaker"] or "unattributed")
    assert detail.locator("[data-field=confidence]").inner_text().startswith(str(quote["confidence"]))
    if quote["cue"]:
        assert detail.locator("[data-field=cue]").inner_text().startswith(quote["cue"]["text"])

    save_screenshot(page, "editors-page.png")
    speaker = next(s for s in expected["speakers"] if s["quote_count"])
    speaker_quotes = [q["text"] for q in expected["quotes"] if q["speaker_id"] == speaker["id"]]
    card = page.locator(f"#speakers .card[data-speaker={speaker['id']}]")
    assert card.locator(".card-quotes li").all_inner_texts() == [f"“{text}”" for text in speaker_quotes]
    card.click()
    assert card.locator(".card-select").get_attribute("aria-pressed") == "true"
    assert page.locator("#article-view mark.of-selected-speaker").all_inner_texts() == speaker_quotes
    save_screenshot(page, "editors-page-speaker.png")
    assert page.problems == []


def test_quotes_and_cards_work_by_keyboard(page):
    submit(page, ARTICLE)
    last = page.locator("#article-view mark.quote").last
    last.focus()
    page.keyboard.press("Enter")
    assert last.get_attribute("aria-pressed") == "true"
    assert page.locator("#detail [data-field=text]").inner_text() == f"“{last.inner_text()}”"

    card_button = page.locator("#speakers .card-select").first
    card_button.focus()
    page.keyboard.press("Space")
    assert card_button.get_attribute("aria-pressed") == "true"
    save_screenshot(page, "editors-page-keyboard.png")  # shows the focus ring
    page.keyboard.press("Space")
    assert card_button.get_attribute("aria-pressed") == "false"
    assert page.locator("#article-view mark.of-selected-speaker").count() == 0
    assert page.problems == []


def test_empty_article_shows_the_api_error(page, live_app):
    app, _ = live_app
    expected = app.test_client().post("/v1/quotes", json={"text": ""}, headers={"Authorization": f"Bearer {API_KEY}"})
    assert expected.status_code == 422

    submit(page, "")
    error = page.locator("#error")
    assert "Error 422" in error.inner_text()
    assert expected.get_json()["message"] in error.inner_text()
    assert page.locator("#results").is_hidden()
    save_screenshot(page, "editors-page-error.png")


def test_html_input_is_shown_as_the_text_the_api_extracted(page, live_app):
    html = (
        "<article><h1>Flood wall</h1><p>&ldquo;We will watch every dollar,&rdquo; said Priya Raman, "
        "chief executive of the Harbour Business Association.</p><script>window.ran = 1</script></article>"
    )
    expected = api_response(live_app, html=html)

    page.check("input[name=format][value=html]")
    assert page.locator("#article-label").inner_text() == "Article HTML"
    submit(page, html)

    assert page.locator("#article-view").inner_text() == expected["text"]
    assert page.locator("#article-view mark.quote").all_inner_texts() == [q["text"] for q in expected["quotes"]]
    assert page.evaluate("window.ran") is None
    assert page.problems == []


def test_article_markup_in_text_mode_stays_text(page):
    article = '<img src="x" onerror="window.injected = 1"> "Fine words," said Ann Lee, a teacher.'
    submit(page, article)

    assert page.locator("#article-view").inner_text() == article
    assert page.locator("#article-view img").count() == 0
    assert page.evaluate("window.injected") is None


GENDER_ARTICLE = """Council backs new shelter

Ms. Dana Reyes opened the shelter in 2015. "We need forty more beds," she said on Monday.

"The money is in next year's budget," said city spokesman Tom Baker.

"We will appeal," the Harbourline Trust said in a statement.
"""


def test_cards_show_gender_and_its_evidence_and_the_article_has_a_summary_bar(page, live_app):
    expected = api_response(live_app, text=GENDER_ARTICLE)
    people = [s for s in expected["speakers"] if s["kind"] == "person" and s["quote_count"]]
    assert {s["gender"] for s in people} == {"female", "male"}, "the article should give both genders evidence"

    submit(page, GENDER_ARTICLE)
    for speaker in expected["speakers"]:
        card = page.locator(f"#speakers .card[data-speaker={speaker['id']}]")
        if speaker["kind"] != "person":
            assert card.locator("[data-field=gender]").count() == 0, "organizations and groups have no gender"
            continue
        assert card.locator("[data-field=gender]").inner_text() == speaker["gender"]
        items = card.locator("[data-field=gender_evidence] li")
        assert items.evaluate_all("items => items.map(i => [i.dataset.kind, i.dataset.gender])") == [
            [e["kind"], e["gender"]] for e in speaker["gender_evidence"]
        ]
        for item, evidence in zip(items.all_inner_texts(), speaker["gender_evidence"]):
            assert item.startswith(f"“{evidence['text']}”")

    counts = {g: sum(1 for s in people if s["gender"] == g) for g in ("female", "male", "unknown")}
    parts = page.locator("#gender-summary .gender-part")
    shown = parts.evaluate_all("parts => parts.map(p => [p.dataset.gender, Number(p.dataset.count), p.offsetWidth])")
    assert [(g, n) for g, n, _ in shown] == list(counts.items())
    bar_width = page.locator("#gender-summary .gender-bar").evaluate("bar => bar.clientWidth")
    for _, count, width in shown:
        assert abs(width - bar_width * count / len(people)) <= 1.5, shown
    assert page.locator("#gender-summary .gender-counts").inner_text() == "Quoted people: 1 woman, 1 man"
    save_screenshot(page, "editors-page-gender.png")
    assert page.problems == []
