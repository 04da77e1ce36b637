"""Statements attributed by a speaker label rather than a reporting verb.

* Interview transcripts: paragraphs that open with a speaker's name in capitals and a
  colon ('HARGROVE: Well, listen, ...'). A label counts only in a dialogue: at least two
  labels, each opening at least two paragraphs (a one-off 'UPDATE:' or 'CLARIFICATION:'
  is not a speaker). Unlabelled paragraphs right after a turn that open with a quotation
  mark continue it.
* A headline naming its source before a colon ('Hargrove: Council Was "Stalling" Us'): only
  the article's first paragraph, and only when the label is a name (not 'UPDATE:').

Both yield direct candidates that already carry their cue (the colon) and mention (the label).
"""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from .grammar import doc_text
from .grammar import paragraphs as line_paragraphs
from .types import Candidate

_TURN = re.compile(r"(?m)^[ \t]*[\"“”'‘]?[ \t]*([A-Z][A-Z.'’ -]{1,40}[A-Z.]):[ \t]*")
_QUOTE_OPENS = re.compile("[ \t]*[\"“”„«‘']")
_HEADLINE = re.compile(r"[ \t]*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2}):[ \t]+(?=\S)")
_NAME_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_MIN_TURNS = 2
_TRAILING = " \t\"”’'"


def find(doc: Doc) -> list[Candidate]:
    """Labelled statements in document order."""
    return sorted(_headline(doc) + _transcript(doc), key=lambda c: c.start)


def _candidate(doc: Doc, label: tuple[int, int], colon: int, start: int, end: int) -> Candidate | None:
    """A direct candidate for text[start:end] with the label as mention and the colon as cue."""
    text = doc_text(doc)
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    mention = doc.char_span(*label, alignment_mode="expand")
    cue = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if end <= start or mention is None or cue is None:
        return None
    return Candidate(start, end, "direct", cue=cue, mention=mention)


def _transcript(doc: Doc) -> list[Candidate]:
    text = doc_text(doc)
    paragraphs = line_paragraphs(text)
    turns = {i: _TURN.match(text, start, end) for i, (start, end) in enumerate(paragraphs)}
    turns = {i: m for i, m in turns.items() if m is not None}
    counts = Counter(m.group(1) for m in turns.values())
    speakers = {label for label, n in counts.items() if n >= _MIN_TURNS}
    if len(speakers) < 2:
        return []
    found = []
    for i, match in sorted(turns.items()):
        if match.group(1) not in speakers:
            continue
        end = paragraphs[i][1]
        for start, next_end in paragraphs[i + 1 :]:
            if i + 1 in turns or not _continues_turn(text, start, next_end):
                break
            end, i = next_end, i + 1
        cand = _candidate(doc, match.span(1), match.end(1), match.end(), end)
        if cand is not None:
            found.append(cand)
    return found


def _continues_turn(text: str, start: int, end: int) -> bool:
    """A paragraph opening with a quotation mark, not a stage note like '"(CROSSTALK.)'."""
    return bool(_QUOTE_OPENS.match(text, start, end)) and not text[start:end].lstrip(" \t\"“”'‘").startswith("(")


def _headline(doc: Doc) -> list[Candidate]:
    paragraphs = line_paragraphs(doc_text(doc))
    if not paragraphs:
        return []
    start, end = paragraphs[0]
    match = _HEADLINE.match(doc_text(doc), start, end)
    if match is None or match.group(1).lower().startswith("the "):
        return []
    label = doc.char_span(*match.span(1), alignment_mode="expand")
    if label is None or not _is_name(label):
        return []
    cand = _candidate(doc, match.span(1), match.end(1), match.end(), end)
    return [cand] if cand is not None else []


def _is_name(label: Span) -> bool:
    """A single word ('Hargrove:', 'Poll:') or a named entity ('Dale Wrenfield:'), not a notice
    in capitals ('UPDATE:', 'BREAKING:')."""
    if label.text.isupper():
        return False
    return len(label) == 1 or all(t.ent_type_ in _NAME_ENTITIES for t in label)
