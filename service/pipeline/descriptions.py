"""What the article says each mention is: the descriptions read around names and nominals.

A description is a (role, organization) pair read from one construction news prose uses
around a mention: a title before the name ("former Google CEO Eric Schmidt"), an
appositive after or before it ("Gil Luria, head of research at D.A. Davidson"), a relative
clause or a predicate ("Smith, who heads the union"; "Smith is the mayor of Ottawa"), or a
nominal mention's own words ("a spokesperson for Health Canada"). The article model keeps
every description with the mention it was read from; `roles` chooses among them.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .descriptors import (
    ORG_PREPOSITIONS,
    Description,
    is_person_name,
    is_personal_name,
    split_phrase,
)
from .grammar import (
    CONNECTORS,
    NOT_ROLES,
    POSSESSIVES,
    doc_text,
    ents_within,
    is_capitalized,
    is_name_word,
    name_part,
    phrase_text,
    proper_run,
    trim,
    without_possessive,
)
from .lexicon import (
    APPOINTING_VERBS,
    APPOINTMENT_NOUNS,
    COPULAS,
    DOCUMENT_NOUNS,
    DOMAIN_WORDS,
    HONORIFICS,
    ORGANIZATION_NOUNS,
    PHOTO_CREDIT,
    PORTFOLIO_WORDS,
    POSITION_NOUNS,
    PROFESSIONAL_HONORIFICS,
    PRONOUNS,
    QUALIFIERS,
    RELATION_NOUNS,
    ROLE_VERBS,
    SPEECH_VERBS,
    TITLE_WORDS,
    key,
)

_BOUNDARY_TEXT = frozenset([*',;:()[]"\u201c\u201d\u2014\u2013', "--"])

_PREFIX_TAGS = frozenset({"NNP", "NNPS", "NN", "NNS", "JJ", "HYPH", "POS", "VBN", "VBG"})

_MAX_PHRASE = 30

_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})

def mention_descriptions(span: Span) -> list[Description]:
    """Every (role, organization) stated around one mention, in reading order."""
    if span.root.lower_ in PRONOUNS or key(span.root.text) in DOCUMENT_NOUNS:
        return []
    name = _names_in(span)
    if name is None or name.end != without_possessive(span).end:
        return [d for d in [split_phrase(_nominal_phrase(span))] if d != (None, None)]
    found = [_prefix(name), _appositive_before(name), _main_predicate(name), *_appositive_after(name), _clause(name)]
    found += [_post_held(name), _appointed_as(name)]
    group = _coordinated(name)
    if group is not None:  # "His defence attorneys, Charles Glynn and Richard Jones": each is one
        found += [_one_each(d) for d in (_prefix(group), _appositive_before(group), *_appositive_after(group))]
    return [d for d in found if d is not None and d != (None, None)]


def _coordinated(name: Span) -> Span | None:
    """"Charles Glynn and Richard Jones" seen from either name: the names coordinated with it."""
    doc, root = name.doc, name.root
    first = root
    while first.dep_ == "conj" and first.head.ent_type_ == "PERSON":
        first = first.head
    last = max([root] + [c for c in root.rights if c.dep_ == "conj" and c.ent_type_ == "PERSON"], key=lambda t: t.i)
    if first is root and last is root:
        return None
    start = first.i
    while start > 0 and doc[start - 1].ent_type_ == "PERSON" and doc[start - 1].ent_iob_ == "I" or (
        start > 0 and doc[start].ent_iob_ == "I"
    ):
        start -= 1
    return doc[start : last.i + 1]


def _one_each(description: Description | None) -> Description | None:
    """A description of several people, for one of them: "defence attorneys" -> "defence attorney"."""
    if description is None or description[0] is None:
        return description
    words = description[0].split()
    return " ".join([*words[:-1], _singular(words[-1])]), description[1]


def _names_in(span: Span) -> Span | None:
    """The name or names a mention ends with: "Sam Altman", "Colin Marsh and Peter Vane"; a lone
    surname tagged as a name even where it is also a title word ("Dean added")."""
    people = [e for e in ents_within(span) if e.label_ == "PERSON"]
    if len(people) > 1:
        return span.doc[people[0].start : without_possessive(span).end]
    if len(span) == 1 and span[0].ent_type_ == "PERSON" and is_capitalized(span[0]):
        return span
    return name_part(span)


def _after_photo_credit(name: Span) -> int:
    """The first token after a photo credit opening the name's line or sentence ("The Canadian Press
    Prime Minister X holds ..."; a caption run into the text): a caption's credit is no employer. 0
    where there is none."""
    doc = name.doc
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, name.start_char) + 1
    credit = PHOTO_CREDIT.match(text, max(line_start, name.sent.start_char), name.start_char)
    if credit is None:
        return 0
    i = name.start
    while i > 0 and doc[i - 1].idx >= credit.end():
        i -= 1
    return i


def _prefix(name: Span) -> Description | None:
    """A title written before the name: "OpenAI CEO Sam Altman", "NDP MP Jenny Kwan"."""
    doc = name.doc
    name_start = name.start
    while name_start - 2 >= name.sent.start and _first_name_after_title(doc[name_start - 1]):
        name_start -= 1  # "Cardinal Cormac Doyle-Fitzgerald" with only the surname tagged
    name = doc[name_start : name.end]
    if name.start > 0 and doc[name.start - 1].tag_ == "IN":
        return None  # "the MP for Harwick": the name is the title's object, not its holder
    floor = max(name.sent.start, _after_photo_credit(name))
    end = name.start
    while end > floor and key(doc[end - 1].text) in PROFESSIONAL_HONORIFICS:
        end -= 1  # "Chief Medical Officer Dr. Ana Paz": the title stands before the honorific
    start = end
    while start > floor and (_continues_prefix(doc[start - 1]) or _inside_name(doc, start - 1, floor)):
        if start < end and _ends_other_phrase(doc[start - 1], doc[start]):
            break
        start -= 1
    if start == end:
        return None
    role, org = split_phrase(doc[start:end])
    possessive = doc[end - 1].text in POSSESSIVES
    named_body = any(t.ent_type_ in ("ORG", "NORP") for t in doc[start:end])
    return (role, org) if role or possessive or named_body else None


def _first_name_after_title(token: Token) -> bool:
    """An untagged name word between a capitalized title and a tagged name belongs to the name."""
    title = token.doc[token.i - 1]
    return (is_name_word(token) and not token.ent_type_ and token.tag_ == "NNP"
            and is_capitalized(title) and key(title.text) in TITLE_WORDS)


def _ends_other_phrase(token: Token, following: Token) -> bool:
    """A common noun before a title's organization ends some other phrase: "Beattie dismissal |
    Everton manager David Moyes", "blasts officials | England coach Andy Robinson" (a headline run
    into the first sentence). A title's own words are titles, qualifiers or topics ("former Google CEO",
    "AI consultant")."""
    word = key(token.text)
    own = word in TITLE_WORDS or word in QUALIFIERS or word in DOMAIN_WORDS or word in PORTFOLIO_WORDS
    return token.tag_ in ("NN", "NNS") and token.is_lower and not own and is_capitalized(following)


def _continues_prefix(token: Token) -> bool:
    """Words of a title phrase; an object ("told reporters Smith", "photo in gallery Smith") is not one."""
    if token.ent_type_ in NOT_ROLES - {"CARDINAL"} or is_personal_name(token) or key(token.text) in HONORIFICS:
        return False
    if token.text == ".":
        return token.dep_ != "punct"
    if key(token.text) in QUALIFIERS or _title_preposition(token) and token.lower_ == "for":
        return True  # whatever its tag: "shadow" and "retired" are often taken for verbs
    if token.tag_.startswith("VB"):
        return token.tag_ == "VBG" and token.dep_ in ("amod", "compound")
    if _object_of_preposition(token) or token.tag_ == "NNS" and token.dep_ in ("dobj", "pobj", "dative"):
        return False
    if token.like_num:
        return token.i > 0 and is_capitalized(token.doc[token.i - 1])
    return token.tag_ in _PREFIX_TAGS or token.text in POSSESSIVES or token.text in ("-", "&")


def _object_of_preposition(token: Token) -> bool:
    """A common noun right after a preposition other than a title's "of" or "for" ("photo in gallery";
    not "spokesman for sport")."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    return token.is_lower and before is not None and before.tag_ == "IN" and not _title_preposition(before)


def _title_preposition(token: Token) -> bool:
    """"of"/"for" after a title word: "Minister of Health", "spokesman for sport"."""
    doc = token.doc
    if token.lower_ == "of":
        return True
    return token.lower_ == "for" and token.i > 0 and key(doc[token.i - 1].text) in TITLE_WORDS


def _inside_name(doc: Doc, i: int, floor: int) -> bool:
    """A connector between capitalized words: "of the" in "University of the Kestrel Valley"."""
    if doc[i].lower_ not in CONNECTORS:
        return False
    if doc[i].lower_ == "and":
        return _between_nouns(doc, i)
    left, right = i, i + 1
    while left > floor and doc[left].lower_ in CONNECTORS:
        left -= 1
    while right < len(doc) - 1 and doc[right].lower_ in CONNECTORS:
        right += 1
    return is_capitalized(doc[left]) and is_capitalized(doc[right]) or _between_nouns(doc, i)


def _between_nouns(doc: Doc, i: int) -> bool:
    """"and"/"of" joining nouns of one title: "oil and gas worker", "minister of infrastructure"."""
    return doc[i].lower_ in ("and", "of") and i > 0 and doc[i - 1].tag_ == "NN" and doc[i + 1].tag_ == "NN"


def _appositive_after(name: Span) -> list[Description | None]:
    """"Gil Luria, head of technology research at D.A. Davidson," and "Smith, 45, a nurse"; a phrase
    followed by its verb is a list of subjects instead ("Bishop, two teenagers and a neighbour escaped").
    A clause that goes on naming an organization adds it apart: "a retired officer who owns Acme Labs"
    works for Acme Labs now."""
    doc, i = name.doc, name.end
    if i >= name.sent.end or doc[i].text != ",":
        return []
    i += 1
    while i + 1 < name.sent.end and doc[i].like_num and doc[i + 1].text == ",":
        i += 2
    if i >= name.sent.end:
        return []
    if doc[i].lower_ in ("who", "whose"):
        return [_relative_clause(doc[i])]
    phrase = _phrase_from(doc, i, name.sent.end)
    if not phrase or is_person_name(phrase) or phrase[0].tag_ in ("IN", "RB", "VBG", "VBD"):
        return []
    phrase += _department_after(phrase, name.sent.end)
    is_subject_list = phrase[-1].i + 1 < name.sent.end and doc[phrase[-1].i + 1].tag_ in _FINITE_TAGS
    if is_subject_list:
        return []
    role, org = split_phrase(phrase)
    if not role:
        return []
    if [t.lower_ for t in phrase[:2]] == ["one", "of"]:  # "one of Ms Clarkson's lawyers"
        role, org = _one_each((role, org))
    clause_org = _clause_org(doc, phrase[-1].i + 1, name.sent.end)
    return [(role, org or clause_org), (None, clause_org)]


def _department_after(title: list[Token], limit: int) -> list[Token]:
    """"director, public affairs at Northwind Rail": a bare title, then after a comma the area it
    covers and the body it works for."""
    doc, comma, words = title[0].doc, title[-1].i + 1, trim(title)
    bare = len(words) == 1 and key(words[0].text) in TITLE_WORDS
    if not bare or comma + 1 >= limit or doc[comma].text != "," or not doc[comma + 1].is_lower:
        return []
    area = _phrase_from(doc, comma + 1, limit)
    at = next((j for j, t in enumerate(area) if t.lower_ in ORG_PREPOSITIONS), None)
    if at is None or at == 0 or at + 1 >= len(area) or not is_capitalized(trim(area[at + 1 :])[0]):
        return []
    return [doc[comma], *area]


def _clause_org(doc: Doc, i: int, limit: int) -> str | None:
    """The organization an appositive's relative clause names: "a retired officer who owns Acme Labs"."""
    if i < limit and doc[i].lower_ == "who":
        return (_relative_clause(doc[i]) or (None, None))[1]
    return None


def _appositive_before(name: Span) -> Description | None:
    """"A spokeswoman for the ministry, Jane Doe, said", "The agency's CEO, Piotr Halloran" and "said the
    agency's CEO, Piotr Halloran"."""
    doc, comma = name.doc, name.start - 1
    if comma <= name.sent.start or doc[comma].text != ",":
        return None
    start = comma
    while start > name.sent.start and not _is_boundary(doc[start - 1]):
        start -= 1
    if start > name.sent.start and doc[start - 1].text != "," and doc[start - 1].lower_ not in SPEECH_VERBS:
        return None  # "said the bank's chief economist, Dara Voss" opens after the verb
    phrase = list(doc[start:comma])
    while phrase and phrase[0].tag_ in ("CC", "RB", "UH"):
        phrase = phrase[1:]
    if any(t.ent_type_ in NOT_ROLES for t in phrase):
        return None
    if not phrase or phrase[0].tag_ not in ("DT", "PRP$", "NNP", "NN", "JJ") or phrase[0].dep_ == "prep":
        return None
    role, org = split_phrase(phrase)
    return (role, org) if role else None


_AFFILIATION_PREPOSITIONS = ORG_PREPOSITIONS | {"from"}


def _clause(name: Span) -> Description | None:
    """What a clause after the name says: "Smith, who heads the union", "Whitcombe with the union",
    "Herren from EduVision", "Ward, of the Secondary Heads Association"."""
    root = name.root
    for child in root.rights:
        if child.dep_ == "relcl":
            return _relative_clause(child)
    start = name.end + (name.end < name.sent.end and name.doc[name.end].text == ",")
    after = _phrase_from(name.doc, start, name.sent.end)
    if after and after[0].lower_ in _AFFILIATION_PREPOSITIONS:
        words = trim(after[1:])
        while len(words) > 1 and words[0].is_lower and words[0].tag_ in ("JJ", "NN"):
            words = words[1:]  # "of campaign group Fairvote": what the body is, then its name
        org = _body_named(words)
        if org:
            return None, org
    if len(after) > 2 and after[0].lower_ == "and" and after[1].lower_ == "other":
        return _one_of(after[2:])
    return None


def _main_predicate(name: Span) -> Description | None:
    """What the sentence asserts the speaker is: "Smith is the mayor", "Smith was named the
    candidate", "Smith spoke as a scientist"; it comes before what an appositive's relative clause
    adds ("Smith, who owns a cafe, was named the party's candidate")."""
    subject = name.root
    head = subject.head
    if subject.dep_ not in ("nsubj", "nsubjpass") or head.i < subject.i:
        return None
    if head.lower_ in COPULAS or head.lower_ in APPOINTING_VERBS and subject.dep_ == "nsubjpass":
        return _predicate(head)
    return None


def _post_held(name: Span) -> Description | None:
    """"Smith was elected to her union position": the body of a post the subject calls their own."""
    root = name.root
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    for token in root.head.subtree:
        owners = [c for c in token.children if c.dep_ == "poss" and c.lower_ in ("his", "her", "their")]
        if owners and key(token.text) in POSITION_NOUNS:
            org = _body_named(list(name.doc[owners[0].i + 1 : token.i]))
            if org:
                return None, org
    return None


def _appointed_as(name: Span) -> Description | None:
    """"The appointment of Voss as justice minister", "named Voss as its chief economist": the post a
    speaker is appointed to."""
    root = name.root
    holders = []  # "as" hangs from the name or from what appoints it, as the parser has it
    if root.dep_ in ("dobj", "nsubjpass") and root.head.lower_ in APPOINTING_VERBS:
        holders = [root, root.head]
    if root.dep_ == "pobj" and root.head.lower_ == "of" and key(root.head.head.text) in APPOINTMENT_NOUNS:
        holders = [root, root.head.head]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "as" and prep.i > root.i:
                objects = [c for c in prep.children if c.dep_ == "pobj"]
                end = objects[0].right_edge.i + 1 if objects else name.sent.end
                role, org = split_phrase(_phrase_from(name.doc, prep.i + 1, end))
                return (role, org) if role else None
    return None


def _one_of(tokens: list[Token]) -> Description | None:
    """"Sato and other youth representatives": one of them, in the singular."""
    role, org = split_phrase(tokens)
    if role is None or tokens[0].tag_ not in ("JJ", "NN", "NNS", "NNP"):
        return None
    words = role.split()
    return " ".join([*words[:-1], _singular(words[-1])]), org


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _names_position(token: Token) -> bool:
    """A noun that can name a position: "as a social scientist", "as Minister of Justice", not "as a result"."""
    is_noun = token.tag_ == "NN" or key(token.text) in TITLE_WORDS
    return is_noun and token.lower_ not in RELATION_NOUNS


def _relative_clause(token: Token) -> Description | None:
    """"who heads the union", "who is the mayor of Ottawa", "whose Otters team meets ..."; `token` is
    "who", "whose" or the clause verb. What a "whose" clause says of anything else is not about
    the person: "whose wife is a senator"."""
    owner = token if token.lower_ == "whose" else _whose_subject(token)
    if owner is not None:
        if key(owner.head.text) not in ORGANIZATION_NOUNS:
            return None
        return None, _body_named([t for t in owner.head.lefts if t.dep_ in ("compound", "nmod") and is_capitalized(t)])
    verb = token if token.dep_ == "relcl" else token.head
    if verb.lower_ in COPULAS or verb.lower_ in APPOINTING_VERBS:
        return _predicate(verb)  # "who is the mayor", "who was named chief economist of X"
    role = ROLE_VERBS.get(verb.lower_)
    org = None
    if role is not None:  # "who heads Acme", "who heads the research team at Acme"
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        phrase = trim(list(objects[0].subtree)) if objects else []
        org = phrase_text(proper_run(phrase, 0)) or (split_phrase(phrase)[1] if phrase else None)
    for prep in verb.children:
        if not org and prep.dep_ == "prep" and prep.lower_ in ("on", "for", "at", "with"):
            org = _body_named(trim(list(prep.subtree)[1:]))  # "who sits on the Dock Committee"
    return (role, org) if role is not None or org else None


def _whose_subject(verb: Token) -> Token | None:
    """The "whose" of a clause whose subject it owns ("whose team meets"), if any."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return next((c for s in subjects for c in s.children if c.lower_ == "whose"), None)


def _body_named(tokens: list[Token]) -> str | None:
    """The organization a phrase starts with, if it names one: "the Dock Permit Committee"."""
    run = proper_run(tokens, 0)
    if not run or all(t.ent_type_ in ("PERSON", "GPE", "LOC", "NORP") for t in run):
        return None
    return phrase_text(run)


def _predicate(copula: Token) -> Description | None:
    """"is the mayor of Ottawa", "is a nurse", "was named the party's candidate"; a judgment ("is the
    most divisive leader") or anything else ("was a big boost") is no role: the noun must be a title
    or come with an organization."""
    attrs = [c for c in copula.children if c.dep_ in ("attr", "oprd") and c.tag_ in ("NN", "NNS")]
    if not attrs or _is_superlative(attrs[0]):
        return None
    attr = attrs[0]
    role, org = split_phrase(_phrase_from(attr.doc, attr.left_edge.i, attr.sent.end))
    is_title = key(attr.text) in TITLE_WORDS and attr.lower_ not in RELATION_NOUNS
    return (role, org) if role and (is_title or org) else None


def _is_superlative(noun: Token) -> bool:
    """"the most divisive leader", "the best player": a judgment, no position."""
    return any(t.tag_ in ("JJS", "RBS") for left in noun.lefts for t in left.subtree)


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
    before = token.i > 0 and doc[token.i - 1].text == "-"
    return before or token.i + 1 < len(doc) and doc[token.i + 1].text == "-"
