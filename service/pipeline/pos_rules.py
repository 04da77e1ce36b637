"""The model's attribute_ruler, cut to the rules we read and applied by lookup.

en_core_web_sm sets coarse POS from fine tags with an `attribute_ruler`: ~180 token
patterns run through spaCy's Matcher, a tenth or more of the whole pipeline's time.
Our stages read `pos_`, `tag_` and `dep_` but never `morph` or `lemma_`, so
`PosRules` keeps only the rules that set POS, TAG or DEP, taken from the loaded
model itself (not copied here), and applies them with dictionary lookups in the
ruler's own order: later rules win, every rule matches on the values before any
rule changed them. The result equals the ruler's on those three attributes
(tests/test_pos_rules.py compares them token by token); MORPH and LEMMA stay unset.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab

READ = ("POS", "TAG", "DEP")
_SLOTS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}  # positions in a token's `before` tuple


class Unsupported(ValueError):
    """A rule this lookup cannot apply exactly (the caller keeps the attribute_ruler)."""


@dataclass(frozen=True)
class _Rule:
    order: int
    tokens: tuple[tuple[tuple[int, str, object], ...], ...]  # per pattern token: (slot, test, value)
    target: int  # which token of the pattern gets the attributes
    pos: int | None
    tag: str | None
    dep: str | None


def _test(vocab: Vocab, key: str, value) -> tuple[int, str, object]:
    if key not in _SLOTS:
        raise Unsupported(key)
    if key == "IS_SPACE":
        if not isinstance(value, bool):
            raise Unsupported(f"IS_SPACE {value!r}")
        return _SLOTS[key], "eq", value
    if isinstance(value, str):
        return _SLOTS[key], "eq", vocab.strings.add(value)
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN"):
        op, values = next(iter(value.items()))
        return _SLOTS[key], op.lower(), frozenset(vocab.strings.add(v) for v in values)
    raise Unsupported(f"{key} {value!r}")


def compile_rules(vocab: Vocab, patterns: list[dict]) -> list[_Rule]:
    """The attribute_ruler's patterns that set POS, TAG or DEP, in the ruler's order."""
    rules = []
    for order, entry in enumerate(patterns):
        attrs = {k: v for k, v in entry["attrs"].items() if k in READ}
        if not attrs:
            continue
        for pattern in entry["patterns"]:
            if not pattern or not all(isinstance(token, dict) for token in pattern):
                raise Unsupported(f"pattern {pattern!r}")
            rules.append(
                _Rule(
                    order=order,
                    tokens=tuple(tuple(_test(vocab, k, v) for k, v in token.items()) for token in pattern),
                    target=entry.get("index", 0) % len(pattern),
                    pos=POS_IDS[attrs["POS"]] if "POS" in attrs else None,
                    tag=attrs.get("TAG"),
                    dep=attrs.get("DEP"),
                )
            )
    return rules


class PosRules:
    """Applies the compiled rules: for each token, only those whose target test can match it.

    A token's outcome depends only on its TAG, DEP, IS_SPACE and (for the few words
    some rule names) LOWER, unless a multi-token rule may match it; outcomes are
    remembered by those values, a set that stays small whatever new words arrive.
    """

    def __init__(self, rules: list[_Rule]):
        self.by_lower: dict[int, list[_Rule]] = {}
        self.by_tag: dict[int, list[_Rule]] = {}
        self.anywhere: list[_Rule] = []
        self._outcomes: dict[tuple, tuple[int | None, str | None, str | None]] = {}
        self._named_words: set[int] = set()  # every LOWER a rule tests; all others behave alike
        for rule in rules:
            target = {slot: (test, value) for slot, test, value in rule.tokens[rule.target]}
            if _SLOTS["LOWER"] in target:
                test, value = target[_SLOTS["LOWER"]]
                self._named_words |= {value} if test == "eq" else value
            for slot, index in ((_SLOTS["LOWER"], self.by_lower), (_SLOTS["TAG"], self.by_tag)):
                test, value = target.get(slot, (None, None))
                if test in ("eq", "in"):
                    for h in [value] if test == "eq" else value:
                        index.setdefault(h, []).append(rule)
                    break
            else:
                self.anywhere.append(rule)

    def __call__(self, doc: Doc) -> Doc:
        before = [(t.lower, t.tag, t.dep, t.is_space) for t in doc]
        for i, token in enumerate(doc):
            outcome = self._outcomes.get(self._key(before[i])) or self._outcome(before, i)
            pos, tag, dep = outcome
            if pos is not None:
                token.pos = pos
            if tag is not None:
                token.tag_ = tag
            if dep is not None:
                token.dep_ = dep
        return doc

    def _outcome(self, before: list[tuple], i: int) -> tuple[int | None, str | None, str | None]:
        """POS, TAG and DEP the rules give token `i` (None: left as is), later rules winning."""
        lower, tag = before[i][0], before[i][1]
        rules = sorted(self.by_lower.get(lower, []) + self.by_tag.get(tag, []) + self.anywhere, key=lambda r: r.order)
        pos = new_tag = dep = None
        for rule in rules:
            if self._matches(rule, before, i):
                pos = rule.pos if rule.pos is not None else pos
                new_tag = rule.tag if rule.tag is not None else new_tag
                dep = rule.dep if rule.dep is not None else dep
        outcome = (pos, new_tag, dep)
        if all(len(rule.tokens) == 1 for rule in rules):
            self._outcomes[self._key(before[i])] = outcome
        return outcome

    def _key(self, token: tuple) -> tuple:
        lower, tag, dep, is_space = token
        return (lower if lower in self._named_words else 0, tag, dep, is_space)

    @staticmethod
    def _matches(rule: _Rule, before: list[tuple], i: int) -> bool:
        start = i - rule.target
        if start < 0 or start + len(rule.tokens) > len(before):
            return False
        for offset, tests in enumerate(rule.tokens):
            token = before[start + offset]
            for slot, test, value in tests:
                got = token[slot]
                if (got != value) if test == "eq" else (got not in value) if test == "in" else (got in value):
                    return False
        return True


@Language.factory("pos_rules", default_config={"patterns": []})
def make_pos_rules(nlp: Language, name: str, patterns: list[dict]) -> PosRules:
    return PosRules(compile_rules(nlp.vocab, patterns))


def replace_attribute_ruler(nlp: Language) -> bool:
    """Swap the pipeline's attribute_ruler for `pos_rules`; False (nothing changed) if a rule is unsupported."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    patterns = nlp.get_pipe("attribute_ruler").patterns
    try:
        compile_rules(nlp.vocab, patterns)
    except Unsupported:
        return False
    nlp.replace_pipe("attribute_ruler", "pos_rules", config={"patterns": patterns})
    nlp.rename_pipe("attribute_ruler", "pos_rules")
    return True
