"""The evaluation metrics on tiny hand-made gold/prediction pairs."""
from __future__ import annotations

import json

import pytest

from service import evaluation as ev

TEXT = 'Mayor Jo Bloggs said the bridge is safe. "We will fix it," she said. The firm said nothing.'


def _pred(start, end, speaker=None, mention=None, role=None, organization=None, kind="person"):
    return {
        "text": TEXT[start:end], "start": start, "end": end, "type": "direct", "speaker": speaker, "kind": kind,
        "speaker_mention": None if mention is None else {"text": TEXT[mention[0]:mention[1]], "start": mention[0], "end": mention[1]},
        "cue": None, "role": role, "organization": organization, "confidence": 0.5,
    }


def _gold(start, end, speaker, span, **extra):
    return {"quote": TEXT[start:end], "quote_span": [start, end], "speaker": speaker, "speaker_span": span, **extra}


def test_overlap_is_relative_to_gold_length():
    assert ev.overlap((10, 20), (15, 40)) == 0.5
    assert ev.overlap((10, 20), (0, 100)) == 1.0
    assert ev.overlap((10, 20), (20, 30)) == 0.0
    assert ev.overlap((5, 5), (0, 10)) == 0.0


def test_match_takes_best_unmatched_prediction_once():
    gold = [(0, 10), (5, 15)]
    pred = [(0, 10), (40, 50)]
    assert ev.match_quotes(gold, pred, 0.3) == [(0, 0)]
    assert ev.match_quotes(gold, [(4, 15), (0, 10)], 0.3) == [(0, 1), (1, 0)]


def test_threshold_is_exclusive():
    assert ev.match_quotes([(0, 10)], [(0, 3)], 0.3) == []
    assert ev.match_quotes([(0, 10)], [(0, 4)], 0.3) == [(0, 0)]


def test_prf():
    assert ev.prf(2, 4, 2) == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3)}
    assert ev.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


@pytest.mark.parametrize(
    ("pred", "gold", "kind", "same"),
    [
        ("Ms. Clinton", "Hillary Clinton", "person", True),
        ("Bill Clinton", "Hillary Clinton", "person", False),
        ("Clinton", "Hillary Rodham Clinton", "person", True),
        ("Martin Luther King Jr.", "Martin King", "person", True),
        ("John", "John Smith", "person", False),
        ("the Post", "The New York Post", "organization", True),
        ("the Post", "The New York Post", None, True),
        ("Liberal Party of Canada", "Liberals", "organization", False),
        (None, "Jo Bloggs", "person", False),
    ],
)
def test_same_speaker(pred, gold, kind, same):
    assert ev.same_speaker(pred, gold, kind) is same


def test_token_f1_drops_case_punctuation_and_stopwords():
    assert ev.content_tokens("The Mayor of Brackenford, B.C.") == ["mayor", "brackenford", "b", "c"]
    assert ev.token_f1("mayor", "The Mayor") == 1.0
    assert ev.token_f1("deputy mayor", "mayor") == pytest.approx(2 / 3)
    assert ev.token_f1(None, "") == 1.0
    assert ev.token_f1("mayor", "") == 0.0


def test_has_quote_mark_ignores_apostrophes():
    assert ev.has_quote_mark("he said “no” twice")
    assert not ev.has_quote_mark("it’s the ’90s, isn't it")


def test_score_counts_matches_speakers_roles_and_marks():
    rows = [{"id": "a", "text": TEXT, "quotes": [
        _gold(21, 39, "Jo Bloggs", [6, 15], role="Mayor", organization=""),
        _gold(42, 57, "Jo Bloggs", [59, 62], role="Mayor", organization=""),
        _gold(83, 90, "The firm", [69, 77]),
    ]}]
    preds = [[
        _pred(21, 39, "Jo Bloggs", (0, 15), role="mayor"),
        _pred(41, 58, "Bloggs", (0, 5), role="deputy mayor"),
        _pred(0, 5),
    ]]
    result = ev.score(rows, preds)
    lenient = result["overlap>0.3"]
    assert (result["gold"], result["predicted"], lenient["matched"]) == (3, 3, 2)
    assert lenient["precision"] == pytest.approx(2 / 3) and lenient["recall"] == pytest.approx(2 / 3)
    assert lenient["mention_accuracy"] == 0.5  # second mention span misses "she"
    assert lenient["speaker_accuracy"] == 1.0
    assert lenient["role_f1"] == pytest.approx((1 + 2 / 3) / 2)
    assert lenient["organization_f1"] == 1.0
    assert lenient["quote_mark_gold"] == 0


def test_errors_lists_misses_false_positives_and_wrong_speakers():
    rows = [{"id": "a", "text": TEXT, "quotes": [_gold(21, 39, "Jo Bloggs", [6, 15]), _gold(83, 90, "The firm", [69, 77])]}]
    preds = [[_pred(21, 39, "Jane Doe"), _pred(0, 5)]]
    kinds = sorted(e["kind"] for e in ev.errors(rows, preds))
    assert kinds == ["false positive", "miss", "wrong speaker"]


class _FakeExtractor:
    def extract_many(self, texts):
        from service.pipeline.types import Extraction, QuoteResult, SpeakerResult, TextSpan

        for text in texts:
            quote = QuoteResult(text[42:57], 42, 57, "direct", "Jo Bloggs", None, None, "s1",
                                TextSpan.of(text, 59, 62), TextSpan.of(text, 63, 67), 0.9, "direct_pronoun")
            yield Extraction(text, [quote], [SpeakerResult("s1", "Jo Bloggs", "person", None, None, [], 1)])


def test_evaluate_and_main_json(tmp_path, capsys, monkeypatch):
    rows = [{"id": "a", "text": TEXT, "quotes": [_gold(42, 57, "Jo Bloggs", [59, 62])]}]
    result = ev.evaluate(_FakeExtractor(), rows)
    assert result["overlap>0.8"]["f1"] == 1.0 and result["articles_per_second"] > 0
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(rows[0]) + "\n")
    monkeypatch.setattr("service.pipeline.Extractor", lambda nlp, first_name=None: _FakeExtractor())
    monkeypatch.setattr("service.pipeline.load_nlp", lambda name: None)
    assert ev.main([str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["gold.jsonl"]["overlap>0.3"]["speaker_accuracy"] == 1.0


def test_default_gold_paths_are_next_to_the_project():
    paths = ev.default_gold_paths()
    assert [p.name for p in paths] == ["ggt-dev.jsonl", "bbc-dev.jsonl", "polnear-dev.jsonl"]
    assert paths[0].parent.name == "eval" and paths[0].parent.parent.name == "shared"


def test_halves_are_balanced_disjoint_and_stable():
    rows = [{"id": f"a{i}", "quotes": []} for i in range(9)]
    a, b = ev.half(rows, "A"), ev.half(rows, "B")
    assert {r["id"] for r in a} | {r["id"] for r in b} == {r["id"] for r in rows}
    assert not {r["id"] for r in a} & {r["id"] for r in b}
    assert abs(len(a) - len(b)) <= 1
    assert ev.half(list(reversed(rows)), "A") == a


def test_flattened_runs_paragraphs_together_and_moves_offsets():
    text = 'Intro line.\n\n"We won," Ana said.\n  \n"Next," she said.'
    row = {"id": "x", "text": text, "quotes": [
        {"quote": "We won,", "quote_span": [14, 21], "speaker_span": [23, 26]},
        {"quote": "Next,", "quote_span": [37, 42], "speaker_span": None}]}
    flat = ev.flattened(row)
    assert flat["text"] == 'Intro line. "We won," Ana said. "Next," she said.'
    for q in flat["quotes"]:
        assert flat["text"][slice(*q["quote_span"])] == q["quote"]
    assert flat["text"][slice(*flat["quotes"][0]["speaker_span"])] == "Ana"
    assert flat["quotes"][1]["speaker_span"] is None


def test_gender_score_compares_cleaned_name_sets_per_article():
    rows = [
        {"sources": {"female": ["Ana O'Neil", "Lena Ortiz"], "male": ["Tom Baker"], "unknown": []}},
        {"sources": {"female": [], "male": ["Sam Ito", " Ian Moss"], "unknown": []}},
    ]
    people = [
        [
            {"name": "Ana O’Neil’s", "gender": "female", "from_first_name": False},  # cleaned: "ana o neil"
            {"name": "Lena Ortiz", "gender": "male", "from_first_name": True},
            {"name": "Tom Baker", "gender": "male", "from_first_name": False},
        ],
        [
            {"name": "Sam Ito", "gender": "male", "from_first_name": True},
            {"name": "Ian Moss", "gender": "unknown", "from_first_name": False},
            {"name": "Tom Baker", "gender": "male", "from_first_name": False},  # not quoted in this article's gold
        ],
    ]
    result = ev.gender_score(rows, people)
    assert result["female"] == {"precision": 1.0, "recall": 0.5, "f1": 2 / 3}
    assert result["male"]["precision"] == 0.5 and result["male"]["recall"] == 2 / 3
    assert result["female_share"] == 1 / 6 and result["gold_female_share"] == 2 / 5
    assert result["first_name_share"] == 2 / 5


def test_only_named_people_are_scored():
    assert ev.is_named("Jane van Dyke") and ev.is_named("Ana O’Neil") and ev.is_named("Franklin D. Roosevelt")
    assert not any(ev.is_named(n) for n in ("a spokeswoman", "The judge", "city staff", "McCallum’s staff"))
