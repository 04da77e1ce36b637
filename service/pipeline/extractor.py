"""The extraction pipeline, stage by stage:

text -> normalize -> spaCy Doc -> quote candidates -> article model (entities, mentions,
     descriptions) -> attribution (cue, mention, evidence) -> canonical speakers
     -> roles/organizations -> genders -> Extraction (plain data)
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import article, attribution, candidates, roles, speakers
from .document import parse, parse_many
from .gender import FirstNameLookup, Gender, infer_genders
from .marks import quotations
from .normalize import normalize
from .types import Candidate, Entity, Extraction, QuoteResult, SpeakerResult, TextSpan
from .wordnet import person_nouns


class Extractor:
    """Finds quotes and their speakers with one loaded spaCy pipeline."""

    def __init__(self, nlp: Language, first_name: FirstNameLookup | None = None):
        self.nlp = nlp
        self.first_name = first_name  # gender from first names, the last resort; None: off
        person_nouns()  # read once here, so a preloaded gunicorn master holds it for every worker

    @property
    def model(self) -> dict[str, str]:
        return {"name": self.nlp.meta.get("name", "unknown"), "version": self.nlp.meta.get("version", "")}

    def extract(self, text: str) -> Extraction:
        with self.nlp.memory_zone():
            return analyse(text, parse(self.nlp, normalize(text)), self.first_name)

    def extract_many(self, texts: Iterable[str]) -> Iterator[Extraction]:
        texts = list(texts)
        with self.nlp.memory_zone():
            docs = parse_many(self.nlp, (normalize(t) for t in texts))
            for text, doc in zip(texts, docs):
                yield analyse(text, doc, self.first_name)


def analyse(text: str, doc: Doc, first_name: FirstNameLookup | None = None) -> Extraction:
    """Run the stages after parsing; `doc` is the parse of `normalize(text)`."""
    found = candidates.find(doc)
    model = article.build(doc, quoted_ranges(doc, found), [(c.start, c.end) for c in found])
    found = attribution.attribute(model, found)
    entities, quote_entity = speakers.resolve(model, found)
    for entity in entities:
        entity.role, entity.organization = roles.describe(model, entity)
    genders = infer_genders(entities, first_name)
    return _assemble(text, found, entities, quote_entity, genders)


def quoted_ranges(doc: Doc, found: list[Candidate]) -> list[tuple[int, int]]:
    """Where someone's own words stand: between quotation marks, or under a speaker label. Reported
    speech ("Young said he suspects ...") is the narrator's words, whose pronouns refer as usual."""
    marked = [(q.start, q.end) for q in quotations(doc)]
    return marked + [(c.start, c.end) for c in found if c.type == "direct"]


def _span(text: str, span: Span | None) -> TextSpan | None:
    return None if span is None else TextSpan.of(text, span.start_char, span.end_char)


def _assemble(
    text: str, found: list[Candidate], entities: list[Entity], quote_entity: list[int | None], genders: list[Gender]
) -> Extraction:
    ids = [f"s{i + 1}" for i in range(len(entities))]
    counts = [0] * len(entities)
    quotes = []
    for cand, index in zip(found, quote_entity):
        entity = entities[index] if index is not None else None
        if index is not None:
            for counted in (index, *entities[index].members):
                counts[counted] += 1
        quotes.append(
            QuoteResult(
                text=text[cand.start : cand.end],
                start=cand.start,
                end=cand.end,
                type=cand.type,
                speaker=entity.name if entity else None,
                role=entity.role if entity else None,
                organization=entity.organization if entity else None,
                speaker_id=ids[index] if index is not None else None,
                speaker_mention=_span(text, cand.mention),
                cue=_span(text, cand.cue),
                confidence=round(min(1.0, max(0.0, cand.confidence)), 3),
                evidence=cand.evidence,
            )
        )
    speaker_results = [
        SpeakerResult(
            id=ids[i],
            name=e.name,
            kind=e.kind,
            role=e.role,
            organization=e.organization,
            mentions=sorted({_span(text, m) for m in e.mentions}, key=lambda s: (s.start, s.end)),
            quote_count=counts[i],
            gender=genders[i].value,
            gender_evidence=list(genders[i].evidence),
            members=[ids[m] for m in e.members],
        )
        for i, e in enumerate(entities)
    ]
    return Extraction(text=text, quotes=quotes, speakers=speaker_results)
