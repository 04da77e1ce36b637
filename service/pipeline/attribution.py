"""Stage 4: give each candidate its cue and the mention that attributes it."""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .cues import SPEECH_VERBS
from .types import Candidate


def attribute(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    kept = []
    for cand in found:
        content = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if content is None:
            continue
        sent = content.sent
        for token in sent:
            if token.lower_ in SPEECH_VERBS and not (cand.start <= token.idx < cand.end):
                cand.cue = doc[token.i : token.i + 1]
                subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects:
                    cand.mention = _noun_span(doc, subjects[0])
                break
        cand.confidence = 0.8 if cand.mention is not None else 0.3
        if cand.cue is not None:
            kept.append(cand)
    return kept


def _noun_span(doc: Doc, head) -> Span:
    left = head
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "det", "poss"):
            left = child
            break
    return doc[left.i : head.i + 1]
