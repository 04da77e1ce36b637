"""pos_rules gives exactly the attribute_ruler's POS, TAG and DEP, faster."""
from __future__ import annotations

import spacy

from service.config import Settings
from service.pipeline.pos_rules import compile_rules, replace_attribute_ruler

TEXTS = [
    "There is no plan, and there were never any talks, the mayor's office said on Tuesday.",
    "\u201cWe will appeal,\u201d said Jane Doe, who has led the union since 2019. That is all I know.",
    "Something changed. Nobody knows whether it will last, but everyone hopes so.\n\nIt's gonna be fine, he'd said.",
    "The minister, whose department was cut, told reporters that she would not resign  \n and  left.",
    "I'm sure that this isn't what they wanted; those who did ain't talking. Let's see what happens to them.",
]


def test_same_pos_tag_and_dep_as_the_attribute_ruler(nlp):
    reference = spacy.load(Settings().spacy_model, exclude=["lemmatizer"])
    assert "pos_rules" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    for text in TEXTS:
        expected = [(t.text, t.pos_, t.tag_, t.dep_) for t in reference(text)]
        assert [(t.text, t.pos_, t.tag_, t.dep_) for t in nlp(text)] == expected


def test_same_on_news_articles(nlp):
    """Generated news, and real articles from ../shared/eval when present: thousands of tokens."""
    from bench import corpus

    reference = spacy.load(Settings().spacy_model, exclude=["lemmatizer"])
    articles = corpus.generated(12) + corpus.from_eval(12)
    for article in articles:
        text = article.text[: nlp.max_length]
        expected = [(t.pos, t.tag, t.dep) for t in reference(text)]
        assert [(t.pos, t.tag, t.dep) for t in nlp(text)] == expected, article.id


def test_every_pos_setting_rule_of_the_model_is_kept(nlp):
    reference = spacy.load(Settings().spacy_model, exclude=["lemmatizer"])
    patterns = reference.get_pipe("attribute_ruler").patterns
    setting = [p for p in patterns if {"POS", "TAG", "DEP"} & set(p["attrs"])]
    assert len(compile_rules(reference.vocab, patterns)) == sum(len(p["patterns"]) for p in setting)


def test_a_rule_it_cannot_apply_exactly_keeps_the_attribute_ruler():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"TEXT": {"REGEX": "^[A-Z]"}, "OP": "+"}]], "attrs": {"POS": "PROPN"}}])
    assert replace_attribute_ruler(nlp) is False
    assert nlp.pipe_names == ["attribute_ruler"]
