"""Plain data handed from one extraction stage to the next, and the final result.

Stages before `speakers` work on spaCy objects (token spans); the result types at
the bottom are plain dataclasses with character offsets into the submitted text, so
the web layer, the store and the CLI never see spaCy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Span

QuoteType = Literal["direct", "indirect", "mixed"]
SpeakerKind = Literal["person", "organization", "group"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A piece of the submitted text: `text == original[start:end]`."""

    text: str
    start: int
    end: int

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "TextSpan":
        return cls(text[start:end], start, end)


@dataclass(slots=True)
class Candidate:
    """A stretch of text that may be a quote: its content offsets and how it was found."""

    start: int
    end: int
    type: QuoteType
    cue: Span | None = None
    mention: Span | None = None  # the mention that attributes it, set by attribution
    confidence: float = 0.0
    # the kind of evidence behind the attribution, see attribution.CONFIDENCE; set by attribution,
    # except for passages `signatures` finds already "signed"
    evidence: str = "unattributed"
    same_speaker_as: int | None = None  # floating quote: index of the candidate whose speaker it takes
    continues: bool = False  # a news-style quote paragraph continued by the next paragraph


@dataclass(slots=True)
class Entity:
    """One real-world speaker: all its mentions in the article, merged."""

    name: str
    kind: SpeakerKind
    mentions: list[Span] = field(default_factory=list)
    role: str | None = None
    organization: str | None = None
    key: int = -1  # the entity's index in the article model
    members: list[int] = field(default_factory=list)  # a group of named people: their speaker indices


@dataclass(slots=True)
class QuoteResult:
    text: str
    start: int
    end: int
    type: QuoteType
    speaker: str | None
    role: str | None
    organization: str | None
    speaker_id: str | None
    speaker_mention: TextSpan | None
    cue: TextSpan | None
    confidence: float
    evidence: str


@dataclass(frozen=True, slots=True)
class GenderEvidence:
    """A word the speaker's gender rests on: a pronoun, honorific, gendered noun or first name."""

    kind: Literal["pronoun", "honorific", "noun", "first_name"]
    gender: Literal["female", "male"]
    text: str
    start: int
    end: int


@dataclass(slots=True)
class SpeakerResult:
    id: str
    name: str
    kind: SpeakerKind
    role: str | None
    organization: str | None
    mentions: list[TextSpan]
    quote_count: int
    gender: Literal["female", "male", "unknown"] = "unknown"
    gender_evidence: list[GenderEvidence] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # a group of named people: their speaker ids


@dataclass(slots=True)
class Extraction:
    text: str
    quotes: list[QuoteResult]
    speakers: list[SpeakerResult]
