"""`POST /v1/quotes` with HTML, and `POST /v1/quotes/batch`."""
from __future__ import annotations

HTML = "<article><h2>Vote</h2><p>&ldquo;The plan is ready,&rdquo; said Tom Lee.</p><aside>Ad</aside></article>"


def test_html_article_answers_with_the_text_its_offsets_index(client):
    response = client.post("/v1/quotes", json={"id": "h1", "html": HTML})
    assert response.status_code == 200
    body = response.get_json()
    assert body["text"] == "Vote\n\n\u201cThe plan is ready,\u201d said Tom Lee."
    [quote] = body["quotes"]
    assert body["text"][quote["start"]:quote["end"]] == quote["text"] == "The plan is ready,"


def test_plain_text_answers_carry_no_text(client):
    body = client.post("/v1/quotes", json={"text": "\u201cYes,\u201d said Tom Lee."}).get_json()
    assert "text" not in body


def test_exactly_one_of_text_and_html(client):
    for payload in ({"text": "a", "html": "<p>a</p>"}, {"id": "x"}, {"html": ""}):
        response = client.post("/v1/quotes", json=payload)
        assert response.status_code == 422 and response.get_json()["errors"]["json"]


def test_batch_keeps_input_order_and_gives_bad_articles_their_own_error(client):
    articles = [
        {"id": "a", "text": "\u201cFirst,\u201d said Ann Park."},
        {"id": "b"},
        "not an object",
        {"id": "c", "html": HTML},
        {"text": "no id"},
    ]
    response = client.post("/v1/quotes/batch", json={"articles": articles})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["id"] for r in results] == ["a", "b", None, "c", None]
    assert results[0]["quotes"][0]["speaker"] == "Ann Park" and "text" not in results[0]
    assert results[3]["text"].startswith("Vote") and results[3]["quotes"]
    for bad in (results[1], results[2], results[4]):
        assert set(bad) == {"id", "error"}
        assert bad["error"]["code"] == 422 and bad["error"]["status"] and bad["error"]["message"]
        assert bad["error"]["errors"]


def test_batch_over_the_limit_is_refused(make_app):
    client = make_app(QUOTES_MAX_BATCH="2").test_client()
    articles = [{"id": str(i), "text": "x"} for i in range(3)]
    response = client.post("/v1/quotes/batch", json={"articles": articles})
    assert response.status_code == 413 and "2" in response.get_json()["message"]
    assert client.post("/v1/quotes/batch", json={"articles": []}).status_code == 422
    assert client.post("/v1/quotes/batch", json={"articles": articles[:2]}).status_code == 200
