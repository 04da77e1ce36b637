"""Pair quotation marks into quoted stretches of text (plain text in, offsets out).

Works paragraph by paragraph so that a stray or lost mark can never swallow the
rest of an article. Handles straight and curly double and single marks (telling
closing single marks from apostrophes: don't, Kass’, ’90s), guillemets in both
directions (« », » «, ‹ › and › ‹) and low-high „ “. Inner quotes stay inside the
outer one; only outermost quotes are returned.

News style carries a quote over several paragraphs by opening every paragraph
and closing only the last: a paragraph that opens with a mark and ends unclosed,
followed by a paragraph that opens with a mark, yields one `Quoted` per paragraph
with `continues=True` on all but the last. Feeds and CMS exports often run the
paragraphs together, so the same sequence is read without the breaks: a double
mark that opens a new sentence while a double quote is still open ('...by summer.
"The money is...') ends the open quote there and starts the next, as a paragraph
break would.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from .grammar import doc_text
from .grammar import paragraphs as line_paragraphs

_MARK = re.compile("[\"“”„‟«»‹›‘’']")
_OPENING_CONTEXT = frozenset(" \t([{<—–-/:;")
_CLOSERS = {
    '"': '"”',
    "”": '”"',  # a closing mark used to open (Scandinavian style or a typo)
    "“": '”"',
    "„": '“”"',
    "‟": '”"',
    "«": "»",
    "»": "«",  # reversed guillemets: » opens, « closes
    "‹": "›",
    "›": "‹",  # reversed single guillemets, like » «
    "‘": "’'",
    "'": "'’",
}
_SINGLE = frozenset("‘’'‹›")
_OPENS_PARAGRAPH = re.compile("\\s*[\"“„‟«»‘']")
_SENTENCE_END = re.compile("[.!?][’')\\]]*\\s+$")


@dataclass(frozen=True, slots=True)
class Quoted:
    """Content offsets (marks excluded) of one outermost quotation."""

    start: int
    end: int
    opener: int  # offset of the opening mark
    closer: int | None  # offset of the closing mark; None when the paragraph ends first
    continues: bool = False  # an unclosed news-style paragraph continued by the next one


def quotations(doc: Doc) -> list[Quoted]:
    """`find_quotes` of a parsed article's text, paired once: candidates and the article model
    both read them."""
    found = doc.user_data.get(_QUOTED_KEY)
    if found is None:
        found = doc.user_data[_QUOTED_KEY] = find_quotes(doc_text(doc))
    return found


_QUOTED_KEY = "quotes.quotations"


def find_quotes(text: str) -> list[Quoted]:
    """All outermost quotations in `text`, in order."""
    paragraphs = line_paragraphs(text)
    found: list[Quoted] = []
    for index, (start, end) in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
        next_opens = following is not None and bool(_OPENS_PARAGRAPH.match(text, following[0], following[1]))
        found.extend(_paragraph_quotes(text, start, end, next_opens))
    return found


def _alnum(ch: str) -> bool:
    return ch.isalnum()


def _role(text: str, i: int, start: int, end: int) -> str | None:
    """'open', 'close', 'either' or None (an apostrophe or noise) for the mark at `i`."""
    ch = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    opening_context = before.isspace() or before in _OPENING_CONTEXT or _MARK.match(before) is not None
    closing_context = after.isspace() or not _alnum(after)
    if ch in "’'":
        if _alnum(before) and _alnum(after):
            return None  # don't, it’s
        if after.isdigit() and not _alnum(before):
            return None  # ’90s
        if ch == "'" and opening_context and _alnum(after):
            return "open"
        return "close" if not before.isspace() else None
    if ch == "‘":
        return None if after.isdigit() else "open"
    if ch in "„‟":
        return "open"
    if ch in "”›":
        return "open" if opening_context and not closing_context else "close"
    if ch in "«»‹“":
        return "either"  # “ closes „; « » and ‹ › close each other in either direction
    # straight double quote
    if opening_context and not closing_context:
        return "open"
    if closing_context and not opening_context:
        return "close"
    return "either"


def _paragraph_quotes(text: str, start: int, end: int, next_opens: bool) -> list[Quoted]:
    stack: list[int] = []  # offsets of open marks, innermost last
    found: list[Quoted] = []
    for m in _MARK.finditer(text, start, end):
        i, ch = m.start(), m.group()
        role = _role(text, i, start, end)
        if role is None:
            continue
        if role in ("close", "either"):
            depth = next((d for d in range(len(stack) - 1, -1, -1) if ch in _CLOSERS[text[stack[d]]]), None)
            if depth is not None:
                opener = stack[depth]
                del stack[depth:]
                # an open single mark left below is more likely a stray apostrophe than an outer quote
                if all(text[o] in _SINGLE for o in stack) and (not stack or ch not in _SINGLE):
                    found.extend(_quoted(text, opener, i, i))
                continue
            if role == "close":
                continue
        if ch not in _SINGLE and _opens_sentence(text, i, start, end):
            doubles = [o for o in stack if text[o] not in _SINGLE]
            if doubles:
                found.extend(_quoted(text, doubles[0], i, None, continues=True))
                stack.clear()
        stack.append(i)
    doubles = [o for o in stack if text[o] not in _SINGLE]
    if doubles:
        found.extend(_unclosed(text, doubles[0], end, next_opens))
    return _outermost(found)


def _opens_sentence(text: str, i: int, start: int, end: int) -> bool:
    """A mark after a sentence's end and before a capital: the start of a new quote paragraph."""
    after = text[i + 1] if i + 1 < end else " "
    return (after.isupper() or after.isdigit()) and _SENTENCE_END.search(text, max(start, i - 4), i) is not None


def _outermost(found: list[Quoted]) -> list[Quoted]:
    """Drop quotes nested in another (the outer quote carries them), in one sorted sweep."""
    kept: list[Quoted] = []
    reach = -1
    for quoted in sorted(found, key=lambda q: (q.start, -q.end)):
        if quoted.end > reach:
            kept.append(quoted)
            reach = quoted.end
    return sorted(kept, key=lambda q: q.start)


def _unclosed(text: str, opener: int, end: int, next_opens: bool) -> list[Quoted]:
    """A double mark still open at the paragraph's end: a quote to the paragraph end
    (its closing mark was lost, or a news-style quote continues)."""
    at_paragraph_start = not text[text.rfind("\n", 0, opener) + 1 : opener].strip()
    return _quoted(text, opener, end, None, continues=at_paragraph_start and next_opens)


def _quoted(text: str, opener: int, end: int, closer: int | None, continues: bool = False) -> list[Quoted]:
    """The quotation between `opener` and `end`, trimmed of white space; none if empty."""
    start = opener + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Quoted(start, end, opener, closer, continues)] if end > start else []
