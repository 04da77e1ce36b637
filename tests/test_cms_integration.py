"""The webhook -> queue -> worker -> store flow on real Redis and PostgreSQL servers.

The servers are started here (redis-server on a free port in a temp dir; PostgreSQL
with initdb/pg_ctl, as the postgres user when running as root) and removed after.
Without them the test skips, except in CI (`CI=true`), where it fails instead.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import redis
from cms_deliveries import SECRETS, post, published, standard_delivery, standard_published
from huey import RedisHuey
from worker_processes import ROOT, free_port, start_worker, stop, wait_for, worker_env

pytestmark = pytest.mark.slow


def unavailable(reason: str):
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def redis_url():
    binary = shutil.which("redis-server") or unavailable("redis-server is not installed")
    workdir = tempfile.mkdtemp(prefix="quotes-redis-")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", workdir, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        client = redis.Redis(port=port)
        wait_for(lambda: _pings(client), 20, "redis-server to answer")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop(server)
        shutil.rmtree(workdir, ignore_errors=True)


def _pings(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture(scope="module")
def database_url():
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")]
    if not initdbs[-1]:
        unavailable("PostgreSQL (initdb, pg_ctl) is not installed")
    bindir = Path(initdbs[-1]).parent
    root = tempfile.mkdtemp(prefix="quotes-pg-")
    as_postgres = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        as_postgres = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    data, port = f"{root}/data", free_port()
    pg_ctl = [*as_postgres, str(bindir / "pg_ctl"), "-D", data]
    try:
        subprocess.run([*as_postgres, str(bindir / "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run([*pg_ctl, "-l", f"{root}/server.log", "-w", "-o", options, "start"], check=True,
                       capture_output=True)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_webhook_to_stored_quotes_on_redis_and_postgresql(make_app, redis_url, database_url, tmp_path):
    env = {
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url,
        "QUOTES_DATA_DIR": str(tmp_path / "data"),
        "QUOTES_WEBHOOK_SECRET_STANDARD": SECRETS["standard"],
    }
    upgrade = subprocess.run([sys.executable, "-m", "service.store", "upgrade"], cwd=ROOT, env=worker_env(env),
                             capture_output=True, text=True)
    assert upgrade.returncode == 0, upgrade.stderr
    app = make_app(**env)
    client = app.test_client()
    queue = app.extensions["queue"]
    assert isinstance(queue.huey, RedisHuey) and queue.store.engine.dialect.name == "postgresql"

    raw, headers = standard_delivery(published("standard", "pg-1"), msg_id="msg_integration")
    first = post(client, "standard", raw, headers)
    assert first.status_code == 202
    job_id = first.get_json()["job_id"]
    assert post(client, "standard", raw, headers).get_json()["job_id"] == job_id
    assert queue.huey.pending_count() == 1

    log = tmp_path / "worker.log"
    worker = start_worker(env, log)
    try:
        wait_for(lambda: queue.store.get_job(job_id).status == "done", 60, "the worker to finish", log)
        stored = client.get("/v1/articles/standard/pg-1/quotes").get_json()
        assert stored["job_id"] == job_id and stored["quotes"]
        stats = client.get("/v1/stats?source=standard").get_json()  # summed by PostgreSQL
        assert stats["articles"] == 1 and stats["quotes"]["total"] == len(stored["quotes"])
        assert stats["sources"]["by_gender"]["female"] == 1, "Mayor Jane Smith: a first name"

        older = standard_published("pg-1", revision="0")
        older["data"]["html"] = "<p>An earlier draft.</p>"
        assert "not newer" in post(client, "standard", *standard_delivery(older)).get_json()["ignored"]

        deleted = post(client, "standard", *standard_delivery(
            {"type": "article.deleted", "data": {"id": "pg-1", "revision": "2"}}))
        delete_id = deleted.get_json()["job_id"]
        wait_for(lambda: queue.store.get_job(delete_id).status == "done", 30, "the delete job", log)
        assert client.get("/v1/articles/standard/pg-1/quotes").status_code == 404
        assert "not newer" in post(client, "standard", *standard_delivery(older)).get_json()["ignored"]
        assert client.get("/v1/stats?source=standard").get_json()["articles"] == 0
    finally:
        stop(worker)
        queue.store.dispose()
