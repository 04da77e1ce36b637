"""The grammar every stage shares: sentences and paragraphs, subjects, names, phrases.

Pure functions over spaCy tokens and spans, read the same way by candidates,
attribution, the article model, speakers and roles, so that "the subject of a
verb", "a capitalized word", "a personal name" or "the text of a phrase" mean one
thing everywhere.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .lexicon import (
    DOCUMENT_NOUNS,
    HONORIFICS,
    NUMBERED_UNITS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    PRONOUNS,
    QUALIFIERS,
    TITLE_WORDS,
    key,
)

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
VERB_POS = frozenset({"VERB", "AUX"})
ORG_LABELS = frozenset({"ORG", "NORP"})
NAME_PARTICLES = frozenset("de da di del della du van von der den bin al la le".split())
POSSESSIVES = frozenset({"'s", "\u2019s", "'", "\u2019"})
CONNECTORS = frozenset({"of", "the", "and", "&", "+", "de", "du", "for"}) | POSSESSIVES
OPEN_TAGS = frozenset({"DT", "PDT", "CD", "PRP$"})
NOT_ROLES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_NAME_INNER_WORDS = frozenset({"with", "to", "on", "in", "-"})  # "Paddling with Pride Canada", "Ashby-Kern"
_QUANTIFIERS = frozenset("some several many most all both few other those these".split())
_NAME_PARTS = frozenset({"compound", "amod", "det", "poss", "nummod", "nmod", "flat", "case"})
_TEXT_KEY = "quotes.text"
_ENT_STARTS_KEY = "quotes.ent_starts"
_ENTS_KEY = "quotes.ents"
_LINE = re.compile(r"[^\n]+")


# --- document text and layout ---------------------------------------------------------

def doc_text(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins every token again on each access, and the
    stages look at the text once per candidate."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once: spaCy makes a new Span for every entity on each access. A name with no
    capitalized word ("the rookie defenceman" tagged ORG) is none."""
    found = doc.user_data.get(_ENTS_KEY)
    if found is None:
        found = doc.user_data[_ENTS_KEY] = tuple(
            e for e in doc.ents if e.label_ not in _NAME_LABELS or any(t.text[:1].isupper() for t in e)
        )
    return found


_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "LOC"})


def ents_within(span: Span) -> list[Span]:
    """`span.ents` from an index built once per doc: spaCy scans all of the doc's entities
    on each call, which made the stages' cost grow with the square of the article."""
    doc = span.doc
    starts = doc.user_data.get(_ENT_STARTS_KEY)
    if starts is None:
        starts = doc.user_data[_ENT_STARTS_KEY] = {ent.start: ent for ent in entities(doc)}
    found = (starts.get(i) for i in range(span.start, span.end))
    return [ent for ent in found if ent is not None and ent.end <= span.end]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: a paragraph where the text keeps its breaks."""
    return [(m.start(), m.end()) for m in _LINE.finditer(text)]


def sentence_numbers(sentences: list[Span], length: int) -> list[int]:
    """The sentence number of every token."""
    numbers = [0] * length
    for n, sent in enumerate(sentences):
        for i in range(sent.start, sent.end):
            numbers[i] = n
    return numbers


def crosses_line(doc: Doc, a: int, b: int) -> bool:
    """Whether a line break lies between tokens `a` and `b`."""
    lo, hi = sorted((a, b))
    return any("\n" in t.text for t in doc[lo:hi])


# --- clauses -------------------------------------------------------------------------

def statement_owner(noun: Token) -> Token | None:
    """The possessive that names who made a statement ('Trump's claim'), not 'its'/'their'."""
    return next((c for c in noun.children if c.dep_ == "poss" and c.lower_ not in ("its", "their")), None)


def is_misparsed_predicate(verb: Token) -> bool:
    """'a Courier article hailed him': a past-tense verb parsed as a clause modifying the noun
    right before it is that noun's predicate (a participle would be tagged VBN)."""
    return verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.i == verb.i - 1


def subject_before_inverted_cue(subject: Token, verb: Token) -> bool:
    """'And Reyes, said Ann Lowe, never forgets' parsed with 'Reyes' as the verb's subject: a
    phrase before the verb with no clause or apposition of its own is the statement's subject, not
    the speaker (unlike 'Reyes, who led the team, said ...')."""
    return subject.i < verb.i and not any(c.dep_ in ("relcl", "appos", "acl") for c in subject.children)


def phrase_head(token: Token) -> Token:
    """The head of the noun phrase containing `token` (compounds point to their head)."""
    while token.dep_ in ("compound", "flat") and token.head is not token:
        token = token.head
    return token


def mention_span(doc: Doc, head: Token) -> Span:
    """The name-bearing noun phrase of `head`: its determiners, modifiers and compounds
    (and coordinated names), not appositives or relative clauses."""
    left = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ not in _NAME_PARTS or child.left_edge.i > left:
            break
        if child.right_edge.i < left - 1 and not all(t.is_punct for t in doc[child.right_edge.i + 1 : left]):
            break
        left = child.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ == "conj" and child.pos_ == "PROPN":
            right = max(right, child.i)
        elif child.dep_ in ("flat", "compound") and child.i == right + 1:
            right = child.i
        elif child.dep_ == "prep" and child.lower_ == "of" and child.i == right + 1 and _is_share(head):
            right = child.right_edge.i  # "69% of over-55s", "most of the residents": who the share is of
    if head.ent_iob_ in ("B", "I"):
        start = head.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = head.i
        while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
            end += 1
        left, right = min(left, start), max(right, end)
    while left < head.i and (doc[left].is_space or doc[left].is_punct or "\n" in doc[left].text):
        left += 1
    while right > head.i and (doc[right].is_space or doc[right].is_punct or "\n" in doc[right].text):
        right -= 1
    cut = [t.i for t in doc[left : right + 1] if "\n" in t.text]
    left = max([left] + [i + 1 for i in cut if i < head.i])
    right = min([right] + [i - 1 for i in cut if i > head.i])
    return doc[left : right + 1]


_SHARES = frozenset("% percent per cent majority minority half third quarter most many some all none".split())


def _is_share(head: Token) -> bool:
    """A number or share of people: "69%", "a third", "most", "12"."""
    return head.like_num or head.ent_type_ in ("PERCENT", "CARDINAL") or head.lower_ in _SHARES


_SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "NORP", "GPE", "PERCENT", "CARDINAL"})
_AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent")  # supporter, investor, economist, resident
_SPEAKER_NOUNS = TITLE_WORDS | PERSON_NOUNS | ORGANIZATION_NOUNS | DOCUMENT_NOUNS


def could_speak(token: Token) -> bool:
    """Whether a noun phrase's head can name a source: a name, a personal pronoun, a person's,
    body's or document's noun (singular or plural: "analysts", "the union", "a report"), or a
    share of people ("69% of voters"); not a thing ("more emphasis", "the plan")."""
    if token.pos_ == "PROPN" or token.ent_type_ in _SPEAKER_ENTITIES or token.lower_ in PRONOUNS:
        return True
    word = key(token.text)
    singular = word[:-2] if word.endswith("ies") else word[:-1] if word.endswith("s") else word
    return word in _SPEAKER_NOUNS or singular in _SPEAKER_NOUNS or singular.endswith(_AGENT_SUFFIXES)


# --- names ---------------------------------------------------------------------------

def is_capitalized(token: Token) -> bool:
    return token.text[:1].isupper()


def is_name_word(token: Token) -> bool:
    """A capitalized word that can be part of a personal name (not a title or honorific)."""
    k = key(token.text)
    is_acronym = token.text.isupper() and len(token.text.rstrip(".")) > 1
    return (
        is_capitalized(token)
        and not is_acronym
        and any(c.isalpha() for c in token.text)
        and k not in HONORIFICS
        and k not in TITLE_WORDS
        and k not in QUALIFIERS
    )


def name_part(span: Span) -> Span | None:
    """The personal name at the end of `span`: "OpenAI CEO Sam Altman" -> "Sam Altman".

    Titles, honorifics, organizations before the name and a trailing possessive are left out.
    """
    doc = span.doc
    end = without_possessive(span).end
    start = end - 1 if end - 1 > span.start and _surname_like_a_title(doc[end - 1]) else end
    while start > span.start and (is_name_word(doc[start - 1]) or start < end and _joins_name(doc[start - 1])):
        start -= 1
    while start < end and not is_name_word(doc[start]):
        start += 1
    return doc[start:end] if start < end else None


def _surname_like_a_title(token: Token) -> bool:
    """"Carl Dean", "Ann Judge", "Mary King": a title word after a first name, inside one
    tagged person name, is a surname (a title comes before a name, not after it)."""
    if token.ent_type_ != "PERSON" or token.ent_iob_ != "I" or not token.is_title or key(token.text) not in TITLE_WORDS:
        return False
    first = token.doc[token.i - 1]
    return is_name_word(first) and first.ent_type_ == "PERSON"


def without_possessive(span: Span) -> Span:
    """`span` without a trailing "'s"."""
    end = span.end
    while end > span.start and span.doc[end - 1].text in POSSESSIVES:
        end -= 1
    return span.doc[span.start : end]


def _joins_name(token: Token) -> bool:
    """A hyphen or particle inside a name: "Garcia-Lindqvist", "Ludwig van Beethoven"."""
    return token.text == "-" or token.lower_ in NAME_PARTICLES and token.is_lower


def names_body(span: Span) -> bool:
    """A name the tagger took for a person's that opens or ends with an organization noun:
    "Studio Marlowe", "Harbour Group"."""
    words = [t for t in span if is_capitalized(t)]
    return len(words) > 1 and any(key(t.text) in ORGANIZATION_NOUNS for t in (words[0], words[-1]))


def looks_like_person(span: Span) -> bool:
    """A name the tagger took for something else, after a title: "economist Peter Stone"."""
    name = name_part(span)
    if name is None or name.start == 0 or not 2 <= len(name) <= 4:
        return False
    if any(key(t.text) in ORGANIZATION_NOUNS for t in name):
        return False
    before = name.doc[name.start - 1]
    return key(before.text) in TITLE_WORDS or key(before.text) in HONORIFICS


def handle_words(handle: str) -> list[str]:
    """The name in a social-media handle: "@JaneDoe" and "@jane_doe" -> ["Jane", "Doe"]."""
    return re.findall(r"[A-Z][a-z]+|[a-z]+", handle.lstrip("@").replace("_", " "))


def name_words(span: Span) -> list[str]:
    """The words of a name, hyphenated parts kept together: "Marta Garcia-Lindqvist" -> 2 words."""
    return span.text.replace(" - ", "-").split()


def organization_name(span: Span) -> str:
    """An organization as the article writes it, without a leading article or trailing possessive."""
    tokens = list(span)
    while tokens and tokens[0].tag_ in ("DT", "PDT"):
        tokens = tokens[1:]
    while tokens and tokens[-1].text in POSSESSIVES:
        tokens = tokens[:-1]
    if not tokens:
        return span.text
    doc, start = span.doc, tokens[0].i
    one_body = start > 0 and doc[start - 1].tag_ == "NN" and key(doc[start - 1].text) in ORGANIZATION_NOUNS
    return doc[start : _name_continues_to(doc, tokens[-1].i + 1, one_body)].text


def _name_continues_to(doc: Doc, end: int, one_body: bool = False) -> int:
    """Where a name the tagger cut short really ends: "Guild of Coastal Boatbuilders" + " and Chandlers";
    after "group", "firm" (one body) even where the tagger saw two names: "group Victims" + " and
    Families Against Violence"; a numbered unit and its number: "Unifor Local" + " 444", "CUPW" + " Local 27"."""
    if end < len(doc) and doc[end].is_digit and key(doc[end - 1].text) in NUMBERED_UNITS:
        end += 1
    elif end + 1 < len(doc) and doc[end + 1].is_digit and is_capitalized(doc[end]) and key(doc[end].text) in NUMBERED_UNITS:
        end += 2
    while end + 1 < len(doc) and doc[end].lower_ in ("and", "&", "of") and is_capitalized(doc[end + 1]):
        if doc[end + 1].ent_iob_ == "B" and not one_body:
            break
        end += 2
        while one_body and end < len(doc) and (is_capitalized(doc[end]) or doc[end].lower_ in CONNECTORS and end + 1 < len(doc) and is_capitalized(doc[end + 1])):
            end += 1
    return end


def acronym(name: str) -> str:
    """Initials of the capitalized words: "Guild of Coastal Boatbuilders and Chandlers" -> "GCBC"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


# --- phrases --------------------------------------------------------------------------

def trim(tokens: list[Token]) -> list[Token]:
    """Leave out leading articles, numbers, quantifiers and possessive endings, and dangling connectors."""
    while tokens and (tokens[0].tag_ in OPEN_TAGS or _is_leading_filler(tokens[0])):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in CONNECTORS or tokens[-1].is_punct and tokens[-1].text != "."):
        tokens = tokens[:-1]
    return tokens


def _is_leading_filler(token: Token) -> bool:
    return token.lower_ in _QUANTIFIERS or token.is_punct or token.text in POSSESSIVES


def proper_run(tokens: list[Token], start: int) -> list[Token]:
    """The capitalized name starting at `start`, with inner connectors: "University of the Kestrel Valley"."""
    if start >= len(tokens) or not is_capitalized(tokens[start]) or tokens[start].ent_type_ in NOT_ROLES:
        return []
    end = start + 1
    while end < len(tokens):
        token = tokens[end]
        if is_capitalized(token) or token.like_num or token.text == "." and token.dep_ != "punct":
            end += 1
        elif token.lower_ == "and" and end + 1 < len(tokens) and (tokens[end + 1].tag_ == "DT" or tokens[end + 1].ent_iob_ == "B"):
            break  # "Harlow Aviation and France's Varel": another name begins
        elif token.lower_ in CONNECTORS and any(is_capitalized(t) for t in tokens[end + 1 : end + 3]):
            end += 1
        elif token.lower_ in _NAME_INNER_WORDS and end + 1 < len(tokens) and is_capitalized(tokens[end + 1]):
            if tokens[end + 1].ent_type_ in ("GPE", "LOC", "DATE", "TIME") and token.lower_ in ("in", "on"):
                break  # "HSBC in London", "Acme in May": where or when, not part of the name
            end += 1
        else:
            break
    while tokens[end - 1].lower_ in CONNECTORS:
        end -= 1
    return tokens[start:end]


def phrase_text(tokens: list[Token]) -> str | None:
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
