"""Faults with real processes: a worker killed with SIGKILL under load is replaced and the
service answers again within seconds; a request past the time limit is answered 503
by a worker that lives on."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest
import requests

from test_api_gunicorn import free_port, wait_ready

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
ARTICLE = {"text": '"The levee held," said county engineer Dana Ruiz. "We were lucky," she added.'}

pytestmark = pytest.mark.slow


class Gunicorn:
    """Real gunicorn serving the real app from deploy/gunicorn.conf.py."""

    def __init__(self, tmp_path: Path, **env: str):
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        clean = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_")}
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "service:create_app()"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**clean, "HOST": "127.0.0.1", "PORT": str(port), "QUOTES_DATA_DIR": str(tmp_path), **env},
        )
        wait_ready(f"{self.base}/readyz", self.process, seconds=120)

    def workers(self) -> set[int]:
        return {child.pid for child in psutil.Process(self.process.pid).children()}

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=60)


@pytest.fixture
def serve(tmp_path):
    started: list[Gunicorn] = []

    def start(**env: str) -> Gunicorn:
        started.append(Gunicorn(tmp_path, **env))
        return started[-1]

    yield start
    for server in started:
        server.stop()


def wait_for(condition, seconds: float) -> float:
    """Seconds until `condition()` holds; fails after `seconds`."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, f"not within {seconds}s"
        time.sleep(0.05)
    return time.monotonic() - started


class Load:
    """Clients posting articles in a loop, tallying status codes and connection failures."""

    def __init__(self, base: str, clients: int = 3):
        self.base, self.outcomes, self.stopping = base, Counter(), threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(clients)]
        for thread in self.threads:
            thread.start()

    def run(self) -> None:
        with requests.Session() as session:
            while not self.stopping.is_set():
                try:
                    status = session.post(f"{self.base}/v1/quotes", json=ARTICLE, timeout=30).status_code
                except requests.RequestException:
                    status = "connection"
                self.outcomes[status] += 1

    def stop(self) -> Counter:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)
        return self.outcomes


def test_a_worker_killed_under_load_is_replaced_and_service_resumes(serve):
    server = serve(WEB_CONCURRENCY="2")
    wait_for(lambda: len(server.workers()) == 2, 30)
    load = Load(server.base)
    time.sleep(1.5)
    victim = min(server.workers())
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    replaced = wait_for(lambda: len(server.workers() - {victim}) == 2, 30)
    answered = wait_for(lambda: requests.post(f"{server.base}/v1/quotes", json=ARTICLE, timeout=30).ok, 30)
    time.sleep(1.5)
    outcomes = load.stop()
    print(f"replaced in {replaced:.2f}s, answering {time.monotonic() - killed_at:.2f}s after the kill; {outcomes}")
    assert server.process.poll() is None
    assert answered < 10
    assert not [status for status in outcomes if isinstance(status, int) and status >= 500]
    assert outcomes[200] > 10
    assert outcomes["connection"] <= 3  # at most the requests in flight on the killed worker


def test_a_request_past_the_time_limit_is_503_and_the_worker_lives_on(serve):
    server = serve(WEB_CONCURRENCY="1", QUOTES_REQUEST_TIMEOUT="1")
    workers = server.workers()
    started = time.monotonic()
    response = requests.post(f"{server.base}/v1/quotes", json={"text": "said " * 20_000}, timeout=60)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 1
    assert response.json()["code"] == 503
    assert time.monotonic() - started < 15
    assert requests.post(f"{server.base}/v1/quotes", json=ARTICLE, timeout=30).status_code == 200
    assert server.workers() == workers
