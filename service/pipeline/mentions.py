"""Who the article names: people and organizations, indexed once per document.

`ArticleIndex` groups every PERSON name in the article into one `Referent` per
person ("Zack Kass", "Kass", "Mr. Kass"), and every organization name into one per
organization ("the Guild of Coastal Boatbuilders and Chandlers", "the GCBC"), so the
speaker stage maps any mention to a real-world referent with a dictionary lookup.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .grammar import (
    ORG_LABELS,
    acronym,
    is_name_word,
    looks_like_person,
    name_part,
    name_words,
    names_body,
    organization_name,
    sentence_numbers,
)
from .lexicon import (
    CORPORATE_SUFFIXES,
    FEMALE_FIRST_NAMES,
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    HONORIFICS,
    MALE_FIRST_NAMES,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    ORGANIZATION_NOUNS,
    TITLE_WORDS,
    key,
)


@dataclass(slots=True)
class Referent:
    """One real-world person or organization and every name the article gives it."""

    kind: str
    names: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    gender: str | None = None

    @property
    def name(self) -> str:
        """The fullest name: most words, first written wins a tie."""
        return max(self.names, key=lambda n: len(n.split()))

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass(slots=True, frozen=True)
class Occurrence:
    """A mention of a referent at a token, used to find antecedents of pronouns."""

    token: int
    sentence: int
    referent: int
    subject: bool


class ArticleIndex:
    """The people and organizations of one article, and where each is mentioned."""

    def __init__(self, doc: Doc, quote_ranges: list[tuple[int, int]]):
        self.doc = doc
        self.sentences = list(doc.sents)
        self.sentence_of = sentence_numbers(self.sentences, len(doc))
        self._quotes = sorted(quote_ranges)
        self._quote_starts = [s for s, _ in self._quotes]
        self.referents: list[Referent] = []
        self.occurrences: list[Occurrence] = []
        self._starts: list[int] = []  # token of each occurrence, for bisection
        self._by_surname: dict[str, list[int]] = {}
        self._by_first: dict[str, list[int]] = {}
        self._by_org: dict[str, int] = {}
        self._index_names(doc)
        self._add_honorific_names(doc)
        self._assign_genders(doc)

    def _index_names(self, doc: Doc) -> None:
        """People first, full names before lone names; a lone name also tagged a place or an
        organization is a person only if it is some person's name ("Kass" of "Zack Kass"),
        else an organization ("Meta") or a place ("Brackenford")."""
        people = [e for e in doc.ents if e.label_ == "PERSON" and not names_body(e) or looks_like_person(e)]
        tagged_org = {e.text for e in doc.ents if e.label_ == "ORG"}
        tagged_elsewhere = tagged_org | {e.text for e in doc.ents if e.label_ in ("GPE", "LOC")}
        as_person = set()
        for ent in sorted(people, key=lambda e: len(e) == 1):
            titled = ent.start > 0 and key(doc[ent.start - 1].text) in HONORIFICS
            if len(ent) > 1 or titled or ent.text not in tagged_elsewhere or self.person(ent) is not None:
                self.add_person(ent)
                as_person.add(ent.start)
        for ent in doc.ents:
            if ent.start in as_person:
                continue
            if self.person(ent) is not None:
                self.add_person(ent)
            elif _is_organization_name(ent) or ent.label_ == "PERSON" and (ent.text in tagged_org or names_body(ent)):
                self.organization(ent)
        for token in doc:
            if not token.ent_type_ and token.lower_ in self._by_surname and _stands_alone(token):
                self.add_person(doc[token.i : token.i + 1])

    def in_quote(self, token: Token) -> bool:
        """Whether `token` lies inside the content of a quote."""
        i = bisect.bisect_right(self._quote_starts, token.idx) - 1
        return i >= 0 and token.idx < self._quotes[i][1]

    def person(self, span: Span, at: int | None = None) -> int | None:
        """The person a name refers to; surname or first name alone takes the nearest full name."""
        name = name_part(span)
        if name is None:
            return None
        return self.person_named(name_words(name), span.start if at is None else at)

    def person_named(self, words: list[str], at: int) -> int | None:
        """The person with these name words, nearest to token `at` where several share them."""
        if not words:
            return None
        if len(words) > 1:
            return self._nearest(self._full_name_matches(words), at)
        word = words[0].lower()
        by_surname = self._nearest(self._by_surname.get(word, ()), at)
        return by_surname if by_surname is not None else self._nearest(self._by_first.get(word, ()), at)

    def organization(self, span: Span) -> int:
        """The organization `span` names (created if new); "the GCBC" joins its spelled-out name."""
        name = organization_name(span)
        found = self._find_organization(name)
        if found is None:
            found = len(self.referents)
            self.referents.append(Referent("organization"))
        referent = self.referents[found]
        self._by_org.setdefault(name.lower(), found)
        if all((s.start, s.end) != (span.start, span.end) for s in referent.spans):
            referent.names.append(name)
            referent.spans.append(span)
            self._note(span, found)
        return found

    def known_organization(self, span: Span) -> int | None:
        """The organization `span` names, if the article has named it already."""
        return self._find_organization(organization_name(span))

    def _find_organization(self, name: str) -> int | None:
        """Same name, its acronym ("GCBC"), or a company's first word alone ("Corvane")."""
        lowered = name.lower()
        if lowered in self._by_org:
            return self._by_org[lowered]
        for known, index in self._by_org.items():
            spelled = self.referents[index].name
            if name.isupper() and acronym(spelled) == name or spelled.isupper() and acronym(name) == spelled:
                return index
            if " " not in lowered and known.startswith(lowered + " ") and key(known.split()[-1]) in CORPORATE_SUFFIXES:
                return index
        return None

    def occurrences_before(self, token: int) -> list[Occurrence]:
        """The mentions of people and organizations before token `token`, in reading order."""
        return self.occurrences[: bisect.bisect_left(self._starts, token)]

    def organizations_named(self, noun: str, before: int) -> list[int]:
        """Organizations mentioned before token `before` whose name contains `noun`, latest first."""
        noun = noun.lower()
        latest: dict[int, int] = {}
        for occ in self.occurrences:
            if occ.token >= before:
                break
            ref = self.referents[occ.referent]
            if ref.kind == "organization" and any(noun in n.lower().split() for n in ref.names):
                latest[occ.referent] = occ.token
        return sorted(latest, key=latest.get, reverse=True)

    def _nearest(self, candidates, at: int) -> int | None:
        """Of several referents sharing a name, the one mentioned last before `at` (else first after)."""
        best = None
        for index in candidates:
            tokens = [s.start for s in self.referents[index].spans]
            before = [t for t in tokens if t <= at]
            rank = (1, max(before)) if before else (0, -min(tokens))
            if best is None or rank > best[0]:
                best = (rank, index)
        return None if best is None else best[1]

    def add_person(self, span: Span) -> int | None:
        """Record a person's name; surname-only names join the nearest full name."""
        name = name_part(span)
        if name is None:
            return None
        words = name_words(name)
        found = self.person(name) if len(words) == 1 else next(iter(self._full_name_matches(words)), None)
        if found is None:
            found = len(self.referents)
            self.referents.append(Referent("person"))
        referent = self.referents[found]
        referent.names.append(" ".join(words))
        referent.spans.append(name)
        _index(self._by_surname, words[-1], found)
        if len(words) > 1:
            _index(self._by_first, words[0], found)
        self._note(name, found)
        return found

    def _full_name_matches(self, words: list[str]) -> list[int]:
        """People with this surname and this first name, or no first name known yet, or whose longer
        name ends with these words ("Paz Lopez" of "Ana Paz Lopez")."""
        same_surname = self._by_surname.get(words[-1].lower(), ())
        return [i for i in same_surname if _first(self.referents[i]) in (None, words[0]) or self._ends_name(i, words)]

    def _ends_name(self, referent: int, words: list[str]) -> bool:
        names = (n.split() for n in self.referents[referent].names)
        return any(len(name) > len(words) and name[-len(words) :] == words for name in names)

    def _add_honorific_names(self, doc: Doc) -> None:
        """Names the tagger missed but an honorific marks: "Mr. Threlkeld"."""
        for token in doc[:-1]:
            nxt = doc[token.i + 1]
            if key(token.text) in HONORIFICS and is_name_word(nxt) and not nxt.ent_type_:
                end = nxt.i + 1
                while end < len(doc) and is_name_word(doc[end]) and not doc[end].ent_type_:
                    end += 1
                self.add_person(doc[nxt.i : end])

    def _note(self, span: Span, referent: int) -> None:
        root = span.root
        is_subject = root.dep_ in ("nsubj", "nsubjpass")
        at = bisect.bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self.occurrences.insert(at, Occurrence(span.start, self.sentence_of[span.start], referent, is_subject))

    def _assign_genders(self, doc: Doc) -> None:
        """Gender from honorifics ("Ms. Clinton"), else from the pronouns that follow a lone mention."""
        votes: dict[int, list[int]] = {}
        for token in doc:
            word = token.lower_
            if word not in MALE_PRONOUNS and word not in FEMALE_PRONOUNS or self.in_quote(token):
                continue
            i = bisect.bisect_left(self._starts, token.i) - 1
            if i < 0:
                continue
            occ = self.occurrences[i]
            near = self.sentence_of[token.i] - occ.sentence <= 1
            if near and occ.subject and self.referents[occ.referent].kind == "person":
                votes.setdefault(occ.referent, [0, 0])[word in FEMALE_PRONOUNS] += 1
        for index, referent in enumerate(self.referents):
            titles = {key(doc[s.start - 1].text) for s in referent.spans if s.start > 0}
            first = referent.name.split()[0].lower() if referent.kind == "person" else ""
            if titles & MALE_HONORIFICS:
                referent.gender = "male"
            elif titles & FEMALE_HONORIFICS:
                referent.gender = "female"
            elif first in MALE_FIRST_NAMES or first in FEMALE_FIRST_NAMES:
                referent.gender = "male" if first in MALE_FIRST_NAMES else "female"
            elif index in votes and votes[index][0] != votes[index][1]:
                referent.gender = "female" if votes[index][1] > votes[index][0] else "male"


def _stands_alone(token: Token) -> bool:
    """A capitalized word not inside a longer name: "Rivera said", not "Rivera Park"."""
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return is_name_word(token) and not any(is_name_word(t) for t in neighbours)


def _index(table: dict[str, list[int]], word: str, referent: int) -> None:
    entries = table.setdefault(word.lower(), [])
    if referent not in entries:
        entries.append(referent)


def _first(referent: Referent) -> str | None:
    full = [n.split() for n in referent.names if len(n.split()) > 1]
    return full[0][0] if full else None


def _is_organization_name(span: Span) -> bool:
    """ORG/NORP entities that name a body, not a title ("MP") or an adjective ("Canadian")."""
    words = [key(t.text) for t in span]
    if span.label_ not in ORG_LABELS or all(w in TITLE_WORDS for w in words):
        return False
    return span.label_ == "ORG" or span.root.tag_ == "NNPS" or words[-1] in ORGANIZATION_NOUNS


