"""Statements attributed by a signature: a passage followed by a dash and its writer's name.

Plain-text exports carry embedded social posts and readers' letters with no quotation
marks and no reporting verb; only the signature after them says who wrote them:

* a post: 'Crews are on scene. pic.twitter.com/Ab12 — Dana Reyes (@dreyes) March 3, 2019'.
  The handle in parentheses marks it. Its content is the post's sentences in the paragraph,
  without the trailing links; where paragraphs were run together, only the last sentences
  that fit in a post (280 characters) and do not open with a quotation mark (the article
  quoting someone else), so that the article does not become part of the post.
* a letter: 'Should I call the city? — Priya, Brampton'. The name is followed by the writer's
  place or ends the paragraph, and the passage reads as a reader writes: in the first person,
  or ending with a question. Its content runs from the paragraph's start.

A passage never reaches back over the signature before it in its paragraph.

A dash signs only a finished passage, one that ends with a sentence's final mark or a link;
a post whose handle is followed by its date needs neither (nothing else reads 'Name (@handle)
March 3, 2019'). A dash inside a sentence ('the plan — Smith's idea — failed', 'The award went
to the best newcomer — Dana Reyes.') goes on with the sentence and signs nothing; one after a
closing quotation mark ('"..." — Source') is that quote's cue, which attribution reads. A lone
name after a finished statement in the third person ('... the best newcomer. — Dana Reyes')
may be a credit or a dedication as well as a signature, and is not taken. The signer must look
like a name: capitalized words (with 'of', 'the', 'and' inside an organization's name), one of
them a proper noun or a named person or organization.

Each is a direct candidate with the dash as its cue, the name as its mention and the evidence
`signed`.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .grammar import CONNECTORS, doc_text, is_capitalized
from .lexicon import FIRST_PERSON, MONTHS
from .types import Candidate

_SIGNATURE = re.compile(
    r"(?P<dash>—|–|―|--)[ \t]*(?P<signer>[A-Z][^\n(),—–]{0,60}?)[ \t]*"
    r"(?:\((?P<handle>@\w+)\)(?:[ \t]+(?P<month>[A-Za-z]+)\.?[ \t]+\d{1,2},?[ \t]+\d{4})?"
    r"|,[ \t]*[A-Z][\w.'’-]*"  # the writer's place
    r"|$)",
    re.MULTILINE,
)
_TRAILING_LINKS = re.compile(r"(?:\s*(?:https?://|www\.|pic\.twitter\.com/)\S*)+\s*$")
_SENTENCE_ENDS = frozenset(".!?…")
_POST_LENGTH = 280
_LINKS_REACH = 1000  # characters before a signature searched for its post's trailing links
_MAX_NAME_TOKENS = 6
_NAME_ENTITIES = frozenset({"PERSON", "ORG"})


def find(doc: Doc) -> list[Candidate]:
    """Signed passages in document order; each begins after the signature before it."""
    found = []
    after = 0
    for match in _SIGNATURE.finditer(doc_text(doc)):
        cand = _signed(doc, match, after)
        if cand is not None:
            found.append(cand)
        after = match.end()
    return found


def _signed(doc: Doc, match: re.Match, after: int) -> Candidate | None:
    text = doc_text(doc)
    start = max(after, text.rfind("\n", 0, match.start()) + 1)
    tail = max(start, match.start() - _LINKS_REACH)
    passage = text[tail : match.start()].rstrip()
    links = _TRAILING_LINKS.search(passage)
    end = tail + (links.start() if links else len(passage))
    while start < end and text[start].isspace():
        start += 1
    if end <= start:
        return None
    finished = links is not None or text[end - 1] in _SENTENCE_ENDS
    if match["handle"]:
        dated = match["month"] is not None and match["month"].lower() in MONTHS
        if not (finished or dated):
            return None
        start = _post_start(doc, start, end)
    elif not finished or not _is_letter(doc, start, end):
        return None
    signer = doc.char_span(*match.span("signer"), alignment_mode="expand")
    cue = doc.char_span(*match.span("dash"), alignment_mode="expand")
    if signer is None or cue is None or not _is_name(signer):
        return None
    return Candidate(start, end, "direct", cue=cue, mention=signer, evidence="signed")


def _post_start(doc: Doc, start: int, end: int) -> int:
    """Where a post begins in a paragraph longer than a post: at the earliest sentence from which it
    still fits in a post's length, after any sentence opening with a quotation mark (the article
    quoting someone, not the post); at its last sentence when even that is longer."""
    if end - start <= _POST_LENGTH:
        return start
    span = doc.char_span(end - _POST_LENGTH, end, alignment_mode="expand")
    if span is None:
        return start
    sentences = [t for t in span if t.is_sent_start and t.idx >= start]
    quoting = max((t.idx for t in sentences if t.is_quote), default=-1)
    fitting = [t.idx for t in sentences if end - t.idx <= _POST_LENGTH and t.idx > quoting]
    if fitting:
        return fitting[0]
    return sentences[-1].idx if sentences else max(start, span[0].sent.start_char)


def _is_letter(doc: Doc, start: int, end: int) -> bool:
    """A passage in the writer's own voice or asking a question, as readers' letters are."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return doc_text(doc)[end - 1] == "?" or (span is not None and any(t.lower_ in FIRST_PERSON for t in span))


def _is_name(span: Span) -> bool:
    """'Dana Reyes', 'City of Halifax': capitalized words and connectors, one of them a proper noun or
    a named person or organization; not a pronoun ('— I')."""
    return (
        len(span) <= _MAX_NAME_TOKENS
        and span[0].pos_ != "PRON"
        and span[-1].lower_ not in CONNECTORS
        and all(is_capitalized(t) or t.lower_ in CONNECTORS or t.text == "-" for t in span)
        and any(t.pos_ == "PROPN" or t.ent_type_ in _NAME_ENTITIES for t in span)
    )
