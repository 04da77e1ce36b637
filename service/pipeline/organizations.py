"""Organization names, resolved in one place: what the article calls a body in full.

Descriptions name organizations as the sentence does ("GCBC", "the board", "Otters",
"Lakeview"); every stage that reports an organization asks this module for the article's
fullest name of it ("Guild of Coastal Boatbuilders and Chandlers", "Lighthouse Heritage
Board of Canada", "Riverton Otters", "City of Lakeview").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .grammar import (
    POSSESSIVES,
    acronym,
    doc_text,
    entities,
    is_capitalized,
    names_body,
    phrase_text,
    proper_run,
    strip_article,
    trim,
)
from .lexicon import (
    BUSINESS_NOUNS,
    CORPORATE_SUFFIXES,
    ORGANIZATION_NOUNS,
    PARTY_WORDS,
    key,
)

_RECENT_TOKENS = 80  # how far back "the firm" still means the organization just named

_MUNICIPALITIES = "City|Town|Village|Municipality|District|County|Township|Region"

def fullest_organization(doc: Doc, org: str | None) -> str | None:
    """The article's full name for an organization it also abbreviates or shortens:
    "GCBC" -> "Guild of Coastal Boatbuilders and Chandlers", "Green" -> "Green Party",
    a team "Otters" -> "Riverton Otters", "Conservative" -> "Conservatives". Each name is
    looked up once per article (a lookup reads the whole article)."""
    if org is None:
        return None
    found = doc.user_data.setdefault(_FULLEST_KEY, {})
    if org not in found:
        found[org] = _fullest(doc, org)
    return found[org]


_FULLEST_KEY = "quotes.organizations.fullest"
_GOVERNMENTS_KEY = "quotes.organizations.governments"


def _fullest(doc: Doc, org: str) -> str:
    for name, _ in organization_names(doc):
        last = key(name.split()[-1])
        if org.isupper() and len(org) > 1 and acronym(name) == org:
            return name
        if name.startswith(org + " ") and (last in CORPORATE_SUFFIXES or last == "party"):
            return name
    text = named_bodies(doc).text
    party = re.search(rf"\b{re.escape(org)} [Pp]arty\b", text) if key(org) in PARTY_WORDS else None
    if party:
        return party.group(0)
    municipality = _municipality_named(text, org)
    if municipality:
        return municipality
    if org.endswith("s") and " " not in org:
        return _longest_team_name(doc, org)
    return _plural_named(doc, org) or org




def _plural_named(doc: Doc, adjective: str) -> str | None:
    """"Conservative" -> "Conservatives", "Democrat" -> "Democrats": a body written as an adjective before
    a title and named elsewhere by its plural with an article ("the Conservatives"), not a typo ("Acmes")."""
    if " " in adjective or not adjective[:1].isupper():
        return None
    plural = adjective + "s"
    named = any(t.text == plural and t.i > 0 and t.doc[t.i - 1].lower_ == "the" for t in doc)
    return plural if named else None



def _municipality_named(text: str, place: str) -> str | None:
    """"Lakeview" -> "City of Lakeview" where the article names the place's government so: its office
    holders and staff work for the municipality."""
    found = re.search(rf"\b(?:{_MUNICIPALITIES}) of {re.escape(place)}\b", text)
    return found.group(0) if found else None



def _longest_team_name(doc: Doc, team: str) -> str:
    """"Otters" -> "Riverton Otters" where the article writes the place before the team's name."""
    longest = team
    for token in doc:
        if token.text != team:
            continue
        start = token.i
        while start > token.sent.start and is_capitalized(doc[start - 1]) and not doc[start - 1].is_sent_start:
            start -= 1
        if token.i - start < 4 and len(doc[start : token.i + 1].text) > len(longest):
            longest = doc[start : token.i + 1].text
    return longest



def government_named(doc: Doc, near: int) -> str | None:
    """A minister's organization is the government: "the Alberta government", "the Liberal government",
    as the article names it, the one named closest before the speaker (else the first named after);
    "government" where the article names it only so."""
    named, bare = _governments(doc)
    before = [n for n in named if n[0] < near]
    chosen = before[-1] if before else (named[0] if named else None)
    return chosen[1] if chosen else "government" if bare else None


def _governments(doc: Doc) -> tuple[list[tuple[int, str]], bool]:
    """Every "<X> government" the article names, with where; whether it says "the government" bare."""
    found = doc.user_data.get(_GOVERNMENTS_KEY)
    if found is None:
        named, bare = [], False
        for token in doc:
            words = trim(list(doc[token.left_edge.i : token.i + 1])) if token.lower_ == "government" else []
            if len(words) > 1:
                named.append((token.i, phrase_text(words)))
            bare = bare or len(words) == 1
        found = doc.user_data[_GOVERNMENTS_KEY] = (named, bare)
    return found


def organization_in_sentence(span: Span) -> str | None:
    """The organization named in `span`'s sentence, the nearest before it, else the first after it."""
    sent = span.sent
    named = [(name, start) for name, start in organization_names(span.doc) if sent.start <= start < sent.end]
    before = [name for name, start in named if start < span.start]
    after = [name for name, start in named if start >= span.end]
    return before[-1] if before else next(iter(after), None)



def organization_called(noun: Token, definite: bool = True) -> str | None:
    """For "the board", "the firm": the latest organization named before whose name contains the noun
    ("board" -> "Lighthouse Heritage Board of Canada"), else for a firm or company the one named just before."""
    if definite and not (noun.i > 0 and noun.doc[noun.i - 1].lower_ == "the"):
        return None
    if not noun.is_lower or key(noun.text) not in ORGANIZATION_NOUNS:
        return None
    before = [(name, start) for name, start in organization_names(noun.doc) if start < noun.i]
    named = [name for name, _ in before if noun.lower_ in name.lower().split()]
    if named:
        return named[-1]
    recent = before and noun.i - before[-1][1] <= _RECENT_TOKENS
    return before[-1][0] if recent and key(noun.text) in BUSINESS_NOUNS else None



def organization_names(doc: Doc) -> list[tuple[str, int]]:
    """Every organization the article names, written out in full, with where it starts."""
    return named_bodies(doc).organizations



@dataclass(frozen=True, slots=True)
class _NamedBodies:
    """The text, places and organizations of an article, and the words of its people's full names, read
    once per document."""

    text: str
    places: frozenset[str]
    organizations: list[tuple[str, int]]
    organization_words: frozenset[str]
    person_words: frozenset[str]  # words of full names ("Pirie" of "Alan Pirie")



_BODIES_KEY = "quotes.roles.named_bodies"

def named_bodies(doc: Doc) -> _NamedBodies:
    found = doc.user_data.get(_BODIES_KEY)
    if found is None:
        ents = entities(doc)
        places = frozenset(e.text for e in ents if e.label_ in ("GPE", "LOC"))
        organizations = [(_full_name(e), e.start) for e in ents if e.label_ == "ORG" or names_body(e)]
        words = frozenset(t.text for e in ents if e.label_ == "ORG" for t in e)
        person_words = frozenset(t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e)
        found = doc.user_data[_BODIES_KEY] = _NamedBodies(doc_text(doc), places, organizations, words, person_words)
    return found



def _full_name(ent: Span) -> str:
    """An organization's name with the capitalized words the tagger left off either side, without a
    person's possessive: "Board of Canada" -> "Lighthouse Heritage Board of Canada", "Guild of Coastal
    Boatbuilders" -> "... and Chandlers", "Jane Doe's Green Party" -> "Green Party"."""
    doc, start = ent.doc, ent.start
    while start > ent.sent.start and is_capitalized(doc[start - 1]) and not doc[start - 1].ent_type_ and not doc[start - 1].is_stop:
        start -= 1  # "Lighthouse Heritage" + "Board of Canada", not "But" + "the Harbour Pilots Guild"
    owners = [t.i for t in doc[start : ent.end - 1] if t.text in POSSESSIVES and doc[t.i - 1].ent_type_ == "PERSON"]
    start = owners[0] + 1 if owners else start
    return phrase_text(proper_run(trim(list(doc[start : ent.sent.end])), 0)) or strip_article(ent.text)
