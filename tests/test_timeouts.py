"""The request time limit and the synchronous length limit.

A text longer than QUOTES_MAX_SYNC_CHARS (a batch: its texts together) is answered 413
before any parsing, naming the limit and POST /v1/jobs. A request still running at
QUOTES_REQUEST_TIMEOUT is answered 503 with Retry-After, and the app serves on. (Under
gunicorn the worker then retires: tests/test_faults.py.) Nothing here asserts on
wall-clock time: an interrupted extraction is recognised by not having finished."""
from __future__ import annotations

import signal
import threading
import time

import pytest

from service import create_app
from service.config import Settings

# A long ordinary article (about 400 KB): well over ten seconds of extraction.
LONG_ARTICLE = 'The council met on Tuesday.\n\n"We will act," said Ann Park, the mayor.\n\n' * 6_000
SHORT_ARTICLE = '"We are fine," said Ann Park.'


class SleepyExtractor:
    """Stands in for an extraction that never ends on its own; notes whether one ever did."""

    model = {"name": "sleepy", "version": "0"}

    def __init__(self):
        self.finished = threading.Event()

    def extract(self, text: str):
        time.sleep(60)
        self.finished.set()


class RefusingExtractor:
    """Fails the test if the app parses anything: the length check must come first."""

    model = {"name": "refusing", "version": "0"}

    def extract(self, text: str):
        raise AssertionError("extract() was called")

    def extract_many(self, texts):
        raise AssertionError("extract_many() was called")


def test_a_request_past_the_limit_is_503_with_retry_after(tmp_path):
    settings = Settings.from_env({"QUOTES_DATA_DIR": str(tmp_path), "QUOTES_REQUEST_TIMEOUT": "0.3"})
    extractor = SleepyExtractor()
    client = create_app(settings, extractor=extractor).test_client()
    response = client.post("/v1/quotes", json={"text": "anything"})
    assert not extractor.finished.is_set(), "the extraction was interrupted, not waited for"
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    body = response.get_json()
    assert body["code"] == 503 and "time limit" in body["message"]


def test_a_real_slow_extraction_is_stopped_and_the_app_serves_on(make_app):
    client = make_app(QUOTES_REQUEST_TIMEOUT="1", QUOTES_MAX_SYNC_CHARS="0").test_client()
    response = client.post("/v1/quotes", json={"text": LONG_ARTICLE})
    assert response.status_code == 503
    follow_up = client.post("/v1/quotes", json={"text": SHORT_ARTICLE})
    assert follow_up.status_code == 200 and follow_up.get_json()["quotes"]


def test_the_alarm_is_disarmed_and_restored_after_each_request(make_app):
    before = signal.getsignal(signal.SIGALRM)
    client = make_app(QUOTES_REQUEST_TIMEOUT="5").test_client()
    assert client.post("/v1/quotes", json={"text": '"Yes," he said.'}).status_code == 200
    assert client.get("/v1/nope").status_code == 404
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


@pytest.mark.parametrize("timeout", ["0", "-1"])
def test_a_limit_of_zero_or_less_turns_the_bound_off(make_app, timeout):
    client = make_app(QUOTES_REQUEST_TIMEOUT=timeout).test_client()
    assert client.post("/v1/quotes", json={"text": '"Yes," he said.'}).status_code == 200
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


@pytest.fixture
def limited(tmp_path):
    """An app whose synchronous limit is 1,000 characters, and whose extractor must never be reached."""
    settings = Settings.from_env({"QUOTES_DATA_DIR": str(tmp_path), "QUOTES_MAX_SYNC_CHARS": "1000"})
    return create_app(settings, extractor=RefusingExtractor()).test_client()


def assert_names_the_limit_and_jobs(response, characters: str) -> None:
    assert response.status_code == 413
    body = response.get_json()
    assert body["code"] == 413 and body["status"]
    assert characters in body["message"] and "1,000" in body["message"]
    assert "QUOTES_MAX_SYNC_CHARS" in body["message"] and "POST /v1/jobs" in body["message"]


def test_a_text_over_the_sync_limit_is_413_before_any_parsing(limited):
    assert_names_the_limit_and_jobs(limited.post("/v1/quotes", json={"text": "x" * 1001}), "1,001")


def test_html_counts_by_the_text_it_makes(limited):
    markup = "<div class='story'><p>" + "<b>x</b>" * 500 + "</p></div>"
    assert len(markup) > 1000
    response = limited.post("/v1/quotes", json={"html": markup + "<p>" + "y" * 600 + "</p>"})
    assert_names_the_limit_and_jobs(response, "1,102")


def test_a_batch_is_limited_by_its_texts_together(limited):
    articles = [{"id": str(i), "text": "x" * 300} for i in range(4)] + [{"id": "bad"}]
    assert_names_the_limit_and_jobs(limited.post("/v1/quotes/batch", json={"articles": articles}), "1,200")


def test_texts_up_to_the_limit_are_extracted(make_app):
    text = (SHORT_ARTICLE + " ") * 20
    client = make_app(QUOTES_MAX_SYNC_CHARS=str(len(text))).test_client()
    assert client.post("/v1/quotes", json={"text": text}).status_code == 200
    articles = [{"id": "a", "text": text[:100]}, {"id": "b", "text": text[100:]}]
    assert client.post("/v1/quotes/batch", json={"articles": articles}).status_code == 200
    markup = "<article>" + "<span></span>" * 100 + f"<p>{text}</p></article>"
    assert client.post("/v1/quotes", json={"html": markup}).status_code == 200, "markup does not count"
    assert client.post("/v1/quotes", json={"text": text + "!"}).status_code == 413


def test_a_limit_of_zero_turns_the_length_check_off(make_app):
    client = make_app(QUOTES_MAX_SYNC_CHARS="0").test_client()
    assert client.post("/v1/quotes", json={"text": SHORT_ARTICLE * 40}).status_code == 200
