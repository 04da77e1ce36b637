"""Stage 4: give each candidate its cue and the mention that attributes it.

A direct quote without a syntactic cue looks for one next to its marks: after
the closing mark ('"...," she said' / '"...," said X' / '"..." — X' / '"...,"
her statement read'), before the opening mark ('X said: "..."' / 'X: "..."' /
'X made the following comment: "..."'), or at the end of the previous paragraph
when that ends with a colon. The mention is the cue's subject, climbing past
clauses whose subject cannot speak ("more emphasis should be put ..., saying").

A quote with no cue of its own takes a speaker from its surroundings (`evidence`
says which): the cued part of a quotation carried over several quote paragraphs;
the person the previous sentence is about, as the article model reads it
(`follow_on`: 'Goalkeeper Ana Ruiz was in no mood to celebrate. "We were lucky."');
or the previous quote's speaker when it follows closely or after a few sentences of
narration about no one else (`continued`): `same_speaker_as` points at that quote.
Quotes with none of these (scare quotes, titles) are dropped. A post or letter
signed after a dash comes with its signer (`signed`); it ends its writer's words, so no
quote after it continues them.
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

from .article import Article
from .grammar import (
    SUBJECTS,
    could_speak,
    crosses_line,
    doc_text,
    is_misparsed_predicate,
    mention_span,
    paragraphs,
    phrase_head,
    statement_owner,
    subject_before_inverted_cue,
)
from .lexicon import (
    DESCRIBING_VERBS,
    DOCUMENT_NOUNS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    TEXT_VERBS,
    key,
)
from .types import Candidate

_RELATIVE = frozenset({"who", "that", "which", "whom"})
_CLIMB = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp", "prep"})
_NAME_PARTS = frozenset({"compound", "amod", "det", "poss", "nummod", "nmod", "flat", "case"})
_DASHES = frozenset({"—", "―", "–", "-", "--"})
_STOPS = frozenset({".", "!", "?"})
_WINDOW = 14
_INVERTED_WINDOW = 7  # tokens from a verb to the name after it: 'said radio co - host Lee Marr'
_TAG_WORDS = 6  # longest dialogue tag: '"...," the club's new head coach fumed'
_TAG_ENDS = frozenset({".", ",", "!", "?", ";"})
_COMPLEMENTS = frozenset({"ccomp", "acl"})
_DESCRIBING_PHRASE = frozenset({"pobj", "prep", "amod", "acl"})
_OWN_OBJECTS = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd"})
_GAP = 160  # most characters between two quotes of one speaker in a paragraph ('," said X, who ... "')

# Confidence by evidence: the share of quotes of each kind that were right (matched a gold quote
# and named its speaker) on the B halves of ggt-dev and bbc-dev (`quotes eval --half B
# --calibration`), smoothed as (right + 1) / (quotes + 2): direct with a named speaker 60/62, with
# a pronoun 35/41, with a nominal 4/7; mixed 20/32; indirect 127/162; a quote continuing a
# speaker's words 64/72; a statement right after a sentence about its speaker 8/9; a passage
# signed by its writer 2/3; a cue with no speaker 0/1.
CONFIDENCE = {
    "direct_named": 0.95,
    "direct_pronoun": 0.84,
    "direct_nominal": 0.56,
    "mixed": 0.62,
    "indirect": 0.78,
    "continued": 0.88,
    "follow_on": 0.82,
    "signed": 0.6,
    "unattributed": 0.33,
}


def attribute(article: Article, found: list[Candidate]) -> list[Candidate]:
    """Attributed candidates in order, each with its `evidence` and `confidence`; floating ones
    point into the returned list."""
    doc = article.doc
    breaks = [start for start, _ in paragraphs(doc_text(doc))]
    for cand in found:
        if cand.cue is None and cand.type == "direct":
            content = doc.char_span(cand.start, cand.end, alignment_mode="expand")
            if content is not None:
                cand.cue, cand.mention = _nearby_cue(doc, content)
        if cand.cue is not None and cand.mention is None:
            cand.mention = speaker_mention(doc, cand.cue)
            if cand.mention is not None and article.in_quote(cand.mention.root) and not article.in_quote(cand.cue[0]):
                # '"I would ...," Mr. X, now 81, said' parsed with the quote's "I" as the subject
                cand.mention = _nearest_person_before(doc, cand.cue[0])
    holders = _quotation_chains(found)
    kept: list[int] = []
    floats_on: dict[int, int] = {}  # index in `found` -> index of the candidate whose speaker it takes
    last_paragraph = -10
    for i, cand in enumerate(found):
        content = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if content is None:
            continue
        paragraph = bisect.bisect_right(breaks, cand.start)
        # a signature closes its writer's words: nothing after it goes on with them
        previous = found[kept[-1]] if kept and found[kept[-1]].evidence != "signed" else None
        if cand.cue is not None:
            cand.evidence = _cued_evidence(cand)
        elif i in holders:
            floats_on[i], cand.evidence = holders[i], "continued"
        elif cand.mention is not None:
            cand.evidence = "continued"  # a speaker label's turn
        elif (topic := _follow_on(article, content)) is not None:
            cand.mention, cand.evidence = topic, "follow_on"
        elif previous is not None and (
            _floats(doc, cand, content, previous, paragraph - last_paragraph)
            or _recent_speaker(article, cand, content, previous)
        ):
            floats_on[i], cand.evidence = kept[-1], "continued"
            if paragraph == last_paragraph and _floats(doc, cand, content, previous, 0):
                cand.mention = previous.mention  # '"A," she said. "B."': her mention attributes both parts
        else:
            continue  # no cue, no speaker: a scare quote or a title
        kept.append(i)
        last_paragraph = bisect.bisect_right(breaks, cand.end)
    position = {i: k for k, i in enumerate(kept)}
    for i in kept:
        if i in floats_on:
            found[i].same_speaker_as = position.get(floats_on[i])
        found[i].confidence = CONFIDENCE[found[i].evidence]
    return [found[i] for i in kept]


def _cued_evidence(cand: Candidate) -> str:
    if cand.mention is None:
        return "unattributed"
    if cand.evidence == "signed":
        return cand.evidence  # the signer of a post or letter, read by `signatures`
    if cand.type != "direct":
        return cand.type
    root = cand.mention.root
    if root.pos_ == "PRON":
        return "direct_pronoun"
    return "direct_named" if root.pos_ == "PROPN" or root.ent_type_ else "direct_nominal"


_RECENT_SENTENCES = 3


def _opening_sentence(article: Article, content: Span) -> int | None:
    """The number of the sentence a quote opens, or None when it starts mid-sentence."""
    doc = content.doc
    i = content.start
    while i > 0 and (doc[i - 1].is_quote or doc[i - 1].is_space):
        i -= 1
    here = article.sentence_of[content.start]
    if i == article.sentences[here].start or doc[i - 1].text in _STOPS:
        return here
    return None


def _follow_on(article: Article, content: Span) -> Span | None:
    """'Goalkeeper Ana Ruiz was in no mood to celebrate. "We were lucky today."': a statement with no
    cue of its own, opening the sentence after one whose main subject is a person, is that person's."""
    if not _is_statement(content):
        return None
    here = _opening_sentence(article, content)
    if not here or any(t.is_quote for t in article.sentences[here - 1]):
        return None
    subject = article.person_subject(here - 1)
    return None if subject is None else subject


def _recent_speaker(article: Article, cand: Candidate, content: Span, previous: Candidate) -> bool:
    """A statement with no cue a few narrative sentences after someone's quote, with no person as
    a main subject in between, goes on with that speaker's words."""
    if cand.type != "direct" or not _is_statement(content):
        return False
    here = _opening_sentence(article, content)
    if here is None:
        return False
    doc = article.doc
    last = article.sentence_of[doc.char_span(previous.start, previous.end, alignment_mode="expand").end - 1]
    if here - last > _RECENT_SENTENCES:
        return False
    return not any(article.person_subject(n) is not None for n in range(last + 1, here))


def _quotation_chains(found: list[Candidate]) -> dict[int, int]:
    """One quotation carried over several quote paragraphs ('"A. "B," the mayor said.' or
    'X said: "A. "B."'): for each part without a cue of its own, the part whose cue attributes
    the whole quotation, the first part that has one."""
    chains: list[list[int]] = []
    for i, cand in enumerate(found):
        if i > 0 and chains and chains[-1][-1] == i - 1 and found[i - 1].continues and cand.type == "direct":
            chains[-1].append(i)
        elif cand.type == "direct" and cand.continues:
            chains.append([i])
    holders: dict[int, int] = {}
    for chain in chains:
        cued = [i for i in chain if found[i].cue is not None]
        if len(chain) > 1 and cued:
            holders.update({i: cued[0] for i in chain if found[i].cue is None})
    return holders


def _floats(doc: Doc, cand: Candidate, content: Span, previous: Candidate, distance: int) -> bool:
    """A quote with no speaker of its own takes the previous one's when it follows it closely:
    in the same paragraph or opening the next one."""
    if cand.type != "direct" or distance > 1 or not _is_statement(content):
        return False
    if previous.continues:
        return True
    if distance == 0:
        return previous.type == "direct" and len(doc_text(doc)[previous.end : cand.start]) <= _GAP
    line_start = doc_text(doc).rfind("\n", 0, cand.start) + 1
    return len(doc_text(doc)[line_start : cand.start].strip()) <= 1


def _is_speech(token: Token) -> bool:
    return token.lower_ in SPEECH_VERBS and token.pos_ in ("VERB", "AUX")


def _nearby_cue(doc: Doc, content: Span) -> tuple[Span | None, Span | None]:
    """(cue, mention) from the words around a direct quote's marks."""
    after = None if _ends_sentence(content) else _scan(doc, content.end, 1)
    before = _scan(doc, content.start - 1, -1)
    if before is not None and _introduces(doc, before, content):
        return before
    if after is not None:
        return after
    tag = _dialogue_tag(doc, content)
    if tag is not None:
        return tag
    if before is not None and _is_statement(content):
        return before
    return _colon_intro(doc, content)


def _dialogue_tag(doc: Doc, content: Span) -> tuple[Span, Span] | None:
    """'"We had a deal," Reyes fumed.' / '"Why now?" pressed Reyes.': a quote closed by ',', '?' or
    '!' and then only a speaker and one verb to the end of the sentence or clause. The construction
    says the verb tags the quote, whatever the verb ("fumed", "pressed", "shrugged"); after a
    full stop, only a speech verb does ('"We won." Reyes said.')."""
    if content[-1].text not in (",", "?", "!", "."):
        return None
    start, crossed_line = _past_marks(doc, content.end, 1)
    if crossed_line:
        return None
    end = start
    while end < len(doc) and end - start <= _TAG_WORDS and doc[end].text not in _TAG_ENDS and not doc[end].is_quote:
        end += 1
    if end == start or end - start > _TAG_WORDS or end < len(doc) and doc[end].text not in _TAG_ENDS:
        return None
    verbs = [t for t in doc[start:end] if t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ", "VBP")]
    if len(verbs) != 1 or "\n" in doc[start:end].text:
        return None
    verb = verbs[0]
    if content[-1].text == "." and not _is_speech(verb):
        return None  # '"We won." Reyes smiled.' is a new sentence; '"We won." Reyes said.' tags the quote
    roles = ("nsubj", "dobj") if verb.i == start else ("nsubj",)  # the parser takes 'pressed Reyes' for an object
    speakers = [c for c in verb.children if c.dep_ in roles and start <= c.i < end]
    if len(speakers) != 1 or not (could_speak(speakers[0]) or speakers[0].is_title):
        return None
    if verb.i > start and speakers[0].left_edge.i > start:
        return None  # '"Citizen X," in which X sits': a clause that opens on something else
    if any(c.dep_ in _OWN_OBJECTS and c.i >= start and c.i != speakers[0].i for c in verb.children):
        return None
    return doc[verb.i : verb.i + 1], mention_span(doc, speakers[0])


def _ends_sentence(content: Span) -> bool:
    """'..."We won." Smith ...' starts a new sentence after the quote (unlike '," she said')."""
    last = content[-1]
    nxt = content.doc[content.end] if content.end < len(content.doc) else None
    while nxt is not None and (nxt.is_quote or nxt.is_space) and nxt.i + 1 < len(content.doc):
        nxt = content.doc[nxt.i + 1]
    return last.text == "." and nxt is not None and nxt.is_title and not _is_speech(nxt)


def _is_statement(content: Span) -> bool:
    """A quoted sentence rather than a quoted phrase (a scare quote or a title)."""
    first = next((t for t in content if not t.is_punct), None)
    return first is not None and first.is_title and len(content) >= 4 and any(t.pos_ in ("VERB", "AUX") for t in content)


def _introduces(doc: Doc, found: tuple[Span | None, Span | None], content: Span) -> bool:
    """The cue before the quote ends with ':' or ',' right at the opening mark."""
    i = content.start - 1
    while i >= 0 and doc[i].is_quote:
        i -= 1
    return i >= 0 and doc[i].text in {":", ","} and found[0] is not None and found[0].end <= i + 1


def _scan(doc: Doc, start: int, step: int) -> tuple[Span, Span | None] | None:
    """Walk away from a quote (step 1: after it; -1: before it) for a cue in the same sentence."""
    i, crossed_line = _past_marks(doc, start, step)
    if step == 1 and 0 <= i < len(doc) - 1 and doc[i].text.lstrip("\"”’'") in _DASHES:  # '”―' may be one token
        name = doc[i + 1]  # also on the line after the quote: '"..."\n\n- Ann Reyes'
        if name.pos_ == "PROPN" or name.ent_type_ in ("PERSON", "ORG"):
            return doc[i : i + 1], mention_span(doc, phrase_head(name))
    if crossed_line:
        return None  # the next paragraph's words are not this quote's cue
    for _ in range(_WINDOW):
        if not 0 <= i < len(doc):
            return None
        token = doc[i]
        if "\n" in token.text or token.text in _STOPS or (token.is_quote and step == 1) or (step == -1 and token.is_quote):
            return None
        if _is_speech(token):
            return doc[i : i + 1], None
        text = _presented_text(token)
        if text is not None:
            return doc[i : i + 1], None if token.pos_ == "VERB" else mention_span(doc, text)
        i += step
    return None


def _past_marks(doc: Doc, i: int, step: int) -> tuple[int, bool]:
    """The first token from `i` (walking by `step`) past quotation marks and spaces, and whether a
    line break lay among them."""
    crossed_line = False
    while 0 <= i < len(doc) and (doc[i].is_quote or doc[i].is_space):
        crossed_line = crossed_line or "\n" in doc[i].text
        i += step
    return i, crossed_line


def _presented_text(token: Token) -> Token | None:
    """'her statement read', 'the poem began': the text a presenting verb has as its subject; also
    where the parser took 'the editorial read' for one noun."""
    if token.lower_ not in TEXT_VERBS:
        return None
    texts = [c for c in token.children if _is_text_noun(c)]
    if token.pos_ == "VERB":
        return next((c for c in texts if c.dep_ == "nsubj"), None)
    return next((c for c in texts if c.i == token.i - 1), None) if token.dep_ == "ROOT" else None


def _is_text_noun(token: Token) -> bool:
    """A word for something said or written: 'statement', 'tweet', 'editorial', 'report'."""
    return token.lower_ in STATEMENT_NOUNS or token.lower_ in DOCUMENT_NOUNS


def _colon_intro(doc: Doc, content: Span) -> tuple[Span | None, Span | None]:
    """'X: "..."' or a previous paragraph ending 'X said:'."""
    i = content.start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space):
        i -= 1
    if i < 1 or doc[i].text != ":":
        return None, None
    colon = i
    j = colon - 1
    while j >= 0 and "\n" not in doc[j].text and doc[j].text not in _STOPS and colon - j <= 25:
        if _is_speech(doc[j]):
            return doc[j : j + 1], None
        author = _statement_author(doc, doc[j]) if doc[j].lower_ in STATEMENT_NOUNS and doc[j].pos_ == "NOUN" else None
        if author is not None:
            return doc[j : j + 1], author
        j -= 1
    head = doc[colon - 1]
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"):
        return doc[colon : colon + 1], mention_span(doc, phrase_head(head))
    return _intransitive_intro(doc, head, colon)


def _intransitive_intro(doc: Doc, last: Token, colon: int) -> tuple[Span | None, Span | None]:
    """'Ortiz resisted: "..."' / 'The mayor fired back: "..."': a clause of a speaker and a verb
    with nothing after it but the colon introduces the quote, whatever the verb."""
    verb = last.head if last.dep_ in ("prt", "advmod") and last.head.i < last.i else last
    if verb.pos_ != "VERB" or any(c.dep_ in _OWN_OBJECTS or c.dep_ == "dative" for c in verb.children if c.i < colon):
        return None, None
    subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if subject is None or not could_speak(subject) or subject.lower_ in _NO_AUTHOR:
        return None, None
    return doc[verb.i : verb.i + 1], mention_span(doc, _named(subject))


_AUTHOR_CLIMB = frozenset({"dobj", "pobj", "prep", "attr", "appos"})
_NO_AUTHOR = _RELATIVE | {"it", "there", "this"}


def _statement_author(doc: Doc, noun: Token) -> Span | None:
    """Who made a statement named by a noun: its possessive ('Trump's claim'), else the subject
    of the verb it is the object of ('Lindqvist made the following comment', 'used ... as its headline')."""
    owner = statement_owner(noun)
    if owner is not None:
        return mention_span(doc, owner)
    token = noun
    for _ in range(3):
        if token.dep_ not in _AUTHOR_CLIMB or token.head is token:
            return None
        token = token.head
        if token.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        if subject is not None:
            return None if subject.lower_ in _NO_AUTHOR else mention_span(doc, _named(subject))
    return None


def speaker_mention(doc: Doc, cue: Span) -> Span | None:
    """The grammatical subject of the cue (climbing from 'adding', 'and told' to the clause
    that has one; a relative 'who' gives its antecedent; 'according to X' gives X)."""
    verb = cue[0]
    if verb.pos_ == "NOUN":
        return _statement_author(doc, verb)
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        objects = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
        return mention_span(doc, objects[0]) if objects else None
    agent = _passive_agent(verb)
    if agent is not None:
        return agent
    if _is_passive(verb) and verb.lower_ in DESCRIBING_VERBS:
        return None  # 'He was described as "lacking a conscience"': who is described does not speak
    follows_comma = verb.i > 0 and doc[verb.i - 1].text in (",", "—", "–")
    if follows_comma:
        inverted = _inverted_subject(doc, verb)
        parsed = [c for c in verb.children if c.dep_ in SUBJECTS]
        if inverted is not None and inverted.root.pos_ != "PRON" and _ends_clause(doc, inverted) and (
            not parsed or inverted.root.pos_ == "PROPN" and all(subject_before_inverted_cue(c, verb) for c in parsed)
        ):
            return inverted
    # ', saying S' set off after a clause reported or described in the main one ('X dismissed
    # claims that Y is wrong - saying S') is the main clause's, wherever the parser hung it
    set_off = follows_comma and verb.tag_ == "VBG"
    token = verb
    fallback = None
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in SUBJECTS]
        if subjects:
            # 'S, X said' can leave S's subject on the verb too: the nearest one is X
            subject = min(subjects, key=lambda c: abs(c.i - verb.i))
            if subject.lower_ in _RELATIVE and token.dep_ == "relcl":
                subject = _antecedent(token)
            if crosses_line(doc, subject.i, verb.i):
                break
            if set_off and token is not verb and token.dep_ in _COMPLEMENTS:
                main = _main_subject(verb)
                if main is not None and main.i < token.i:
                    return mention_span(doc, _named(main))
            found = mention_span(doc, _document_author(subject) or _named(subject))
            if fallback is not None:
                return found if _is_personal(found.root) else fallback
            if could_speak(found.root) or token.dep_ not in _CLIMB:
                return found
            # 'X said more emphasis should be put on Y, saying ...': a subject that cannot speak
            # belongs to a clause in between; a person named or referred to further up speaks
            fallback = found
        elif token.dep_ == "relcl":
            return mention_span(doc, _named(_antecedent(token)))
        elif is_misparsed_predicate(token):
            return mention_span(doc, _named(token.head))
        elif token.dep_ == "acl" and _is_text_noun(token.head):
            return _statement_author(doc, token.head)  # 'issued a statement saying S': its issuer's
        if token.dep_ not in _CLIMB or token.head is token:
            break
        token = _reporting_verb_above(token.head) if token.dep_ == "conj" else token.head
    if fallback is not None:
        return fallback
    return (
        _inverted_subject(doc, verb)
        or _adjacent_subject(doc, verb)
        or _subject_made_root(doc, verb)
        or _nearest_person_before(doc, verb)
    )


def _antecedent(relative_clause: Token) -> Token:
    """What a relative clause is about: the noun it hangs from, or, where that cannot speak, the
    one that noun's phrase describes ('one Democrat familiar with the talks, who added ...')."""
    noun = relative_clause.head
    while not could_speak(noun) and noun.dep_ in _DESCRIBING_PHRASE and noun.head is not noun:
        noun = noun.head
    return noun if could_speak(noun) else relative_clause.head


def _main_subject(verb: Token) -> Token | None:
    """The personal subject of the main clause of the verb's sentence, if it has one."""
    root = verb.sent.root
    subject = next((c for c in root.children if c.dep_ in SUBJECTS), None)
    return subject if subject is not None and _is_personal(subject) else None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _passive_agent(verb: Token) -> Span | None:
    """'It was described by Jobs as "..."', 'was told by officials': the agent of a passive cue speaks."""
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        objects = [c for c in agent.children if c.dep_ == "pobj"]
        if objects and could_speak(objects[0]):
            return mention_span(verb.doc, objects[0])
    return None


def _is_personal(token: Token) -> bool:
    return token.lower_ in _PERSONAL_SUBJECTS or token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG")


def _reporting_verb_above(head: Token) -> Token:
    """'X said S and added that T' parsed with 'added' joined to S's verb: the coordination is
    with the verb that reports S, whose subject speaks (unless S's verb reports too: 'X says
    Y promised S and said T')."""
    if head.dep_ == "ccomp" and not _is_speech(head) and head.head.lower_ in SPEECH_VERBS and head.head.i < head.i:
        return head.head
    return head


def _ends_clause(doc: Doc, span: Span) -> bool:
    return span.end == len(doc) or doc[span.end].is_punct


def _named(subject: Token) -> Token:
    """A subject with a person's name in apposition ('the director, Tomas Varga,', 'Warden of
    the Northern Marches, Idris Fenwick,') is attributed to the name."""
    if subject.ent_type_ == "PERSON":
        return subject
    for token in subject.subtree:
        if token.i > subject.i and token.dep_ == "appos" and (
            token.ent_type_ == "PERSON" or (token.pos_ == "PROPN" and subject.pos_ != "PROPN" and token.head is subject)
        ):
            return token
    return subject


def _document_author(subject: Token) -> Token | None:
    """'A study by the Senate committee said', 'a release from the union said': the named
    author of a document subject."""
    if subject.pos_ != "NOUN" or key(subject.text) not in DOCUMENT_NOUNS:
        return None
    for prep in subject.subtree:
        if prep.lower_ in ("by", "from") and prep.dep_ in ("prep", "agent"):
            author = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if author is not None and (author.pos_ == "PROPN" or author.ent_type_ in ("ORG", "PERSON")):
                return author
    return None


def _adjacent_subject(doc: Doc, verb: Token) -> Span | None:
    """A name or pronoun right before a verb the parser left without a subject ('DeGroot said',
    even with 'DeGroot' mistagged as an auxiliary)."""
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ in ("ADV", "AUX", "PART") and not _looks_like_name(doc[i]):
        i -= 1
    if i >= 0 and (doc[i].pos_ in ("PROPN", "PRON") or _looks_like_name(doc[i])) and doc[i].lower_ not in _RELATIVE:
        return mention_span(doc, phrase_head(doc[i]))
    return None


def _looks_like_name(token: Token) -> bool:
    """A capitalized word inside a sentence tagged as something else ('DeGroot/AUX')."""
    capitalized = token.text[:1].isupper() and token.text[1:2].islower()
    return capitalized and token.i > token.sent.start and token.pos_ not in ("PRON", "DET")


def _subject_made_root(doc: Doc, verb: Token) -> Span | None:
    """'Proponents of X - where ... - say S' parsed with the subject as the sentence's root
    and the verb somewhere below it, or the verb parsed as a modifier of the name after it: that
    root noun speaks."""
    root = verb.sent.root
    modifies_root = verb.head.i == root.i and verb.dep_ in ("amod", "compound")  # '," mused co-host Lee Marr.'
    if (root.i < verb.i or modifies_root) and root.pos_ in ("NOUN", "PROPN") and root.dep_ == "ROOT":
        return mention_span(doc, root)
    return None


_PERSONAL_SUBJECTS = frozenset({"he", "she", "they", "i", "we"})


def _nearest_person_before(doc: Doc, verb: Token) -> Span | None:
    """A verb whose subject the parse dropped: the nearest person named, or referred to by a
    subject pronoun, earlier in its sentence, and not inside a quote before it."""
    for token in reversed(doc[verb.sent.start : verb.i]):
        if token.is_quote:
            return None
        if token.lower_ in _PERSONAL_SUBJECTS or (token.ent_type_ == "PERSON" and token.ent_iob_ == "B"):
            return mention_span(doc, phrase_head(token) if token.pos_ != "PRON" else token)
    return None


def _inverted_subject(doc: Doc, verb: Token) -> Span | None:
    """'..., said Zack Kass' parsed without a subject: the name right after the verb, past a
    hyphenated title before it however the parser cut it ('mused radio co-host Lee Marr'). A
    participle never has its subject after it: the name after ', telling' is who is told."""
    if verb.tag_ == "VBG":
        return None
    for token in doc[verb.i + 1 : min(len(doc), verb.i + _INVERTED_WINDOW)]:
        if token.ent_type_ in ("DATE", "TIME"):
            return None  # 'said Wednesday, "..."': when, not who
        hyphenated = token.text == "-" or token.i + 1 < len(doc) and doc[token.i + 1].text == "-"
        if token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ != "compound" and not hyphenated:
            return mention_span(doc, token) if token.pos_ != "NOUN" or token.ent_type_ or could_speak(token) else None
        if token.pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PUNCT") and token.dep_ != "compound":
            return None
    return None


