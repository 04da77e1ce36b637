"""`POST /v1/jobs`: asynchronous extraction for any API caller, on the real (SQLite) queue.

A job answers 202 at once, runs as a huey task, and its status carries, once done, the
body `POST /v1/quotes` gives for the same article. Jobs belong to the key that sent
them; scoped keys read only their sources' stored results; callbacks go only to
allowed hosts and addresses, signed with Standard Webhooks headers.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import threading
from datetime import timedelta
from http.server import ThreadingHTTPServer
from ipaddress import ip_address

import pytest
import requests
from cms_deliveries import SECRETS, SIGN, post, published
from test_cms_integration import database_url, redis_url  # noqa: F401 (fixtures: real PostgreSQL and Redis)
from worker_processes import ROOT, CallbackReceiver, free_port, start_worker, stop, wait_for, worker_env

from service.callbacks import CallbackHosts, as_address
from service.store import LeaseLost, utcnow
from service.store.models import Job

TEXT = '"We will rebuild the bridge before winter," said Mayor Jane Smith. "It is our duty," she added.'
HTML = "<article><h1>Bridge</h1><p>&ldquo;The plan is ready,&rdquo; said Tom Lee, the city engineer.</p></article>"
KEY_A, KEY_B = "key-a-71f3", "key-b-09c2"
CALLBACK_SECRET = "whsec_" + base64.b64encode(b"job-callback-test-key-32-bytes!!").decode()


def submit(client, body: dict, key: str | None = None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.post("/v1/jobs", json=body, headers=headers)


def status(client, job_id: str, key: str | None = None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get(f"/v1/jobs/{job_id}", headers=headers)


@pytest.mark.parametrize("article", [{"text": TEXT}, {"text": TEXT, "id": "t1"}, {"html": HTML, "id": "h1"}])
def test_a_job_answers_202_and_ends_with_the_sync_body(client, app, drain, article):
    response = submit(client, article)
    assert response.status_code == 202
    receipt = response.get_json()
    assert set(receipt) == {"job_id", "status_url"}
    assert receipt["status_url"] == f"/v1/jobs/{receipt['job_id']}" == response.headers["Location"]
    queued = client.get(receipt["status_url"]).get_json()
    assert queued["status"] == "queued" and "result" not in queued
    assert queued["source"] == "api" and queued["article_id"] == article.get("id") and queued["result_url"] is None

    assert drain(app) == 1
    done = client.get(receipt["status_url"]).get_json()
    assert done["status"] == "done" and done["attempts"] == 1 and done["finished_at"] and done["callback"] is None
    synchronous = client.post("/v1/quotes", json=article).get_json()
    assert done["result"] == synchronous
    assert done["result"]["quotes"]


@pytest.mark.parametrize(
    "body, field",
    [({}, "text"), ({"text": ""}, "text"), ({"text": "a", "html": "<p>a</p>"}, "text"), ({"text": 5}, "text"),
     ({"text": "a", "id": "x" * 256}, "id"), ({"text": "a", "callback_url": "not a url"}, "callback_url"),
     ({"text": "a", "callback_url": "ftp://127.0.0.1/x"}, "callback_url"), ({"text": "a", "extra": 1}, "extra")],
)
def test_a_bad_job_is_422_like_a_bad_quotes_request(client, body, field):
    response = submit(client, body)
    assert response.status_code == 422
    assert field in response.get_json()["errors"]["json"]


def test_every_submission_is_its_own_job(client):
    first = submit(client, {"text": TEXT, "id": "same"}).get_json()["job_id"]
    second = submit(client, {"text": TEXT, "id": "same"}).get_json()["job_id"]
    assert first != second


def test_text_the_database_cannot_hold_is_kept_offset_for_offset(client, app, drain):
    text = '"We will act\x00 now," said Ann Park.\ud800'
    job_id = submit(client, {"text": text}).get_json()["job_id"]
    drain(app)
    done = status(client, job_id).get_json()
    assert done["status"] == "done"
    [quote] = done["result"]["quotes"]
    [synchronous] = client.post("/v1/quotes", json={"text": text}).get_json()["quotes"]
    assert (quote["start"], quote["end"]) == (synchronous["start"], synchronous["end"]) == (1, 18)
    assert quote["text"] == "We will act\ufffd now," and synchronous["text"] == "We will act\x00 now,"


# --- who may read what ---------------------------------------------------------


def test_a_job_is_visible_only_to_the_key_that_created_it(make_app, drain):
    app = make_app(QUOTES_API_KEYS=f"{KEY_A},{KEY_B}")
    client = app.test_client()
    job_id = submit(client, {"text": TEXT}, KEY_A).get_json()["job_id"]
    someone_elses, missing = status(client, job_id, KEY_B), status(client, "0" * 32, KEY_B)
    assert someone_elses.status_code == missing.status_code == 404
    assert someone_elses.get_json()["message"] == missing.get_json()["message"].replace("0" * 32, job_id)
    assert status(client, job_id).status_code == 401
    drain(app)
    assert status(client, job_id, KEY_B).status_code == 404, "not once it is done either"
    mine = status(client, job_id, KEY_A)
    assert mine.status_code == 200 and mine.get_json()["result"]["quotes"]


def test_anonymous_mode_keeps_working(client, app, drain):
    job_id = submit(client, {"text": TEXT}).get_json()["job_id"]
    drain(app)
    assert status(client, job_id).get_json()["status"] == "done"


@pytest.fixture
def tenants(make_app, drain):
    """Two CMS sources with one stored article each; keys scoped to one, to both, and unscoped."""
    app = make_app(
        QUOTES_API_KEYS=f"std-only:standard; both:Standard, ghost; {KEY_A}",
        QUOTES_WEBHOOK_SECRET_STANDARD=SECRETS["standard"],
        QUOTES_WEBHOOK_SECRET_GHOST=SECRETS["ghost"],
    )
    client = app.test_client()
    jobs = {}
    for source in ("standard", "ghost"):
        receipt = post(client, source, *SIGN[source](published(source, "n1")))
        assert receipt.status_code == 202
        jobs[source] = receipt.get_json()["job_id"]
    drain(app)
    return client, jobs


@pytest.mark.parametrize(
    "key, readable",
    [("std-only", {"standard"}), ("both", {"standard", "ghost"}), (KEY_A, {"standard", "ghost"})],
)
def test_scoped_keys_read_only_their_sources(tenants, key, readable):
    client, jobs = tenants
    headers = {"X-API-Key": key}
    for source, job_id in jobs.items():
        expected = 200 if source in readable else 404
        assert client.get(f"/v1/articles/{source}/n1/quotes", headers=headers).status_code == expected
        assert client.get(f"/v1/jobs/{job_id}", headers=headers).status_code == expected
    assert client.get("/v1/articles/standard/n1/quotes").status_code == 401


def test_a_scoped_key_still_extracts_and_owns_its_jobs(tenants):
    client, _ = tenants
    headers = {"X-API-Key": "std-only"}
    assert client.post("/v1/quotes", json={"text": TEXT}, headers=headers).status_code == 200
    job_id = client.post("/v1/jobs", json={"text": TEXT}, headers=headers).get_json()["job_id"]
    assert client.get(f"/v1/jobs/{job_id}", headers=headers).status_code == 200
    assert client.get(f"/v1/jobs/{job_id}", headers={"X-API-Key": KEY_A}).status_code == 404


# --- callbacks -------------------------------------------------------------------


@pytest.fixture
def receiver():
    """A local HTTP endpoint recording each callback."""
    CallbackReceiver.received = []
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), CallbackReceiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def verified(headers: dict, body: bytes) -> dict:
    key = base64.b64decode(CALLBACK_SECRET.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert hmac.compare_digest(headers["webhook-signature"], f"v1,{expected}")
    return json.loads(body)


def test_a_callback_to_an_allowed_address_lands_signed_with_the_result(make_app, drain, receiver):
    app = make_app(QUOTES_CALLBACK_ALLOWED_HOSTS="127.0.0.1", QUOTES_CALLBACK_SECRET=CALLBACK_SECRET)
    client = app.test_client()
    job_id = submit(client, {"text": TEXT, "id": "cb1", "callback_url": receiver}).get_json()["job_id"]
    drain(app)
    [(headers, body)] = CallbackReceiver.received
    assert headers["webhook-id"] == job_id
    payload = verified(headers, body)
    assert payload["type"] == "job.done"
    assert payload["data"]["job_id"] == job_id and payload["data"]["result"]["id"] == "cb1"
    assert payload["data"]["result"] == client.post("/v1/quotes", json={"text": TEXT, "id": "cb1"}).get_json()
    assert status(client, job_id).get_json()["callback"] == {"status": "delivered", "attempts": 1, "error": None}


@pytest.mark.parametrize(
    "allowed, url, reason",
    [
        ("", "http://127.0.0.1/hook", "QUOTES_CALLBACK_ALLOWED_HOSTS"),
        ("hooks.example.org", "http://127.0.0.1/hook", "not one"),
        ("hooks.example.org", "https://evil.example.org/hook", "not one"),
        ("*.example.org", "https://example.org.evil.test/hook", "not one"),
        ("10.0.0.0/8", "http://[::1]/hook", "not one"),
        ("127.0.0.1", "http://user:pw@127.0.0.1/hook", "credentials"),
    ],
)
def test_a_callback_url_off_the_allow_list_is_422(make_app, allowed, url, reason):
    client = make_app(QUOTES_CALLBACK_ALLOWED_HOSTS=allowed, QUOTES_CALLBACK_SECRET=CALLBACK_SECRET).test_client()
    response = submit(client, {"text": TEXT, "callback_url": url})
    assert response.status_code == 422
    assert reason in response.get_json()["errors"]["json"]["callback_url"][0]


def test_hosts_and_addresses_are_judged_as_listed():
    hosts = CallbackHosts(("hooks.example.org", "*.example.net", "10.20.0.0/16", "2001:db8::7"))
    assert hosts.allows_host("HOOKS.example.org.") and hosts.allows_host("a.b.example.net")
    assert not hosts.allows_host("example.net.evil.test") and not hosts.allows_host("example.net")
    assert hosts.allows_host("10.20.3.4") and not hosts.allows_host("10.21.0.1") and hosts.allows_host("[2001:db8::7]")
    assert hosts.allows_address(ip_address("10.20.1.2")) and hosts.allows_address(ip_address("93.184.216.34"))
    for internal in ("127.0.0.1", "::1", "169.254.169.254", "192.168.1.1", "100.64.0.1", "fd00::1", "0.0.0.0"):
        assert not hosts.allows_address(ip_address(internal)), internal
    assert not hosts.allows_address(as_address("::ffff:127.0.0.1")), "IPv4-mapped IPv6 is judged as IPv4"
    assert hosts.allows_address(as_address("::ffff:10.20.0.9"))


def test_callbacks_need_a_signing_secret(make_app):
    client = make_app(QUOTES_CALLBACK_ALLOWED_HOSTS="127.0.0.1").test_client()
    response = submit(client, {"text": TEXT, "callback_url": "http://127.0.0.1/hook"})
    assert response.status_code == 422 and "QUOTES_CALLBACK_SECRET" in response.get_json()["message"]


def test_an_allowed_name_that_resolves_to_an_internal_address_is_never_called(make_app, drain, receiver):
    """`localhost` stands for any name whose DNS answer (now, or rebound later) is internal."""
    app = make_app(QUOTES_CALLBACK_ALLOWED_HOSTS="localhost", QUOTES_CALLBACK_SECRET=CALLBACK_SECRET,
                   QUOTES_CALLBACK_RETRIES="0")
    client = app.test_client()
    url = receiver.replace("127.0.0.1", "localhost")
    response = submit(client, {"text": TEXT, "callback_url": url})
    assert response.status_code == 202, "the name is listed"
    drain(app)
    job = status(client, response.get_json()["job_id"]).get_json()
    assert job["status"] == "dead" and job["callback"]["status"] == "dead"
    assert "may not reach" in job["callback"]["error"]
    assert CallbackReceiver.received == []


def test_a_failed_api_job_calls_back_too(make_app, drain, receiver, monkeypatch):
    app = make_app(QUOTES_CALLBACK_ALLOWED_HOSTS="127.0.0.1", QUOTES_CALLBACK_SECRET=CALLBACK_SECRET)
    client = app.test_client()

    def broken(text):
        raise RuntimeError("pipeline broke")

    monkeypatch.setattr(app.extensions["queue"].extractor, "extract", broken)
    job_id = submit(client, {"text": TEXT, "callback_url": receiver}).get_json()["job_id"]
    drain(app)  # the first attempt fails; huey schedules a retry
    assert status(client, job_id).get_json()["status"] == "queued"
    app.extensions["queue"].run_extraction(job_id)  # the last attempt (no retries left)
    drain(app)
    job = status(client, job_id).get_json()
    assert job["status"] == "failed" and "pipeline broke" in job["error"]
    [(headers, body)] = CallbackReceiver.received
    payload = verified(headers, body)
    assert payload["type"] == "job.failed" and payload["data"]["error"] == job["error"]


# --- exactly once ---------------------------------------------------------------


def test_a_worker_that_lost_its_lease_cannot_complete_the_job(client, app):
    store = app.extensions["queue"].store
    job_id = submit(client, {"text": TEXT}).get_json()["job_id"]
    stalled = store.claim(job_id, lease_seconds=60)
    assert store.claim(job_id, lease_seconds=60) is None, "a live lease is not taken"
    with store.sessions.begin() as session:  # the stalled worker's lease runs out
        session.get(Job, stalled.seq).lease_until = utcnow() - timedelta(seconds=1)
    current = store.claim(job_id, lease_seconds=60)
    assert current is not None and current.lease_token != stalled.lease_token
    with pytest.raises(LeaseLost):
        store.finish(stalled, callback=False, result={"late": True})
    store.finish(current, callback=False, result={"quotes": []})
    with pytest.raises(LeaseLost):
        store.finish(current, callback=False, result={"again": True})
    job = store.get_job(job_id)
    assert job.status == "done" and job.result == {"quotes": []} and job.attempts == 2


# --- long articles, end to end ------------------------------------------------------


@pytest.mark.slow
def test_a_1mb_article_is_413_in_a_request_and_completes_as_a_job(tmp_path, monkeypatch, capsys):
    """Real gunicorn and a real queue worker; the job is sent and followed by `quotes extract --async`."""
    from test_faults import Gunicorn
    from test_long_text import article
    from test_timeouts import LONG_ARTICLE

    from service import cli

    text = article(4900)
    assert len(text) > 1_000_000
    server = Gunicorn(tmp_path, WEB_CONCURRENCY="1", QUOTES_API_KEYS=KEY_A)
    worker = start_worker({"QUOTES_DATA_DIR": str(tmp_path)}, tmp_path / "worker.log")
    headers = {"X-API-Key": KEY_A}
    try:
        refused = requests.post(f"{server.base}/v1/quotes", json={"text": text}, headers=headers, timeout=60)
        assert refused.status_code == 413
        assert "150,000" in refused.json()["message"] and "POST /v1/jobs" in refused.json()["message"]
        batch = [{"id": str(i), "text": LONG_ARTICLE[:25_000]} for i in range(64)]
        refused = requests.post(f"{server.base}/v1/quotes/batch", json={"articles": batch}, headers=headers, timeout=60)
        assert refused.status_code == 413 and "POST /v1/jobs" in refused.json()["message"]

        long_file, short_file = tmp_path / "long.txt", tmp_path / "short.txt"
        long_file.write_text(text, encoding="utf-8")
        short_file.write_text(TEXT, encoding="utf-8")
        monkeypatch.setenv("QUOTES_API_KEY", KEY_A)
        assert cli.main(["extract", "--async", "--url", server.base, str(long_file), str(short_file)]) == 0
        long_row, short_row = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        synchronous = requests.post(f"{server.base}/v1/quotes", json={"id": str(short_file), "text": TEXT},
                                    headers=headers, timeout=60)
        assert short_row == synchronous.json()
    finally:
        stop(worker)
        server.stop()
    assert long_row["id"] == str(long_file) and len(long_row["quotes"]) >= 4900
    assert all(text[q["start"]:q["end"]] == q["text"] for q in long_row["quotes"])


@pytest.mark.slow
def test_api_jobs_on_redis_and_postgresql(make_app, redis_url, database_url, tmp_path):
    """The migrations, the JSON result and text PostgreSQL cannot hold (NUL), with a real worker."""
    env = {"REDIS_URL": redis_url, "DATABASE_URL": database_url, "QUOTES_DATA_DIR": str(tmp_path / "data")}
    upgrade = subprocess.run([sys.executable, "-m", "service.store", "upgrade"], cwd=ROOT, env=worker_env(env),
                             capture_output=True, text=True)
    assert upgrade.returncode == 0, upgrade.stderr
    app = make_app(**env, QUOTES_API_KEYS=f"{KEY_A},{KEY_B}")
    client = app.test_client()
    text = TEXT.replace("bridge", "bridge\x00")
    job_id = submit(client, {"text": text, "id": "pg"}, KEY_A).get_json()["job_id"]
    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_for(lambda: status(client, job_id, KEY_A).get_json()["status"] == "done", 60, "the job", log)
    finally:
        stop(worker)
        app.extensions["queue"].store.dispose()
    result = status(client, job_id, KEY_A).get_json()["result"]
    synchronous = client.post("/v1/quotes", json={"text": text, "id": "pg"}, headers={"X-API-Key": KEY_A}).get_json()
    assert [(q["start"], q["end"], q["speaker"]) for q in result["quotes"]] == [
        (q["start"], q["end"], q["speaker"]) for q in synchronous["quotes"]]
    assert "bridge\ufffd" in result["quotes"][0]["text"]
    assert status(client, job_id, KEY_B).status_code == 404
