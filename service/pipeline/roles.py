"""Stage 6: the role and organization the article gives each speaker."""
from __future__ import annotations

from spacy.tokens import Doc

from .types import Entity


def describe(doc: Doc, entity: Entity) -> tuple[str | None, str | None]:
    return None, None
