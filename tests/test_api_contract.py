"""The v1 contract: field names, types and offsets that index the submitted text."""
from __future__ import annotations

from service.pipeline.attribution import CONFIDENCE

ARTICLE = (
    "City council voted on Tuesday to close the library.\n\n"
    "\u201cThis is a sad day for readers,\u201d said Maria Lopez, the head librarian. "
    "\u201cWe will keep fighting.\u201d\n\n"
    "\"The budget left us no choice,\" Mayor Tom Reed told reporters."
)


def post(client, **body):
    return client.post("/v1/quotes", json=body)


def test_response_has_the_contract_fields(client):
    body = post(client, text=ARTICLE, id="a-1").get_json()
    assert set(body) >= {"id", "quotes", "speakers", "model"}
    assert body["id"] == "a-1"
    assert set(body["model"]) == {"name", "version"}
    assert body["quotes"], "the article has quotes"
    for quote in body["quotes"]:
        assert set(quote) == {
            "text", "start", "end", "type", "speaker", "role", "organization",
            "speaker_id", "speaker_mention", "cue", "confidence", "evidence",
        }
        assert quote["type"] in {"direct", "indirect", "mixed"}
        assert 0.0 <= quote["confidence"] <= 1.0
        assert quote["confidence"] == CONFIDENCE[quote["evidence"]]
    for speaker in body["speakers"]:
        assert set(speaker) >= {"id", "name", "role", "organization", "mentions", "quote_count"}


def test_offsets_index_the_submitted_text(client):
    body = post(client, text=ARTICLE).get_json()
    for quote in body["quotes"]:
        assert ARTICLE[quote["start"] : quote["end"]] == quote["text"]
        for part in (quote["speaker_mention"], quote["cue"]):
            if part is not None:
                assert ARTICLE[part["start"] : part["end"]] == part["text"]
    for speaker in body["speakers"]:
        for mention in speaker["mentions"]:
            assert ARTICLE[mention["start"] : mention["end"]] == mention["text"]


def test_quotes_are_in_document_order_without_their_marks(client):
    quotes = post(client, text=ARTICLE).get_json()["quotes"]
    starts = [q["start"] for q in quotes]
    assert starts == sorted(starts)
    texts = [q["text"] for q in quotes]
    assert "This is a sad day for readers," in texts
    assert all(not t.startswith(("\u201c", '"')) for t in texts)


def test_speaker_ids_refer_to_speakers(client):
    body = post(client, text=ARTICLE).get_json()
    ids = {s["id"] for s in body["speakers"]}
    counts = {s["id"]: s["quote_count"] for s in body["speakers"]}
    for quote in body["quotes"]:
        if quote["speaker_id"] is not None:
            assert quote["speaker_id"] in ids
            assert quote["speaker"] is not None
    for sid, count in counts.items():
        assert count == sum(q["speaker_id"] == sid for q in body["quotes"])


def test_the_speaker_is_found(client):
    quotes = post(client, text=ARTICLE).get_json()["quotes"]
    sad = next(q for q in quotes if q["text"].startswith("This is a sad day"))
    assert sad["speaker"] == "Maria Lopez"
    assert sad["cue"]["text"] == "said"


def test_id_is_optional_and_echoed_as_null(client):
    assert post(client, text="Nothing to see.").get_json()["id"] is None


def test_text_is_kept_with_offsets_after_non_ascii_and_crlf(client):
    text = "Caf\u00e9 news.\r\n\r\n\u201cGood coffee matters,\u201d said Ana\u00efs Dubois.\r\n"
    body = post(client, text=text).get_json()
    for quote in body["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
