"""Text in: turn an article's HTML into the plain text the extractor reads.

Paragraph structure matters to attribution (a quote never spans paragraphs), so
block elements become paragraphs separated by a blank line; markup that is not
article prose (scripts, navigation, asides, figures and their captions, forms)
is dropped. Entities are decoded by the HTML parser (Lexbor, via selectolax).
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

PARAGRAPH_BREAK = "\n\n"

BLOCK_TAGS = frozenset(
    """p h1 h2 h3 h4 h5 h6 li blockquote div section article main dd dt pre
    table tr td th caption ul ol dl address hr center""".split()
)
SKIPPED_TAGS = frozenset(
    """head script style noscript template nav aside figure figcaption header footer
    form button input select textarea label iframe object embed svg canvas video
    audio picture img map menu dialog -comment""".split()
)
_BLANKS = re.compile(r"[ \t\n\r\f\v]+")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# Elements that never hold others open: void elements, and those an unclosed sibling closes.
_NON_NESTING = frozenset(
    """area base br col embed hr img input link meta param source track wbr
    p li dt dd tr td th option optgroup rb rt rp tbody thead tfoot colgroup""".split()
)
MAX_NESTING = 512


class HTMLTooDeep(ValueError):
    """Elements nest deeper than any article does; parsing them would take quadratic time."""


def check_nesting(html: str, limit: int = MAX_NESTING) -> None:
    """Refuse pathological nesting before the parser sees it (Lexbor's tree building is quadratic in depth)."""
    depth = 0
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if name in _NON_NESTING:
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                raise HTMLTooDeep(f"HTML elements nest more than {limit} deep.")


def html_to_text(html: str) -> str:
    """Plain text of `html`: one paragraph per block element, blank-line separated.

    Raises HTMLTooDeep for nesting no article has.
    """
    check_nesting(html)
    root = LexborHTMLParser(html).root
    if root is None:
        return ""
    paragraphs: list[str] = []
    current: list[str] = []

    def close_paragraph() -> None:
        text = _BLANKS.sub(" ", "".join(current)).strip()
        if text:
            paragraphs.append(text)
        current.clear()

    # An explicit stack, not recursion: hostile pages nest elements many thousands deep.
    stack: list[LexborNode | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:  # the end of a block element
            close_paragraph()
            continue
        tag = node.tag
        if tag == "-text":
            current.append(node.text(deep=False))
            continue
        if tag == "br":
            close_paragraph()
            continue
        if tag in SKIPPED_TAGS:
            continue
        if tag in BLOCK_TAGS:
            close_paragraph()
            stack.append(None)
        stack.extend(reversed(list(node.iter(include_text=True))))
    close_paragraph()
    return PARAGRAPH_BREAK.join(paragraphs)
