"""Stage 5: the canonical speaker of every quote.

Each attributing mention is looked up in the article model ("Kass" -> Zack Kass, "the
GCBC" -> the Guild of Coastal Boatbuilders and Chandlers, "he" -> the person the
pronoun refers to, "the utility" -> Harbour Power); a floating quote takes the
speaker of the quote it continues. The speakers come out in order of first quote,
each with every mention the article makes of it. People who speak together ("owners
Tore Lund and Lea Abadi said") are a group whose members are speakers too, so that
each is counted as a source.
"""
from __future__ import annotations

from .article import Article
from .types import Candidate, Entity


def resolve(article: Article, found: list[Candidate]) -> tuple[list[Entity], list[int | None]]:
    """Return the speakers and, per candidate, the index of its speaker (or None)."""
    speaker_of: dict[int, int] = {}  # article entity -> speaker index
    quote_entity: list[int | None] = [None] * len(found)
    for i, cand in enumerate(found):
        if cand.mention is None:
            continue
        entity = article.entity_of(cand.mention)
        if entity is not None:
            quote_entity[i] = speaker_of.setdefault(entity, len(speaker_of))
    for i, cand in enumerate(found):
        if cand.mention is None:
            quote_entity[i] = _followed(found, quote_entity, i)
    for entity in list(speaker_of):
        for member in article.entities[entity].members:
            speaker_of.setdefault(member, len(speaker_of))
    speakers = [None] * len(speaker_of)
    for entity, index in speaker_of.items():
        model = article.entities[entity]
        members = [speaker_of[m] for m in model.members]
        speakers[index] = Entity(model.name, model.kind, article.mentions_of(entity), key=entity, members=members)
    return speakers, quote_entity


def _followed(found: list[Candidate], quote_entity: list[int | None], i: int) -> int | None:
    """A floating quote's speaker: that of the candidate it continues, followed to its end."""
    seen = {i}
    target = found[i].same_speaker_as
    while target is not None and 0 <= target < len(found) and target not in seen:
        if found[target].mention is not None:
            return quote_entity[target]
        seen.add(target)
        target = found[target].same_speaker_as
    return None
