"""Real worker processes (`python -m service.worker`) on the real SQLite queue and database.

A worker killed with SIGKILL mid-job: the job runs again after a restart and its
result is stored once. A callback receiver that is down, then up: delivery retries
until it lands, signed with Standard Webhooks headers.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import signal
import threading
from http.server import HTTPServer

import pytest
from cms_deliveries import SECRETS, post, published, standard_delivery
from sqlalchemy import func, select
from worker_processes import CallbackReceiver, free_port, start_worker, stop, wait_for

from service.store.models import ArticleResult

pytestmark = pytest.mark.slow

# A worker whose extractions announce themselves and then hang, so the test can kill it mid-job.
HANGING_WORKER = """
import os, pathlib, sys, time
from service import worker
from service.pipeline import Extractor

def hang(self, text):
    pathlib.Path(os.environ["TEST_STARTED_MARKER"]).write_text("started")
    time.sleep(120)

Extractor.extract = hang
sys.exit(worker.main())
"""


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {
        "QUOTES_DATA_DIR": str(tmp_path / "data"),
        "QUOTES_WEBHOOK_SECRET_STANDARD": SECRETS["standard"],
        "QUOTES_JOB_LEASE_SECONDS": "1",
    }


def test_a_worker_killed_mid_job_is_recovered_and_the_result_stored_once(make_app, env, tmp_path):
    app = make_app(**env)
    client = app.test_client()
    store = app.extensions["queue"].store
    receipt = post(client, "standard", *standard_delivery(published("standard", "k1"))).get_json()
    job_id = receipt["job_id"]
    log, marker = tmp_path / "worker.log", tmp_path / "started"

    hanging = start_worker({**env, "TEST_STARTED_MARKER": str(marker)}, log, "-c", HANGING_WORKER)
    try:
        wait_for(marker.exists, 60, "the worker to start the job", log)
        assert store.get_job(job_id).status == "running"
        os.kill(hanging.pid, signal.SIGKILL)
        hanging.wait(timeout=10)
    finally:
        stop(hanging)
    assert store.get_job(job_id).status == "running"  # the row still says so; its lease will run out

    worker = start_worker(env, log)
    try:
        wait_for(lambda: store.get_job(job_id).status == "done", 60, "the restarted worker to finish", log)
    finally:
        stop(worker)
    job = client.get(f"/v1/jobs/{job_id}").get_json()
    assert job["status"] == "done" and job["attempts"] == 2
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ArticleResult)) == 1
    stored = client.get("/v1/articles/standard/k1/quotes").get_json()
    assert stored["job_id"] == job_id and stored["quotes"]


def test_callbacks_retry_while_the_receiver_is_down_then_deliver_signed(make_app, env, tmp_path):
    port = free_port()
    env = {**env, "QUOTES_CALLBACK_URL_STANDARD": f"http://127.0.0.1:{port}/hook",
           "QUOTES_CALLBACK_RETRIES": "6", "QUOTES_CALLBACK_RETRY_DELAY": "0.5"}
    app = make_app(**env)
    client = app.test_client()
    store = app.extensions["queue"].store
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    server = None
    try:
        job_id = post(client, "standard", *standard_delivery(published("standard", "c1"))).get_json()["job_id"]
        wait_for(lambda: store.get_job(job_id).callback_attempts >= 1, 60, "a failed callback attempt", log)
        job = client.get(f"/v1/jobs/{job_id}").get_json()
        assert job["status"] == "done" and job["callback"]["status"] == "pending" and job["callback"]["error"]

        CallbackReceiver.received = []
        server = HTTPServer(("127.0.0.1", port), CallbackReceiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        wait_for(lambda: store.get_job(job_id).callback_status == "delivered", 30, "the callback to land", log)
    finally:
        stop(worker)
        if server is not None:
            server.shutdown()
            server.server_close()

    [(headers, body)] = CallbackReceiver.received
    assert headers["webhook-id"] == job_id
    key = base64.b64decode(SECRETS["standard"].removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{expected}"
    payload = json.loads(body)
    assert payload["type"] == "article.quotes.extracted"
    assert payload["data"]["id"] == "c1" and payload["data"]["quotes"]


def test_a_callback_that_never_lands_marks_the_job_dead(make_app, drain):
    app = make_app(
        QUOTES_WEBHOOK_SECRET_STANDARD=SECRETS["standard"],
        QUOTES_CALLBACK_URL_STANDARD=f"http://127.0.0.1:{free_port()}/down",
        QUOTES_CALLBACK_RETRIES="0",
    )
    client = app.test_client()
    job_id = post(client, "standard", *standard_delivery(published("standard", "d1"))).get_json()["job_id"]
    drain(app)
    job = client.get(f"/v1/jobs/{job_id}").get_json()
    assert job["status"] == "dead"
    assert job["callback"]["status"] == "dead" and job["callback"]["attempts"] == 1
    assert "Connection" in job["callback"]["error"]
    assert client.get("/v1/articles/standard/d1/quotes").status_code == 200  # the result itself is kept
