"""Stage 3: find stretches of text that may be quotes.

Sources, reconciled so that each statement is found once:

* direct quotes: text between paired quotation marks (`marks.find_quotes`),
  statements under a speaker label (`labels`: transcripts, 'Name: headline') and
  passages signed after a dash (`signatures`: embedded posts, readers' letters);
* reported speech from the parse: a reporting verb (`cues`) and the clause it
  reports ("X said (that) S", "S, X said", "S, said X, appositive", "A, X said,
  B", "S1, X said, and S2", "according to X, S", "A, according to X, B"), the
  predicate of a naming verb ("called it a stopgap fix"), and the complement
  holding a quoted fragment of any reporting, characterizing or statement word
  ('vowed to punish "those who ..."', 'hailed him as "..."', 'her claim that ...
  "..."'). This also recovers quotes whose marks were lost (`unmarked` takes back
  the speech around an unmarked 'S, X said.').

A reported clause that mostly lies inside one direct quote is that quote's
attribution (the quote takes the verb as its cue); one that contains quoted
fragments is a "mixed" quote and replaces them.
"""
from __future__ import annotations

import bisect
import itertools

from spacy.tokens import Doc, Span, Token

from . import labels, signatures, unmarked
from .grammar import (
    SUBJECTS,
    VERB_POS,
    doc_text,
    is_misparsed_predicate,
    statement_owner,
    subject_before_inverted_cue,
)
from .lexicon import (
    CALLING_VERBS,
    CHARACTERIZING_VERBS,
    CLAUSE_VERBS,
    REPORTING_VERBS,
    SOURCE_PREPOSITIONS,
    SPEECH_VERBS,
    STATEMENT_NOUNS,
    inflections,
)
from .marks import quotations
from .types import Candidate

_CLAUSE_DEPS = frozenset({"ccomp"})
# An embedded question reports what was asked, not a statement.
_QUESTION_WORDS = frozenset({"whether", "why", "what", "how", "when", "where", "which", "who", "whom"})
_GENERIC_SUBJECTS = frozenset({"you"})
_OBJECT_DEPS = frozenset({"dobj", "oprd", "prep", "xcomp", "attr", "dative"})
# Dependents of the reporting verb that belong to the attribution, not to the content.
_ATTRIBUTION_DEPS = frozenset(
    {"nsubj", "nsubjpass", "aux", "auxpass", "neg", "advmod", "npadvmod", "prep", "dative", "dobj", "agent", "prt", "intj"}
)
_EDGE_WORDS = frozenset({"that", ",", ":", ";", "—", "–", "-", "and", "but", "."})
_MIN_TOKENS = 3


def find(doc: Doc) -> list[Candidate]:
    """Candidates in document order; reported ones already carry their `cue`."""
    labelled = sorted(labels.find(doc) + signatures.find(doc), key=lambda c: c.start)
    direct = [Candidate(q.start, q.end, "direct", continues=q.continues) for q in quotations(doc)]
    direct = labelled + [d for d in direct if not any(_overlaps(d, c) for c in labelled)]
    reported = _reported(doc, _inside_quotes(doc, direct))
    reported += _governed_fragments(doc, direct, reported)
    return unmarked.extend(doc, sorted(_reconcile(direct, reported), key=lambda c: (c.start, c.end)))


def _overlaps(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _inside_quotes(doc: Doc, direct: list[Candidate]) -> set[int]:
    """Indices of tokens within direct quotes (their own reporting verbs are not cues)."""
    inside: set[int] = set()
    for cand in direct:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None:
            inside.update(range(span.start, span.end))
    return inside


def is_cue(token: Token) -> bool:
    return token.pos_ in VERB_POS and (token.lower_ in REPORTING_VERBS or _goes_on(token))


_GO_FORMS = frozenset(inflections("go"))


def _goes_on(token: Token) -> bool:
    """'..., he went on, that S' / 'She went on: S': 'go on' set off by punctuation goes on speaking."""
    particle = next((c for c in token.children if c.dep_ == "prt" and c.lower_ == "on"), None)
    return (
        token.lower_ in _GO_FORMS and particle is not None
        and particle.i + 1 < len(token.doc) and token.doc[particle.i + 1].text in (",", ":")
    )


# The longest sentence in the development articles has under 100 tokens; a parser
# "sentence" far longer is a list or non-prose run, and reading each cue's clause in it
# would cost time quadratic in its length.
MAX_SENTENCE_TOKENS = 250


def _reported(doc: Doc, inside: set[int]) -> list[Candidate]:
    found = []
    for sent in doc.sents:
        if len(sent) > MAX_SENTENCE_TOKENS:
            continue
        for token in sent:
            if token.i in inside:
                continue
            if token.lower_ in SOURCE_PREPOSITIONS:
                found.extend(_according(doc, token))
            elif is_cue(token) and not _unsaid(token):
                found.extend(c for c in _reported_clause(doc, token) if not _unsourced(doc, token, c))
    return found


_NEGATIONS = frozenset({"not", "n't", "never"})
_HYPOTHETICAL_MARKS = frozenset({"if", "unless"})


def _unsaid(cue: Token) -> bool:
    """'X did not say S', 'if X says S': a statement denied or imagined, not made; 'That said,'
    and 'Having said that,': a sentence adverb, no statement at all."""
    return _is_sentence_adverb(cue) or any(
        (c.dep_ == "neg" and c.lower_ in _NEGATIONS) or (c.dep_ == "mark" and c.lower_ in _HYPOTHETICAL_MARKS)
        for c in cue.children
    )


_DEMONSTRATIVES = frozenset({"that", "this"})


def _is_sentence_adverb(cue: Token) -> bool:
    doc = cue.doc
    arguments = [c for c in cue.children if c.dep_ in SUBJECTS or c.dep_ == "dobj"]
    return (
        cue.i + 1 < len(doc) and doc[cue.i + 1].text == ","
        and len(arguments) == 1 and arguments[0].lower_ in _DEMONSTRATIVES
        and abs(arguments[0].i - cue.i) == 1
    )


def _is_edge(token: Token) -> bool:
    """A connective before content; 'that' only as a conjunction, not as a pronoun or determiner."""
    return token.lower_ in _EDGE_WORDS and not (token.lower_ == "that" and token.dep_ in _THAT_AS_WORD)


_THAT_AS_WORD = frozenset({"nsubj", "nsubjpass", "det", "dobj", "pobj", "attr"})


def _unsourced(doc: Doc, cue: Token, cand: Candidate) -> bool:
    """'X was told that S', 'X was revealed as S': a passive cue with no 'by' names no
    speaker; it still reports someone's words when S quotes them."""
    deps = {c.dep_ for c in cue.children}
    passive = "nsubjpass" in deps and "agent" not in deps
    return passive and not any(ch in _QUOTE_CHARS for ch in doc_text(doc)[cand.start : cand.end])


_QUOTE_CHARS = frozenset("\"“”„‟«»‹›‘")  # not the apostrophes ’ and '


def _trim(doc: Doc, start: int, end: int) -> Span | None:
    """Tokens start..end-1 without leading/trailing connectives and punctuation."""
    while start < end and (_is_edge(doc[start]) or doc[start].is_space or doc[start].is_punct and not doc[start].is_quote):
        start += 1
    while end > start and (doc[end - 1].lower_ in _EDGE_WORDS or doc[end - 1].is_space or doc[end - 1].is_punct and not doc[end - 1].is_quote):
        end -= 1
    if end - start < _MIN_TOKENS:
        return None
    return doc[start:end]


def _has_verb(span: Span) -> bool:
    return any(t.pos_ in VERB_POS for t in span)


def _within_paragraph(doc: Doc, span: Span, cue: Span) -> Span | None:
    """The part of `span` in the cue's paragraph (parser sentences can run across line breaks)."""
    breaks = [t.i for t in span if "\n" in t.text]
    if not breaks:
        return span
    start, end = span.start, span.end
    for b in breaks:
        if b < cue.start:
            start = max(start, b + 1)
        else:
            end = min(end, b)
    return _trim(doc, start, end)


def _is_question(span: Span, cue: Span) -> bool:
    """An embedded question ("asked whether ...", "said what ...") reports no statement."""
    first = span[0].lower_
    return first in _QUESTION_WORDS or (first == "if" and cue[0].lower_.startswith(("ask", "wonder")))


def _candidate(doc: Doc, span: Span | None, cue: Span) -> Candidate | None:
    """An indirect candidate for a reported clause; reports of thought or findings
    (`CLAUSE_VERBS`) count only when they quote someone's words (a mixed quote)."""
    if span is not None:
        span = _within_paragraph(doc, span, cue)
    if span is None or not _has_verb(span) or _is_question(span, cue):
        return None
    if cue[0].lower_ in CLAUSE_VERBS and not any(t.is_quote for t in span):
        return None
    return Candidate(span.start_char, span.end_char, "indirect", cue=cue)


def _attribution_extent(cue: Token, content_heads: list[Token]) -> tuple[int, int]:
    """Token range of the reporting clause: the verb, its subject and adverbials."""
    left = right = cue.i
    for child in cue.children:
        if child.dep_ in _ATTRIBUTION_DEPS and child not in content_heads:
            left = min(left, child.left_edge.i)
            right = max(right, child.right_edge.i)
    return left, right


def _reported_clause(doc: Doc, cue: Token) -> list[Candidate]:
    sent = cue.sent
    clauses = [c for c in cue.children if _is_reported_clause(doc, c, cue)]
    subjects = [c for c in cue.children if c.dep_ in SUBJECTS]
    inverted = _inverted_name(doc, cue) if not subjects else None
    has_subject = bool(subjects) or inverted is not None
    if (not has_subject and cue.dep_ == "ROOT") or any(c.lower_ in _GENERIC_SUBJECTS for c in subjects):
        return []  # an imperative ("Ask him if ...") or a generic "you say"
    cue_span = doc[cue.i : cue.i + 1]
    if clauses:
        head = clauses[0]
        if cue.lower_ in CLAUSE_VERBS and not has_subject:
            return []
        start, end = head.left_edge.i, head.right_edge.i + 1
        speaker = _inverted_name(doc, cue)
        if speaker is not None and speaker.start == start and all(subject_before_inverted_cue(c, cue) for c in subjects):
            # 'And Reyes, said Ann Lowe, who ..., never forgets' parsed with the speaker as the
            # subject of what is said: the statement starts after the speaker's phrase
            start = next((c.right_edge.i + 1 for c in head.children if c.dep_ in SUBJECTS and c.i < speaker.end), start)
        if head.i > cue.i:
            end = max([end] + [c.right_edge.i + 1 for c in _continuations(cue, head)])
            end = min([end] + [_conjunction_start(c) for c in doc[head.i : end] if c.dep_ == "conj" and is_cue(c)])
        if head.i < cue.i:
            attribution_start = _attribution_extent(cue, clauses)[0]
            if attribution_start > 0 and doc[attribution_start - 1].text in (":", ";"):
                return []  # 'S: X promised Y' elaborates S; it does not attribute it
            end = min(end, attribution_start)
        found = [_candidate(doc, _trim(doc, start, end), cue_span)]
        if _is_parenthetical(doc, cue, clauses):
            found.append(_candidate(doc, _other_part(doc, cue, clauses, subjects), cue_span))
        return [c for c in found if c is not None]
    if has_subject:
        found = _quoted_object(doc, cue, cue_span) or _naming_predicate(doc, cue, cue_span)
        if found is not None:
            return [found]
    # "S, X said" / "S, said X" parsed with the verb hanging off the content's root.
    if cue.lower_ in CLAUSE_VERBS or not has_subject or cue.dep_ not in ("parataxis", "ccomp", "conj", "advcl"):
        found = _dangling_clause(doc, cue, cue_span)
        return [found] if found is not None else []
    if _reports_something_else(cue):
        return []
    root = cue.head
    if root.sent != sent:
        return []
    right = max(_attribution_extent(cue, [])[1], inverted.end - 1 if inverted is not None else cue.i)
    if root.i > cue.i:  # 'A, X said, B' with the verb hanging off B
        if not _is_parenthetical(doc, cue, []):
            return []
        parts = [_content_before(doc, cue, subjects), _trim(doc, right + 1, sent.end)]
        return [c for c in (_candidate(doc, part, cue_span) for part in parts) if c is not None]
    found = [_candidate(doc, _content_before(doc, cue, subjects), cue_span)]
    tail = [c for c in cue.children if c.dep_ == "conj" and c.i > cue.i and c.pos_ in VERB_POS]
    if tail:
        found.append(_candidate(doc, _trim(doc, right + 1, tail[0].right_edge.i + 1), cue_span))
    return [c for c in found if c is not None]


def _reports_something_else(cue: Token) -> bool:
    """"... since the 1930s when, amid pressure, X announced a series of measures": a verb in a clause
    of its own ("when", "because"; not "as X claims", nor a "that" the parser hung on the verb from the
    statement before it) or with an object of its own does not report what comes before."""
    subordinate = any(c.dep_ == "mark" and c.lower_ not in ("as", "that") or c.dep_ == "advmod" and c.tag_ == "WRB"
                      for c in cue.children)
    own_object = any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in cue.children)
    return subordinate or own_object


def _continuations(cue: Token, clause: Token) -> list[Token]:
    """Verbs coordinated with the reporting verb after its clause ('said S1, and S2', 'insists
    S1 and doesn't apologize'): the statement goes on, unless they report on their own."""
    return [c for c in cue.children if c.dep_ == "conj" and c.i > clause.i and c.pos_ in VERB_POS and not is_cue(c)]


def _conjunction_start(verb: Token) -> int:
    """Where a coordinated verb's part begins: at its 'and' / 'but' when it has one."""
    cc = [c.i for c in verb.head.children if c.dep_ == "cc" and c.i < verb.i]
    return max(cc) if cc else verb.left_edge.i


def _is_reported_clause(doc: Doc, child: Token, cue: Token) -> bool:
    """A clause the verb reports: not a verbless fragment ('OTTAWA — X says S' parses the
    dateline as a clause) and not beyond a semicolon ('A visited X; B affirmed C')."""
    if child.dep_ not in _CLAUSE_DEPS or not any(t.pos_ in VERB_POS for t in child.subtree):
        return False
    lo, hi = sorted((child.i, cue.i))
    return not any(t.text == ";" for t in doc[lo:hi])


_SETTING_OFF = frozenset({",", "—", "–"})


def _content_before(doc: Doc, cue: Token, subjects: list[Token]) -> Span | None:
    """The sentence (after any semicolon) up to 'S, X said' / 'S, said X' (set off by a comma
    or dash), or None."""
    before = [c for c in subjects if c.i < cue.i]
    left = before[-1].left_edge.i if before else cue.i
    if left <= cue.sent.start or doc[left - 1].text not in _SETTING_OFF:
        return None
    start = max([cue.sent.start] + [t.i + 1 for t in doc[cue.sent.start : left] if t.text == ";"])
    return _trim(doc, start, left)


def _is_parenthetical(doc: Doc, cue: Token, clauses: list[Token]) -> bool:
    """'A, X said, that B': the attribution is set off by commas inside the statement."""
    right = _attribution_extent(cue, clauses)[1]
    return right + 1 < len(doc) and doc[right + 1].text == ","


def _other_part(doc: Doc, cue: Token, clauses: list[Token], subjects: list[Token]) -> Span | None:
    """The part of 'A, X said, B' that the reported clause is not: A before a clause on the
    right; B after a clause on the left only as a cleft's 'that B' ('It is on his watch, he
    said, that B')."""
    if clauses[0].i > cue.i:
        return _content_before(doc, cue, subjects)
    after = _attribution_extent(cue, clauses)[1] + 2
    if after < cue.sent.end and doc[after].lower_ == "that":
        return _trim(doc, after, cue.sent.end)
    return None


def _inverted_name(doc: Doc, cue: Token) -> Span | None:
    """'..., argued Tavernier.' parsed with the name as object: a name right after a verb that
    follows a comma, ending the sentence or clause."""
    nxt = cue.i + 1
    if cue.i == 0 or doc[cue.i - 1].text not in _SETTING_OFF or nxt >= len(doc) or doc[nxt].pos_ != "PROPN":
        return None
    end = nxt
    while end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
    return doc[nxt:end] if end == len(doc) or doc[end].is_punct else None


_CLAUSE_REACH = 6
_NOT_SPEAKERS = _GENERIC_SUBJECTS | {"it", "that", "which", "who"}
# A verb with one of these reports something else than the words after it.
_HAS_OBJECT = frozenset({"dobj", "dative", "ccomp"})


def _dangling_clause(doc: Doc, cue: Token, cue_span: Span) -> Candidate | None:
    """'McCrimmon said weather can delay it' parsed without a clause under 'said': a speech
    verb right after its speaker, followed by a clause whose subject opens it."""
    if cue.lower_ not in SPEECH_VERBS or cue.i == 0 or any(c.dep_ in _HAS_OBJECT for c in cue.rights):
        return None
    speaker = doc[cue.i - 1]
    if speaker.pos_ not in ("PROPN", "PRON") or speaker.lower_ in _NOT_SPEAKERS:
        return None
    start = cue.i + 1 + (cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "that")
    end = cue.sent.end
    opens_clause = any(t.dep_ in SUBJECTS and t.head.pos_ in VERB_POS and start <= t.head.i < end
                       for t in doc[start : min(end, start + _CLAUSE_REACH)])
    return _candidate(doc, _trim(doc, start, end), cue_span) if opens_clause else None


def _quoted_object(doc: Doc, cue: Token, cue_span: Span) -> Candidate | None:
    """'X called Y a "liar"', 'X described it as "a disgrace"': a verb whose object
    (not a clause) carries someone's quoted words is a mixed quote of that object."""
    objects = [c for c in cue.rights if c.dep_ in _OBJECT_DEPS]
    if not objects:
        return None
    span = _trim(doc, cue.i + 1, max(c.right_edge.i for c in objects) + 1)
    if span is None or not any(t.is_quote for t in span):
        return None
    span = _within_paragraph(doc, span, cue_span)
    return None if span is None else Candidate(span.start_char, span.end_char, "indirect", cue=cue_span)


def _governed_fragments(doc: Doc, direct: list[Candidate], reported: list[Candidate]) -> list[Candidate]:
    """Quoted words in the complement of a verb that reports or characterizes them, where the
    parse gave that verb no reported clause ('vowed to punish "those who ..."', 'hailed him
    as "the comeback kid"', 'tweeted that she was "a con"'): the complement is a mixed quote."""
    found = []
    for quote in direct:
        if quote.cue is not None or any(_overlaps(quote, r) for r in reported):
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        governed = (_governing_verb(span) or _as_phrase_verb(span)) if span is not None else None
        if governed is not None:
            verb, child = governed
            content = _complement(doc, verb, child) or span  # too short to trim: the quote itself
            found.append(Candidate(content.start_char, content.end_char, "indirect", cue=doc[verb.i : verb.i + 1]))
    return found


_GOVERNING_STEPS = 6
_GOVERNING_VERBS = REPORTING_VERBS | CHARACTERIZING_VERBS
# Where quoted words are not what the verb reports: its subject ('Del. Ramona "Mona" Okafor
# shouted'), its setting ('said on "The Weekend Desk"') or the addressee ('told "Breakfast Hour"').
_NOT_CONTENT_DEPS = SUBJECTS | {"prep", "dative", "npadvmod", "advmod", "agent", "appos"}
_ADDRESSEE_VERBS = frozenset(
    f for v in ("tell", "inform", "notify", "remind", "assure", "advise") for f in inflections(v)
)
# Subordinators that open a clause with a speaker of its own ('as Trump went on about "..."').
_OWN_CLAUSE_MARKS = frozenset(
    {"as", "while", "because", "when", "after", "before", "since", "although", "though", "if"}
)


def _governing_verb(span: Span) -> tuple[Token, Token] | None:
    """The nearest verb above `span` that reports or characterizes its words (a verb with an
    'as' phrase holding them characterizes: 'admires him as "a strong leader"'), and its child
    on the way there; none when the words are the verb's subject, setting or addressee, or when
    the way passes a subordinate clause with a speaker of its own."""
    token = span.root
    for _ in range(_GOVERNING_STEPS):
        if token.head is token or token.head.sent != span.sent:
            return None
        child, token = token, token.head
        if span.start <= token.i < span.end:
            continue
        if child.pos_ in VERB_POS and any(c.dep_ == "mark" and c.lower_ in _OWN_CLAUSE_MARKS for c in child.children):
            return None
        if _is_authored_statement(token):
            return token, child
        characterizes = child.lower_ == "as" and child.dep_ == "prep"
        if token.pos_ not in VERB_POS or not (characterizes or token.lower_ in _GOVERNING_VERBS):
            continue
        if not characterizes and token.lower_ not in CHARACTERIZING_VERBS and _is_setting(token, child):
            return None
        return (token, child) if _has_speaker(token) else None
    return None


_AS_REACH = 8


def _as_phrase_verb(span: Span) -> tuple[Token, Token] | None:
    """'pounding Trump as a "con artist"' where the parse lost the 'as' phrase: the verb
    before an 'as' that opens the quoted words, if it has a subject."""
    doc, i = span.doc, span.start - 1
    while i > span.sent.start and (doc[i].is_quote or doc[i].pos_ in ("DET", "ADJ")):
        i -= 1
    if doc[i].lower_ != "as":
        return None
    for verb in reversed(doc[max(span.sent.start, i - _AS_REACH) : i]):
        if verb.pos_ == "VERB":
            return (verb, span.root) if _has_speaker(verb) else None
    return None


def _is_authored_statement(token: Token) -> bool:
    """"Trump's claim that ...": a statement noun with its author as possessive."""
    return token.pos_ == "NOUN" and token.lower_ in STATEMENT_NOUNS and statement_owner(token) is not None


def _is_setting(verb: Token, child: Token) -> bool:
    return child.dep_ in _NOT_CONTENT_DEPS or (child.dep_ == "dobj" and verb.lower_ in _ADDRESSEE_VERBS)


def _has_speaker(verb: Token) -> bool:
    """The verb, or the clause it hangs from ('..., calling it "x"'), has a subject that can
    speak: not a generic 'you', nor the 'it' of 'it felt like'; or a name right before it
    that the parse attached elsewhere."""
    if verb.i > 0 and verb.doc[verb.i - 1].pos_ == "PROPN":
        return True
    for _ in range(3):
        if is_misparsed_predicate(verb):
            return True
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        if subjects:
            vague = _GENERIC_SUBJECTS | ({"it"} if verb.lower_ in CLAUSE_VERBS else set())
            return not any(c.lower_ in vague for c in subjects)
        if verb.dep_ not in ("advcl", "xcomp", "conj", "relcl", "ccomp") or verb.head is verb:
            return False
        verb = verb.head
    return False


# Dependents right of the verb that set the scene rather than begin the complement.
_ADVERBIAL_DEPS = frozenset({"advmod", "npadvmod", "prep", "punct", "cc", "prt"})


def _complement(doc: Doc, verb: Token, child: Token) -> Span | None:
    """The verb's words that hold the quote: from its first object to the end of `child`
    (the quote's branch); just `child` when that precedes the verb."""
    if child.i < verb.i:
        return _trim(doc, child.left_edge.i, child.right_edge.i + 1)
    starts = [c.left_edge.i for c in verb.rights if c.i <= child.i and (c.dep_ not in _ADVERBIAL_DEPS or c is child)]
    span = _trim(doc, min(starts, default=child.left_edge.i), child.right_edge.i + 1)
    return None if span is None else _within_paragraph(doc, span, doc[verb.i : verb.i + 1])


def _naming_predicate(doc: Doc, cue: Token, cue_span: Span) -> Candidate | None:
    """'They called it a stopgap fix that ...': what a naming verb calls its object
    is the speaker's phrase, a quote even without marks."""
    if cue.lower_ not in CALLING_VERBS or not any(c.dep_ == "dobj" for c in cue.children):
        return None
    predicates = [c for c in cue.rights if c.dep_ == "oprd"]
    if not predicates:
        return None
    last = predicates[-1].right_edge
    if last.pos_ == "ADJ" and last.dep_ == "amod" and last.head.i < last.i:
        span = doc[last.left_edge.i : last.i + 1]  # 'called X's model impressive': the adjective is the predicate
    else:
        span = _trim(doc, predicates[0].left_edge.i, last.i + 1)
    return None if span is None else Candidate(span.start_char, span.end_char, "indirect", cue=cue_span)


def _according(doc: Doc, token: Token) -> list[Candidate]:
    """'according to X, S' and 'S, according to X': the statement is the rest of the sentence.
    A phrase that interrupts a statement ('Some concerns, according to X, include ...', 'A,
    according to X, and B') leaves two parts; otherwise the longer side is the statement."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None or not any(c.dep_ == "pobj" for c in to.children):
        return []
    sent = token.sent
    left, right = token.left_edge.i, token.right_edge.i
    before, after = _trim(doc, sent.start, left), _trim(doc, right + 1, sent.end)
    cue = doc[token.i : to.i + 1]
    if before is not None and after is not None and (_has_verb(before) or after[0].pos_ in VERB_POS):
        if not _has_verb(doc[sent.start : sent.end]):
            return []
        return [Candidate(part.start_char, part.end_char, "indirect", cue=cue) for part in (before, after)
                if _within_paragraph(doc, part, cue) is part]
    content = after if (after is not None and (before is None or len(after) >= len(before))) else before
    found = _candidate(doc, content, cue)
    return [found] if found is not None else []


def _reconcile(direct: list[Candidate], reported: list[Candidate]) -> list[Candidate]:
    """Merge reported clauses with the direct quotes they overlap (see module docstring). Direct
    quotes do not overlap one another, so those a clause overlaps are found by bisection."""
    direct = sorted(direct, key=lambda d: d.start)
    ends = [d.end for d in direct]
    merged: set[int] = set()  # indices of direct quotes that became part of a mixed quote
    out: list[Candidate] = []
    seen: set[tuple[int, int]] = set()
    for cand in reported:
        if (cand.start, cand.end) in seen:
            continue
        seen.add((cand.start, cand.end))
        first = bisect.bisect_right(ends, cand.start)
        overlapping = list(itertools.takewhile(lambda i: direct[i].start < cand.end, range(first, len(direct))))
        overlapping = [i for i in overlapping if i not in merged]
        quoted = sum(min(direct[i].end, cand.end) - max(direct[i].start, cand.start) for i in overlapping)
        if quoted >= 0.5 * (cand.end - cand.start) and len(overlapping) == 1:
            if direct[overlapping[0]].cue is None:
                direct[overlapping[0]].cue = cand.cue
            continue
        if overlapping:
            cand.type = "mixed"
            cand.start = min(cand.start, *(direct[i].start for i in overlapping))
            cand.end = max(cand.end, *(direct[i].end for i in overlapping))
            merged.update(overlapping)
        out.append(cand)
    return [d for i, d in enumerate(direct) if i not in merged] + out
