"""Descriptors split into role and organization, as the article writes them.

A descriptor is the phrase that says what a speaker is: "head of technology research at
investment firm D.A. Davidson", "former Google CEO", "the board's chair". Capitalized words
that are not titles name the organization; titles, qualifiers and common nouns make the role.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from .grammar import (
    CONNECTORS,
    OPEN_TAGS,
    POSSESSIVES,
    is_capitalized,
    is_name_word,
    phrase_text,
    proper_run,
    trim,
)
from .lexicon import (
    APPOINTING_VERBS,
    CONSTITUENCY_TITLES,
    DOMAIN_WORDS,
    HONORIFICS,
    OFFICE_WORDS,
    ORGANIZATION_NOUNS,
    PARTY_WORDS,
    PERSON_WORDS,
    PORTFOLIO_WORDS,
    QUALIFIERS,
    TEAM_ROLES,
    TERRITORIAL_TITLES,
    TITLE_WORDS,
    key,
)
from .organizations import named_bodies, organization_called
from .wordnet import names_person

Description = tuple[str | None, str | None]
ORG_PREPOSITIONS = frozenset({"at", "for", "of", "with"})
_AGE_UNITS = frozenset({"year", "years", "month", "months"})


def split_phrase(tokens: list[Token] | Span) -> Description:
    """Split a descriptor into role and organization.

    "head of technology research at investment firm D.A. Davidson"
        -> ("head of technology research", "D.A. Davidson");
    "former Google CEO" -> ("former CEO", "Google"); "Google's chief economist" -> ("chief economist", "Google").
    """
    tokens = trim(_without_recency(_without_age(_without_base(list(tokens)))))
    if not tokens:
        return None, None
    head, org = _split_prepositional_org(tokens)
    head, owner = _split_possessive(_without_adjuncts(head))
    head, modifier = _split_body_modifier(head)
    role_tokens, run = _classify(head)
    if run and _is_seat(run, role_tokens):
        role_tokens, run = sorted([*run, *role_tokens], key=lambda t: t.i), []
    role = phrase_text(role_tokens) if _names_person(role_tokens) else None
    if run and not _names_employer(run, role_tokens):
        run = []
    return role, org or owner or modifier or (phrase_text(run) if run else None)


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


def _without_recency(tokens: list[Token]) -> list[Token]:
    """Leave out when a title was taken ("the new justice minister", "the newly elected mayor"): unlike
    "former" or "interim", it does not change what the position is."""
    dropped = {t.i for t in tokens if _is_recency(t)} | {t.head.i for t in tokens if t.text == "newly" and _is_recency(t)}
    return [t for t in tokens if t.i not in dropped]


def _is_recency(token: Token) -> bool:
    head = key(token.head.text)
    return token.text in ("new", "newly") and (head in TITLE_WORDS or head in APPOINTING_VERBS)


def _split_prepositional_org(tokens: list[Token]) -> tuple[list[Token], str | None]:
    """"spokesperson for Health Canada" -> (["spokesperson"], "Health Canada"); a lowercase object stays."""
    for i, token in enumerate(tokens):
        if token.lower_ not in ORG_PREPOSITIONS or i == 0 or not is_role_word(tokens[i - 1]):
            continue
        if _held_over(tokens, i):
            continue
        j = i + 1
        while j < len(tokens) and (tokens[j].tag_ in OPEN_TAGS or _is_descriptor_word(tokens[j])):
            j += 1
        run = _past_owner(_past_place(tokens, proper_run(tokens, j)))
        obj = trim(tokens[i + 1 :])
        called = organization_called(obj[0]) if len(obj) == 1 else None
        if called:
            return tokens[:i], called
        if not run or _is_portfolio(run):
            continue
        at = tokens.index(run[0])
        described = at > i + 1 and tokens[at - 1].tag_ == "NN"
        named = _past_titles(run)  # "staff member for Gov. Ann Ruiz": a person, titled
        person = len(named) > 1 or bool(named) and named[0].text in named_bodies(run[0].doc).person_words
        if named and all(t.ent_type_ == "PERSON" for t in named) and person and not described:
            return tokens[:i], None  # "spokesman for Pirie"; a lone word no one is named ("for Nexora"), or
            # a name after what it is ("of UK magazine Home Cook"), is a body
        return tokens[:i], phrase_text(run + _owned_body(tokens, tokens.index(run[-1]) + 1))
    return tokens, None


def _past_titles(run: list[Token]) -> list[Token]:
    """A run of capitalized words past the titles and honorifics it opens with ("Gov." "Dr.")."""
    i = 0
    while i < len(run) - 1 and (key(run[i].text) in TITLE_WORDS or key(run[i].text) in HONORIFICS):
        i += 1
    return run[i:]


def _past_owner(run: list[Token]) -> list[Token]:
    """"of Mr. Reyes's Council of Advisers": a person's possessive before a body's name is whose
    the body is, not part of its name."""
    marks = [k for k, t in enumerate(run) if t.text in POSSESSIVES]
    if not marks or marks[0] + 1 >= len(run):
        return run
    owner = _past_titles(run[: marks[0]])
    return run[marks[0] + 1 :] if owner and is_person_name(owner) else run


def _past_place(tokens: list[Token], run: list[Token]) -> list[Token]:
    """"of UK magazine Home Cook": a place or nationality before a descriptor says where the body
    is; the body is the name after the descriptor."""
    if not run or any(t.ent_type_ not in ("GPE", "NORP") for t in run):
        return run
    j = tokens.index(run[-1]) + 1
    start = j
    while j < len(tokens) and _is_descriptor_word(tokens[j]):
        j += 1
    return (proper_run(tokens, j) or run) if j > start else run


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
    """"Google's chief economist" -> (["chief", "economist"], "Google"); a person's possessive is no body,
    however the tagger took the name there ("Okafor's agent" where the article names Graham Okafor)."""
    for i, token in enumerate(tokens):
        if token.text in POSSESSIVES and i > 0:
            owner = trim(tokens[:i])
            if any(t.lower_ in ORG_PREPOSITIONS and j and key(owner[j - 1].text) in TITLE_WORDS for j, t in enumerate(owner)):
                return tokens, None  # "trustee of the museum's foundation": the possessive is the object's
            if len(owner) == 1 and owner[0].is_lower:
                return tokens[i + 1 :], organization_called(owner[0])
            person = owner and (owner[-1].ent_type_ == "PERSON" or owner[-1].text in named_bodies(token.doc).person_words)
            is_body = owner and is_capitalized(owner[-1]) and not person
            return tokens[i + 1 :], phrase_text(owner) if is_body else None
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
    """Cut a role at a prepositional phrase other than "of" or a portfolio's "for": "adviser to prime
    ministers" -> "adviser", but "spokesman for sport" stays."""
    for i, token in enumerate(tokens):
        hyphenated = tokens[i - 1].text == "-" if i > 0 else False
        portfolio = token.lower_ == "for" and i + 1 < len(tokens) and tokens[i + 1].tag_ == "NN" and tokens[i + 1].is_lower
        is_adjunct = token.tag_ == "IN" and token.lower_ != "of" and not hyphenated and not portfolio and not _held_over(tokens, i)
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
        if _held_over(tokens, i):
            for held in _territory(tokens, i + 1):
                is_role[held] = True
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


def _held_over(tokens: list[Token], i: int) -> bool:
    """"of" after a territorial title ("Bishop of Lindisfarne"), "for" after an elected member's ("MP
    for Red Deer"): the place is the title's, no employer."""
    title = key(tokens[i - 1].text) if i > 0 else ""
    word = tokens[i].lower_
    return word == "of" and title in TERRITORIAL_TITLES or word == "for" and title in CONSTITUENCY_TITLES


def _is_seat(run: list[Token], role_tokens: list[Token]) -> bool:
    """"Calgary MP": capitalized words before an elected member's title name the seat, unless they
    name the party ("Liberal MP")."""
    elected = any(key(t.text) in CONSTITUENCY_TITLES for t in role_tokens)
    party = any(key(t.text) in PARTY_WORDS or t.ent_type_ == "NORP" for t in run)
    return elected and not party and run[-1].i < role_tokens[-1].i


def _territory(tokens: list[Token], start: int) -> range:
    """The capitalized place after a territorial title's "of", however tagged ("Bath and Wells")."""
    end = start
    while end < len(tokens) and (is_capitalized(tokens[end]) or tokens[end].lower_ in CONNECTORS
                                 and end + 1 < len(tokens) and is_capitalized(tokens[end + 1])):
        end += 1
    return range(start, end)


def _beside_title(tokens: list[Token], is_role: list[bool], i: int) -> bool:
    """Whether a title ("Finance Minister", "Health minister", "Cabinet minister") or another
    capitalized role word is next to token `i`, past "of", "and" or a comma."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(tokens) and tokens[j].lower_ in ("of", "and", ","):
            j += step
        if 0 <= j < len(tokens) and is_role[j] and (is_capitalized(tokens[j]) or key(tokens[j].text) in TITLE_WORDS):
            return True
    return False


def _org_follows(tokens: list[Token], is_role: list[bool], i: int) -> bool:
    """Whether an organization word comes next, past connectors ("Bank of the ...")."""
    while i < len(tokens) and tokens[i].lower_ in CONNECTORS:
        i += 1
    return i < len(tokens) and not is_role[i]


def _names_employer(run: list[Token], role_tokens: list[Token]) -> bool:
    """Whether words before a title name who the speaker works for.

    A place is the employer of office holders ("Yukon Health Minister", "Ottawa Mayor") and names the
    team of its players ("England coach"), not the employer of others ("a Port Ellery family doctor"), nor is a word written as an adjective, however tagged; a
    nationality never is ("Canadian rowing coach").
    """
    labels = {t.ent_type_ for t in run} | _labels_elsewhere(run)
    if any(is_personal_name(t) for t in run):
        return False
    if labels == {"NORP"}:
        return any(key(t.text) in PARTY_WORDS or t.tag_ in ("NNS", "NNPS") for t in run)
    is_place = labels & {"GPE", "LOC"} and labels <= {"GPE", "LOC", "ORG", ""}
    if is_place or _is_adjective(run):
        return any(key(t.text) in OFFICE_WORDS or key(t.text) in TEAM_ROLES or _is_title(t) for t in role_tokens)
    return True


def _is_adjective(run: list[Token]) -> bool:
    """"a Port Ellery radiologist" tagged as an adjective; a party ("Tory") or a body ("Crown") is none."""
    bodies = PARTY_WORDS | ORGANIZATION_NOUNS
    return all(t.tag_ == "JJ" for t in run) and not any(key(t.text) in bodies for t in run)


def _labels_elsewhere(run: list[Token]) -> set[str]:
    """"GPE" where the tagger takes the same words for a place elsewhere in the article ("Brackenford")."""
    return {"GPE"} if phrase_text(run) in named_bodies(run[0].doc).places else set()


def is_role_word(token: Token) -> bool:
    k = key(token.text)
    opens_sentence = token.is_sent_start and token.tag_ == "JJ" and token.ent_type_ != "ORG"
    common_noun = token.tag_ in ("NN", "NNS") and not token.ent_type_  # "Charity boss", "Music producer"
    lowercase = not is_capitalized(token) or opens_sentence or common_noun
    return k in QUALIFIERS or k in TITLE_WORDS or k in DOMAIN_WORDS or lowercase


def _is_role_noun(token: Token) -> bool:
    is_noun = token.tag_ in ("NN", "NNS", "NNP", "NNPS")
    return key(token.text) in TITLE_WORDS or is_noun and key(token.text) not in DOMAIN_WORDS


def _names_person(role: list[Token]) -> bool:
    """Whether a role's head noun says what a person is ("chief economist", "head of policy",
    "director, public affairs", "pollster"), not a thing written beside a name ("economy record",
    "search engine"). The head is the last word before any preposition (a noun the tagger took for
    an adjective: "campaign surrogate"), its last noun, or the noun the rest of the phrase hangs on."""
    before_preposition = role
    for i, token in enumerate(role):
        if token.tag_ in ("IN", "TO") and any(_is_role_noun(t) for t in role[:i]):
            before_preposition = role[:i]
            break
    nouns = [t for t in before_preposition if _is_role_noun(t)]
    if not nouns:
        return False
    inside = {t.i for t in role}
    heads = [t for t in role if t.head.i not in inside and _is_role_noun(t)] + nouns[-1:] + before_preposition[-1:]
    return any(_is_person_noun(key(t.text)) for t in heads)


def _is_person_noun(word: str) -> bool:
    return word in PERSON_WORDS or names_person(word) or "-" in word and names_person(word.rsplit("-", 1)[1])


def _is_title(token: Token) -> bool:
    return is_capitalized(token) and key(token.text) in TITLE_WORDS


def is_person_name(tokens: list[Token]) -> bool:
    return all(is_personal_name(t) for t in tokens)


def is_personal_name(token: Token) -> bool:
    """A word of a person's name. Plurals ("Otters") are teams the tagger took for people, and a word it
    also tags as a place or an organization elsewhere ("Brackenford", "OpenAI") is that."""
    if token.ent_type_ != "PERSON" or not is_name_word(token) or token.tag_ in ("NNS", "NNPS"):
        return False
    bodies = named_bodies(token.doc)
    return token.text not in bodies.places and token.text not in bodies.organization_words


