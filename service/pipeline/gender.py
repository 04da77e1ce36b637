"""Stage 7: each person's gender, from what the article itself says about them.

The evidence is read from the person's mentions in the article model (the same
coreference that attributes quotes: no second pass) and the words right around them,
strongest kind first:

- `honorific` before a name: "Ms. Okafor", "Sir Alan Duff", "Mme Tremblay";
- `noun` about the person: a gendered title or appositive ("spokeswoman Dana Reyes",
  "Reyes, a mother of three,"), a predicate ("Reyes is the chairwoman"), or a
  nominal mention ("the actress said");
- `pronoun` that refers to the person: every "she", "his", "herself" the article model
  links to them ("Reyes closed the shop. She said ...");
- `first_name`, only where the article gives none of the above, and only if enabled:
  the gender most bearers of that first name have in a name-gender dictionary
  (`service.names`). It is the weakest evidence: names misgender people (a Jordan, a
  Jean, an Andrea differ across countries), and what a name signals varies by
  culture and generation.

Conflicting evidence resolves to the strongest kind that has any, if that kind
agrees clearly (two thirds or more), else to `unknown`. Organizations and groups
have no gender.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .lexicon import (
    ADDRESS_GENDER,
    COPULAS,
    GENDERED_NOUNS,
    PRONOUN_GENDER,
    key,
)
from .types import Entity, GenderEvidence

FirstNameLookup = Callable[[str], "str | None"]  # a first name -> "female", "male" or None


STRENGTH = ("honorific", "noun", "pronoun", "first_name")  # strongest first
_SAYS_ABOUT = frozenset({"appos", "attr"})  # a noun that says what the name is


@dataclass(frozen=True, slots=True)
class Gender:
    value: str  # "female", "male" or "unknown"
    evidence: tuple[GenderEvidence, ...] = ()


UNKNOWN = Gender("unknown")


def infer_genders(entities: list[Entity], first_name: FirstNameLookup | None = None) -> list[Gender]:
    """`infer_gender` for each speaker of one article."""
    return [infer_gender(entity, first_name) for entity in entities]


def infer_gender(entity: Entity, first_name: FirstNameLookup | None = None) -> Gender:
    """The gender the article gives `entity` and what it rests on; `first_name` is the last resort."""
    if entity.kind != "person":
        return UNKNOWN
    found = _unique(e for mention in entity.mentions for e in _mention_evidence(mention))
    if not found and first_name is not None:
        named = _first_name_evidence(entity, first_name)
        return Gender(named.gender, (named,)) if named else UNKNOWN
    return Gender(_resolve(found) or "unknown", tuple(found))


def _resolve(found: list[GenderEvidence]) -> str | None:
    """The strongest kind present decides, if two thirds of its evidence agree; else None."""
    for kind in STRENGTH:
        votes = [e.gender for e in found if e.kind == kind]
        if votes:
            leader = max(("female", "male"), key=votes.count)
            return leader if 3 * votes.count(leader) >= 2 * len(votes) else None
    return None


def _unique(evidence: Iterable[GenderEvidence]) -> list[GenderEvidence]:
    """Each piece of evidence once (two mentions can see the same word), strongest kind first."""
    return sorted(set(evidence), key=lambda e: (STRENGTH.index(e.kind), e.start, e.end))


def _evidence(kind: str, gender: str, token: Token) -> GenderEvidence:
    return GenderEvidence(kind, gender, token.text, token.idx, token.idx + len(token.text))


def _mention_evidence(mention: Span) -> Iterator[GenderEvidence]:
    root = mention.root
    word = root.lower_
    if len(mention) == 1 and word in PRONOUN_GENDER:
        yield _evidence("pronoun", PRONOUN_GENDER[word], root)  # "she said", "her shop"
        return
    if root.pos_ != "PROPN":
        yield from _noun_evidence(root)  # "the spokeswoman said"
        return
    yield from _honorifics(mention)
    yield from _nouns_about(root)


def _noun_evidence(token: Token) -> Iterator[GenderEvidence]:
    gender = GENDERED_NOUNS.get(token.lower_)
    if gender and token.tag_ not in ("NNS", "NNPS"):
        yield _evidence("noun", gender, token)


def _honorifics(mention: Span) -> Iterator[GenderEvidence]:
    """"Ms. Okafor": an honorific inside the mention or right before it."""
    doc = mention.doc
    before = [doc[mention.start - 1]] if mention.start > 0 else []
    for token in [*before, *mention]:
        gender = ADDRESS_GENDER.get(key(token.text))
        if gender and token.i < mention.root.i:
            yield _evidence("honorific", gender, token)


def _nouns_about(name: Token) -> Iterator[GenderEvidence]:
    """Gendered nouns the sentence applies to the name: a title compounded with it
    ("spokeswoman Dana Reyes"), an appositive either way ("Reyes, a grandmother," /
    "the chairman, Ian Moss,"), or a predicate ("Reyes is the actress who ...")."""
    for child in name.children:
        before = child.i < name.i  # "Harper spokeswoman Ann Lee": a title after the name is someone else's
        if child.dep_ == "appos" or child.dep_ in ("compound", "nmod") and before:
            yield from _noun_evidence(child)
    if name.dep_ == "appos":
        yield from _noun_evidence(name.head)
    if name.dep_ == "nsubj" and name.head.lower_ in COPULAS:
        for attr in name.head.children:
            if attr.dep_ in _SAYS_ABOUT:
                yield from _noun_evidence(attr)


def _first_name_evidence(entity: Entity, first_name: FirstNameLookup) -> GenderEvidence | None:
    """The first word of the person's full name, where the article writes it, in the name data."""
    words = entity.name.split()
    if len(words) < 2 or not words[0].isalpha() or len(words[0]) < 2 or key(words[0]) in ADDRESS_GENDER:
        return None
    written = (t for m in entity.mentions for t in m if t.text == words[0] and t.i + 1 < len(t.doc))
    token = next((t for t in written if t.pos_ == "PROPN" and t.nbor().text == words[1]), None)
    gender = first_name(words[0]) if token is not None else None
    return _evidence("first_name", gender, token) if gender else None
