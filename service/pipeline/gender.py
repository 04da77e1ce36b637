"""Stage 7: each person's gender, from what the article itself says about them.

The evidence is read from the speaker's own mentions (the coreference the speaker
stage already did) and the words right around them, strongest kind first:

- `honorific` before a name: "Ms. Okafor", "Sir Alan Duff", "Mme Tremblay";
- `noun` about the person: a gendered title or appositive ("spokeswoman Dana Reyes",
  "Reyes, a mother of three,"), a predicate ("Reyes is the chairwoman"), or a
  nominal mention ("the actress said");
- `pronoun` that corefers: an attributing "she said", or a possessive/reflexive in
  the clause the name is the subject of ("Reyes closed her shop");
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

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .document import text_of
from .lexicon import COPULAS, FEMALE_PRONOUNS, MALE_PRONOUNS, PERSON_NOUNS, TITLE_WORDS, key
from .types import Entity, GenderEvidence

FirstNameLookup = Callable[[str], "str | None"]  # a first name -> "female", "male" or None

STRENGTH = ("honorific", "noun", "pronoun", "first_name")  # strongest first
HONORIFIC_GENDER = {
    **dict.fromkeys("mr mister sir lord monsieur".split(), "male"),
    **dict.fromkeys("mrs ms miss madam madame mme mlle dame lady".split(), "female"),
}
_FEMALE_NOUNS = """woman mother mom mum daughter sister wife widow girl girlfriend grandmother grandma
    granddaughter aunt niece bride fiancee fiancée stepmother stepdaughter matriarch lady queen princess
    duchess countess baroness empress nun actress waitress hostess stewardess heiress heroine
    spokeswoman chairwoman businesswoman congresswoman councilwoman alderwoman assemblywoman
    policewoman sportswoman stateswoman craftswoman forewoman frontwoman anchorwoman servicewoman
    saleswoman horsewoman fisherwoman tradeswoman committeewoman ballerina comedienne
    matron headmistress"""
_MALE_NOUNS = """man father dad son brother husband widower boy boyfriend grandfather grandpa grandson
    uncle nephew groom fiance fiancé stepfather stepson patriarch gentleman king prince duke baron
    emperor monk spokesman chairman businessman congressman councilman alderman assemblyman
    policeman sportsman statesman craftsman foreman frontman anchorman serviceman salesman horseman
    fisherman tradesman committeeman headmaster"""
GENDERED_NOUNS = {
    **dict.fromkeys(_MALE_NOUNS.split(), "male"),
    **dict.fromkeys(_FEMALE_NOUNS.split(), "female"),
}
PRONOUN_GENDER = {**dict.fromkeys(MALE_PRONOUNS, "male"), **dict.fromkeys(FEMALE_PRONOUNS, "female")}
_OWN_PRONOUNS = frozenset({"his", "her", "hers", "himself", "herself"})  # possessive or reflexive
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "xcomp", "pcomp"})
_SAYS_ABOUT = frozenset({"appos", "attr"})  # a noun that says what the name is
_OPENING = frozenset("\u201c\u00ab")
_CLOSING = frozenset("\u201d\u00bb")
_MAX_SENTENCES = 4  # how far after a name its next pronoun is looked for, in sentences
_WINDOW = 60  # and in tokens: the rules read near a name, so a giant sentence costs no more
_MAX_DEPTH = 12  # dependency links from a pronoun up to its clause's verb
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "pobj", "iobj"})


@dataclass(frozen=True, slots=True)
class Gender:
    value: str  # "female", "male" or "unknown"
    evidence: tuple[GenderEvidence, ...] = ()


UNKNOWN = Gender("unknown")


def infer_genders(entities: list[Entity], doc: Doc, first_name: FirstNameLookup | None = None) -> list[Gender]:
    """`infer_gender` for each speaker of one article, finding its quotations once."""
    quoted = Quotations(text_of(doc))
    return [infer_gender(entity, doc, first_name, quoted) for entity in entities]


def infer_gender(
    entity: Entity, doc: Doc, first_name: FirstNameLookup | None = None, quoted: Quotations | None = None
) -> Gender:
    """The gender the article gives `entity` and what it rests on; `first_name` is the last resort."""
    if entity.kind != "person":
        return UNKNOWN
    quoted = Quotations(text_of(doc)) if quoted is None else quoted
    around = _Surroundings(quoted, _own_tokens(entity.mentions))
    found = _unique(e for mention in entity.mentions for e in _mention_evidence(mention, around))
    if not found and first_name is not None:
        named = _first_name_evidence(entity, first_name)
        return Gender(named.gender, (named,)) if named else UNKNOWN
    return Gender(_resolve(found) or "unknown", tuple(found))


@dataclass(frozen=True, slots=True)
class _Surroundings:
    """What the rules need to know about the article around one speaker."""

    quoted: Quotations
    own: set[int]  # tokens of the speaker's own mentions and appositives


def _own_tokens(mentions: list[Span]) -> set[int]:
    """The speaker's mentions and what they say about the speaker in apposition ("Reyes, a lawyer,")."""
    own = {t.i for m in mentions for t in m}
    for mention in mentions:
        for child in mention.root.children:
            if child.dep_ == "appos":
                own.update(t.i for t in child.subtree)
    return own


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


def _mention_evidence(mention: Span, around: _Surroundings) -> Iterator[GenderEvidence]:
    root = mention.root
    word = root.lower_
    if len(mention) == 1 and word in PRONOUN_GENDER:
        yield _evidence("pronoun", PRONOUN_GENDER[word], root)  # "she said"
        return
    if root.pos_ != "PROPN":
        yield from _noun_evidence(root)  # "the spokeswoman said"
        yield from _possessors(root)  # "her statement"
        return
    yield from _honorifics(mention)
    yield from _nouns_about(root)
    yield from _own_pronouns(root, around)
    yield from _next_pronoun(mention, around)
    yield from _possessor_object(root, around)


def _noun_evidence(token: Token) -> Iterator[GenderEvidence]:
    gender = GENDERED_NOUNS.get(token.lower_)
    if gender and token.tag_ not in ("NNS", "NNPS"):
        yield _evidence("noun", gender, token)


def _possessors(noun: Token) -> Iterator[GenderEvidence]:
    for child in noun.children:
        if child.dep_ == "poss" and child.lower_ in PRONOUN_GENDER:
            yield _evidence("pronoun", PRONOUN_GENDER[child.lower_], child)


def _honorifics(mention: Span) -> Iterator[GenderEvidence]:
    """"Ms. Okafor": an honorific inside the mention or right before it."""
    doc = mention.doc
    before = [doc[mention.start - 1]] if mention.start > 0 else []
    for token in [*before, *mention]:
        gender = HONORIFIC_GENDER.get(key(token.text))
        if gender and token.i < mention.root.i:
            yield _evidence("honorific", gender, token)


def _nouns_about(name: Token) -> Iterator[GenderEvidence]:
    """Gendered nouns the sentence applies to the name: a title compounded with it
    ("spokeswoman Dana Reyes"), an appositive either way ("Reyes, a grandmother," /
    "the chairman, Ian Moss,"), or a predicate ("Reyes is the actress who ...")."""
    for child in name.children:
        if child.dep_ in ("compound", "appos", "nmod"):
            yield from _noun_evidence(child)
    if name.dep_ == "appos":
        yield from _noun_evidence(name.head)
    if name.dep_ == "nsubj" and name.head.lower_ in COPULAS:
        for attr in name.head.children:
            if attr.dep_ in _SAYS_ABOUT:
                yield from _noun_evidence(attr)


def _own_pronouns(name: Token, around: _Surroundings) -> Iterator[GenderEvidence]:
    """"Reyes closed her shop", "In his letter, Moss said", "said Reyes, who lost her son": a
    possessive or reflexive pronoun in the clause whose subject the name is (or in a relative
    clause on the name), outside quotes, with no other person before it."""
    clauses = [c for c in name.children if c.dep_ == "relcl"]
    if name.dep_ in _SUBJECT_DEPS:
        clauses.append(name.head)
    doc = name.doc
    nearby = doc[max(name.sent.start, name.i - _WINDOW) : min(name.sent.end, name.i + _WINDOW)]
    for verb in clauses:
        for token in nearby:
            if not _owned(token) or token in around.quoted or not _same_clause(token, verb):
                continue
            between = doc[name.i + 1 : token.i] if token.i > name.i else doc[nearby.start : token.i]
            if not any(_someone_else(t, around) for t in between if t not in around.quoted):
                yield _evidence("pronoun", PRONOUN_GENDER[token.lower_], token)


def _next_pronoun(mention: Span, around: _Surroundings) -> Iterator[GenderEvidence]:
    """"Reyes opened the shelter in 2015. She says ...": where the name is a subject and the first
    person its sentence mentions, the next person the narration refers to, up to the end of the
    next sentence that is not all quotation, if that is a subject or possessive pronoun in a later
    clause (an object of the name's own verb is someone else: "Reyes told her")."""
    name = mention.root
    if name.dep_ not in _SUBJECT_DEPS or name in around.quoted or not _first_person_in_sentence(mention, around):
        return
    doc = mention.doc
    sentence = mention.sent
    narrated, sentences = 1, 0  # this sentence and the next one with narration, at most four in all
    for token in doc[mention.end : mention.end + _WINDOW]:
        if token.is_sent_start:
            narrated, sentences = narrated + _has_narration(token.sent, around), sentences + 1
            if narrated > 2 or sentences >= _MAX_SENTENCES:
                return
        if token in around.quoted or token.i in around.own:
            continue
        if token.lower_ in PRONOUN_GENDER:
            if _same_clause(token, name.head) and _owned(token):
                continue  # the name's own possessive: `_own_pronouns` reads those
            if token.dep_ not in _OBJECT_DEPS and not _same_clause(token, name.head):
                yield _evidence("pronoun", PRONOUN_GENDER[token.lower_], token)
            return
        if _someone_else(token, around) or token.i >= sentence.end and _main_subject(token):
            return  # "Police said he was arrested": a later sentence about someone else


def _possessor_object(name: Token, around: _Surroundings) -> Iterator[GenderEvidence]:
    """"Reyes's lawyer told her", "Moss's injury kept him out": an object pronoun in the clause
    whose subject the name possesses is the possessor (the subject itself would be "herself")."""
    subject = name.head
    if name.dep_ != "poss" or subject.dep_ not in _SUBJECT_DEPS or subject in around.quoted:
        return
    verb = subject.head
    for token in name.doc[subject.i + 1 : min(subject.sent.end, subject.i + _WINDOW)]:
        if token in around.quoted:
            continue
        if _someone_else(token, around):
            return
        if token.lower_ in ("him", "her") and token.dep_ in _OBJECT_DEPS and _same_clause(token, verb):
            yield _evidence("pronoun", PRONOUN_GENDER[token.lower_], token)
            return


def _main_subject(token: Token) -> bool:
    return token.dep_ in _SUBJECT_DEPS and token.head.dep_ == "ROOT" and token.pos_ in ("NOUN", "PROPN")


def _first_person_in_sentence(mention: Span, around: _Surroundings) -> bool:
    """Whether no one else is mentioned before `mention` in its sentence, outside quotes."""
    if mention.start - mention.sent.start > _WINDOW:
        return False
    lead_in = mention.doc[mention.sent.start : mention.start]
    return not any(
        t not in around.quoted and (_someone_else(t, around) or t.lower_ in PRONOUN_GENDER and t.i not in around.own)
        for t in lead_in
    )


def _owned(token: Token) -> bool:
    """A possessive or reflexive pronoun: "his", "herself", "her" before a noun (not "told her")."""
    return token.lower_ in _OWN_PRONOUNS and (token.lower_ != "her" or token.dep_ == "poss")


def _has_narration(sentence: Span, around: _Surroundings) -> bool:
    return any(t.is_alpha and t not in around.quoted for t in sentence)


def _someone_else(token: Token, around: _Surroundings) -> bool:
    """A name, or a person noun as a subject ("the minister said"), that is not the speaker's:
    a later pronoun may be theirs."""
    if token.i in around.own:
        return False
    if token.ent_type_ == "PERSON" or token.pos_ == "PROPN" and not token.ent_type_:
        return True
    word = key(token.text)
    person_noun = word in GENDERED_NOUNS or word in PERSON_NOUNS or word in TITLE_WORDS
    return person_noun and token.tag_ == "NN" and token.dep_ in _SUBJECT_DEPS


def _same_clause(token: Token, verb: Token) -> bool:
    """Whether `token` hangs from `verb` without a clause boundary between them (within a few links)."""
    for _ in range(_MAX_DEPTH):
        if token == verb:
            return True
        if token.dep_ in _CLAUSE_DEPS or token.head == token:
            return False
        token = token.head
    return False


class Quotations:
    """Where the text stands inside quotation marks; a quote left open ends with its paragraph."""

    _MARKS = re.compile('[\u201c\u201d\u00ab\u00bb"\n]')

    def __init__(self, text: str):
        self.starts: list[int] = []
        self.ends: list[int] = []
        opened = None
        for mark in self._MARKS.finditer(text):
            char = mark.group()
            if char in _OPENING or char == '"' and opened is None:
                opened = mark.end()
            elif opened is not None:
                self.starts.append(opened)
                self.ends.append(mark.start())
                opened = None

    def __contains__(self, token: Token) -> bool:
        i = bisect.bisect_right(self.starts, token.idx) - 1
        return i >= 0 and token.idx < self.ends[i]


def _first_name_evidence(entity: Entity, first_name: FirstNameLookup) -> GenderEvidence | None:
    """The first word of the person's full name, where the article writes it, in the name data."""
    words = entity.name.split()
    if len(words) < 2 or not words[0].isalpha() or len(words[0]) < 2 or key(words[0]) in HONORIFIC_GENDER:
        return None
    written = (t for m in entity.mentions for t in m if t.text == words[0] and t.i + 1 < len(t.doc))
    token = next((t for t in written if t.pos_ == "PROPN" and t.nbor().text == words[1]), None)
    gender = first_name(words[0]) if token is not None else None
    return _evidence("first_name", gender, token) if gender else None
