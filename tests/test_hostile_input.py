"""Hostile text: the extractor never raises, every offset indexes the submitted text, and the
same text always gives the same result; over HTTP, nothing a client sends is a 5xx."""
from __future__ import annotations

import json
import multiprocessing
import resource
import re
from dataclasses import asdict

import pytest
from cms_deliveries import SECRETS, post, standard_delivery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.pipeline import Extraction
from service.pipeline.html_text import HTMLTooComplex, html_to_text

CONTROL = [chr(c) for c in range(0x00, 0x20)] + [chr(c) for c in range(0x7F, 0xA0)]
SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"]
BIDI_AND_ZERO_WIDTH = list(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)
QUOTE_MARKS = list("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u201a\u2039\u203a\u300c\u300d`")
LINE_BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\n\n"]
FRAGMENTS = [
    " said ", " says ", " told reporters ", "Mayor Ann Park", " she ", " he ", " the company ", ", ", ". ",
    " according to ", "Dr. O'Neil-Smith", " CEO of Acme Corp", " added ", "\u00e9t\u00e9 ", "\u4e2d\u6587 ",
    "\U0001f600", "e\u0301", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 ",
]
HOSTILE = CONTROL + SURROGATES + BIDI_AND_ZERO_WIDTH + QUOTE_MARKS + LINE_BREAKS

any_character = st.characters(exclude_categories=())  # every code point, lone surrogates included
hostile_texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(HOSTILE), st.text(any_character, max_size=8)),
    max_size=60,
).map("".join)


def assert_offsets_valid(text: str, extraction: Extraction) -> None:
    """Every quote, mention and cue is a true slice of `text`; speaker ids resolve."""
    speaker_ids = {s.id for s in extraction.speakers}
    spans = []
    for quote in extraction.quotes:
        spans.append((quote.text, quote.start, quote.end))
        spans += [(s.text, s.start, s.end) for s in (quote.speaker_mention, quote.cue) if s is not None]
        assert quote.speaker_id is None or quote.speaker_id in speaker_ids
        assert 0.0 <= quote.confidence <= 1.0
    for speaker in extraction.speakers:
        spans += [(m.text, m.start, m.end) for m in speaker.mentions]
    for value, start, end in spans:
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == value


def assert_sound(extractor, text: str) -> Extraction:
    first = extractor.extract(text)
    assert_offsets_valid(text, first)
    assert asdict(extractor.extract(text)) == asdict(first)
    return first


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_texts)
def test_hostile_text_never_breaks_the_extractor(extractor, text):
    assert_sound(extractor, text)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(QUOTE_MARKS + [" ", "a", " said ", "\n", "Ann Park"]), max_size=200).map("".join))
def test_quote_mark_soup(extractor, text):
    assert_sound(extractor, text)


# News-shaped sentences: names taken up as surnames, possessives, titles, bodies named around a
# person's name, pronouns and nominals, as subjects of reporting verbs before and after quotes. Random
# characters rarely reach the article model's paths; these do (a body named around a person's name once
# left an entity without a name, found on real news).
NEWS_SUBJECTS = [
    "Senator Ann Colby", "Colby", "Ms Colby", "Tom Ward", "Ward", "Ward's hometown Lakeside Daily Press",
    "Harbour Workers Local 27", "the union", "Acme Corp", "Acme", "Acme's chief economist Dana Reyes",
    "the Bishop of Bath and Wells", "Westlock MLA Ian Hale", "she", "he", "they", "it", "the company",
    "the 41-year-old", "Colby's agent, Tom Ward,",
]
NEWS_VERBS = [" said", " wrote:", " told reporters", " fumed", " claimed", " added", " said on Friday,"]
NEWS_QUOTES = ['"We will strike,"', "\u201cThe vote was clear.\u201d", '"Why now?"', "'Maybe'", '"Colby said she held off."']
news_sentence = st.one_of(
    st.tuples(*(st.sampled_from(p) for p in (NEWS_SUBJECTS, NEWS_VERBS, NEWS_QUOTES))).map(lambda t: f"{t[0]}{t[1]} {t[2]}"),
    st.tuples(*(st.sampled_from(p) for p in (NEWS_QUOTES, NEWS_SUBJECTS, NEWS_VERBS))).map(lambda t: f"{t[0]} {t[1]}{t[2]}."),
    st.sampled_from(NEWS_SUBJECTS).map(lambda s: f"{s} spoke in Maine on Monday."),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(news_sentence, st.sampled_from([" ", " ", "\n\n"])), max_size=10).map(
    lambda pieces: "".join(sentence + gap for sentence, gap in pieces)
))
def test_news_shaped_text_never_breaks_the_extractor(extractor, text):
    assert_sound(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "\x00" * 1000,
        "\ud800" * 1000,
        "\u202e\"We will win,\u202c said Ann\u200b Park.",
        "\"Unclosed quote said Ann Park." * 50,
        "\u201c" * 300 + "said Ann Park" + "\u201d" * 300,
        "\r\n".join(['"Yes," she said.'] * 300),
        "\n" * 50_000,
        "said " * 2_000,
    ],
    ids=["nul", "surrogates", "bidi", "unclosed", "nested-curly", "crlf", "newlines", "cue-storm"],
)
def test_pathological_shapes(extractor, text):
    assert_sound(extractor, text)


def test_a_lone_closing_guillemet_then_a_quote(extractor):
    """Once a KeyError in quote-mark pairing, found by the property tests above."""
    assert_sound(extractor, '\u203aa"')


class TookTooLong(Exception):
    pass


def extract_within(extractor, text: str, seconds: float) -> Extraction:
    """Extract in a forked child the kernel stops after `seconds` of CPU: a true bound, even inside
    spaCy's C code, and one a busy machine cannot break (CPU time, not wall-clock time; the wait
    for the answer allows a tenfold slower machine on top)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def run() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (int(seconds), int(seconds)))
        try:
            send.send(("ok", extractor.extract(text)))
        except Exception as exc:
            send.send(("raised", exc))

    child = context.Process(target=run, daemon=True)
    child.start()
    send.close()  # the child's end only: a child the kernel stopped is then seen as the pipe's end
    try:
        if not receive.poll(10 * seconds):
            raise TookTooLong(f"no answer in {10 * seconds} s")
        try:
            outcome, value = receive.recv()
        except EOFError:
            raise TookTooLong(f"over {seconds} s of CPU") from None
    finally:
        child.kill()
        child.join()
    if outcome == "raised":
        raise value
    return value


MEGABYTE = 1024 * 1024
# A megabyte takes about 40 s of CPU here; anything superlinear would take hours.
BIG_INPUT_SECONDS = 180
BIG_INPUTS = {
    "1MB-one-word": lambda: "a" * MEGABYTE,
    "1MB-one-sentence-no-punctuation": lambda: ("council members argued about the budget " * 30_000)[:MEGABYTE],
    "100k-quotation-marks": lambda: '"' * 100_000,
    "50k-alternating-quotation-marks": lambda: '"a' * 50_000,
}


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["1MB-one-word", "1MB-one-sentence-no-punctuation",
             "100k-quotation-marks", "50k-alternating-quotation-marks"],
)
def test_big_inputs_finish_in_linear_time_with_valid_offsets(extractor, name):
    text = BIG_INPUTS[name]()
    assert_offsets_valid(text, extract_within(extractor, text, BIG_INPUT_SECONDS))


def post_json_text(client, raw_body: str):
    return client.post("/v1/quotes", data=raw_body, content_type="application/json")


def test_lone_surrogates_as_json_escapes_over_http(client):
    response = post_json_text(client, '{"text": "\\"We won\\ud800,\\" said Ann \\udfffPark.\\u0000", "id": "\\ud800"}')
    assert response.status_code == 200
    body = json.loads(response.get_data(as_text=True))
    text = '"We won\ud800," said Ann \udfffPark.\x00'
    assert body["id"] == "\ud800"
    for quote in body["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hostile_texts.filter(bool))
def test_hostile_text_over_http_is_answered_with_true_offsets(client, text):
    response = post_json_text(client, json.dumps({"text": text}))
    assert response.status_code == 200
    for quote in json.loads(response.get_data(as_text=True))["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]


def nested(depth: int) -> str:
    return '{"text": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(
    "raw_body, status",
    [
        ('{"text": "a", "text": "b"}', 400),
        ('{"text": "a", "id": "x", "id": "x"}', 400),
        (nested(65), 400),
        (nested(100_000), 413),  # 100,001 values: over jsonbody.MAX_VALUES before any parsing
        (nested(60), 422),
        ('{"text": ' + "1" * 5000 + "}", 400),
        ('{"text": 1e999999}', 422),
        ('{"text": NaN}', 422),
        ('{"text": "\\ud800"}', 200),
        ("\ufeff{}", 400),
        ('{"text": "a"} trailing', 400),
        ("[" * 300_000, 413),
        (b'{"text": "\xff\xfe"}', 400),
        ('{"text": ["a"]}', 422),
        ("null", 422),
    ],
    ids=["duplicate-key", "duplicate-id", "depth-65", "depth-100k", "depth-60", "huge-int", "inf", "nan",
         "surrogate", "bom", "trailing", "unclosed-300k", "bad-utf8", "list-text", "null"],
)
def test_hostile_json_bodies_are_client_errors(client, raw_body, status):
    response = post_json_text(client, raw_body)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if status >= 400:
        assert response.get_json()["code"] == status


def test_a_body_over_the_limit_is_413(make_app):
    client = make_app(QUOTES_MAX_BODY_BYTES="1000").test_client()
    response = post_json_text(client, json.dumps({"text": "word " * 1000}))
    assert response.status_code == 413 and response.get_json()["code"] == 413


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<div>" * 500 + '"Hi," she said.', id="deep-blocks-within-limit"),
        pytest.param("<div>" * 3000 + '"Hi," she said.', id="deep-blocks"),
        pytest.param("<div>" * 400_000 + '"Hi," she said.', id="deep-blocks-2MB"),
        pytest.param("<span>" * 100_000 + '"Hi," she said.', id="deep-inline"),
        pytest.param(f'<p title="{"a" * 1_000_000}">"Hi," she said.</p>', id="huge-attribute"),
        pytest.param("<p " + " ".join(f"a{i}=x" for i in range(10_000)) + '>"Hi," she said.</p>', id="many-attributes"),
        pytest.param("<p>" * 50_000 + '"Hi," she said.', id="unclosed-paragraphs"),
        pytest.param("&quot;" * 100_000 + " said Ann Park.", id="entity-quotes"),
        pytest.param("<!--" * 50_000 + '<p>"Hi," she said.</p>', id="comment-openers"),
        pytest.param("<script>" + "x" * 500_000 + '</script><p>"Hi," she said.</p>', id="huge-script"),
    ],
)
def test_html_bombs_are_answered_in_time_with_true_offsets(make_app, html):
    """Answered 200 with true offsets, 422 for HTML no article has, or 503 at the time limit: never a 500."""
    client = make_app(QUOTES_REQUEST_TIMEOUT="5", QUOTES_MAX_BODY_BYTES=str(4 * MEGABYTE)).test_client()
    response = client.post("/v1/quotes", json={"html": html})
    if response.status_code == 422:
        (message,) = response.get_json()["errors"]["json"]["html"]
        with pytest.raises(HTMLTooComplex, match=re.escape(message)):
            html_to_text(html)
        return
    if response.status_code == 503:
        assert response.headers["Retry-After"] and response.get_json()["code"] == 503
        return
    assert response.status_code == 200
    body = response.get_json()
    for quote in body["quotes"]:
        assert body["text"][quote["start"] : quote["end"]] == quote["text"]


def test_a_wrong_method_is_405_naming_the_allowed_ones(client):
    response = client.delete("/v1/quotes")
    assert response.status_code == 405 and response.get_json()["code"] == 405
    assert "POST" in response.headers["Allow"]


def test_lone_surrogates_in_a_signed_delivery_are_not_a_server_error(make_app):
    client = make_app(QUOTES_WEBHOOK_SECRET_STANDARD=SECRETS["standard"]).test_client()
    event = {"type": "article.published", "data": {"id": "s\ud800", "text": '"We won\ud800," said Ann Park.'}}
    assert post(client, "standard", *standard_delivery(event)).status_code == 202
