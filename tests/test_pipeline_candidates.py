"""Quote candidates: quotation-mark pairing, reported speech and their reconciliation."""
from __future__ import annotations

import pytest

from service.pipeline import candidates
from service.pipeline.cues import CLAUSE_VERBS, SPEECH_VERBS, inflections
from service.pipeline.marks import find_quotes
from service.pipeline.normalize import normalize


def quoted(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will go," then left.', ["we will go,"]),
        ("She said “we will go” today.", ["we will go"]),
        ("She said ‘we will go’ today.", ["we will go"]),
        ("She said 'we will go' today.", ["we will go"]),
        ("« Nous partons », dit-elle.", ["Nous partons"]),
        ("» Wir gehen « sagte sie.", ["Wir gehen"]),
        ("„Wir gehen“, sagte sie.", ["Wir gehen"]),
    ],
)
def test_marks_of_every_style(text, expected):
    assert quoted(text) == expected


def test_apostrophes_are_not_quotation_marks():
    text = "Kass’ firm didn’t say it, but the ’90s were ‘a boom,’ he said. It's Jo's 'turn.'"
    assert quoted(text) == ["a boom,", "turn."]


def test_nested_quotes_stay_inside_the_outer_quote():
    text = "“He told me, ‘Don’t go,’ and I didn’t,” she said. “Then “it” ended.”"
    assert quoted(text) == ["He told me, ‘Don’t go,’ and I didn’t,", "Then “it” ended."]


def test_news_style_quote_continues_over_paragraphs():
    text = "“The first part goes on.\n\n“The second part ends here,” she said.\n\nNarration follows."
    found = find_quotes(text)
    assert [text[q.start : q.end] for q in found] == ["The first part goes on.", "The second part ends here,"]
    assert [q.continues for q in found] == [True, False]


def test_stray_mark_is_bounded_to_its_paragraph():
    text = 'A stray " mark here.\n\nThe next paragraph "is quoted" fine.\n\nAnd "another one.'
    assert quoted(text) == ["mark here.", "is quoted", "another one."]


@pytest.mark.parametrize("text", ["", '"', "“”", "'''", "«»«", "\n\n\"\n'", "‘’‘", '"a" "b" "'])
def test_marks_never_crash_on_odd_input(text):
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)


def test_inflections_cover_regular_and_irregular_verbs():
    assert set(inflections("say")) == {"say", "says", "said", "saying"}
    assert set(inflections("argue")) == {"argue", "argues", "argued", "arguing"}
    assert set(inflections("testify")) == {"testify", "testifies", "testified", "testifying"}
    assert set(inflections("admit")) == {"admit", "admits", "admitted", "admitting"}
    assert {"told", "wrote", "insisted", "warned", "noting"} <= SPEECH_VERBS
    assert "thought" in CLAUSE_VERBS and "thought" not in SPEECH_VERBS


def test_normalize_keeps_offsets():
    text = "A\r\nB\u00a0C\u200bD\x00"
    assert len(normalize(text)) == len(text)


def spans(doc, found):
    return [(doc.text[c.start : c.end], c.type, c.cue.text if c.cue is not None else None) for c in found]


def test_direct_quote_gets_syntactic_cue(nlp):
    doc = nlp("“We will rebuild the bridge this year,” the mayor said on Monday.")
    assert spans(doc, candidates.find(doc)) == [("We will rebuild the bridge this year,", "direct", "said")]


def test_indirect_speech_without_that(nlp):
    doc = nlp("The minister told reporters that the plant would close in March.")
    assert spans(doc, candidates.find(doc)) == [("the plant would close in March", "indirect", "told")]


def test_indirect_speech_after_the_clause(nlp):
    doc = nlp("The storm will reach the coast by Friday, forecasters said.")
    assert spans(doc, candidates.find(doc)) == [("The storm will reach the coast by Friday", "indirect", "said")]


def test_according_to(nlp):
    doc = nlp("According to the union, more than 300 workers lost their jobs.")
    assert spans(doc, candidates.find(doc)) == [("more than 300 workers lost their jobs", "indirect", "According to")]


def test_quoted_fragment_in_reported_speech_is_mixed(nlp):
    doc = nlp("The senator said the bill was “a disaster for farmers” and would fail.")
    (text, kind, cue), = spans(doc, candidates.find(doc))
    assert kind == "mixed" and cue == "said" and "“a disaster for farmers”" in text


def test_thought_verbs_need_a_quoted_fragment(nlp):
    doc = nlp("She thought the meeting would end early.")
    assert candidates.find(doc) == []


def test_unmarked_quote_with_inverted_cue(nlp):
    doc = nlp("The market is changing fast, said Jane Doe, a retail analyst at a bank.")
    assert spans(doc, candidates.find(doc)) == [("The market is changing fast", "indirect", "said")]
