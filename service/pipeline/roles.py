"""Stage 6: the role and organization the article gives each speaker.

A speaker's role is read from the constructions news prose uses around any of its
mentions: a title before the name ("former Google CEO Eric Schmidt"), an appositive
after or before it ("Gil Luria, head of research at D.A. Davidson"), a relative
clause or a predicate ("Smith, who heads the union"; "Smith is the mayor of Ottawa").
A nominal or group mention describes itself ("a spokesperson for Health Canada").
The first role stated holds for all of the speaker's quotes; nothing stated: None.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    COPULAS,
    CORPORATE_SUFFIXES,
    DOMAIN_WORDS,
    ORGANIZATION_NOUNS,
    OFFICE_WORDS,
    PARTY_WORDS,
    PORTFOLIO_WORDS,
    PRONOUNS,
    QUALIFIERS,
    RELATION_NOUNS,
    ROLE_VERBS,
    TITLE_WORDS,
    key,
)
from .mentions import acronym, is_capitalized, is_name_word, name_part
from .types import Entity

Description = tuple[str | None, str | None]

ORG_PREPOSITIONS = frozenset({"at", "for", "of", "with"})
_POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
_CONNECTORS = frozenset({"of", "the", "and", "&", "+", "de", "du", "for"}) | _POSSESSIVES
_NAME_INNER_WORDS = frozenset({"with", "to", "on", "in"})  # "Dying with Dignity Canada"
_OPEN_TAGS = frozenset({"DT", "PDT", "CD", "PRP$"})
_QUANTIFIERS = frozenset("some several many most all both few other those these".split())
_BOUNDARY_TEXT = frozenset([*',;:()[]"\u201c\u201d\u2014\u2013', "--"])
_NOT_ROLES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_PREFIX_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "JJ", "HYPH", "POS", "VBN", "VBG"})
_MAX_PHRASE = 30


def describe(doc: Doc, entity: Entity) -> Description:
    """Role and organization of one speaker, as the article states them."""
    if entity.kind == "organization":
        return None, _strip_article(entity.name)
    mentions = sorted(entity.mentions, key=lambda m: m.start)
    found = [d for m in mentions for d in mention_descriptions(m)]
    if entity.kind == "group":
        found = [d for d in found if d[1]]
    role, org = _first_stated(found)
    return role, _fullest_organization(doc, org)


def _fullest_organization(doc: Doc, org: str | None) -> str | None:
    """The article's full name for an organization it also abbreviates or shortens:
    "SMMT" -> "Society of Motor Manufacturers and Traders", "Green" -> "Green Party"."""
    if org is None:
        return None
    for name, _ in _organization_names(doc):
        last = key(name.split()[-1])
        if org.isupper() and len(org) > 1 and acronym(name) == org:
            return name
        if name.startswith(org + " ") and (last in CORPORATE_SUFFIXES or last == "party"):
            return name
        if name.endswith(" " + org) and org.endswith("s") and " " not in org:
            return name
    return org


def mention_descriptions(span: Span) -> list[Description]:
    """Every (role, organization) stated around one mention, in reading order."""
    if span.root.lower_ in PRONOUNS:
        return []
    name = name_part(span)
    if name is None or name.end != _without_possessive(span).end:
        return [d for d in [split_phrase(_nominal_phrase(span))] if d != (None, None)]
    found = [_prefix(name), _appositive_before(name), _appositive_after(name), _clause(name)]
    return [d for d in found if d is not None and d != (None, None)]


def _without_base(tokens: list[Token]) -> list[Token]:
    """Leave out where a speaker is based ("a Boston-based engineer"): a place, not an employer."""
    based = {t.i for t in tokens if t.lower_ == "based" and t.i >= 2 and t.doc[t.i - 1].text == "-"}
    return [t for t in tokens if not {t.i, t.i + 1, t.i + 2} & based]


def split_phrase(tokens: list[Token] | Span) -> Description:
    """Split a descriptor into role and organization.

    "head of technology research at investment firm D.A. Davidson" -> ("head of technology research", "D.A. Davidson");
    "former Google CEO" -> ("former CEO", "Google"); "Google's chief economist" -> ("chief economist", "Google").
    """
    tokens = _trim(_without_base(list(tokens)))
    if not tokens:
        return None, None
    head, org = _split_prepositional_org(tokens)
    head, owner = _split_possessive(_without_adjuncts(head))
    role_tokens, run = _classify(head)
    role = _text(role_tokens) if any(_is_role_noun(t) for t in role_tokens) else None
    if run and not _names_employer(run, role_tokens):
        run = []
    return role, org or owner or (_text(run) if run else None)


def _without_adjuncts(tokens: list[Token]) -> list[Token]:
    """Cut a role at a prepositional phrase other than "of": "adviser to prime ministers" -> "adviser"."""
    for i, token in enumerate(tokens):
        if i > 0 and token.tag_ == "IN" and token.lower_ != "of" and any(_is_role_noun(t) for t in tokens[:i]):
            return tokens[:i]
    return tokens


def _names_employer(run: list[Token], role_tokens: list[Token]) -> bool:
    """Whether words before a title name who the speaker works for.

    A place is the employer of office holders ("Nova Scotia Health Minister", "Ottawa Mayor"), not of
    others ("a Halifax radiation oncologist"); a nationality never is ("Canadian boccia player").
    """
    labels = {t.ent_type_ for t in run}
    if any(_is_personal_name(t) for t in run):
        return False
    if labels == {"NORP"}:
        return any(key(t.text) in PARTY_WORDS or t.tag_ in ("NNS", "NNPS") for t in run)
    if labels <= {"GPE", "LOC"} and labels:
        return any(key(t.text) in OFFICE_WORDS or _is_title(t) for t in role_tokens)
    return True


def _first_stated(found: list[Description]) -> Description:
    """The first role stated, with its organization or else the first organization stated."""
    role, org = next((d for d in found if d[0]), (None, None))
    return role, org or next((d[1] for d in found if d[1]), None)


def _prefix(name: Span) -> Description | None:
    """A title written before the name: "OpenAI CEO Sam Altman", "NDP MP Jenny Kwan"."""
    doc = name.doc
    start = name.start
    while start > name.sent.start and (_continues_prefix(doc[start - 1]) or _inside_name(doc, start - 1, name.sent.start)):
        start -= 1
    if start == name.start:
        return None
    role, org = split_phrase(doc[start : name.start])
    possessive = doc[name.start - 1].text in _POSSESSIVES
    named_body = any(t.ent_type_ in ("ORG", "NORP") for t in doc[start : name.start])
    return (role, org) if role or possessive or named_body else None


def _continues_prefix(token: Token) -> bool:
    """Words of a title phrase; a plural object ("told reporters Smith ...") is not one."""
    if token.ent_type_ in _NOT_ROLES - {"CARDINAL"} or _is_personal_name(token):
        return False
    if token.text == ".":
        return token.dep_ != "punct"
    if token.tag_.startswith("VB"):
        return token.tag_ == "VBG" and token.dep_ in ("amod", "compound") or key(token.text) in QUALIFIERS
    if token.dep_ == "pobj" or token.tag_ == "NNS" and token.dep_ in ("dobj", "dative"):
        return False
    if token.like_num:
        return token.i > 0 and is_capitalized(token.doc[token.i - 1])
    return token.tag_ in _PREFIX_TAGS or token.text in _POSSESSIVES or token.text in ("-", "&")


def _inside_name(doc: Doc, i: int, floor: int) -> bool:
    """A connector between capitalized words: "of the" in "University of the Fraser Valley"."""
    if doc[i].lower_ not in _CONNECTORS:
        return False
    left, right = i, i + 1
    while left > floor and doc[left].lower_ in _CONNECTORS:
        left -= 1
    while right < len(doc) - 1 and doc[right].lower_ in _CONNECTORS:
        right += 1
    return is_capitalized(doc[left]) and is_capitalized(doc[right]) or _between_nouns(doc, i)


def _between_nouns(doc: Doc, i: int) -> bool:
    """"and"/"of" joining nouns of one title: "oil and gas worker", "minister of infrastructure"."""
    return doc[i].lower_ in ("and", "of") and i > 0 and doc[i - 1].tag_ == "NN" and doc[i + 1].tag_ == "NN"


def _appositive_after(name: Span) -> Description | None:
    """"Gil Luria, head of technology research at D.A. Davidson," and "Smith, 45, a nurse"."""
    doc, i = name.doc, name.end
    if i >= name.sent.end or doc[i].text != ",":
        return None
    i += 1
    while i + 1 < name.sent.end and doc[i].like_num and doc[i + 1].text == ",":
        i += 2
    if i >= name.sent.end:
        return None
    if doc[i].lower_ in ("who", "whose"):
        return _relative_clause(doc[i])
    phrase = _phrase_from(doc, i, name.sent.end)
    if not phrase or _is_person_name(phrase) or phrase[0].tag_ in ("IN", "RB", "VBG", "VBD"):
        return None
    role, org = split_phrase(phrase)
    return (role, org) if role else None


def _appositive_before(name: Span) -> Description | None:
    """"A spokeswoman for the ministry, Jane Doe, said" and "The agency's CEO, Kevin Desmond"."""
    doc, comma = name.doc, name.start - 1
    if comma <= name.sent.start or doc[comma].text != ",":
        return None
    start = comma
    while start > name.sent.start and not _is_boundary(doc[start - 1]):
        start -= 1
    if start > name.sent.start and doc[start - 1].text != ",":
        return None
    phrase = list(doc[start:comma])
    while phrase and phrase[0].tag_ in ("CC", "RB", "UH"):
        phrase = phrase[1:]
    if any(t.ent_type_ in _NOT_ROLES for t in phrase):
        return None
    if not phrase or phrase[0].tag_ not in ("DT", "PRP$", "NNP", "NN", "JJ") or phrase[0].dep_ == "prep":
        return None
    role, org = split_phrase(phrase)
    return (role, org) if role else None


def _clause(name: Span) -> Description | None:
    """A predicate about the speaker: "Smith is the mayor of Ottawa", "Chapman with the union"."""
    root = name.root
    for child in root.rights:
        if child.dep_ == "relcl":
            return _relative_clause(child)
    after = _phrase_from(name.doc, name.end, name.sent.end)
    if after and after[0].lower_ in ORG_PREPOSITIONS:
        org = _body_named(_trim(after[1:]))
        if org:
            return None, org
    if len(after) > 2 and after[0].lower_ == "and" and after[1].lower_ == "other":
        return _one_of(after[2:])
    head = root.head
    if root.dep_ not in ("nsubj", "nsubjpass") or head.i < root.i:
        return None
    if head.lower_ in COPULAS:
        return _predicate(head)
    return _capacity(head)


def _one_of(tokens: list[Token]) -> Description | None:
    """"Lonechild and other youth representatives": one of them, in the singular."""
    role, org = split_phrase(tokens)
    if role is None or tokens[0].tag_ not in ("JJ", "NN", "NNS", "NNP"):
        return None
    words = role.split()
    return " ".join([*words[:-1], _singular(words[-1])]), org


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _capacity(verb: Token) -> Description | None:
    """"Easley is familiar with this, as a social scientist": the capacity the speaker acts in."""
    for token in [*verb.children, *(g for c in verb.children if c.dep_ in ("acomp", "advmod") for g in c.children)]:
        if token.lower_ != "as" or token.dep_ != "prep":
            continue
        objects = [c for c in token.children if c.dep_ == "pobj" and c.tag_ == "NN" and c.lower_ not in RELATION_NOUNS]
        if objects:
            role, org = split_phrase(_phrase_from(verb.doc, token.i + 1, verb.sent.end))
            return (role, org) if role else None
    return None


def _relative_clause(token: Token) -> Description | None:
    """"who heads the union", "who is the mayor of Ottawa"; `token` is "who" or the clause verb."""
    verb = token if token.dep_ == "relcl" else token.head
    if verb.lower_ in COPULAS:
        return _predicate(verb)
    if verb.lower_ in ROLE_VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        org = _proper_run(_trim(list(objects[0].subtree)), 0) if objects else []
        return ROLE_VERBS[verb.lower_], _text(org) if org else None
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "for", "at", "with"):
            org = _body_named(_trim(list(prep.subtree)[1:]))
            if org:
                return None, org
    return None


def _body_named(tokens: list[Token]) -> str | None:
    """The organization a phrase starts with, if it names one: "the Ice Allocation Committee"."""
    run = _proper_run(tokens, 0)
    if not run or all(t.ent_type_ in ("PERSON", "GPE", "LOC", "NORP") for t in run):
        return None
    return _text(run)


def _predicate(copula: Token) -> Description | None:
    """"is the mayor of Ottawa"; a judgment ("is the most divisive leader") is no role."""
    attrs = [c for c in copula.children if c.dep_ == "attr" and c.tag_ in ("NN", "NNS") and c.lower_ not in RELATION_NOUNS]
    if not attrs or any(t.tag_ in ("JJS", "RBS") for t in attrs[0].lefts):
        return None
    attr = attrs[0]
    role, org = split_phrase(_phrase_from(attr.doc, attr.left_edge.i, attr.sent.end))
    return (role, org) if role else None


def _nominal_phrase(span: Span) -> list[Token]:
    """A nominal mention with the phrase that qualifies it: "a spokesperson" + " for Health Canada"."""
    doc, root = span.doc, span.root
    end = span.end
    while end <= root.right_edge.i and end < span.sent.end and not _is_boundary(doc[end]):
        end += 1
    return list(doc[span.start : end])


def _phrase_from(doc: Doc, start: int, limit: int) -> list[Token]:
    end = start
    while end < min(limit, start + _MAX_PHRASE) and not _is_boundary(doc[end]):
        end += 1
    return list(doc[start:end])


def _is_boundary(token: Token) -> bool:
    """Where a descriptor ends: punctuation, a clause, a finite verb."""
    if token.text in _BOUNDARY_TEXT or token.tag_ in ("WDT", "WP", "WP$"):
        return True
    if token.text == "." or token.tag_ in (".", ":"):
        return token.dep_ == "punct"
    in_name = is_capitalized(token) and not token.is_sent_start
    in_compound = token.dep_ in ("amod", "compound", "nmod") or _next_to_hyphen(token) or in_name
    return token.pos_ in ("VERB", "AUX") and not in_compound


def _next_to_hyphen(token: Token) -> bool:
    doc = token.doc
    return (token.i > 0 and doc[token.i - 1].text == "-") or (token.i + 1 < len(doc) and doc[token.i + 1].text == "-")


def _trim(tokens: list[Token]) -> list[Token]:
    """Leave out leading articles, numbers and quantifiers, and dangling connectors."""
    while tokens and (tokens[0].tag_ in _OPEN_TAGS or tokens[0].lower_ in _QUANTIFIERS or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in _CONNECTORS or tokens[-1].is_punct and tokens[-1].text != "."):
        tokens = tokens[:-1]
    return tokens


def _split_prepositional_org(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """"spokesperson for Health Canada" -> (["spokesperson"], "Health Canada"); a lowercase object stays."""
    for i, token in enumerate(tokens):
        if token.lower_ not in ORG_PREPOSITIONS or i == 0 or not _is_role_word(tokens[i - 1]):
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j].tag_ in _OPEN_TAGS or tokens[j].is_lower and tokens[j].lower_ not in ORG_PREPOSITIONS):
            j += 1
        run = _proper_run(tokens, j)
        obj = _trim(tokens[i + 1 :])
        called = _organization_called(obj[0]) if len(obj) == 1 else None
        if called:
            return tokens[:i], called
        if not run or all(key(t.text) in PORTFOLIO_WORDS for t in run):
            continue
        if all(t.ent_type_ == "PERSON" for t in run):
            return tokens[:i], None
        return tokens[:i], _text(run)
    return tokens, None


def _organization_called(noun: Token) -> str | None:
    """For "the board", "the agency": the latest organization named before whose name contains the noun
    ("board" -> "Parole Board of Canada")."""
    definite = noun.i > 0 and noun.doc[noun.i - 1].lower_ == "the"
    if not definite or not noun.is_lower or key(noun.text) not in ORGANIZATION_NOUNS:
        return None
    found = None
    for name, start in _organization_names(noun.doc):
        if start < noun.i and noun.lower_ in name.lower().split():
            found = name
    return found


def _organization_names(doc: Doc) -> list[tuple[str, int]]:
    """Every organization the article names, written out in full, with where it starts."""
    names = []
    for ent in doc.ents:
        if ent.label_ == "ORG":
            names.append((_text(_proper_run(_trim(list(doc[ent.start : ent.sent.end])), 0)) or _strip_article(ent.text), ent.start))
    return names


def _split_possessive(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """"Google's chief economist" -> (["chief", "economist"], "Google"); a person's possessive names no body."""
    for i, token in enumerate(tokens):
        if token.text in _POSSESSIVES and i > 0:
            owner = _trim(tokens[:i])
            if len(owner) == 1 and owner[0].is_lower:
                return tokens[i + 1 :], _organization_called(owner[0])
            is_body = owner and is_capitalized(owner[-1]) and owner[-1].ent_type_ != "PERSON"
            return tokens[i + 1 :], _text(owner) if is_body else None
    return tokens, None


def _proper_run(tokens: list[Token], start: int) -> list[Token]:
    """The capitalized name starting at `start`, with inner connectors: "University of the Fraser Valley"."""
    if start >= len(tokens) or not is_capitalized(tokens[start]) or tokens[start].ent_type_ in _NOT_ROLES:
        return []
    end = start + 1
    while end < len(tokens):
        token = tokens[end]
        if is_capitalized(token) or token.like_num or token.text == ".":
            end += 1
        elif token.lower_ in _CONNECTORS and any(is_capitalized(t) for t in tokens[end + 1 : end + 3]):
            end += 1
        elif token.lower_ in _NAME_INNER_WORDS and end + 1 < len(tokens) and is_capitalized(tokens[end + 1]):
            end += 1
        else:
            break
    while tokens[end - 1].lower_ in _CONNECTORS:
        end -= 1
    return tokens[start:end]


def _classify(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Role words and the first run of organization words in a title phrase.

    Capitalized words that are not titles name the organization ("OpenAI Chief Product Officer");
    a portfolio next to a title stays in the role ("Finance Minister", "Attorney General").
    """
    is_role = [_is_role_word(t) for t in tokens]
    for i in range(1, len(tokens) - 1):
        if _is_title(tokens[i - 1]) and _is_title(tokens[i + 1]) and tokens[i].tag_ == "NNP":
            is_role[i] = True
    for _ in range(2):
        for i, token in enumerate(tokens):
            near_title = any(is_role[j] and is_capitalized(tokens[j]) for j in (i - 1, i + 1) if 0 <= j < len(tokens))
            if not is_role[i] and key(token.text) in PORTFOLIO_WORDS and near_title:
                is_role[i] = True
    for i, token in enumerate(tokens):
        if (token.text in (".", "-") or token.like_num) and i > 0:
            is_role[i] = is_role[i - 1]
    run: list[Token] = []
    for i, token in enumerate(tokens):
        if not is_role[i]:
            run.append(token)
        elif run and token.lower_ in _CONNECTORS and _org_follows(tokens, is_role, i + 1):
            run.append(token)
        elif run:
            break
    taken = {t.i for t in run}
    role = [t for i, t in enumerate(tokens) if is_role[i] and t.i not in taken and (not t.is_punct or t.text in ".-")]
    return role, run


def _org_follows(tokens: list[Token], is_role: list[bool], i: int) -> bool:
    """Whether an organization word comes next, past connectors ("Bank of the ...")."""
    while i < len(tokens) and tokens[i].lower_ in _CONNECTORS:
        i += 1
    return i < len(tokens) and not is_role[i]


def _is_person_name(tokens: list[Token]) -> bool:
    return all(_is_personal_name(t) for t in tokens)


def _is_personal_name(token: Token) -> bool:
    """A word of a person's name; plurals ("Sharks") are teams the tagger took for people."""
    return token.ent_type_ == "PERSON" and is_name_word(token) and token.tag_ not in ("NNS", "NNPS")


def _is_title(token: Token) -> bool:
    return is_capitalized(token) and key(token.text) in TITLE_WORDS


def _is_role_word(token: Token) -> bool:
    k = key(token.text)
    return k in QUALIFIERS or k in TITLE_WORDS or k in DOMAIN_WORDS or not is_capitalized(token)


def _is_role_noun(token: Token) -> bool:
    return key(token.text) in TITLE_WORDS or token.tag_ in ("NN", "NNS", "NNP", "NNPS") and key(token.text) not in DOMAIN_WORDS


def _text(tokens: list[Token]) -> str | None:
    """The words as written, one space where words were left out between them."""
    out = []
    for k, token in enumerate(tokens):
        out.append(token.text)
        adjacent = k + 1 < len(tokens) and tokens[k + 1].i == token.i + 1
        out.append(token.whitespace_ if adjacent else " ")
    text = re.sub(r"\s+", " ", "".join(out)).strip(" ,;:")
    text = re.sub(r"^(?:(?:and|of|at|for|with|the|a|an)\s+)+|(?:\s+(?:and|of|at|for|with))+$", "", text)
    return text or None


def _without_possessive(span: Span) -> Span:
    end = span.end
    while end > span.start and span.doc[end - 1].text in _POSSESSIVES:
        end -= 1
    return span.doc[span.start : end]


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The|THE)\s+", "", name)
