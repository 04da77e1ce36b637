"""Faults with real processes: a gunicorn worker killed with SIGKILL under load is replaced
and the service answers again within seconds; a request past the time limit is answered
503, after which its worker exits gracefully and gunicorn starts a fresh one; signed
webhook deliveries and API jobs survive queue workers killed at random (each article's
result stored once, each job completed once); callbacks survive a flapping receiver
(each delivered at least once, never to the wrong article)."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path

import psutil
import pytest
import requests
from cms_deliveries import SECRETS, post, standard_delivery
from sqlalchemy import select
from test_api_gunicorn import free_port, wait_ready
from test_timeouts import LONG_ARTICLE
from worker_processes import CallbackReceiver, start_worker, stop
from worker_processes import wait_for as wait_until

from service.store import utcnow
from service.store.models import ArticleResult, Job

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
ARTICLE = {"text": '"The levee held," said county engineer Dana Ruiz. "We were lucky," she added.'}

pytestmark = pytest.mark.slow


class Gunicorn:
    """Real gunicorn serving the real app from deploy/gunicorn.conf.py.

    Its output goes to a file: an unread pipe fills after a few hundred request log
    lines and then blocks every worker on its next write.
    """

    def __init__(self, tmp_path: Path, **env: str):
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(tmp_path / "gunicorn.log", "w")
        clean = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_")}
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "service:create_app()"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, text=True,
            env={**clean, "HOST": "127.0.0.1", "PORT": str(port), "QUOTES_DATA_DIR": str(tmp_path), **env},
        )
        wait_ready(f"{self.base}/readyz", self.process, seconds=120)

    def workers(self) -> set[int]:
        return {child.pid for child in psutil.Process(self.process.pid).children()}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()


@pytest.fixture
def serve(tmp_path):
    started: list[Gunicorn] = []

    def start(**env: str) -> Gunicorn:
        started.append(Gunicorn(tmp_path, **env))
        return started[-1]

    yield start
    for server in started:
        server.stop()


class Load:
    """Clients posting articles in a loop, tallying status codes and when connections failed."""

    def __init__(self, base: str, clients: int = 3):
        self.base, self.outcomes, self.stopping = base, Counter(), threading.Event()
        self.failed_at: list[float] = []
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
                    self.failed_at.append(time.monotonic())
                self.outcomes[status] += 1

    def stop(self) -> Counter:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)
        return self.outcomes


def test_a_worker_killed_under_load_is_replaced_and_service_resumes(serve):
    server = serve(WEB_CONCURRENCY="2")
    wait_until(lambda: len(server.workers()) == 2, 30, "two workers")
    load = Load(server.base)
    time.sleep(1.5)
    victim = min(server.workers())
    os.kill(victim, signal.SIGKILL)
    killed_at = time.monotonic()
    wait_until(lambda: len(server.workers() - {victim}) == 2, 60, "a replacement worker")
    replaced = time.monotonic() - killed_at
    wait_until(lambda: requests.post(f"{server.base}/v1/quotes", json=ARTICLE, timeout=30).ok, 60, "an answer")
    answered_at = time.monotonic()
    answered = answered_at - killed_at
    served_before = load.outcomes[200]
    wait_until(lambda: load.outcomes[200] > served_before + 10, 60, "answers under load after the kill")
    outcomes = load.stop()
    # No bound on the seconds here (a shared CI machine sets them): the waits above fail past a minute.
    print(f"replaced in {replaced:.2f}s, answering {answered:.2f}s after the kill; {outcomes}")
    assert server.process.poll() is None
    assert not [status for status in outcomes if isinstance(status, int) and status >= 500]
    # Only requests caught by the kill fail: none once the service answers again.
    assert all(killed_at <= at <= answered_at for at in load.failed_at), (killed_at, answered_at, load.failed_at)


def test_a_request_past_the_time_limit_is_503_then_its_worker_is_replaced(serve, tmp_path):
    """The alarm can fire anywhere inside spaCy (a memory zone half done): that worker is not trusted again."""
    server = serve(WEB_CONCURRENCY="1", QUOTES_REQUEST_TIMEOUT="1", QUOTES_MAX_SYNC_CHARS="0")
    [interrupted] = server.workers()
    assert requests.post(f"{server.base}/v1/quotes", json=ARTICLE, timeout=60).status_code == 200
    assert server.workers() == {interrupted}, "an ordinary request leaves its worker in place"
    response = requests.post(f"{server.base}/v1/quotes", json={"text": LONG_ARTICLE}, timeout=60)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) >= 1
    assert response.json()["code"] == 503
    wait_until(lambda: server.workers() and interrupted not in server.workers(), 60, "a fresh worker")
    assert requests.post(f"{server.base}/v1/quotes", json=ARTICLE, timeout=60).status_code == 200
    assert server.process.poll() is None
    log = (tmp_path / "gunicorn.log").read_text()
    assert f"Worker exiting (pid: {interrupted})" in log, "it left gracefully"
    assert "WORKER TIMEOUT" not in log and "was sent SIGKILL" not in log


def article(number: int) -> dict:
    """A Standard Webhooks article event whose one quote names its own number."""
    text = f'"Plan {number} will work," said Mayor Ann Park.'
    return {"type": "article.published", "timestamp": "2026-01-01T00:00:00Z",
            "data": {"id": f"a{number}", "revision": "1", "text": text}}


class Chaos:
    """A queue worker killed with SIGKILL at random and restarted, until told to settle.

    With `working`, each kill waits until it is true (the worker has a job in hand), so
    kills land in the middle of jobs rather than while a new worker loads its model.
    """

    def __init__(self, env: dict, log: Path, seed: int = 7, working: Callable[[], bool] | None = None):
        self.env, self.log, self.rng, self.working = env, log, random.Random(seed), working
        self.kills, self.settling = 0, threading.Event()
        self.worker = start_worker(env, log)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.settling.wait(self.rng.uniform(0.0, 1.0) if self.working else self.rng.uniform(2.0, 5.0)):
            if self.working:
                while not self.working():
                    if self.settling.wait(0.05):
                        return
                time.sleep(self.rng.uniform(0.0, 0.3))
            self.worker.kill()
            self.worker.wait()
            self.kills += 1
            time.sleep(self.rng.uniform(1.1, 2.0))  # past the 1 s lease, so the restart's sweep finds its jobs
            self.worker = start_worker(self.env, self.log)

    def settle(self) -> None:
        """Stop killing; a worker stays up to finish the queue."""
        self.settling.set()
        self.thread.join()

    def stop(self) -> None:
        self.settle()
        stop(self.worker)


@pytest.fixture
def queue_env(tmp_path) -> dict[str, str]:
    return {"QUOTES_DATA_DIR": str(tmp_path / "data"), "QUOTES_WEBHOOK_SECRET_STANDARD": SECRETS["standard"],
            "QUOTES_JOB_LEASE_SECONDS": "1", "QUOTES_WORKER_THREADS": "2"}


DELIVERIES = 1000


def test_deliveries_survive_workers_killed_at_random_and_each_result_is_stored_once(make_app, queue_env, tmp_path):
    app = make_app(**queue_env)
    client, store = app.test_client(), app.extensions["queue"].store
    log = tmp_path / "worker.log"
    chaos = Chaos(queue_env, log)
    try:
        sent = []
        for number in range(DELIVERIES):
            raw, headers = standard_delivery(article(number))
            assert post(client, "standard", raw, headers).status_code == 202
            sent.append((raw, headers))
            if number % 50 == 49:  # the CMS retries a delivery it thinks was lost
                assert post(client, "standard", *random.choice(sent)).status_code == 200
        wait_until(lambda: chaos.kills >= 3, 60, "three kills", log)
        chaos.settle()
        wait_until(lambda: count_jobs(store, Job.status == "done") == DELIVERIES, 110, "every job done", log)
    finally:
        chaos.stop()
    with store.sessions() as session:
        jobs = {job.article_id: job for job in session.scalars(select(Job))}
        results = {result.article_id: result for result in session.scalars(select(ArticleResult))}
    assert len(jobs) == len(results) == DELIVERIES
    for article_id, result in results.items():
        assert jobs[article_id].status == "done" and result.job_id == jobs[article_id].id
        assert result.text == article(int(article_id[1:]))["data"]["text"]
        assert all(result.text[q["start"] : q["end"]] == q["text"] for q in result.extraction["quotes"])
    print(f"{DELIVERIES} deliveries, {chaos.kills} worker kills, "
          f"{sum(job.attempts > 1 for job in jobs.values())} jobs run again after a kill")


JOBS = 1000


def test_api_jobs_survive_workers_killed_at_random_and_each_completes_once(make_app, queue_env, tmp_path):
    app = make_app(**queue_env, QUOTES_API_KEYS="chaos-key", QUOTES_RATE_LIMIT="100000/minute")
    client, store = app.test_client(), app.extensions["queue"].store
    key = {"X-API-Key": "chaos-key"}
    bodies = {f"a{n}": {"id": f"a{n}", "text": article(n)["data"]["text"]} for n in range(JOBS)}
    expected = {article_id: client.post("/v1/quotes", json=body, headers=key).get_json()
                for article_id, body in bodies.items()}
    submitted = {}
    for article_id, body in bodies.items():  # a backlog first, so the kills land in the middle of jobs
        response = client.post("/v1/jobs", json=body, headers=key)
        assert response.status_code == 202
        submitted[response.get_json()["job_id"]] = article_id
    finished_at: dict[str, object] = {}
    recompleted: set[str] = set()

    def all_done() -> bool:
        """Note when each job is seen done; a job done again later would show a new finished_at."""
        with store.sessions() as session:
            for job_id, moment in session.execute(select(Job.id, Job.finished_at).where(Job.status == "done")):
                if finished_at.setdefault(job_id, moment) != moment:
                    recompleted.add(job_id)
        return len(finished_at) == JOBS

    log = tmp_path / "worker.log"
    def in_hand() -> bool:
        """A job claimed by a live worker (a killed worker's claim runs out within the 1 s lease)."""
        return count_jobs(store, (Job.status == "running") & (Job.lease_until > utcnow())) > 0

    chaos = Chaos(queue_env, log, seed=11, working=in_hand)
    try:
        wait_until(lambda: chaos.kills >= 3, 90, "three kills", log)
        chaos.settle()
        wait_until(all_done, 150, "every job done", log)
    finally:
        chaos.stop()
    all_done()
    assert not recompleted
    with store.sessions() as session:
        jobs = session.scalars(select(Job).where(Job.kind == "api")).all()
    assert {job.id for job in jobs} == set(submitted) and len(jobs) == JOBS
    for job in jobs:
        assert job.status == "done" and job.lease_token is None and job.attempts >= 1
        assert job.result == expected[submitted[job.id]], "each job's own article, as /v1/quotes gives it"
    print(f"{JOBS} API jobs, {chaos.kills} worker kills, {sum(job.attempts > 1 for job in jobs)} jobs run again")


def count_jobs(store, condition) -> int:
    with store.sessions() as session:
        return len(session.scalars(select(Job.id).where(condition)).all())


class FlappingReceiver(CallbackReceiver):
    """A callback endpoint that goes down and comes back by turns: of every six deliveries that reach
    it, the last three fail (a 503, or the connection dropped with no answer). Counted, not timed,
    so the outages come however fast the worker delivers (a timed outage of 0.7 s could fall
    between two bursts of deliveries and never be hit)."""

    received: list[tuple[dict, bytes]] = []
    refused = 0
    arrivals = 0
    _lock = threading.Lock()

    def refuse(self) -> bool:
        with self._lock:
            cls = type(self)
            arrival, cls.arrivals = cls.arrivals, cls.arrivals + 1
            if arrival % 6 < 3:
                return False
            cls.refused += 1
        if arrival % 2:
            self.send_response(503)
            self.end_headers()
        else:
            self.close_connection = True  # no answer at all
        return True


def test_callbacks_to_a_flapping_receiver_land_at_least_once_and_never_crossed(make_app, queue_env, tmp_path):
    articles = 80
    port = free_port()
    env = {**queue_env, "QUOTES_CALLBACK_URL_STANDARD": f"http://127.0.0.1:{port}/hook",
           "QUOTES_CALLBACK_RETRIES": "10", "QUOTES_CALLBACK_RETRY_DELAY": "0.2"}
    app = make_app(**env)
    client, store = app.test_client(), app.extensions["queue"].store
    FlappingReceiver.received, FlappingReceiver.refused, FlappingReceiver.arrivals = [], 0, 0
    receiver = ThreadingHTTPServer(("127.0.0.1", port), FlappingReceiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        job_articles = {}
        for number in range(articles):
            receipt = post(client, "standard", *standard_delivery(article(number))).get_json()
            job_articles[receipt["job_id"]] = f"a{number}"
        wait_until(lambda: count_jobs(store, Job.callback_status == "delivered") == articles, 110,
                   "every callback delivered", log)
    finally:
        stop(worker)
        receiver.shutdown()
        receiver.server_close()
    assert FlappingReceiver.refused > 0
    key = base64.b64decode(SECRETS["standard"].removeprefix("whsec_"))
    landed = set()
    for headers, body in FlappingReceiver.received:
        signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
        expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        assert hmac.compare_digest(headers["webhook-signature"], f"v1,{expected}")
        data = json.loads(body)["data"]
        assert data["id"] == job_articles[headers["webhook-id"]]
        assert data["text"] == article(int(data["id"][1:]))["data"]["text"]
        landed.add(headers["webhook-id"])
    assert landed == set(job_articles)
    worker_log = log.read_text()
    assert SECRETS["standard"] not in worker_log and "said Mayor Ann Park" not in worker_log
    print(f"{articles} callbacks: {len(FlappingReceiver.received)} landed, {FlappingReceiver.refused} refused")

