"""Descriptors split into role and organization, as the article writes them.

A descriptor is the phrase that says what a speaker is: "head of technology research at
investment firm D.A. Davidson", "former Google CEO", "the board's chair". Capitalized words
that are not titles name the organization; titles, qualifiers and common nouns make the role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    BUSINESS_NOUNS,
    CORPORATE_SUFFIXES,
    DOMAIN_WORDS,
    OFFICE_WORDS,
    ORGANIZATION_NOUNS,
    PARTY_WORDS,
    PORTFOLIO_WORDS,
    QUALIFIERS,
    TITLE_WORDS,
    key,
)
from .mentions import POSSESSIVES, acronym, is_capitalized, is_name_word, names_body

Description = tuple[str | None, str | None]
ORG_PREPOSITIONS = frozenset({"at", "for", "of", "with"})
CONNECTORS = frozenset({"of", "the", "and", "&", "+", "de", "du", "for"}) | POSSESSIVES
_NAME_INNER_WORDS = frozenset({"with", "to", "on", "in", "-"})  # "Paddling with Pride Canada", "Ashby-Kern"
OPEN_TAGS = frozenset({"DT", "PDT", "CD", "PRP$"})
_RECENT_TOKENS = 80  # how far back "the firm" still means the organization just named
_QUANTIFIERS = frozenset("some several many most all both few other those these".split())
_AGE_UNITS = frozenset({"year", "years", "month", "months"})
_MUNICIPALITIES = "City|Town|Village|Municipality|District|County|Township|Region"
NOT_ROLES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})


def split_phrase(tokens: list[Token] | Span) -> Description:
    """Split a descriptor into role and organization.

    "head of technology research at investment firm D.A. Davidson"
        -> ("head of technology research", "D.A. Davidson");
    "former Google CEO" -> ("former CEO", "Google"); "Google's chief economist" -> ("chief economist", "Google").
    """
    tokens = trim(_without_age(_without_base(list(tokens))))
    if not tokens:
        return None, None
    head, org = _split_prepositional_org(tokens)
    head, owner = _split_possessive(_without_adjuncts(head))
    head, modifier = _split_body_modifier(head)
    role_tokens, run = _classify(head)
    role = text_of(role_tokens) if any(_is_role_noun(t) for t in role_tokens) else None
    if run and not _names_employer(run, role_tokens):
        run = []
    return role, org or owner or modifier or (text_of(run) if run else None)


def _without_base(tokens: list[Token]) -> list[Token]:
    """Leave out where a speaker is based ("a Boston-based engineer"): a place, not an employer."""
    based = {t.i for t in tokens if t.lower_ == "based" and t.i >= 2 and t.doc[t.i - 1].text == "-"}
    return [t for t in tokens if not {t.i, t.i + 1, t.i + 2} & based]


def _without_age(tokens: list[Token]) -> list[Token]:
    """Leave out an age ("the 29-year-old golfer"): it says nothing of the speaker's position."""
    age = set()
    for t in tokens:
        words = t.doc[t.i - 4 : t.i + 1] if t.lower_ == "old" and t.i >= 4 else []
        if words and words[0].like_num and words[2].lower_ in _AGE_UNITS and words[1].text == words[3].text == "-":
            age.update(range(t.i - 4, t.i + 1))
    return [t for t in tokens if t.i not in age]


def trim(tokens: list[Token]) -> list[Token]:
    """Leave out leading articles, numbers, quantifiers and possessive endings, and dangling connectors."""
    while tokens and (tokens[0].tag_ in OPEN_TAGS or _is_leading_filler(tokens[0])):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in CONNECTORS or tokens[-1].is_punct and tokens[-1].text != "."):
        tokens = tokens[:-1]
    return tokens


def _is_leading_filler(token: Token) -> bool:
    return token.lower_ in _QUANTIFIERS or token.is_punct or token.text in POSSESSIVES


def _split_prepositional_org(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """"spokesperson for Health Canada" -> (["spokesperson"], "Health Canada"); a lowercase object stays."""
    for i, token in enumerate(tokens):
        if token.lower_ not in ORG_PREPOSITIONS or i == 0 or not is_role_word(tokens[i - 1]):
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j].tag_ in OPEN_TAGS or _is_descriptor_word(tokens[j])):
            j += 1
        run = proper_run(tokens, j)
        obj = trim(tokens[i + 1 :])
        called = organization_called(obj[0]) if len(obj) == 1 else None
        if called:
            return tokens[:i], called
        if not run or _is_portfolio(run):
            continue
        if all(t.ent_type_ == "PERSON" for t in run):
            return tokens[:i], None
        return tokens[:i], text_of(run + _owned_body(tokens, tokens.index(run[-1]) + 1))
    return tokens, None


def _owned_body(tokens: list[Token], i: int) -> list[Token]:
    """The body an organization's possessive goes on to name: "Westview School" + "'s parent council"."""
    if i >= len(tokens) or tokens[i].text not in POSSESSIVES:
        return []
    end = i + 1
    while end < len(tokens) and tokens[end].is_lower and key(tokens[end].text) not in ORGANIZATION_NOUNS:
        end += 1
    is_body = end < len(tokens) and tokens[end].is_lower and key(tokens[end].text) in ORGANIZATION_NOUNS
    return tokens[i : end + 1] if is_body else []


def _is_descriptor_word(token: Token) -> bool:
    """A lowercase word before an organization's name: "investment firm" in "at investment firm X"."""
    return token.is_lower and token.lower_ not in ORG_PREPOSITIONS


def _is_portfolio(run: list[Token]) -> bool:
    """"Health and Seniors" in "Minister of Health and Seniors": part of the title."""
    return all(key(t.text) in PORTFOLIO_WORDS | TITLE_WORDS or not is_capitalized(t) for t in run)


def _split_possessive(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """"Google's chief economist" -> (["chief", "economist"], "Google"); a person's possessive is no body."""
    for i, token in enumerate(tokens):
        if token.text in POSSESSIVES and i > 0:
            owner = trim(tokens[:i])
            if len(owner) == 1 and owner[0].is_lower:
                return tokens[i + 1 :], organization_called(owner[0])
            is_body = owner and is_capitalized(owner[-1]) and owner[-1].ent_type_ != "PERSON"
            return tokens[i + 1 :], text_of(owner) if is_body else None
    return tokens, None


def _split_body_modifier(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """"a board spokeswoman" -> (["spokeswoman"], "Lighthouse Heritage Board of Canada"), the board the article named."""
    for i, token in enumerate(tokens[:-1]):
        if key(tokens[i + 1].text) in TITLE_WORDS and token.is_lower:
            called = organization_called(token, definite=False)
            if called:
                return tokens[:i] + tokens[i + 1 :], called
    return tokens, None


def _without_adjuncts(tokens: list[Token]) -> list[Token]:
    """Cut a role at a prepositional phrase other than "of": "adviser to prime ministers" -> "adviser"."""
    for i, token in enumerate(tokens):
        hyphenated = tokens[i - 1].text == "-" if i > 0 else False
        is_adjunct = token.tag_ == "IN" and token.lower_ != "of" and not hyphenated
        if i > 0 and is_adjunct and any(_is_role_noun(t) for t in tokens[:i]):
            return tokens[:i]
    return tokens


def _classify(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Role words and the first run of organization words in a title phrase.

    Capitalized words that are not titles name the organization ("OpenAI Chief Product Officer");
    a portfolio next to a title stays in the role ("Finance Minister", "Attorney General").
    """
    is_role = [is_role_word(t) for t in tokens]
    for i in range(1, len(tokens) - 1):
        if _is_title(tokens[i - 1]) and _is_title(tokens[i + 1]) and tokens[i].tag_ == "NNP":
            is_role[i] = True
    for _ in range(2):
        for i, token in enumerate(tokens):
            if not is_role[i] and key(token.text) in PORTFOLIO_WORDS and _beside_title(tokens, is_role, i):
                is_role[i] = True
    for i, token in enumerate(tokens):
        if (token.text in (".", "-") or token.like_num) and i > 0:
            is_role[i] = is_role[i - 1]
    run: list[Token] = []
    for i, token in enumerate(tokens):
        if not is_role[i]:
            run.append(token)
        elif run and token.lower_ in CONNECTORS and _org_follows(tokens, is_role, i + 1):
            run.append(token)
        elif run:
            break
    taken = {t.i for t in run}
    role = [t for i, t in enumerate(tokens) if is_role[i] and t.i not in taken and (not t.is_punct or t.text in ".-")]
    return role, run


def _beside_title(tokens: list[Token], is_role: list[bool], i: int) -> bool:
    """Whether a capitalized role word is next to token `i`, past "of", "and" or a comma."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(tokens) and tokens[j].lower_ in ("of", "and", ","):
            j += step
        if 0 <= j < len(tokens) and is_role[j] and is_capitalized(tokens[j]):
            return True
    return False


def _org_follows(tokens: list[Token], is_role: list[bool], i: int) -> bool:
    """Whether an organization word comes next, past connectors ("Bank of the ...")."""
    while i < len(tokens) and tokens[i].lower_ in CONNECTORS:
        i += 1
    return i < len(tokens) and not is_role[i]


def _names_employer(run: list[Token], role_tokens: list[Token]) -> bool:
    """Whether words before a title name who the speaker works for.

    A place is the employer of office holders ("Yukon Health Minister", "Ottawa Mayor"), not of
    others ("a Port Ellery family doctor"), nor is a word written as an adjective, however tagged; a
    nationality never is ("Canadian rowing coach").
    """
    labels = {t.ent_type_ for t in run} | _labels_elsewhere(run)
    if any(is_personal_name(t) for t in run):
        return False
    if labels == {"NORP"}:
        return any(key(t.text) in PARTY_WORDS or t.tag_ in ("NNS", "NNPS") for t in run)
    is_place = labels & {"GPE", "LOC"} and labels <= {"GPE", "LOC", "ORG", ""}
    if is_place or _is_adjective(run):
        return any(key(t.text) in OFFICE_WORDS or _is_title(t) for t in role_tokens)
    return True


def _is_adjective(run: list[Token]) -> bool:
    """"a Port Ellery radiologist" tagged as an adjective; a party ("Tory") or a body ("Crown") is none."""
    bodies = PARTY_WORDS | ORGANIZATION_NOUNS
    return all(t.tag_ == "JJ" for t in run) and not any(key(t.text) in bodies for t in run)


def _labels_elsewhere(run: list[Token]) -> set[str]:
    """"GPE" where the tagger takes the same words for a place elsewhere in the article ("Brackenford")."""
    return {"GPE"} if text_of(run) in _named_bodies(run[0].doc).places else set()


def proper_run(tokens: list[Token], start: int) -> list[Token]:
    """The capitalized name starting at `start`, with inner connectors: "University of the Kestrel Valley"."""
    if start >= len(tokens) or not is_capitalized(tokens[start]) or tokens[start].ent_type_ in NOT_ROLES:
        return []
    end = start + 1
    while end < len(tokens):
        token = tokens[end]
        if is_capitalized(token) or token.like_num or token.text == "." and token.dep_ != "punct":
            end += 1
        elif token.lower_ == "and" and end + 1 < len(tokens) and tokens[end + 1].tag_ == "DT":
            break
        elif token.lower_ in CONNECTORS and any(is_capitalized(t) for t in tokens[end + 1 : end + 3]):
            end += 1
        elif token.lower_ in _NAME_INNER_WORDS and end + 1 < len(tokens) and is_capitalized(tokens[end + 1]):
            end += 1
        else:
            break
    while tokens[end - 1].lower_ in CONNECTORS:
        end -= 1
    return tokens[start:end]


def is_role_word(token: Token) -> bool:
    k = key(token.text)
    opens_sentence = token.is_sent_start and token.tag_ == "JJ" and token.ent_type_ != "ORG"
    lowercase = not is_capitalized(token) or opens_sentence
    return k in QUALIFIERS or k in TITLE_WORDS or k in DOMAIN_WORDS or lowercase


def _is_role_noun(token: Token) -> bool:
    is_noun = token.tag_ in ("NN", "NNS", "NNP", "NNPS")
    return key(token.text) in TITLE_WORDS or is_noun and key(token.text) not in DOMAIN_WORDS


def _is_title(token: Token) -> bool:
    return is_capitalized(token) and key(token.text) in TITLE_WORDS


def is_person_name(tokens: list[Token]) -> bool:
    return all(is_personal_name(t) for t in tokens)


def is_personal_name(token: Token) -> bool:
    """A word of a person's name. Plurals ("Otters") are teams the tagger took for people, and a word it
    also tags as a place or an organization elsewhere ("Brackenford", "OpenAI") is that."""
    if token.ent_type_ != "PERSON" or not is_name_word(token) or token.tag_ in ("NNS", "NNPS"):
        return False
    bodies = _named_bodies(token.doc)
    return token.text not in bodies.places and token.text not in bodies.organization_words


def text_of(tokens: list[Token]) -> str | None:
    """The words as written, one space where words were left out between them."""
    out = []
    for k, token in enumerate(tokens):
        out.append(token.text)
        adjacent = k + 1 < len(tokens) and tokens[k + 1].i == token.i + 1
        out.append(token.whitespace_ if adjacent else " ")
    text = re.sub(r"\s+", " ", "".join(out)).strip(" ,;:")
    text = re.sub(r"^(?:(?:and|of|at|for|with|the|a|an)\s+)+|(?:\s+(?:and|of|at|for|with))+$", "", text)
    return text or None


def strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The|THE)\s+", "", name)


def fullest_organization(doc: Doc, org: str | None) -> str | None:
    """The article's full name for an organization it also abbreviates or shortens:
    "GCBC" -> "Guild of Coastal Boatbuilders and Chandlers", "Green" -> "Green Party",
    a team "Otters" -> "Riverton Otters", "Conservative" -> "Conservatives"."""
    if org is None:
        return None
    for name, _ in _organization_names(doc):
        last = key(name.split()[-1])
        if org.isupper() and len(org) > 1 and acronym(name) == org:
            return name
        if name.startswith(org + " ") and (last in CORPORATE_SUFFIXES or last == "party"):
            return name
    text = _named_bodies(doc).text
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
    as the article names it, the one named closest before the speaker (else the first named after)."""
    named = []
    for token in doc:
        words = trim(list(doc[token.left_edge.i : token.i + 1])) if token.lower_ == "government" else []
        if len(words) > 1:
            named.append((token.i, text_of(words)))
    before = [n for n in named if n[0] < near]
    chosen = before[-1] if before else (named[0] if named else None)
    return chosen[1] if chosen else None


def organization_in_sentence(span: Span) -> str | None:
    """The organization named in `span`'s sentence, the nearest before it, else the first after it."""
    sent = span.sent
    named = [(name, start) for name, start in _organization_names(span.doc) if sent.start <= start < sent.end]
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
    before = [(name, start) for name, start in _organization_names(noun.doc) if start < noun.i]
    named = [name for name, _ in before if noun.lower_ in name.lower().split()]
    if named:
        return named[-1]
    recent = before and noun.i - before[-1][1] <= _RECENT_TOKENS
    return before[-1][0] if recent and key(noun.text) in BUSINESS_NOUNS else None


def _organization_names(doc: Doc) -> list[tuple[str, int]]:
    """Every organization the article names, written out in full, with where it starts."""
    return _named_bodies(doc).organizations


@dataclass(frozen=True, slots=True)
class _NamedBodies:
    """The text, places and organizations of an article, read once per document."""

    text: str
    places: frozenset[str]
    organizations: list[tuple[str, int]]
    organization_words: frozenset[str]


_BODIES_KEY = "quotes.roles.named_bodies"


def _named_bodies(doc: Doc) -> _NamedBodies:
    found = doc.user_data.get(_BODIES_KEY)
    if found is None:
        ents = list(doc.ents)
        places = frozenset(e.text for e in ents if e.label_ in ("GPE", "LOC"))
        organizations = [(_full_name(e), e.start) for e in ents if e.label_ == "ORG" or names_body(e)]
        words = frozenset(t.text for e in ents if e.label_ == "ORG" for t in e)
        found = doc.user_data[_BODIES_KEY] = _NamedBodies(doc.text, places, organizations, words)
    return found


def _full_name(ent: Span) -> str:
    """An organization's name with the capitalized words the tagger left off either side, without a
    person's possessive: "Board of Canada" -> "Lighthouse Heritage Board of Canada", "Guild of Coastal
    Boatbuilders" -> "... and Chandlers", "Jane Doe's Green Party" -> "Green Party"."""
    doc, start = ent.doc, ent.start
    while start > ent.sent.start and is_capitalized(doc[start - 1]) and not doc[start - 1].ent_type_:
        start -= 1
    owners = [t.i for t in doc[start : ent.end - 1] if t.text in POSSESSIVES and doc[t.i - 1].ent_type_ == "PERSON"]
    start = owners[0] + 1 if owners else start
    return text_of(proper_run(trim(list(doc[start : ent.sent.end])), 0)) or strip_article(ent.text)
