"""The article model: who the article is about, every mention of each, and what it says they are.

Built once per article, after the quote candidates are known (so that words inside
quotes are not taken for the narrator's references) and read by every later stage:
attribution asks what kind of thing a candidate speaker is, speakers map each
attributing mention to an entity, roles read the descriptions.

* Entities: the people, organizations and groups of the article. People and
  organizations come from the names it gives ("Zack Kass", "Kass", "Mr. Kass";
  "the Guild of Coastal Boatbuilders and Chandlers", "the GCBC"); groups and unnamed
  speakers ("some analysts", "a spokesperson") are added when a quote is attributed
  to them.
* Mentions: every name, and every pronoun and definite nominal ("the company", "the
  utility", "the 64-year-old", "the striker") outside quotes, linked to the entity it
  refers to in one pass in reading order (coreference): pronouns to the most salient
  compatible entity of the last few sentences (the main clause's subject first),
  nominals by their head noun to the organization or person the article named or
  described with that noun, or to the person the previous sentence is about.
* Descriptions: the (role, organization) pairs stated around each entity's mentions,
  each with the mention it was read from.
"""
from __future__ import annotations

import bisect
import functools
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

from .descriptions import mention_descriptions
from .grammar import (
    ORG_LABELS,
    POSSESSIVES,
    SUBJECTS,
    acronym,
    entities,
    ents_within,
    handle_words,
    is_capitalized,
    is_name_word,
    looks_like_person,
    name_part,
    name_words,
    names_body,
    organization_name,
    sentence_numbers,
)
from .lexicon import (
    BODY_NOUNS,
    BUSINESS_NOUNS,
    DOCUMENT_NOUNS,
    EMPLOYED_TITLES,
    FEMALE_HONORIFICS,
    FEMALE_PRONOUNS,
    FIRST_NAME_GENDER,
    GENDERED_NOUNS,
    HONORIFIC_GENDER,
    HONORIFICS,
    MALE_HONORIFICS,
    MALE_PRONOUNS,
    ORGANIZATION_NOUNS,
    PARTY_WORDS,
    PERSON_NOUNS,
    PLURAL_PRONOUNS,
    PRONOUNS,
    RELATION_NOUNS_FOR_PEOPLE,
    REPORTING_VERBS,
    SPEECH_VERBS,
    SPOKESPERSON_TITLES,
    TITLE_WORDS,
    WEB_NOUNS,
    key,
)
from .organizations import named_bodies

EntityKind = Literal["person", "organization", "group"]
MentionKind = Literal["name", "pronoun", "nominal"]

_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
_PRONOUN_WINDOW = 3  # sentences back to look for a pronoun's antecedent
_NOMINAL_WINDOW = 2  # sentences back for the person "the 64-year-old" refers to
_DOCUMENT_WINDOW = 6  # sentences back to look for the document "the report" stands for
_FAR = 40  # sentences back that any reference looks: a bound that keeps long articles linear
_MAIN_CLAUSE = frozenset({"ROOT", "conj"})
# "a report released by X" names its author; "a memo obtained by X" does not.
_AUTHORING_VERBS = frozenset(
    "written released published issued prepared authored produced commissioned conducted filed sent posted".split()
)
_OBJECT_PRONOUNS = frozenset({"him", "her", "them"})


@dataclass(slots=True, frozen=True)
class Mention:
    """One mention of an entity: where, how (a name, a pronoun or a nominal), and its salience."""

    span: Span
    kind: MentionKind
    sentence: int
    subject: bool  # the subject of a clause
    main: bool  # the subject of the sentence's main clause
    speaking: bool  # the subject of a speech verb
    quoted: bool  # inside a quote: someone's words, not the narrator's reference


@dataclass(slots=True)
class ArticleEntity:
    """One real-world person, organization or group and every mention of it."""

    kind: EntityKind
    names: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    gender: str | None = None  # as far as pronoun agreement needs it
    members: list[int] = field(default_factory=list)  # a group of named people: those people

    @property
    def name(self) -> str:
        """The fullest name: most words, first written wins a tie."""
        return max(self.names, key=lambda n: len(n.split()))

    @property
    def named(self) -> bool:
        return self.kind != "group" and any(m.kind == "name" for m in self.mentions)


class _Stretches:
    """Character ranges of the text, sorted once and looked up by offset."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self._ranges = sorted(ranges)
        self._starts = [start for start, _ in self._ranges]

    def __contains__(self, offset: int) -> bool:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ranges[i][1]


@dataclass(slots=True, frozen=True)
class StatedDescription:
    """A (role, organization) the article states, and the mention it was read around."""

    role: str | None
    organization: str | None
    mention: Span


class Article:
    """The entities, mentions and descriptions of one parsed article."""

    def __init__(self, doc: Doc, quote_ranges: list[tuple[int, int]], said_ranges: list[tuple[int, int]] = ()):
        self.doc = doc
        self._said = _Stretches(said_ranges)
        self.sentences = list(doc.sents)
        self.sentence_of = sentence_numbers(self.sentences, len(doc))
        self._quotes = _Stretches(quote_ranges)
        self.entities: list[ArticleEntity] = []
        self._occurrences: list[tuple[int, int, Mention]] = []  # (token, entity, mention) in reading order
        self._starts: list[int] = []
        self._at: dict[tuple[int, int], int] = {}  # (start, end) of a mention -> entity
        self._linked: dict[int, int] = {}  # root token of a pronoun or nominal -> entity
        self._by_surname: dict[str, list[int]] = {}
        self._by_first: dict[str, list[int]] = {}
        self._by_org: dict[str, int] = {}
        self._own: dict[Hashable, int] = {}
        self._descriptions: dict[tuple[int, int], list[StatedDescription]] = {}
        self._document_authors: list[tuple[int, int]] = []  # (token, entity) of each document's author
        self._index_names()
        self._assign_genders()
        self._link_references()

    # --- reading the model ------------------------------------------------------------

    def in_said(self, token: Token) -> bool:
        """Whether `token` lies in what someone said, quoted or reported."""
        return token.idx in self._said

    def in_quote(self, token: Token) -> bool:
        """Whether `token` lies inside the content of a quote."""
        return token.idx in self._quotes

    def mentions_of(self, entity: int) -> list[Span]:
        """Every mention of an entity, in reading order."""
        return [m.span for m in self.entities[entity].mentions]

    def descriptions(self, entity: int, before: int | None = None) -> list[StatedDescription]:
        """What the article says the entity is, read around each of its names and nominals (those
        before token `before` only, when given), in reading order."""
        found = []
        for m in self.entities[entity].mentions:
            if before is not None and m.span.start >= before:
                break
            if m.kind == "pronoun":
                continue
            place = (m.span.start, m.span.end)
            if place not in self._descriptions:
                self._descriptions[place] = [StatedDescription(r, o, m.span) for r, o in mention_descriptions(m.span)]
            found += self._descriptions[place]
        return found

    def person_subject(self, sentence: int) -> Span | None:
        """The mention of a person that is the main subject of a sentence (a name, "he", "the
        goalkeeper"), outside quotes."""
        sent = self.sentences[sentence]
        first, last = bisect.bisect_left(self._starts, sent.start), bisect.bisect_left(self._starts, sent.end)
        for _, entity, m in self._occurrences[first:last]:
            if m.main and not m.quoted and self.entities[entity].kind == "person":
                return m.span
        return None

    @functools.cached_property
    def main_organization(self) -> str | None:
        """The organization the article is about: named more often than any other, at least twice, in
        the narration (a name in what someone said, quoted or reported, is their topic)."""
        counts = sorted(((sum(m.kind == "name" and not m.quoted and not self.in_said(m.span.root) for m in e.mentions), e.name)
                         for e in self.entities if e.kind == "organization"), reverse=True)
        if counts and counts[0][0] >= 2 and (len(counts) == 1 or counts[0][0] > counts[1][0]):
            return counts[0][1]
        return None

    def entity_of(self, mention: Span) -> int | None:
        """The entity an attributing mention refers to; unnamed speakers are added as they come."""
        root = mention.root
        linked = self._at.get((mention.start, mention.end), self._linked.get(root.i))
        if linked is not None:
            return linked
        if root.lower_ in PRONOUNS or root.lower_ == "it":
            return self._pronoun_antecedent(root)
        if mention.text.startswith("@"):
            return self._handle(mention)
        affiliated = _person_of_body(mention)
        if affiliated is not None:
            return self._named(affiliated)
        if _names_several(mention):
            group = self._unnamed(mention, "group")
            people = [self._named(e) for e in _people_named_in(mention)]
            self.entities[group].members = [p for p in dict.fromkeys(people) if self.entities[p].kind == "person"]
            return group
        named = _person_named_after(mention) if key(root.text) not in ORGANIZATION_NOUNS else None
        if named is not None:
            return self._named(named)
        described = _is_definite(root) and (key(root.text) in TITLE_WORDS or _is_demonym(root))
        if not described and (root.tag_ in ("NNP", "NNPS") or root.pos_ == "PROPN" or root.ent_type_ and is_capitalized(root)):
            return self._named(mention)
        if root.pos_ != "NOUN" and not described:
            return None
        if key(root.text) in DOCUMENT_NOUNS:
            return self._author(mention)
        if key(root.text) in ORGANIZATION_NOUNS:
            name = _organization_named_after(mention)
            if name is not None:
                return self._organization(name)
            found = self._nominal_organization(mention)
            return self._unnamed(mention, "organization") if found is None else self._with_mention(found, mention)
        if root.tag_ in _PLURAL_TAGS or _is_share(root):
            return self._unnamed(mention, "group")
        for resolve in (self._nominal_person, self._named_next):
            found = resolve(mention)
            if found is not None:
                return found
        return self._unnamed(mention, "person")

    # --- names -----------------------------------------------------------------------

    def _index_names(self) -> None:
        """People first, full names before lone names; a lone name also tagged a place or an
        organization is a person only if it is some person's name ("Kass" of "Zack Kass"),
        else an organization ("Meta") or a place ("Brackenford"). Then names the tagger
        missed: surnames standing alone, and names after an honorific ("Mr. Threlkeld")."""
        doc = self.doc
        ents = entities(doc)
        titled = _titled_surnames(doc)
        tagged_org = {e.text for e in ents if e.label_ == "ORG" and e[-1].text not in titled}
        bodies = {e.text for e in ents if e.label_ == "PERSON" and _refers_as_body(e)}
        bodies |= _taken_up_as_bodies(ents, self.sentences, self.sentence_of)
        bodies |= _employers_named_alone(doc, ents, named_bodies(doc).person_words)
        people = [e for e in ents if e.label_ == "PERSON" and not names_body(e) and not _described_so(e)
                  and e.text not in bodies or looks_like_person(e) or _titled_name(e, titled)]
        tagged_elsewhere = tagged_org | {e.text for e in ents if e.label_ in ("GPE", "LOC")}
        as_person = set()  # starts of names taken as people's
        for span in _titled_full_names(doc):
            self._add_person(span)
            as_person.update(e.start for e in span.ents)  # the run holds the tagged part
        for ent in sorted(people, key=lambda e: len(e) == 1):
            if ent.start in as_person:
                continue
            titled = ent.start > 0 and key(doc[ent.start - 1].text) in HONORIFICS
            if len(ent) > 1 or titled or ent.text not in tagged_elsewhere or self._person(ent) is not None:
                self._add_person(ent)
                as_person.add(ent.start)
        for ent in ents:
            if ent.start in as_person:
                continue
            if self._person(ent) is not None:
                self._add_person(ent)
            elif _is_organization_name(ent) or ent.label_ == "PERSON" and (
                ent.text in tagged_org | bodies or names_body(ent)
            ):
                self._organization(ent)
        for token in doc:
            if not token.ent_type_ and token.lower_ in self._by_surname and _stands_alone(token):
                self._add_person(doc[token.i : token.i + 1])
        for token in doc[:-1]:
            after = doc[token.i + 1]
            if key(token.text) in HONORIFICS and is_name_word(after) and not after.ent_type_:
                end = after.i + 1
                while end < len(doc) and is_name_word(doc[end]) and not doc[end].ent_type_:
                    end += 1
                self._add_person(doc[after.i : end])

    def _name_in(self, span: Span) -> Span | None:
        """The personal name in `span`; also a surname alone that is a title word ("Dean" of "Carl
        Dean"), once the article has given the full name."""
        name = name_part(span)
        if name is None and len(span) == 1 and span[0].ent_type_ == "PERSON" and span[0].lower_ in self._by_surname:
            return span
        return name

    def _person(self, span: Span, at: int | None = None) -> int | None:
        """The person a name refers to; surname or first name alone takes the nearest full name."""
        name = self._name_in(span)
        if name is None:
            return None
        return self._person_named(name_words(name), span.start if at is None else at, self._titled_gender(name))

    def _person_named(self, words: list[str], at: int, gender: str | None = None) -> int | None:
        """The person `words` name; a surname alone takes the nearest person of that name, of the
        gender its honorific says ("Mrs. Reyes" is not Bill Reyes, whoever was named last)."""
        if not words:
            return None
        if len(words) > 1:
            return self._nearest(self._full_name_matches(words), at)
        word = words[0].lower()
        same = self._by_surname.get(word, ())
        if gender is not None and same:
            same = [e for e in same if self._first_name_gender(e) in (None, gender)]
            if not same:
                return None  # "Bill Reyes ... Mrs. Reyes": someone else of that name
        by_surname = self._nearest(same, at)
        if by_surname is None:
            by_surname = self._nearest(self._by_first.get(word, ()), at)
        return by_surname if by_surname is not None else self._misspelled_surname(word, at)

    def _titled_gender(self, name: Span) -> str | None:
        """The gender an honorific right before a name says ("Mrs.", "Mr."), if any."""
        return HONORIFIC_GENDER.get(key(self.doc[name.start - 1].text)) if name.start > 0 else None

    def _first_name_gender(self, entity: int) -> str | None:
        return FIRST_NAME_GENDER.get((self._first_name(entity) or "").lower())

    def _misspelled_surname(self, word: str, at: int) -> int | None:
        """'Ravi Chatterjee ... Mr Chaterjee': a long surname that matches no one, one letter short
        of or over the only surname like it, is that person's, as misspelled in the article."""
        if len(word) < _MISSPELLED_LENGTH:
            return None
        alike = [s for s in self._by_surname if _one_letter_apart(word, s)]
        return self._nearest(self._by_surname[alike[0]], at) if len(alike) == 1 else None

    def _add_person(self, span: Span) -> int | None:
        """Record a person's name; surname-only names join the nearest full name."""
        name = self._name_in(span)
        if name is None:
            return None
        words = name_words(name)
        found = self._person(name) if len(words) == 1 else next(iter(self._full_name_matches(words)), None)
        if found is None:
            found = self._new("person")
        self.entities[found].names.append(" ".join(words))
        _index(self._by_surname, words[-1], found)
        if len(words) > 1:
            _index(self._by_first, words[0], found)
        self._note(name, found, "name")
        return found

    def _full_name_matches(self, words: list[str]) -> list[int]:
        """People with this surname and this first name, or no first name known yet, or whose longer
        name ends with these words ("Paz Lopez" of "Ana Paz Lopez")."""
        same_surname = self._by_surname.get(words[-1].lower(), ())
        return [i for i in same_surname if self._first_name(i) in (None, words[0]) or self._ends_name(i, words)]

    def _first_name(self, entity: int) -> str | None:
        full = [n.split() for n in self.entities[entity].names if len(n.split()) > 1]
        return full[0][0] if full else None

    def _ends_name(self, entity: int, words: list[str]) -> bool:
        names = (n.split() for n in self.entities[entity].names)
        return any(len(name) > len(words) and name[-len(words) :] == words for name in names)

    def _nearest(self, candidates, at: int) -> int | None:
        """Of several entities sharing a name, the one mentioned last before `at` (else first after)."""
        best = None
        for index in candidates:
            tokens = [m.span.start for m in self.entities[index].mentions if m.kind == "name"]
            before = [t for t in tokens if t <= at]
            rank = (1, max(before)) if before else (0, -min(tokens))
            if best is None or rank > best[0]:
                best = (rank, index)
        return None if best is None else best[1]

    def _organization(self, span: Span) -> int:
        """The organization `span` names (added if new); "the GCBC" joins its spelled-out name. A span
        already taken as some entity's mention stays that entity's."""
        name = organization_name(span)
        found = self._find_organization(name)
        noted = self._at.get((span.start, span.end))
        if noted is not None:
            return noted if found is None else found
        if found is None:
            found = self._new("organization")
        self._by_org.setdefault(name.lower(), found)
        self.entities[found].names.append(name)
        self._note(span, found, "name")
        return found

    def _noted_as(self, span: Span, kind: EntityKind) -> bool:
        noted = self._at.get((span.start, span.end))
        return noted is not None and self.entities[noted].kind == kind

    def _find_organization(self, name: str) -> int | None:
        """Same name, its acronym ("GCBC"), or the first word alone of a name given in full before
        ("Corvane" of "Corvane Communications", "Halvern" of "Halvern Aerospace")."""
        lowered = name.lower()
        if lowered in self._by_org:
            return self._by_org[lowered]
        for known, index in self._by_org.items():
            spelled = self.entities[index].name
            if name.isupper() and acronym(spelled) == name or spelled.isupper() and acronym(name) == spelled:
                return index
            if " " not in lowered and known.startswith(lowered + " ") and self.entities[index].kind == "organization":
                return index  # "Halvern Aerospace ... Halvern said": named in full first
        return None

    def _named(self, mention: Span) -> int:
        """A name in an attributing mention: a person the article names, else an organization."""
        root = mention.root
        person = self._person(mention)
        if person is not None:
            return self._with_mention(person, mention)
        known = self._find_organization(organization_name(mention))
        if known is not None:
            return self._with_mention(known, mention)
        is_body = root.ent_type_ in ("GPE", "FAC", *ORG_LABELS) or key(root.text) in ORGANIZATION_NOUNS
        is_body = is_body and not looks_like_person(mention)
        name = name_part(mention)
        if not is_body and name is not None and (root.ent_type_ == "PERSON" or len(name_words(name)) > 1):
            return self._add_person(mention)
        bodies = (e for e in ents_within(mention) if e.label_ in ORG_LABELS and not self._noted_as(e, "person"))
        return self._organization(next(bodies, mention))

    def _handle(self, mention: Span) -> int:
        """"@JaneDoe": the person the article names so, else the handle itself."""
        person = self._person_named(handle_words(mention.text), mention.start)
        return self._with_mention(person, mention) if person is not None else self._unnamed(mention, "person")

    def _assign_genders(self) -> None:
        """Gender for pronoun agreement: from honorifics ("Ms. Clinton"), common first names, else
        the pronouns right after a lone subject mention."""
        doc = self.doc
        votes: dict[int, list[int]] = {}
        for token in doc:
            word = token.lower_
            if word not in MALE_PRONOUNS and word not in FEMALE_PRONOUNS or self.in_quote(token):
                continue
            i = bisect.bisect_left(self._starts, token.i) - 1
            if i < 0:
                continue
            _, entity, mention = self._occurrences[i]
            near = self.sentence_of[token.i] - mention.sentence <= 1
            if near and mention.subject and self.entities[entity].kind == "person":
                votes.setdefault(entity, [0, 0])[word in FEMALE_PRONOUNS] += 1
        for index, entity in enumerate(self.entities):
            if entity.kind != "person":
                continue
            titles = {key(doc[m.span.start - 1].text) for m in entity.mentions if m.span.start > 0}
            first = entity.name.split()[0].lower()
            if titles & MALE_HONORIFICS:
                entity.gender = "male"
            elif titles & FEMALE_HONORIFICS:
                entity.gender = "female"
            elif first in FIRST_NAME_GENDER:
                entity.gender = FIRST_NAME_GENDER[first]
            elif index in votes and votes[index][0] != votes[index][1]:
                entity.gender = "female" if votes[index][1] > votes[index][0] else "male"

    # --- coreference: pronouns and nominals ---------------------------------------------

    def _link_references(self) -> None:
        """Link every pronoun and definite nominal outside quotes, in reading order, so that later
        references can follow earlier ones ("The Scot ... he said")."""
        for token in self.doc:
            if self.in_quote(token) or token.i in self._linked:
                continue
            word = token.lower_
            entity = None
            if word in MALE_PRONOUNS or word in FEMALE_PRONOUNS or word in PLURAL_PRONOUNS or word in ("it", "its"):
                entity = self._pronoun_antecedent(token)
                kind: MentionKind = "pronoun"
            elif _is_nominal_head(token) and _is_definite(token) and _person_named_after(_nominal_span(token)) is None:
                entity = self._nominal_antecedent(token)  # not "the director, Jeff Fraser,": that is Fraser
                kind = "nominal"
            if entity is not None:
                span = self.doc[token.i : token.i + 1] if kind == "pronoun" else _nominal_span(token)
                self._linked[token.i] = entity
                self._note(span, entity, kind)

    def _pronoun_antecedent(self, pronoun: Token) -> int | None:
        word = pronoun.lower_
        if word in MALE_PRONOUNS or word in FEMALE_PRONOUNS:
            return self._person_antecedent(pronoun, "female" if word in FEMALE_PRONOUNS else "male")
        if word in PLURAL_PRONOUNS or word in ("it", "its"):
            return self._body_antecedent(pronoun, plural=word in PLURAL_PRONOUNS)
        return None

    def _person_antecedent(self, pronoun: Token, gender: str) -> int | None:
        """The best-ranked compatible person mentioned before the pronoun, outside quotes (see
        `_ANTECEDENT_WEIGHTS`); a pronoun in the same clause as a subject ("she told her") is not
        that subject, nor is one who speaks someone its own sentence reports on ("Mr Reyes has the
        same drive, he said")."""
        named_after = self._named_after_opening(pronoun, gender)
        if named_after is not None:
            return named_after
        here = self.sentence_of[pronoun.i]
        speaking = pronoun.dep_ in SUBJECTS and pronoun.head.lower_ in SPEECH_VERBS
        clause_subjects = {c.i for c in pronoun.head.children if c.dep_ in SUBJECTS} if pronoun.lower_ in _OBJECT_PRONOUNS else set()
        reported = {t.i for c in pronoun.head.children if speaking and c.dep_ == "ccomp" for t in c.subtree}
        ranked = [
            (_antecedent_score(m, here, speaking), token, entity)
            for token, entity, m in self._before(pronoun.i)
            if self._could_be(entity, gender) and m.span.root.i not in clause_subjects and not _modifies_noun(m.span)
            and m.span.root.i not in reported
        ]
        return max(ranked)[2] if ranked else None

    def _named_after_opening(self, pronoun: Token, gender: str) -> int | None:
        """'In his speech, Reyes said', 'Because of his record, Ann Vik expects Tom Reyes to ...': a pronoun
        in a phrase that opens its sentence, before the main subject, refers forward to the first
        compatible person named after it in the sentence."""
        sentence = self.sentences[self.sentence_of[pronoun.i]]
        root = sentence.root
        subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
        if subject is None or pronoun.i >= subject.left_edge.i:
            return None
        opener = pronoun
        while opener.head.i != root.i and opener.head is not opener:
            opener = opener.head
        if opener.dep_ not in _OPENING_DEPS or opener.i > subject.i:
            return None
        for token, entity, m in self._occurrences[bisect.bisect_right(self._starts, pronoun.i) :]:
            if token >= sentence.end:
                break
            if not m.quoted and m.kind == "name" and self._could_be(entity, gender):
                return entity
        return None

    def _could_be(self, entity: int, gender: str) -> bool:
        found = self.entities[entity]
        return found.kind == "person" and found.gender in (None, gender)

    def _body_antecedent(self, pronoun: Token, plural: bool) -> int | None:
        """"they"/"it": the latest group or organization that spoke in the last few sentences, else
        an organization or (for "they") group subject of those sentences."""
        here = self.sentence_of[pronoun.i]
        kinds = ("group", "organization") if plural else ("organization",)
        recent = self._before(pronoun.i, _PRONOUN_WINDOW)
        for token, entity, m in reversed(recent):
            if m.speaking and self.entities[entity].kind in kinds:
                return entity
        for sentence in range(here, max(-1, here - _PRONOUN_WINDOW), -1):
            found = self._body_in_sentence(sentence, pronoun, plural)
            if found is not None:
                return found
        return None

    def _body_in_sentence(self, sentence: int, pronoun: Token, plural: bool) -> int | None:
        """An organization subject ("the union started a campaign ... they tweet it"), or for "they" a
        plural subject that said something or is named ("the Liberals")."""
        for token in self.sentences[sentence]:
            if token.i >= pronoun.i or self.in_quote(token) or token.dep_ not in SUBJECTS:
                continue
            linked = self._linked.get(token.i)
            if linked is not None and self.entities[linked].kind != "person":
                return linked
            if token.ent_type_ == "ORG":
                return self._named(self.doc[token.left_edge.i : token.i + 1])
            spoke = token.head.lower_ in REPORTING_VERBS or token.tag_ == "NNPS"
            if plural and spoke and token.tag_ in _PLURAL_TAGS and token.lower_ not in PRONOUNS:
                return self._unnamed(self.doc[token.left_edge.i : token.i + 1], "group")
        return None

    def _nominal_antecedent(self, noun: Token) -> int | None:
        """"the company", "the board" -> the organization named or described so; "the spokeswoman",
        "the striker" -> the person described so; "the 64-year-old", "the Scot" -> the person the
        last sentences are about. None where the article gives no such entity (a new one)."""
        word = key(noun.text)
        if noun.tag_ in _PLURAL_TAGS:
            return None
        if word in ORGANIZATION_NOUNS:
            return self._nominal_organization(_nominal_span(noun))
        if word in TITLE_WORDS or word in PERSON_NOUNS or _is_age(noun) or _is_demonym(noun):
            gender = GENDERED_NOUNS.get(word)
            described = [e for e in self._people_described(noun.lower_, before=noun.i) if self._agrees(e, gender)]
            if described:
                return described[0]
            if word in PERSON_NOUNS or _is_age(noun) or _is_demonym(noun):
                topic = self._topic_person(noun)
                return topic if topic is not None and self._agrees(topic, gender) else None
        return None

    def _agrees(self, entity: int, gender: str | None) -> bool:
        """"the woman" is no man the article named, nor "the father" a woman."""
        return gender is None or self._could_be(entity, gender)

    def _topic_person(self, noun: Token) -> int | None:
        """The person the last sentences are about, when the nominal itself is a subject: the subject of
        a clause of its own sentence before it, else the person
        the previous sentence is about (its main subject, or whose its main subject is: "Smith's
        relatives declined"), else the latest main-clause subject that is a person within two
        sentences, else of the people the previous sentence names the one the article names most."""
        if noun.dep_ not in SUBJECTS:
            return None
        previous = self.sentence_of[noun.i] - 1
        recent = [(e, m) for _, e, m in self._before(noun.i, _NOMINAL_WINDOW) if self.entities[e].kind == "person"]
        fronted = [e for e, m in recent if m.sentence == previous + 1 and m.subject and m.span.root.head != noun.head]
        if fronted:
            return fronted[-1]  # "When Ekdahl shook his hand, the Swede said"
        for entity, m in recent:
            root = m.span.root
            owns_subject = root.dep_ == "poss" and root.head.dep_ in SUBJECTS and root.head.head.dep_ == "ROOT"
            if m.sentence == previous and (m.main or owns_subject):
                return entity
        for entity, m in reversed(recent):
            if m.main:
                return entity
        named = {e for e, m in recent if m.sentence == previous}
        return max(named, key=self._salience, default=None)

    def _salience(self, entity: int) -> int:
        """How often the article names an entity: who it is about."""
        return sum(m.kind == "name" for m in self.entities[entity].mentions)

    def _nominal_organization(self, mention: Span) -> int | None:
        """"the company", "the ministry", "police": the organization so named or described, if any."""
        root = mention.root
        definite = root.lower_ == "police" or any(t.lower_ in _DEFINITE for t in mention if t.i < root.i)
        if not definite:
            return None
        nouns = [root] + [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
        for noun in nouns:
            named = self._organizations_named(noun.lower_, before=mention.start)
            if named:
                return named[0]
        described = self._organizations_described(root.lower_, before=mention.start)
        if described:
            return described[0]
        place = _place_named(root, before=mention.start)
        if place is not None:
            return self._organization(place)
        return self._recent_business(root) if key(root.text) in BUSINESS_NOUNS else None

    def _recent_business(self, noun: Token) -> int | None:
        """"The retailer said", "the utility": a business noun stands for the organization the last
        sentences are about: the latest one named as a subject there, else the latest named."""
        recent = [(e, m) for _, e, m in self._before(noun.i, _NOMINAL_WINDOW)
                  if self.entities[e].kind == "organization" and m.kind == "name"]
        subjects = [e for e, m in recent if m.subject]
        return subjects[-1] if subjects else recent[-1][0] if recent else None

    def _organizations_named(self, noun: str, before: int) -> list[int]:
        """Organizations mentioned before token `before` whose name contains `noun`, latest first."""
        latest: dict[int, int] = {}
        for token, entity, _ in self._before(before):
            found = self.entities[entity]
            if found.kind == "organization" and any(noun in n.lower().split() for n in found.names):
                latest[entity] = token
        return sorted(latest, key=latest.get, reverse=True)

    def _organizations_described(self, noun: str, before: int) -> list[int]:
        """Organizations the article calls `noun`: "investment firm D.A. Davidson", "Metrolane, the agency"."""
        latest: dict[int, int] = {}
        for token, entity, m in self._before(before):
            if self.entities[entity].kind == "organization" and m.kind == "name" and noun in _words_around(m.span):
                latest[entity] = token
        return sorted(latest, key=latest.get, reverse=True)

    def _people_described(self, noun: str, before: int) -> list[int]:
        """People mentioned before `before` whose stated role contains `noun`, latest first."""
        latest: dict[int, int] = {}
        described: dict[int, bool] = {}
        for token, entity, _ in self._before(before):
            if self.entities[entity].kind != "person":
                continue
            if entity not in described:
                described[entity] = self._described_as(entity, noun, before)
            if described[entity]:
                latest[entity] = token
        return sorted(latest, key=latest.get, reverse=True)

    def _described_as(self, entity: int, noun: str, before: int) -> bool:
        return any(d.role and noun in d.role.lower().split() for d in self.descriptions(entity, before))

    # --- unnamed speakers and documents --------------------------------------------------

    def _nominal_person(self, mention: Span) -> int | None:
        """"the spokesperson": the named person the article described so."""
        root = mention.root
        if any(t.lower_ in _DEFINITE for t in mention if t.i < root.i):
            described = self._people_described(root.lower_, before=mention.start) or self._people_described_later(
                root.lower_, after=mention.end
            )
            if described:
                return self._with_mention(described[0], mention)
        return None

    def _people_described_later(self, noun: str, after: int) -> list[int]:
        """"The chancellor said ... Chancellor Gordon Brown": the first person described so after `after`."""
        later = [(m.span.start, i) for i, e in enumerate(self.entities) if e.kind == "person"
                 for m in e.mentions[:1] if m.span.start >= after]
        return [i for _, i in sorted(later) if self._described_as(i, noun, len(self.doc))][:1]

    def _named_next(self, mention: Span) -> int | None:
        """A person introduced by description and named right after ("A close associate of X has told a
        court ... Platon Lebedev, 48, ..."; "France's finance minister has said ... Herve Gaymard said"):
        the next person named within two sentences whom the article describes with the same noun, else
        the first person newly named in the next sentence, if not given another title (nor named
        inside the description itself)."""
        here = self.sentence_of[mention.root.i]
        noun = mention.root.lower_
        if not _denotes_person(mention.root):
            return None
        inside = {e for (start, _), e in self._at.items() if mention.start <= start < mention.root.right_edge.i + 1}
        later = []
        for index, entity in enumerate(self.entities):
            names = [m for m in entity.mentions if m.kind == "name" and not m.quoted]
            if entity.kind != "person" or not names or index in inside:
                continue
            first = names[0]
            if self.in_said(first.span.root):
                continue  # "a clergyman has said. The book claims John Marsh was ...": a topic, not the clergyman
            if first.span.start > mention.end and 0 <= first.sentence - here <= 2:
                later.append((first.span.start, index, first))
        later.sort(key=lambda item: item[0])
        for _, index, _ in later:
            if any(d.role and noun in d.role.lower().split() for d in self.descriptions(index)):
                return self._with_mention(index, mention)
        introduced = not any(t.lower_ in _DEFINITE for t in mention if t.i < mention.root.i)
        if introduced and later and later[0][2].sentence == here + 1:
            index = later[0][1]
            titles = {key(d.role.split()[-1]) for d in self.descriptions(index) if d.role}
            if key(noun) not in TITLE_WORDS or not titles - {noun}:
                return self._with_mention(index, mention)
        return None

    def _author(self, mention: Span) -> int | None:
        """Who issued a document: "her statement", "the Harbourline Trust study", "a report by X"."""
        author = _author_span(mention.root)
        entity = self.entity_of(author) if author is not None else self._earlier_author(mention)
        if entity is not None:
            self._document_authors.append((mention.root.i, entity))
        return entity

    def _earlier_author(self, mention: Span) -> int | None:
        """"The report said": the author of the same document named earlier, else of the latest
        document quoted in the last few sentences ("a paper on Acme's website ... The white paper said")."""
        if not any(t.lower_ in _DEFINITE for t in mention):
            return None
        for token in reversed(self.doc[: mention.start]):
            if token.lower_ == mention.root.lower_ and token.pos_ == "NOUN":
                earlier = _author_span(token)
                if earlier is not None:
                    return self.entity_of(earlier)
        here = self.sentence_of[mention.root.i]
        recent = [e for t, e in self._document_authors if here - self.sentence_of[t] <= _DOCUMENT_WINDOW]
        return recent[-1] if recent else None

    def _unnamed(self, mention: Span, kind: EntityKind) -> int:
        """A speaker known only by this nominal; the same words later are the same speaker."""
        owner = self._linked.get(mention[0].i) if mention[0].tag_ == "PRP$" else None
        words = " ".join(t.lower_ for t in mention if t.lower_ not in _DEFINITE and t.lower_ not in ("a", "an"))
        identity = (kind, words, owner)
        if identity not in self._own:
            self._own[identity] = self._new(kind)
            name = mention.text
            if owner is not None:  # "her lawyers": whose, as the article names them
                name = f"{self._short_name(owner)}'s {mention[1:].text}"
            self.entities[self._own[identity]].names.append(name)
        return self._with_mention(self._own[identity], mention)

    def _short_name(self, entity: int) -> str:
        """How the article refers to an entity in passing: a person's honorific and surname as
        written ("Ms Clarkson") or the surname, an organization's name."""
        found = self.entities[entity]
        if found.kind != "person":
            return found.name
        for m in found.mentions:
            before = self.doc[m.span.start - 1] if m.span.start else None
            if m.kind == "name" and before is not None and key(before.text) in HONORIFICS:
                return f"{before.text} {found.name.split()[-1]}"
        return found.name

    # --- bookkeeping ------------------------------------------------------------------

    def _new(self, kind: EntityKind) -> int:
        self.entities.append(ArticleEntity(kind))
        return len(self.entities) - 1

    def _with_mention(self, entity: int, mention: Span) -> int:
        if (mention.start, mention.end) not in self._at:
            kind: MentionKind = "pronoun" if mention.root.lower_ in PRONOUNS else (
                "name" if self._name_in(mention) is not None else "nominal")
            self._note(mention, entity, kind)
        return entity

    def _note(self, span: Span, entity: int, kind: MentionKind) -> None:
        root = span.root
        subject = root.dep_ in SUBJECTS
        main = subject and (root.head.dep_ in _MAIN_CLAUSE or root.head.head is root.head)
        speaking = subject and root.head.lower_ in SPEECH_VERBS
        quoted = self.in_quote(root)
        mention = Mention(span, kind, self.sentence_of[span.start], subject, main, speaking, quoted)
        at = bisect.bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._occurrences.insert(at, (span.start, entity, mention))
        self._at[(span.start, span.end)] = entity
        found = self.entities[entity].mentions
        found.insert(bisect.bisect_right([m.span.start for m in found], span.start), mention)

    def _before(self, token: int, window: int = _FAR) -> list[tuple[int, int, Mention]]:
        """The mentions outside quotes in the `window` sentences up to token `token`, in reading order."""
        here = self.sentence_of[token] if token < len(self.sentence_of) else len(self.sentences)
        found = []
        for i in range(bisect.bisect_left(self._starts, token) - 1, -1, -1):
            occurrence = self._occurrences[i]
            if here - occurrence[2].sentence > window:
                break
            if not occurrence[2].quoted:
                found.append(occurrence)
        found.reverse()
        return found


# How a pronoun's antecedent is chosen among the people mentioned before it: each sentence back
# costs more than any grammatical role gains, so the latest sentence with a candidate wins; in it
# the main clause's subject, then any subject; a candidate that spoke gains when the pronoun
# speaks too ("Moyes said ... He added"); names over other mentions; the latest wins a tie.
_OPENING_DEPS = frozenset({"prep", "advcl", "npadvmod", "advmod"})
_ANTECEDENT_WEIGHTS = {"sentence_back": -10.0, "beyond_window": -30.0, "main": 4.0, "subject": 2.0,
                       "speaking": 1.0, "name": 0.5}


def _antecedent_score(mention: Mention, here: int, speaking: bool) -> float:
    w = _ANTECEDENT_WEIGHTS
    back = here - mention.sentence
    return (
        w["sentence_back"] * min(back, _PRONOUN_WINDOW + 1)
        + w["beyond_window"] * (back > _PRONOUN_WINDOW and not mention.speaking)
        + w["main"] * mention.main
        + w["subject"] * mention.subject
        + w["speaking"] * (speaking and mention.speaking)
        + w["name"] * (mention.kind == "name")
    )


_MISSPELLED_LENGTH = 7  # shorter surnames one letter apart are as often two names ("Jones", "Jone")


def _one_letter_apart(a: str, b: str) -> bool:
    """One word is the other with one letter left out."""
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


def _index(table: dict[str, list[int]], word: str, entity: int) -> None:
    entries = table.setdefault(word.lower(), [])
    if entity not in entries:
        entries.append(entity)


def _stands_alone(token: Token) -> bool:
    """A capitalized word not inside a longer name: "Rivera said", not "Rivera Park"."""
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
    return is_name_word(token) and not any(is_name_word(t) for t in neighbours)


def _modifies_noun(mention: Span) -> bool:
    """A name used to qualify a thing ("the Robin Kessler pipeline") refers to no one a pronoun
    could take up."""
    root = mention.root
    return root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i > root.i


def _is_organization_name(span: Span) -> bool:
    """ORG/NORP entities that name a body, not a title ("MP") or an adjective ("Canadian")."""
    words = [key(t.text) for t in span]
    if span.label_ not in ORG_LABELS or all(w in TITLE_WORDS for w in words):
        return False
    return span.label_ == "ORG" or span.root.tag_ == "NNPS" or words[-1] in ORGANIZATION_NOUNS


def _denotes_person(noun: Token) -> bool:
    """A noun for a person: a title, a person noun, a relation ("associate", "ally", "aide")."""
    word = key(noun.text)
    return word in TITLE_WORDS or word in PERSON_NOUNS or word in RELATION_NOUNS_FOR_PEOPLE


def _is_nominal_head(token: Token) -> bool:
    """The head of a noun phrase that can refer back: a common noun, a demonym ("the Scot"), an age
    ("the 64-year-old")."""
    return token.pos_ == "NOUN" or token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "NORP") or _is_age(token)


def _is_definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children) or noun.lower_ == "police"


def _titled_surnames(doc: Doc) -> set[str]:
    """Words the article writes after an honorific ("Mr Halvorsen"): surnames of people, however tagged."""
    return {doc[t.i + 1].text for t in doc[:-1] if key(t.text) in HONORIFICS and is_name_word(doc[t.i + 1])}


def _titled_full_names(doc: Doc) -> list[Span]:
    """Full names after a capitalized title that the tagger missed or cut: "Cardinal Cormac Doyle-Fitzgerald"
    with only "Doyle-Fitzgerald" tagged (a person, or even an organization). A title is followed by a person."""
    found = []
    for token in doc[:-2]:
        if not (is_capitalized(token) and key(token.text) in TITLE_WORDS and token.tag_ == "NNP"):
            continue
        end, words = token.i + 1, 0
        while end < len(doc) and words < 3:
            if is_name_word(doc[end]) and doc[end].tag_ == "NNP":
                words += 1
            elif not (doc[end].tag_ == "HYPH" and words and end + 1 < len(doc) and is_name_word(doc[end + 1])):
                break  # "Doyle-Fitzgerald" is one name
            end += 1
        run = doc[token.i + 1 : end]
        untagged = all(not t.ent_type_ for t in run)
        surname_taken = run.ents and not run[0].ent_type_ and all(
            e.start > run.start and e.end == run.end and e.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC")
            for e in run.ents
        )
        if words >= 2 and (untagged or surname_taken):
            found.append(run)
    return found


def _titled_name(ent: Span, titled: set[str]) -> bool:
    """A name the tagger took for an organization or place whose surname the article writes after an
    honorific: "Bernt Halvorsen" of "Mr Halvorsen"."""
    words = [t for t in ent if is_name_word(t)]
    return ent.label_ in ("ORG", "GPE", "NORP", "FAC") and 0 < len(words) == len(ent) <= 3 and ent[-1].text in titled


def _described_so(ent: Span) -> bool:
    """"The Scot", "the Canadian": one word after "the" describes a person; it is no name."""
    return len(ent) == 1 and ent.start > 0 and ent.doc[ent.start - 1].lower_ == "the"


def _refers_as_body(ent: Span) -> bool:
    """A name the tagger took for a person's that the article refers to as a thing: "Laura Ashley,
    which ...", "Laura Ashley is parting company with its chief executive"."""
    doc = ent.doc
    after = doc[ent.end : min(ent.sent.end, ent.end + 2)]
    if any(t.lower_ == "which" for t in after):
        return True
    root = ent.root
    if root.dep_ not in SUBJECTS:
        return False
    for token in doc[ent.end : ent.sent.end]:
        if token.ent_type_ == "PERSON" or token.lower_ in ("he", "she", "his", "her"):
            return False
        if token.lower_ == "its" and token.head.head in (root.head, *root.head.children):
            return True
    return False


def _employers_named_alone(doc: Doc, ents: list[Span], person_words: frozenset[str]) -> set[str]:
    """One-word names the tagger took for people's that the article writes before a staff title
    ("Kessler spokesperson Ann Lee") and never as part of a full name: employers, not people."""
    lone = {e.text for e in ents if e.label_ == "PERSON" and len(e) == 1} - person_words
    return {t.text for t in doc[:-1] if t.text in lone and doc[t.i + 1].is_lower and key(doc[t.i + 1].text) in _STAFF_TITLES}


_STAFF_TITLES = EMPLOYED_TITLES | SPOKESPERSON_TITLES


def _taken_up_as_bodies(ents: list[Span], sentences: list[Span], sentence_of: list[int]) -> set[str]:
    """Names the tagger took for people's that the next sentence takes up as an organization, with
    nothing else it could refer to: "..., says Elder Care. A poll for the charity found ...". A
    name opening with a common first name stays a person. Each sentence is read at most once."""
    candidates = [e for e in ents if e.label_ == "PERSON" and len(e) > 1
                  and e[0].lower_ not in FIRST_NAME_GENDER]

    @functools.cache
    def blockers(sentence: int) -> int:
        return sum(map(_refers_elsewhere, sentences[sentence]))

    found = set()
    for ent in candidates:
        here = sentence_of[ent.start]
        alone = blockers(here) == sum(map(_refers_elsewhere, ent))
        if alone and here + 1 < len(sentences) and _body_noun_first(sentences[here + 1]):
            found.add(ent.text)
    return found


def _refers_elsewhere(token: Token) -> bool:
    """A word a body noun could refer to instead: another name, or a person's pronoun."""
    return token.ent_type_ in ("PERSON", *ORG_LABELS) or token.lower_ in ("he", "she", "his", "her", "him")


def _body_noun_first(sentence: Span) -> bool:
    """Whether "the charity", "the firm" comes in the sentence before anything else it could refer to."""
    for token in sentence:
        if _refers_elsewhere(token):
            return False
        if _is_definite(token) and key(token.text) in BODY_NOUNS and token.tag_ == "NN":
            return True
    return False


def _is_share(noun: Token) -> bool:
    """"69% of over-55s", "a third": a share of people speaks as a group."""
    return noun.ent_type_ in ("PERCENT", "CARDINAL") or noun.like_num


def _is_age(noun: Token) -> bool:
    """"the 64-year-old": an age standing for a person."""
    return noun.lower_ == "old" or noun.text.lower().endswith("-old")


def _is_demonym(noun: Token) -> bool:
    """"the Scot", "the Australian": one capitalized word after "the" standing for a person."""
    doc = noun.doc
    alone = noun.i > 0 and doc[noun.i - 1].lower_ == "the" and (noun.i + 1 == len(doc) or not is_name_word(doc[noun.i + 1]))
    party = key(noun.text) in PARTY_WORDS  # "the Greens" speak as a party
    return alone and not party and noun.ent_type_ in ("NORP", "PERSON") and is_capitalized(noun) and noun.tag_ in ("NNP", "NN", "JJ")


def _nominal_span(noun: Token) -> Span:
    """The nominal's words up to its head: "the clothing and home furnishing retailer"."""
    return noun.doc[noun.left_edge.i : noun.i + 1]


def _person_of_body(mention: Span) -> Span | None:
    """"Tom Baker of campaign group Fairvote" parsed with the group as its head: the person named first,
    whose affiliation follows, speaks."""
    first = next(iter(ents_within(mention)), None)
    doc = mention.doc
    if first is None or first.label_ != "PERSON" or first.start != mention.start or first.end >= mention.end:
        return None
    return first if doc[first.end].lower_ in ("of", "from", "at") and mention.root.i >= first.end else None


def _names_several(mention: Span) -> bool:
    """"Colin Marsh and Peter Vane", "Marsh's party and Vane's party": named together, they speak as a
    group; not one person whose title names two ("Richard and Judy producer Amanda Ross")."""
    people = [e for e in ents_within(mention) if e.label_ == "PERSON"]
    root = mention.root
    titled = root.ent_type_ == "PERSON" and any(key(t.text) in TITLE_WORDS for t in mention if t.i < root.i)
    return len(people) > 1 and not titled and any(t.lower_ in ("and", "&") for t in mention)


def _people_named_in(mention: Span) -> list[Span]:
    """The people a group's mention names as its members: not those who only own what speaks
    ("Marsh's party")."""
    doc = mention.doc
    return [e for e in ents_within(mention)
            if e.label_ == "PERSON" and not any(t.text in POSSESSIVES for t in doc[e.start : e.end + 1])]


def _person_named_after(mention: Span) -> Span | None:
    """The name a title or nominal introduces: "A spokeswoman for the PM, Jane Doe, said",
    "Warden of the Marches John Smith said"; a name after a preposition is someone else."""
    root = mention.root
    if root.pos_ == "PROPN" and key(root.text) not in TITLE_WORDS:
        return None
    doc = mention.doc
    for child in root.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return doc[child.left_edge.i : child.i + 1]
    in_phrase = False  # naming the object of a preposition: "the MP for Harwick and North Delby"
    for token in doc[mention.end : min(mention.sent.end, mention.end + 8)]:
        if token.pos_ in ("VERB", "AUX"):
            return None
        if token.ent_iob_ == "B" and token.ent_type_ == "PERSON" and not in_phrase:
            end = token.i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            return doc[token.i : end]
        # a common noun ends the phrase ("spokesman for sport Hugh Robertson"), as does a comma
        in_phrase = token.tag_ == "IN" or in_phrase and token.text != "," and token.tag_ not in ("NN", "NNS")
    return None


def _organization_named_after(mention: Span) -> Span | None:
    """"media buying firm Adcrest": the name written right after an organization noun."""
    doc, end = mention.doc, mention.end
    while end < len(doc) and _is_name_noun(doc[end]):
        end += 1
    return doc[mention.end : end] if end > mention.end else None


def _is_name_noun(token: Token) -> bool:
    """A capitalized noun that is no title nor date: a word of a name."""
    is_noun = token.tag_.startswith("NN") and is_capitalized(token) and not token.is_sent_start
    return is_noun and key(token.text) not in TITLE_WORDS and token.ent_type_ not in ("DATE", "TIME", "PERSON")


def _author_span(document: Token) -> Span | None:
    """Who issued a document, if the article says: its possessor or name modifier, a "by"/"from" agent,
    the owner of the page it is on ("a paper on Acme's website"), or the subject that published it
    or spoke in it ("X released a report", "X said in the report")."""
    doc = document.doc
    for child in document.children:
        if child.ent_type_ in ("DATE", "TIME"):
            continue
        if child.dep_ == "poss" or child.dep_ == "compound" and child.pos_ == "PROPN":
            return doc[child.left_edge.i : child.i + 1]
    for token in document.subtree:
        authored = token.head == document or token.head.lower_ in _AUTHORING_VERBS
        if token.lower_ in ("by", "from") and token.i > document.i and authored:
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                return doc[objects[0].left_edge.i : objects[0].i + 1]
    for page in doc[document.i + 1 : document.sent.end]:
        owners = [c for c in page.children if c.dep_ == "poss"]
        if key(page.text) in WEB_NOUNS and page.head.lower_ == "on" and owners:
            return doc[owners[0].left_edge.i : owners[0].i + 1]
    issued = document.dep_ == "dobj" or document.dep_ == "pobj" and document.head.lower_ == "in"
    verb = document.head if document.dep_ == "dobj" else document.head.head
    if issued and verb.pos_ in ("VERB", "AUX"):
        issuers = [c for c in verb.children if c.dep_ == "nsubj"]
        if issuers:
            return doc[issuers[0].left_edge.i : issuers[0].i + 1]
    return None


def _place_named(noun: Token, before: int) -> Span | None:
    """"the city" -> "the City of Brackenford": the latest place named before with the noun in its name."""
    found = None
    for ent in entities(noun.doc):
        if ent.start >= before:
            break
        if ent.label_ in ("GPE", "LOC", "FAC") and any(t.lower_ == noun.lower_ and t.is_title for t in ent):
            found = ent
    return found


def _words_around(span: Span) -> set[str]:
    """Lowercase words right before an organization's name or in the appositive after it."""
    doc, sent = span.doc, span.sent
    before = [t.lower_ for t in doc[max(sent.start, span.start - 3) : span.start]]
    after = []
    if span.end < sent.end and doc[span.end].text == ",":
        for token in doc[span.end + 1 : min(sent.end, span.end + 8)]:
            if token.is_punct or token.pos_ in ("VERB", "AUX"):
                break
            after.append(token.lower_)
    return set(before + after)


def build(doc: Doc, quote_ranges: list[tuple[int, int]], said_ranges: list[tuple[int, int]] = ()) -> Article:
    """The article model of a parsed article: someone's own words (between quotation marks, under a
    speaker label) cover `quote_ranges`, and all they said, reported speech too, `said_ranges`."""
    return Article(doc, quote_ranges, said_ranges)
