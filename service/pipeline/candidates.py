"""Stage 3: find stretches of text that may be quotes."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .types import Candidate

_DIRECT = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]+)[\"\u201d]")


def find(doc: Doc) -> list[Candidate]:
    """Direct quotes between paired double quotation marks, in document order."""
    return [Candidate(m.start(1), m.end(1), "direct") for m in _DIRECT.finditer(doc.text) if m.end(1) > m.start(1)]
