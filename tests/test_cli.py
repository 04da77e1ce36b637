"""The `quotes` command line: extract, batch (workers, resume, CSV), enqueue, eval."""
from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from worker_processes import free_port

from service import cli
from service.config import Settings

TEXT_ARTICLE = (
    '"This wall will protect thousands of homes," said Maria Lopez, the mayor of Port Haven.\n\n'
    '"The money would do more good in wetlands," said Daniel Okafor, a hydrologist at the University of Bristol.\n'
)
HTML_ARTICLE = (
    "<!doctype html><html><head><title>Flood wall</title><script>var x = 1;</script></head><body>"
    "<nav>Home | News</nav><article><h1>Flood wall approved</h1>"
    "<p>&ldquo;We will watch every dollar,&rdquo; said Priya Raman, "
    "chief executive of the Harbour Business Association.</p>"
    "<p>The vote was 7 to 2.</p></article></body></html>"
)


class RecordingExtractor:
    """The session's extractor, noting every text it is given; fails on texts containing `fail_on`."""

    def __init__(self, extractor, fail_on: str | None = None):
        self.extractor = extractor
        self.fail_on = fail_on
        self.texts: list[str] = []

    @property
    def model(self):
        return self.extractor.model

    def extract_many(self, texts):
        texts = list(texts)
        self.texts.extend(texts)
        if self.fail_on and any(self.fail_on in text for text in texts):
            raise RuntimeError("pipeline broke")
        return self.extractor.extract_many(texts)


@pytest.fixture
def recording(monkeypatch, extractor):
    """Run the CLI in-process on the session's extractor instead of loading another."""
    recorder = RecordingExtractor(extractor)
    monkeypatch.setattr(cli, "load_extractor", lambda settings: recorder)
    return recorder


def api_body(client, **article) -> dict:
    response = client.post("/v1/quotes", json=article)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def write_lines(path, records) -> None:
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def read_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- extract -----------------------------------------------------------------


def test_extract_prints_one_api_shaped_line_per_file(tmp_path, monkeypatch, capsys, recording, client):
    text_file = tmp_path / "lopez.txt"
    text_file.write_text(TEXT_ARTICLE, encoding="utf-8")
    html_file = tmp_path / "raman.html"
    html_file.write_text(HTML_ARTICLE, encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO(HTML_ARTICLE))

    assert cli.main(["extract", str(text_file), str(html_file), "-"]) == 0

    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["id"] for row in rows] == [str(text_file), str(html_file), "-"]
    assert rows[0] == api_body(client, text=TEXT_ARTICLE, id=str(text_file))
    assert rows[1] == api_body(client, html=HTML_ARTICLE, id=str(html_file))
    assert rows[2] == {**rows[1], "id": "-"}, "standard input is HTML by its content"
    assert rows[0]["quotes"] and rows[1]["quotes"]
    assert "var x" not in rows[1]["text"] and "Home | News" not in rows[1]["text"]


def test_extract_reports_unreadable_files_and_goes_on(tmp_path, capsys, recording):
    good = tmp_path / "good.txt"
    good.write_text(TEXT_ARTICLE, encoding="utf-8")

    assert cli.main(["extract", str(tmp_path / "missing.txt"), str(good)]) == 1

    captured = capsys.readouterr()
    assert "missing.txt" in captured.err
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == [str(good)]


@pytest.mark.parametrize(
    ("name", "content", "is_html"),
    [
        ("story.html", "plain words", True),
        ("story.txt", "<p>tagged</p>", False),
        ("story", "  <!DOCTYPE html><p>x</p>", True),
        ("-", "<p class='lede'>x</p>", True),
        ("-", "<3 said the fan.", False),
        ("story.json", '"Quoted," she said.', False),
    ],
)
def test_html_is_detected_by_extension_then_content(name, content, is_html):
    assert cli.looks_like_html(name, content) is is_html


def test_extract_async_without_a_service_says_so_in_one_line(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text(TEXT_ARTICLE, encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}"

    assert cli.main(["extract", "--async", "--url", url, str(story)]) == 3
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"quotes extract: {url}")


# --- batch -------------------------------------------------------------------


ARCHIVE = [
    {"id": "a1", "text": TEXT_ARTICLE},
    {"id": "a2", "html": HTML_ARTICLE},
    {"id": "a3", "text": "No quotes here, only a report on the weather.\n"},
]


def expected_row(client, record: dict) -> dict:
    return api_body(client, **record)


@pytest.mark.slow
def test_batch_on_two_worker_processes_writes_results_and_csv(tmp_path, monkeypatch, client):
    monkeypatch.setenv("QUOTES_DATA_DIR", str(tmp_path / "data"))
    archive, results, quotes_csv = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "quotes.csv"
    write_lines(archive, ARCHIVE)

    assert cli.main(["batch", str(archive), str(results), "--workers", "2", "--chunk-size", "1",
                     "--csv", str(quotes_csv)]) == 0

    rows = {row["id"]: row for row in read_lines(results)}
    assert rows == {record["id"]: expected_row(client, record) for record in ARCHIVE}
    with open(quotes_csv, encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["article_id", "quote", "type", "speaker", "role", "organization"]
    assert sorted(table[1:]) == sorted(
        [row["id"], q["text"], q["type"], q["speaker"] or "", q["role"] or "", q["organization"] or ""]
        for row in rows.values()
        for q in row["quotes"]
    )
    assert len(table) > 2


def test_batch_resumes_after_a_crash_mid_line(tmp_path, recording, client):
    archive, results = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(archive, ARCHIVE)
    finished = json.dumps(expected_row(client, ARCHIVE[0])) + "\n"
    results.write_text(finished + finished[:40], encoding="utf-8")  # a1 done, a2 cut off mid-write

    assert cli.main(["batch", str(archive), str(results), "--workers", "1"]) == 0

    assert [row["id"] for row in read_lines(results)] == ["a1", "a2", "a3"]
    assert TEXT_ARTICLE not in recording.texts, "a1 was already done"
    assert len(recording.texts) == 2

    recording.texts.clear()
    assert cli.main(["batch", str(archive), str(results), "--workers", "1"]) == 0
    assert recording.texts == [], "nothing left to do"
    assert len(read_lines(results)) == 3


def test_batch_retries_failed_articles_on_the_next_run(tmp_path, monkeypatch, extractor, capsys):
    archive, results = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(archive, ARCHIVE)
    monkeypatch.setattr(cli, "load_extractor", lambda settings: RecordingExtractor(extractor, fail_on="weather"))

    assert cli.main(["batch", str(archive), str(results), "--workers", "1"]) == 1
    assert [row["id"] for row in read_lines(results)] == ["a1", "a2"]
    assert "a3: RuntimeError: pipeline broke" in capsys.readouterr().err

    monkeypatch.setattr(cli, "load_extractor", lambda settings: RecordingExtractor(extractor))
    assert cli.main(["batch", str(archive), str(results), "--workers", "1"]) == 0
    assert [row["id"] for row in read_lines(results)] == ["a1", "a2", "a3"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "in.jsonl:2: not JSON"),
        ('{"text": "no id"}', 'in.jsonl:2: each line needs an "id"'),
        ('{"id": "b", "text": "x", "html": "<p>x</p>"}', 'exactly one of "text" or "html"'),
    ],
)
def test_batch_refuses_a_bad_archive_before_writing(tmp_path, capsys, recording, line, message):
    archive, results = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    archive.write_text(json.dumps(ARCHIVE[0]) + "\n" + line + "\n", encoding="utf-8")

    assert cli.main(["batch", str(archive), str(results)]) == 2
    assert message in capsys.readouterr().err
    assert not results.exists()


def test_batch_will_not_append_to_a_damaged_results_file(tmp_path, capsys, recording):
    archive, results = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_lines(archive, ARCHIVE)
    results.write_text('{"id": "a1", "quotes": []}\ngarbage\n{"id": "a2", "quotes": []}\n', encoding="utf-8")

    assert cli.main(["batch", str(archive), str(results), "--workers", "1"]) == 2
    assert "out.jsonl:2: not a result line" in capsys.readouterr().err


# --- enqueue -----------------------------------------------------------------


def test_enqueue_puts_each_article_on_the_queue_once(tmp_path, monkeypatch, capsys):
    from service.tasks import Queue

    monkeypatch.setenv("QUOTES_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    archive = tmp_path / "in.jsonl"
    write_lines(archive, [{**ARCHIVE[0], "revision": 3}, ARCHIVE[1]])

    assert cli.main(["enqueue", str(archive), "--source", "archive"]) == 0
    jobs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [job["id"] for job in jobs] == ["a1", "a2"]

    queue = Queue(Settings.from_env()).huey  # knows the task names, so it can read the queued tasks
    queued = [task.args for task in queue.pending()]
    assert sorted(args[0] for args in queued) == sorted(job["job_id"] for job in jobs)

    assert cli.main(["enqueue", str(archive)]) == 0
    assert [json.loads(line) for line in capsys.readouterr().out.splitlines()] == jobs
    assert queue.pending_count() == 2, "enqueueing the same archive again adds nothing"


# --- eval --------------------------------------------------------------------


def test_eval_is_delegated_to_the_evaluation_module(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr("service.evaluation.main", lambda args: seen.append(args) or 0)

    assert cli.main(["eval", str(tmp_path / "gold.jsonl"), "--json"]) == 0
    assert seen[0].gold == [str(tmp_path / "gold.jsonl")] and seen[0].json is True
