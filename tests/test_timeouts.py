"""The request time limit: past QUOTES_REQUEST_TIMEOUT a request is answered 503 with
Retry-After, and the same process goes on serving."""
from __future__ import annotations

import signal
import time

import pytest

from service import create_app
from service.config import Settings

# A long ordinary article (about 400 KB): well over ten seconds of extraction.
LONG_ARTICLE = 'The council met on Tuesday.\n\n"We will act," said Ann Park, the mayor.\n\n' * 6_000


class SleepyExtractor:
    """Stands in for an extraction that never ends on its own."""

    model = {"name": "sleepy", "version": "0"}

    def extract(self, text: str):
        time.sleep(60)


def test_a_request_past_the_limit_is_503_with_retry_after(tmp_path):
    settings = Settings.from_env({"QUOTES_DATA_DIR": str(tmp_path), "QUOTES_REQUEST_TIMEOUT": "0.3"})
    client = create_app(settings, extractor=SleepyExtractor()).test_client()
    started = time.monotonic()
    response = client.post("/v1/quotes", json={"text": "anything"})
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) >= 1
    body = response.get_json()
    assert body["code"] == 503 and "time limit" in body["message"]


def test_a_real_slow_extraction_is_stopped_and_the_app_serves_on(make_app):
    client = make_app(QUOTES_REQUEST_TIMEOUT="1").test_client()
    started = time.monotonic()
    response = client.post("/v1/quotes", json={"text": LONG_ARTICLE})
    assert response.status_code == 503
    assert time.monotonic() - started < 15
    follow_up = client.post("/v1/quotes", json={"text": '"We are fine," said Ann Park.'})
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
