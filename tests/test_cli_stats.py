"""`quotes stats RESULTS.jsonl`: the table, the JSON body, the filters, and the --chart PNG."""
from __future__ import annotations

import json

import numpy
import pytest
from matplotlib import image

from service import cli


def person(name: str, gender: str, quotes: int = 1, first_name: bool = False) -> dict:
    evidence = [{"kind": "first_name" if first_name else "pronoun", "gender": gender, "text": "x", "start": 0, "end": 1}]
    return {"id": "s", "name": name, "kind": "person", "quote_count": quotes, "gender": gender,
            "gender_evidence": evidence if gender != "unknown" else []}


def result(article_id: str, source: str, day: str, *speakers: dict) -> str:
    quotes = [{"speaker_id": "s"} for s in speakers for _ in range(s["quote_count"])]
    return json.dumps({"id": article_id, "source": source, "processed_at": f"{day}T12:00:00Z", "quotes": quotes,
                       "speakers": list(speakers), "model": {"name": "m", "version": "1"}})


@pytest.fixture
def results(tmp_path):
    """Harbour Daily: half of its quoted people women; Valley News: a quarter; over two months."""
    lines = [
        result("h1", "harbour-daily", "2026-01-05", person("Dana Reyes", "female", 2), person("Tom Baker", "male")),
        result("h2", "harbour-daily", "2026-02-09", person("Ana Paz", "female", first_name=True), person("Ian Moss", "male")),
        result("v1", "valley-news", "2026-01-20", person("Lena Ortiz", "female"), person("Sam Ito", "male"),
               person("Colm Hart", "male"), person("Lee Park", "unknown")),
        json.dumps({"id": "v2", "error": "ValueError: broken"}),
        result("v3", "valley-news", "2026-02-11",
               {"id": "s", "name": "Harbourline Trust", "kind": "organization", "quote_count": 1, "gender": "unknown",
                "gender_evidence": []}),
    ]
    path = tmp_path / "results.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_stats_table(results, capsys):
    assert cli.main(["stats", str(results)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    assert rows["all"] == ["4", "8", "3", "4", "1", "37.5%"]
    assert rows["harbour-daily"] == ["2", "4", "2", "2", "0", "50.0%"]
    assert rows["valley-news"] == ["2", "4", "1", "2", "1", "25.0%"]
    assert rows["2026-01"] == ["2", "6", "2", "3", "1", "33.3%"]
    assert out.index("Dana Reyes") < out.index("Tom Baker"), "most quoted first"


def test_stats_json_and_filters(results, capsys):
    assert cli.main(["stats", str(results), "--json", "--source", "harbour-daily", "--from", "2026-02-01"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["articles"] == 1 and body["women_share"] == 0.5
    assert body["sources"]["gender_from_first_name"] == 1


def test_stats_rejects_a_file_that_is_not_results(tmp_path, capsys):
    bad = tmp_path / "archive.jsonl"
    bad.write_text(json.dumps({"id": "a", "text": "An article."}) + "\n")
    assert cli.main(["stats", str(bad)]) == 2
    assert "not a result line" in capsys.readouterr().err


def _runs(mask: numpy.ndarray) -> list[int]:
    """Lengths of the horizontal runs of True in each row that has any."""
    return [int(row.sum()) for row in mask if row.any()]


def test_chart_shows_share_over_time_and_per_source(results, tmp_path):
    chart = tmp_path / "women.png"
    assert cli.main(["stats", str(results), "--chart", str(chart)]) == 0
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000
    pixels = image.imread(str(chart))[:, :, :3]
    assert pixels.shape[:2] == (450, 1100)

    def near(colour: str) -> numpy.ndarray:
        rgb = numpy.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
        return numpy.abs(pixels - rgb).max(axis=2) < 0.02

    line = near("#7b3294")  # the monthly line, in the left half
    assert line[:, :550].sum() > 200 and not line[:, 550:].any()
    bars = near("#008837")  # one bar per source, in the right half, as long as its share
    assert not bars[:, :550].any()
    lengths = set(_runs(bars))
    short, long = min(lengths), max(lengths)
    assert all(abs(n - short) <= 2 or abs(n - long) <= 2 for n in lengths), f"two bars: {sorted(lengths)}"
    assert long / short == pytest.approx(2, rel=0.05), "50% is twice as long as 25%"


def test_a_group_of_named_people_counts_as_its_members(tmp_path, capsys):
    owners = {"id": "g", "name": "Ada Lund and Bo Berg", "kind": "group", "quote_count": 2, "gender": "unknown",
              "gender_evidence": [], "members": ["a", "b"]}
    ada, bo = person("Ada Lund", "female", 2), person("Bo Berg", "male", 2)
    ada["id"], bo["id"] = "a", "b"
    line = json.dumps({"id": "j1", "source": "harbour-daily", "processed_at": "2026-03-02T12:00:00Z",
                       "quotes": [{"speaker_id": "g"}, {"speaker_id": "g"}], "speakers": [owners, ada, bo],
                       "model": {"name": "m", "version": "1"}})
    path = tmp_path / "joint.jsonl"
    path.write_text(line + "\n")
    assert cli.main(["stats", str(path), "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["women_share"] == 0.5
    assert body["sources"]["by_kind"] == {"person": 2, "organization": 0, "group": 0}
