"""Articles parsed paragraph by paragraph, long ones up to the body limit: offsets index the original text."""
from __future__ import annotations

import random

import pytest

from service.pipeline.document import parse, split

NAMES = ["Maria Lopez", "Tom Becker", "Aisha Khan", "Liam O'Neil", "Chen Wei", "Olga Petrova"]
TITLES = ["the mayor", "a spokesperson for the ministry", "the union's president", "an economist"]
TOPICS = ["the budget", "the new bridge", "housing prices", "the transit strike", "the flood defences"]


def article(paragraphs: int, seed: int = 7) -> str:
    """News prose with direct quotes, names and titles, paragraphs separated by blank lines."""
    rng = random.Random(seed)
    out = []
    for i in range(paragraphs):
        name, title, topic = rng.choice(NAMES), rng.choice(TITLES), rng.choice(TOPICS)
        out.append(
            f"Paragraph {i}: the council met on Tuesday to discuss {topic}. "
            f"\u201cWe cannot wait another year for {topic},\u201d said {name}, {title}. "
            f"{name.split()[0]} added that the plan was \u201ca start, not an answer.\u201d"
        )
    return "\n\n".join(out)


def test_split_joins_back_and_respects_the_limit_up_to_the_body_size_limit(settings):
    text = article(9000)[: settings.max_body_bytes]
    pieces = split(text, settings.chunk_chars)
    assert "".join(pieces) == text
    assert all(len(p) <= settings.chunk_chars for p in pieces)
    assert all(p.endswith("\n\n") for p in pieces[:-1]), "chunks end at paragraph breaks"


def test_split_falls_back_to_sentences_then_spaces_inside_a_huge_paragraph():
    text = "One sentence here. " * 100 + "x" * 50
    pieces = split(text, 100)
    assert "".join(pieces) == text and all(len(p) <= 100 for p in pieces)
    assert all(p.endswith(". ") for p in pieces[:-2])
    assert split("y" * 250, 100) == ["y" * 100, "y" * 100, "y" * 50]


def test_parse_in_pieces_keeps_offsets_into_the_original_text(nlp, monkeypatch):
    one_long_paragraph = " ".join(article(30, seed=5).split("\n\n"))
    text = article(20) + "\n\n" + one_long_paragraph + "\n\n" + article(20, seed=9)
    monkeypatch.setattr(nlp, "max_length", 1500)  # spaCy raises if a longer text reaches it
    doc = parse(nlp, text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    assert doc.ents and all(text[e.start_char : e.end_char] == e.text for e in doc.ents)
    boundaries = {len("".join(split(text, 1500)[:i])) for i in range(1, len(split(text, 1500)))}
    assert len(boundaries) > 40
    assert all(not (s.start_char < b < s.end_char) for s in doc.sents for b in boundaries)


def test_extractor_finds_the_same_quotes_by_paragraph_as_in_one_piece(extractor, monkeypatch):
    text = article(40, seed=3)
    by_paragraph = extractor.extract(text)
    monkeypatch.setattr("service.pipeline.document.split", lambda text, limit: [text])
    in_one_piece = extractor.extract(text)
    assert [(q.start, q.end) for q in by_paragraph.quotes] == [(q.start, q.end) for q in in_one_piece.quotes]
    assert len(by_paragraph.quotes) >= 40
    for quote in by_paragraph.quotes:
        assert text[quote.start : quote.end] == quote.text
        for span in (quote.cue, quote.speaker_mention):
            assert span is None or text[span.start : span.end] == span.text


@pytest.mark.parametrize("limit", [500, 5000])
def test_parse_many_matches_parse(nlp, monkeypatch, limit):
    from service.pipeline.document import parse_many

    texts = [article(3, seed=1), article(30, seed=2), article(1, seed=3)]
    monkeypatch.setattr(nlp, "max_length", limit)
    docs = list(parse_many(nlp, texts))
    assert [d.text for d in docs] == texts
    assert [[t.idx for t in d] for d in docs] == [[t.idx for t in parse(nlp, t)] for t in texts]
