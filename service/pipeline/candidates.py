"""Stage 3: find stretches of text that may be quotes.

Two sources, reconciled so that each statement is found once:

* direct quotes: text between paired quotation marks (`marks.find_quotes`);
* reported speech from the parse: a reporting verb (`cues`) and the clause it
  reports ("X said (that) S", "S, X said", "S, said X, appositive", "S1, X said,
  and S2", "according to X, S"). This also recovers quotes whose marks were lost.

A reported clause that mostly lies inside a direct quote is that quote's
attribution (the quote takes the verb as its cue); one that merely contains a
quoted fragment is a "mixed" quote and replaces the fragment.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .cues import CLAUSE_VERBS, REPORTING_VERBS, SOURCE_PREPOSITIONS
from .marks import find_quotes
from .types import Candidate

_CLAUSE_DEPS = frozenset({"ccomp"})
# An embedded question reports what was asked, not a statement.
_QUESTION_WORDS = frozenset({"whether", "why", "what", "how", "when", "where", "which", "who", "whom"})
_GENERIC_SUBJECTS = frozenset({"you"})
_OBJECT_DEPS = frozenset({"dobj", "oprd", "prep", "xcomp", "attr", "dative"})
_VERB_POS = frozenset({"VERB", "AUX"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Dependents of the reporting verb that belong to the attribution, not to the content.
_ATTRIBUTION_DEPS = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "npadvmod", "prep", "dative", "dobj", "agent", "prt", "intj"}
)
_EDGE_WORDS = frozenset({"that", ",", ":", ";", "—", "–", "-", "and", "but", "."})
_MIN_TOKENS = 3


def find(doc: Doc) -> list[Candidate]:
    """Candidates in document order; reported ones already carry their `cue`."""
    direct = [Candidate(q.start, q.end, "direct", continues=q.continues) for q in find_quotes(doc.text)]
    reported = _reported(doc, _inside_quotes(doc, direct))
    return sorted(_reconcile(direct, reported), key=lambda c: (c.start, c.end))


def _inside_quotes(doc: Doc, direct: list[Candidate]) -> set[int]:
    """Indices of tokens within direct quotes (their own reporting verbs are not cues)."""
    inside: set[int] = set()
    for cand in direct:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def is_cue(token: Token) -> bool:
    return token.lower_ in REPORTING_VERBS and token.pos_ in _VERB_POS


def _reported(doc: Doc, inside: set[int]) -> list[Candidate]:
    found = []
    for token in doc:
        if token.i in inside:
            continue
        if token.lower_ in SOURCE_PREPOSITIONS:
            found.extend(_according(doc, token))
        elif is_cue(token):
            found.extend(_reported_clause(doc, token))
    return found


def _trim(doc: Doc, start: int, end: int) -> Span | None:
    """Tokens start..end-1 without leading/trailing connectives and punctuation."""
    while start < end and (doc[start].lower_ in _EDGE_WORDS or doc[start].is_space or doc[start].is_punct and not doc[start].is_quote):
        start += 1
    while end > start and (doc[end - 1].lower_ in _EDGE_WORDS or doc[end - 1].is_space or doc[end - 1].is_punct and not doc[end - 1].is_quote):
        end -= 1
    if end - start < _MIN_TOKENS:
        return None
    return doc[start:end]


def _has_verb(span: Span) -> bool:
    return any(t.pos_ in _VERB_POS for t in span)


def _within_paragraph(doc: Doc, span: Span, cue: Span) -> Span | None:
    """The part of `span` in the cue's paragraph (parser sentences can run across line breaks)."""
    breaks = [t.i for t in span if "\n" in t.text]
    if not breaks:
        return span
    start, end = span.start, span.end
    for b in breaks:
        if b < cue.start:
            start = max(start, b + 1)
        else:
            end = min(end, b)
    return _trim(doc, start, end)


def _is_question(span: Span, cue: Span) -> bool:
    """An embedded question ("asked whether ...", "said what ...") reports no statement."""
    first = span[0].lower_
    return first in _QUESTION_WORDS or (first == "if" and cue[0].lower_.startswith(("ask", "wonder")))


def _candidate(doc: Doc, span: Span | None, cue: Span) -> Candidate | None:
    """An indirect candidate for a reported clause; reports of thought or findings
    (`CLAUSE_VERBS`) count only when they quote someone's words (a mixed quote)."""
    if span is not None:
        span = _within_paragraph(doc, span, cue)
    if span is None or not _has_verb(span) or _is_question(span, cue):
        return None
    if cue[0].lower_ in CLAUSE_VERBS and not any(t.is_quote for t in span):
        return None
    return Candidate(span.start_char, span.end_char, "indirect", cue=cue)


def _attribution_extent(cue: Token, content_heads: list[Token]) -> tuple[int, int]:
    """Token range of the reporting clause: the verb, its subject and adverbials."""
    left = right = cue.i
    for child in cue.children:
        if child.dep_ in _ATTRIBUTION_DEPS and child not in content_heads:
            left = min(left, child.left_edge.i)
            right = max(right, child.right_edge.i)
    return left, right


def _reported_clause(doc: Doc, cue: Token) -> list[Candidate]:
    sent = cue.sent
    clauses = [c for c in cue.children if c.dep_ in _CLAUSE_DEPS]
    subjects = [c for c in cue.children if c.dep_ in _SUBJECTS]
    has_subject = bool(subjects)
    if (not has_subject and cue.dep_ == "ROOT") or any(c.lower_ in _GENERIC_SUBJECTS for c in subjects):
        return []  # an imperative ("Ask him if ...") or a generic "you say"
    cue_span = doc[cue.i : cue.i + 1]
    if clauses:
        head = clauses[0]
        if cue.lower_ in CLAUSE_VERBS and not has_subject:
            return []
        start, end = head.left_edge.i, head.right_edge.i + 1
        if head.i < cue.i:
            end = min(end, _attribution_extent(cue, clauses)[0])
        found = [_candidate(doc, _trim(doc, start, end), cue_span)]
        found += [_candidate(doc, _trim(doc, c.left_edge.i, c.right_edge.i + 1), cue_span)
                  for c in cue.children if c.dep_ == "conj" and c.i > cue.i and c.pos_ in _VERB_POS
                  and not any(g.dep_ in _SUBJECTS for g in c.children)]
        return [c for c in found if c is not None]
    if has_subject:
        found = _quoted_object(doc, cue, cue_span)
        if found is not None:
            return [found]
    # "S, X said" / "S, said X" parsed with the verb hanging off the content's root.
    if cue.lower_ in CLAUSE_VERBS or not has_subject or cue.dep_ not in ("parataxis", "ccomp", "conj", "advcl"):
        return []
    root = cue.head
    if root.i > cue.i or root.sent != sent:
        return []
    right = _attribution_extent(cue, [])[1]
    before = [c for c in subjects if c.i < cue.i]
    left = before[-1].left_edge.i if before else cue.i
    if left <= sent.start or doc[left - 1].text not in {",", "—", "–"}:
        return []
    found = [_candidate(doc, _trim(doc, sent.start, left), cue_span)]
    tail = [c for c in cue.children if c.dep_ == "conj" and c.i > cue.i and c.pos_ in _VERB_POS]
    if tail:
        found.append(_candidate(doc, _trim(doc, right + 1, tail[0].right_edge.i + 1), cue_span))
    return [c for c in found if c is not None]


def _quoted_object(doc: Doc, cue: Token, cue_span: Span) -> Candidate | None:
    """'X called Y a "liar"', 'X described it as "a disgrace"': a verb whose object
    (not a clause) carries someone's quoted words is a mixed quote of that object."""
    objects = [c for c in cue.rights if c.dep_ in _OBJECT_DEPS]
    if not objects:
        return None
    span = _trim(doc, cue.i + 1, max(c.right_edge.i for c in objects) + 1)
    if span is None or not any(t.is_quote for t in span):
        return None
    span = _within_paragraph(doc, span, cue_span)
    return None if span is None else Candidate(span.start_char, span.end_char, "indirect", cue=cue_span)


def _according(doc: Doc, token: Token) -> list[Candidate]:
    """'according to X, S' and 'S, according to X': the statement is the rest of the sentence
    (the longer side when the phrase interrupts it)."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None or not any(c.dep_ == "pobj" for c in to.children):
        return []
    sent = token.sent
    left, right = token.left_edge.i, token.right_edge.i
    before, after = _trim(doc, sent.start, left), _trim(doc, right + 1, sent.end)
    content = after if (after is not None and (before is None or len(after) >= len(before))) else before
    found = _candidate(doc, content, doc[token.i : to.i + 1])
    return [found] if found is not None else []


def _reconcile(direct: list[Candidate], reported: list[Candidate]) -> list[Candidate]:
    """Merge reported clauses with the direct quotes they overlap (see module docstring)."""
    kept_direct = list(direct)
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for cand in reported:
        if (cand.start, cand.end) in seen:
            continue
        seen.add((cand.start, cand.end))
        overlapping = [d for d in kept_direct if d.start < cand.end and cand.start < d.end]
        quoted = sum(min(d.end, cand.end) - max(d.start, cand.start) for d in overlapping)
        if quoted >= 0.5 * (cand.end - cand.start):
            for d in overlapping:
                if d.cue is None:
                    d.cue = cand.cue
            continue
        if overlapping:
            cand.type = "mixed"
            cand.start = min(cand.start, *(d.start for d in overlapping))
            cand.end = max(cand.end, *(d.end for d in overlapping))
            kept_direct = [d for d in kept_direct if d not in overlapping]
        out.append(cand)
    return kept_direct + out
