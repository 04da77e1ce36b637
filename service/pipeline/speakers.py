"""Stage 5: merge the attributing mentions into canonical speakers."""
from __future__ import annotations

from spacy.tokens import Doc

from .types import Candidate, Entity


def resolve(doc: Doc, found: list[Candidate]) -> tuple[list[Entity], list[int | None]]:
    """Return the speakers and, per candidate, the index of its speaker (or None)."""
    entities: list[Entity] = []
    by_name: dict[str, int] = {}
    quote_entity: list[int | None] = []
    for cand in found:
        if cand.mention is None:
            quote_entity.append(None)
            continue
        name = cand.mention.text
        if name not in by_name:
            kind = "organization" if any(e.label_ == "ORG" for e in cand.mention.ents) else "person"
            by_name[name] = len(entities)
            entities.append(Entity(name=name, kind=kind))
        entities[by_name[name]].mentions.append(cand.mention)
        quote_entity.append(by_name[name])
    return entities, quote_entity
