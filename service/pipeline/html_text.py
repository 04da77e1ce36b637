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


def html_to_text(html: str) -> str:
    """Plain text of `html`: one paragraph per block element, blank-line separated."""
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

    def walk(node: LexborNode) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                current.append(child.text(deep=False))
            elif tag == "br":
                close_paragraph()
            elif tag in SKIPPED_TAGS:
                continue
            elif tag in BLOCK_TAGS:
                close_paragraph()
                walk(child)
                close_paragraph()
            else:
                walk(child)

    walk(root)
    close_paragraph()
    return PARAGRAPH_BREAK.join(paragraphs)
