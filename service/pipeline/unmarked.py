"""Direct quotes whose quotation marks were lost, around an 'S, X said.' sentence.

Text pasted from some sites drops quotation marks (and apostrophes: "weve",
"dont"). A quote then shows only as 'S, X said.', and the speaker's other
sentences in the same paragraph read as narration. They are taken back only
when they look like speech and nothing else in the paragraph claims them:

* sentences before 'S, X said.' from the paragraph's start join its quote when
  none reports, quotes or narrates in the past tense, and the run (with S) speaks
  in the first or second person or asks a question;
* sentences after it up to the paragraph's end become one more quote with the same
  cue when each speaks in the first or second person, asks a question, or is a
  spoken fragment continuing the thought ('Because ...').
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from .grammar import doc_text
from .grammar import paragraphs as line_paragraphs
from .lexicon import REPORTING_VERBS
from .types import Candidate

_PERSONAL = frozenset(
    "i me my mine we us our ours you your yours im ive id ill weve youre youve youll youd".split()
)
_CONNECTIVES = frozenset({"and", "but"})
# A sentence that opens with a subordinator is a spoken fragment continuing the quote.
_FRAGMENT_OPENERS = frozenset({"because", "which"})
_PAST = frozenset({"VBD"})


def extend(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """`found` (in document order) with unmarked quotes around 'S, X said.' extended or added."""
    paragraphs = line_paragraphs(doc_text(doc))
    paragraph_starts = [s for s, _ in paragraphs]
    sentences = list(doc.sents)
    sentence_ends = [s.end_char for s in sentences]
    starts = [c.start for c in found]
    out = list(found)
    for index, cand in enumerate(found):
        para = bisect.bisect_right(paragraph_starts, cand.start) - 1
        para_start, para_end = paragraphs[para] if para >= 0 else (0, len(doc_text(doc)))
        sent = _reported_first(doc, cand, para_start)
        if sent is None or (index > 0 and found[index - 1].start >= para_start):
            continue  # not 'S, X said.', or the paragraph's earlier sentences already report someone
        first = bisect.bisect_right(sentence_ends, para_start)
        before = _clipped(sentences[first:], para_start, sent.start_char)
        if before and all(_narrative_free(s) for s in before) and any(map(_speaks, before + [sent])):
            cand.start = before[0].start_char
        if bisect.bisect_left(starts, para_end, lo=index + 1) > index + 1:
            continue  # later sentences of the paragraph are someone's already
        after = _clipped(sentences[bisect.bisect_right(sentence_ends, sent.end_char) :], sent.end_char, para_end)
        if after and all(_narrative_free(s) and (_speaks(s) or _continues(s)) for s in after):
            out.append(Candidate(after[0].start_char, after[-1].end_char, cand.type, cue=cand.cue))
    return sorted(out, key=lambda c: (c.start, c.end))


def _reported_first(doc: Doc, cand: Candidate, para_start: int) -> Span | None:
    """The sentence (within its paragraph) of an 'S, X said.' candidate: its content opens
    the sentence and its cue follows."""
    if cand.type != "indirect" or cand.cue is None or cand.cue.start_char < cand.end:
        return None
    sent = _clip(cand.cue[0].sent, para_start, len(doc_text(doc)))
    if sent is None:
        return None
    opening = next((t for t in sent if not (t.is_space or t.is_punct or t.lower_ in _CONNECTIVES)), None)
    return sent if opening is not None and opening.idx == cand.start else None


def _clip(sent: Span, start: int, end: int) -> Span | None:
    """The tokens of `sent` within characters start..end, without surrounding white space."""
    tokens = [t for t in sent if start <= t.idx < end and not t.is_space]
    return sent.doc[tokens[0].i : tokens[-1].i + 1] if tokens else None


def _clipped(sentences: list[Span], start: int, end: int) -> list[Span]:
    """The sentences (from a list that ends no earlier than `start`) overlapping characters
    start..end, clipped to them."""
    clipped = []
    for sent in sentences:
        if sent.start_char >= end:
            break
        part = _clip(sent, start, end)
        if part is not None:
            clipped.append(part)
    return clipped


def _narrative_free(sent: Span) -> bool:
    """No quotation mark, no one else's reporting verb, and no past tense unless told in the
    first person ('we expected' speaks)."""
    if any(t.is_quote or _reports_another(t) for t in sent):
        return False
    return _speaks(sent) or not any(t.tag_ in _PAST and not _is_lost_were(t) for t in sent)


def _reports_another(token: Token) -> bool:
    return token.lower_ in REPORTING_VERBS and token.pos_ == "VERB" and not any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in _PERSONAL for c in token.children
    )


def _speaks(sent: Span) -> bool:
    """First or second person, or a question."""
    return any(t.lower_ in _PERSONAL or _is_lost_were(t) for t in sent) or sent.text.rstrip().endswith("?")


def _continues(sent: Span) -> bool:
    """'Because this is ...' with no main clause: the subordinator hangs off the sentence's root."""
    first = next((t for t in sent if not t.is_space), None)
    return first is not None and first.lower_ in _FRAGMENT_OPENERS and first.head.dep_ == "ROOT"


def _is_lost_were(token: Token) -> bool:
    """'Were committed to ...' opening a statement: "We're" without its apostrophe."""
    return token.lower_ == "were" and token.i == token.sent.start and not token.sent.text.rstrip().endswith("?")
