"""Accuracy never falls silently: the extractor over the development sets, against floors.

The floors sit a little under what `make eval` measured when they were set (README,
"Accuracy"); a change that loses more than that on any set fails here. Raise a floor
when a change lifts its figure for good; never lower one to get green.
"""
from __future__ import annotations

import pytest

from service import evaluation

# set: {metric: floor}, at overlap > 0.3. "flat" is ggt-dev with its paragraphs run together.
FLOORS = {
    "ggt-dev": {"f1": 0.91, "speaker_accuracy": 0.91, "role_f1": 0.87, "organization_f1": 0.83},
    "ggt-dev flat": {"f1": 0.90, "speaker_accuracy": 0.90, "role_f1": 0.86, "organization_f1": 0.83},
    "bbc-dev": {"f1": 0.90, "speaker_accuracy": 0.87, "role_f1": 0.76, "organization_f1": 0.75},
    "polnear-dev": {"f1": 0.59, "quote_mark_recall": 0.90},
}
# Quoted people by gender on ggt-dev, scored as the Gender Gap Tracker does: source F1 per gender.
GENDER_FLOORS = {"female": 0.90, "male": 0.92}


def _gold(name: str) -> list[dict]:
    path = evaluation.default_gold_paths()[0].parent / f"{name.split()[0]}.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is not there: the development sets live in ../shared/eval")
    rows = evaluation.load_gold(path)
    return [evaluation.flattened(r) for r in rows] if name.endswith("flat") else rows


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_stays_above_its_floor(extractor, name):
    rows = _gold(name)
    measured = evaluation.evaluate(extractor, rows, thresholds=(0.3,))["overlap>0.3"]
    below = {metric: round(measured[metric], 3) for metric, floor in FLOORS[name].items() if measured[metric] < floor}
    assert not below, f"{name} fell below its floors {FLOORS[name]}: {below}"


def test_gender_of_quoted_people_stays_above_its_floor(extractor):
    measured = evaluation.evaluate(extractor, _gold("ggt-dev"), thresholds=(0.3,))["gender"]
    below = {g: round(measured[g]["f1"], 3) for g, floor in GENDER_FLOORS.items() if measured[g]["f1"] < floor}
    assert not below, f"source F1 fell below its floors {GENDER_FLOORS}: {below}"


# The owner's example article, whose quotation marks and apostrophes were lost in transit: what the
# README promises of it (statements, speakers).
SEED_FLOORS = {"quotes": 23, "speakers": 12}


def test_the_owners_example_article_keeps_its_statements(extractor):
    path = evaluation.default_gold_paths()[0].parent.parent / "seed" / "deepseek-article.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not there: the owner's example lives in ../shared/seed")
    extraction = extractor.extract(path.read_text(encoding="utf-8"))
    measured = {"quotes": len(extraction.quotes), "speakers": len(extraction.speakers)}
    assert all(measured[k] >= floor for k, floor in SEED_FLOORS.items()), f"{measured} < {SEED_FLOORS}"
