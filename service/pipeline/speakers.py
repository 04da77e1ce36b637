"""Stage 5: merge the attributing mentions into canonical speakers (coreference-lite).

Every mention is mapped to one real-world speaker: names to the person or organization
the article names ("Kass" -> Zack Kass, "the GCBC" -> the Guild of Coastal Boatbuilders
and Chandlers), pronouns to the latest compatible speaker or subject, nominals ("the
spokesperson", "the company") to whom the article describes that way, else to themselves.
"""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .grammar import ents_within
from .lexicon import (
    DOCUMENT_NOUNS,
    FEMALE_PRONOUNS,
    MALE_PRONOUNS,
    ORGANIZATION_NOUNS,
    PLURAL_PRONOUNS,
    PRONOUNS,
    REPORTING_VERBS,
    TITLE_WORDS,
    WEB_NOUNS,
    key,
)
from .grammar import ORG_LABELS, handle_words, is_capitalized, looks_like_person, name_part, name_words
from .mentions import ArticleIndex, Occurrence
from .descriptions import mention_descriptions
from .types import Candidate, Entity

_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_PRONOUN_WINDOW = 3  # sentences back to look for a pronoun's antecedent
_DOCUMENT_WINDOW = 6  # sentences back to look for the document "the report" stands for
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
# "a report released by X" names its author; "a memo obtained by X" does not.
_AUTHORING_VERBS = frozenset(
    "written released published issued prepared authored produced commissioned conducted filed sent posted".split()
)


def resolve(doc: Doc, found: list[Candidate]) -> tuple[list[Entity], list[int | None]]:
    """Return the speakers and, per candidate, the index of its speaker (or None)."""
    book = _SpeakerBook(doc, ArticleIndex(doc, [(c.start, c.end) for c in found]))
    quote_entity: list[int | None] = [None] * len(found)
    for i, cand in enumerate(found):
        if cand.mention is not None:
            quote_entity[i] = book.speaker_of(cand.mention)
    for i, cand in enumerate(found):
        if cand.mention is None:
            quote_entity[i] = _followed(found, quote_entity, i)
    return book.entities(), quote_entity


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


@dataclass(slots=True, frozen=True)
class _Said:
    """A speaker already resolved at a token, a candidate antecedent for later pronouns."""

    token: int
    sentence: int
    speaker: int


class _SpeakerBook:
    """The speakers found so far, keyed by the referent or nominal each stands for."""

    def __init__(self, doc: Doc, index: ArticleIndex):
        self.doc = doc
        self.index = index
        self._entities: list[Entity] = []
        self._keys: dict[Hashable, int] = {}
        self._referent_of: dict[int, int] = {}
        self._attributed: list[list[Span]] = []
        self._said: list[_Said] = []
        self._role_words: dict[int, set[str]] = {}
        self._document_authors: list[tuple[int, int]] = []  # (token, speaker) of each document's author

    def speaker_of(self, mention: Span) -> int | None:
        speaker = self._resolve(mention)
        if speaker is not None:
            self._attributed[speaker].append(mention)
            self._said.append(_Said(mention.root.i, self.index.sentence_of[mention.root.i], speaker))
        return speaker

    def entities(self) -> list[Entity]:
        """The speakers, each with every mention of its name and its attributing mentions."""
        for speaker, entity in enumerate(self._entities):
            referent = self._referent_of.get(speaker)
            named = self.index.referents[referent].spans if referent is not None else []
            unique = {(s.start, s.end): s for s in named + self._attributed[speaker]}
            entity.mentions = sorted(unique.values(), key=lambda s: s.start)
            if referent is not None:
                entity.name = self.index.referents[referent].name
        return self._entities

    def _resolve(self, mention: Span) -> int | None:
        root = mention.root
        if root.lower_ in PRONOUNS or root.lower_ == "it":
            return self._pronoun(root)
        if mention.text.startswith("@"):
            return self._handle(mention)
        if _names_several(mention):
            return self._own(mention, "group")
        named = _person_named_after(mention) if key(root.text) not in ORGANIZATION_NOUNS else None
        if named is not None:
            return self._named(named)
        if root.tag_ in ("NNP", "NNPS") or root.pos_ == "PROPN" or root.ent_type_ and is_capitalized(root):
            return self._named(mention)
        if root.pos_ != "NOUN":
            return None
        if key(root.text) in DOCUMENT_NOUNS:
            return self._author(mention)
        if key(root.text) in ORGANIZATION_NOUNS:
            name = _organization_named_after(mention)
            if name is not None:
                return self._of_referent(self.index.organization(name))
            return self._nominal_organization(mention)
        if root.tag_ in _PLURAL_TAGS:
            return self._own(mention, "group")
        return self._nominal_person(mention)

    def _named(self, mention: Span) -> int:
        """A name: a person the article names, else an organization."""
        root = mention.root
        person = self.index.person(mention)
        if person is not None:
            return self._of_referent(person)
        organization = self.index.known_organization(mention)
        if organization is not None:
            return self._of_referent(organization)
        is_body = root.ent_type_ in ("GPE", "FAC", *ORG_LABELS) or key(root.text) in ORGANIZATION_NOUNS
        is_body = is_body and not looks_like_person(mention)
        name = name_part(mention)
        if not is_body and name is not None and (root.ent_type_ == "PERSON" or len(name_words(name)) > 1):
            return self._of_referent(self.index.add_person(mention))
        span = next((e for e in ents_within(mention) if e.label_ in ORG_LABELS), mention)
        return self._of_referent(self.index.organization(span))

    def _handle(self, mention: Span) -> int:
        """"@JaneDoe": the person the article names so, else the handle itself."""
        person = self.index.person_named(handle_words(mention.text), mention.start)
        return self._of_referent(person) if person is not None else self._own(mention, "person")

    def _author(self, mention: Span) -> int | None:
        """Who issued a document: "her statement", "the Harbourline Trust study", "a report by X"."""
        author = _author_span(mention.root)
        speaker = self._resolve(author) if author is not None else self._earlier_author(mention)
        if speaker is not None:
            self._document_authors.append((mention.root.i, speaker))
        return speaker

    def _earlier_author(self, mention: Span) -> int | None:
        """"The report said": the author of the same document named earlier, else of the latest
        document quoted in the last few sentences ("a paper on Acme's website ... The white paper said")."""
        if not any(t.lower_ in _DEFINITE for t in mention):
            return None
        for token in reversed(self.doc[: mention.start]):
            if token.lower_ == mention.root.lower_ and token.pos_ == "NOUN":
                earlier = _author_span(token)
                if earlier is not None:
                    return self._resolve(earlier)
        here = self.index.sentence_of[mention.root.i]
        recent = [s for t, s in self._document_authors if here - self.index.sentence_of[t] <= _DOCUMENT_WINDOW]
        return recent[-1] if recent else None

    def _nominal_organization(self, mention: Span) -> int:
        """"the company", "the ministry", "police": the organization so named or described, if any."""
        root = mention.root
        definite = root.lower_ == "police" or any(t.lower_ in _DEFINITE for t in mention if t.i < root.i)
        if definite:
            nouns = [root] + [c for c in root.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
            named = [r for noun in nouns for r in self.index.organizations_named(noun.text, before=mention.start)]
            described = self._organizations_described(root.lower_, before=mention.start)
            for referent in named + described:
                return self._of_referent(referent)
            place = _place_named(root, before=mention.start)
            if place is not None:
                return self._of_referent(self.index.organization(place))
        return self._own(mention, "organization")

    def _organizations_described(self, noun: str, before: int) -> list[int]:
        """Organizations the article calls `noun`: "investment firm D.A. Davidson", "Metrolane, the agency"."""
        latest: dict[int, int] = {}
        for referent, ref in enumerate(self.index.referents):
            if ref.kind != "organization":
                continue
            for span in ref.spans:
                if span.start < before and noun in _words_around(span):
                    latest[referent] = max(latest.get(referent, -1), span.start)
        return sorted(latest, key=latest.get, reverse=True)

    def _nominal_person(self, mention: Span) -> int:
        """"the spokesperson": the named person the article described so, else the nominal itself."""
        root = mention.root
        if any(t.lower_ in _DEFINITE for t in mention if t.i < root.i):
            for referent in self._people_described(root.lower_, before=mention.start):
                return self._of_referent(referent)
        return self._own(mention, "person")

    def _people_described(self, noun: str, before: int) -> list[int]:
        """People mentioned before `before` whose stated role contains `noun`, latest first."""
        latest: dict[int, int] = {}
        for occ in self.index.occurrences:
            if occ.token >= before:
                break
            ref = self.index.referents[occ.referent]
            if ref.kind == "person" and occ.referent not in latest and self._described_as(occ.referent, noun):
                latest[occ.referent] = occ.token
            elif occ.referent in latest:
                latest[occ.referent] = occ.token
        return sorted(latest, key=latest.get, reverse=True)

    def _described_as(self, referent: int, noun: str) -> bool:
        if referent not in self._role_words:
            spans = self.index.referents[referent].spans
            roles = [role for span in spans for role, _ in mention_descriptions(span) if role]
            self._role_words[referent] = {word for role in roles for word in role.lower().split()}
        return noun in self._role_words[referent]

    def _pronoun(self, pronoun: Token) -> int | None:
        word = pronoun.lower_
        if word in MALE_PRONOUNS or word in FEMALE_PRONOUNS:
            return self._person_antecedent(pronoun, "female" if word in FEMALE_PRONOUNS else "male")
        if word in PLURAL_PRONOUNS or word == "it":
            return self._body_antecedent(pronoun, plural=word != "it")
        return None

    def _person_antecedent(self, pronoun: Token, gender: str) -> int | None:
        """The latest compatible person in the last few sentences, preferring subjects; else the latest
        compatible person who spoke; else the latest compatible person named."""
        here = self.index.sentence_of[pronoun.i]
        named = [
            (occ.sentence, occ.subject, occ.token, ("referent", occ.referent))
            for occ in self.index.occurrences_before(pronoun.i)
            if self._could_be(occ, gender)
        ]
        spoke = [
            (said.sentence, True, said.token, ("speaker", said.speaker))
            for said in self._said
            if said.token < pronoun.i
            and said.speaker in self._referent_of
            and self._entities[said.speaker].kind == "person"
            and self._gender_of(said.speaker) in (None, gender)
        ]
        near = [p for p in named + spoke if here - p[0] <= _PRONOUN_WINDOW]
        chosen = near or spoke or named
        if not chosen:
            return None
        _, _, _, (what, which) = max(chosen, key=lambda p: (p[0], p[1], p[2]))
        return self._of_referent(which) if what == "referent" else which

    def _could_be(self, occ: Occurrence, gender: str) -> bool:
        referent = self.index.referents[occ.referent]
        compatible = referent.kind == "person" and referent.gender in (None, gender)
        return compatible and not self.index.in_quote(self.doc[occ.token])

    def _gender_of(self, speaker: int) -> str | None:
        referent = self._referent_of.get(speaker)
        return self.index.referents[referent].gender if referent is not None else None

    def _body_antecedent(self, pronoun: Token, plural: bool) -> int | None:
        """"they"/"it": the latest group or organization that spoke, else a plural subject or organization."""
        here = self.index.sentence_of[pronoun.i]
        kinds = ("group", "organization") if plural else ("organization",)
        for said in reversed(self._said):
            recent = said.token < pronoun.i and here - said.sentence <= _PRONOUN_WINDOW
            if recent and self._entities[said.speaker].kind in kinds:
                return said.speaker
        for sentence in range(here, max(-1, here - _PRONOUN_WINDOW), -1):
            found = self._body_in_sentence(sentence, pronoun, plural)
            if found is not None:
                return found
        return None

    def _body_in_sentence(self, sentence: int, pronoun: Token, plural: bool) -> int | None:
        """An organization subject ("the union started a campaign ... they tweet it"), or for "they" a
        plural subject that said something or is named ("the Liberals")."""
        for token in self.index.sentences[sentence]:
            if token.i >= pronoun.i or self.index.in_quote(token) or token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if token.ent_type_ == "ORG":
                return self._named(self.doc[token.left_edge.i : token.i + 1])
            if _is_definite_body(token):
                return self._nominal_organization(self.doc[token.left_edge.i : token.i + 1])
            spoke = token.head.lower_ in REPORTING_VERBS or token.tag_ == "NNPS"
            if plural and spoke and token.tag_ in _PLURAL_TAGS and token.lower_ not in PRONOUNS:
                return self._own(self.doc[token.left_edge.i : token.i + 1], "group")
        return None

    def _own(self, mention: Span, kind: str) -> int:
        """A speaker known only by this nominal; the same words later are the same speaker."""
        words = [t.lower_ for t in mention if t.lower_ not in _DEFINITE and t.lower_ not in ("a", "an")]
        return self._entity(("nominal", kind, " ".join(words)), mention.text, kind)

    def _of_referent(self, referent: int) -> int:
        ref = self.index.referents[referent]
        speaker = self._entity(("referent", referent), ref.name, ref.kind)
        self._referent_of[speaker] = referent
        return speaker

    def _entity(self, identity: Hashable, name: str, kind: str) -> int:
        if identity not in self._keys:
            self._keys[identity] = len(self._entities)
            self._entities.append(Entity(name=name, kind=kind))
            self._attributed.append([])
        return self._keys[identity]


def _is_definite_body(noun: Token) -> bool:
    """"the union", "the company": a singular organization noun with a definite article."""
    definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in noun.children)
    return definite and noun.tag_ == "NN" and key(noun.text) in ORGANIZATION_NOUNS


def _names_several(mention: Span) -> bool:
    """"Colin Marsh and Peter Vane": two or more people named together speak as a group."""
    people = [e for e in ents_within(mention) if e.label_ == "PERSON"]
    return len(people) > 1 and any(t.lower_ in ("and", "&") for t in mention)


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
    for token in doc[mention.end : min(mention.sent.end, mention.end + 8)]:
        if token.pos_ in ("VERB", "AUX"):
            return None
        if token.ent_iob_ == "B" and token.ent_type_ == "PERSON" and doc[token.i - 1].tag_ != "IN":
            end = token.i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            return doc[token.i : end]
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
    for ent in noun.doc.ents:
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
