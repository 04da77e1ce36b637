"""Stage 1: make the text safe for spaCy without moving a single character.

Every replacement is one character for one character, so offsets computed on the
normalized text index the submitted text unchanged.
"""
from __future__ import annotations

import re

# Control characters (except tab/newline), lone surrogates, and zero-width/bidi marks.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# spaCy's tokenizer strips leading/trailing punctuation one character at a time, which is
# quadratic on a long run of marks ('"' * 20,000 takes minutes); no prose has 64 in a row.
_PUNCTUATION_RUN_TAIL = re.compile(r"(?<=[^\w\s]{63})[^\w\s]")
# Web-page furniture inside article text: ad breaks and links to other stories, whose
# headlines would otherwise read as quotes ("READ MORE: 'Prices will rise': economist").
_FURNITURE = re.compile(
    r"(?im)^[ \t]*(?:story continues below(?: advertisement)?\.?|article continued below|advertisement|"
    r"continue reading below|(?:read more|watch(?: below)?|related)\s*:[^\n]*)[ \t]*$"
    # the unmistakable ones also where paragraphs were run together
    r"|\b(?:story continues below(?: advertisement)?|article continued below|continue reading below)\b\.?"
)


def normalize(text: str) -> str:
    """Return `text` with unsafe characters and page furniture blanked; same length, same offsets."""
    text = text.replace("\r\n", " \n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = _UNSAFE.sub(" ", text)
    text = _FURNITURE.sub(lambda m: " " * len(m.group()), text)
    text = _PUNCTUATION_RUN_TAIL.sub(" ", text)
    return _SPACES.sub(" ", text)
