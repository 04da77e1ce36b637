"""The service end to end: real gunicorn, real HTTP, locust clients (bench.load)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import requests

from .corpus import Article
from .stats import Throughput

ROOT = Path(__file__).resolve().parents[1]
API_KEY = "bench-key"
HEADERS = {"X-API-Key": API_KEY}
MB = 1024 * 1024


class Server:
    """A running gunicorn: its address, and memory per process."""

    def __init__(self, process: subprocess.Popen, host: str):
        self.process = process
        self.host = host

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def memory(self) -> dict:
        """RSS and USS (memory only that process holds) of the master and each worker, in MB."""

        def of(proc: psutil.Process) -> dict:
            info = proc.memory_full_info()
            return {"pid": proc.pid, "rss_mb": round(info.rss / MB, 1), "uss_mb": round(info.uss / MB, 1)}

        return {"master": of(psutil.Process(self.process.pid)), "workers": [of(w) for w in self.workers()]}

    def openapi(self) -> dict:
        return requests.get(f"{self.host}/openapi.json", timeout=10).json()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(workers: int, log_path: Path, **env: str):
    """Serve the app as `make run` does, with `workers` workers; stopped (SIGTERM) on exit."""
    port = _free_port()
    data_dir = tempfile.mkdtemp(prefix="quotes-bench-")
    environment = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "QUOTES_API_KEYS": API_KEY,
        "QUOTES_RATE_LIMIT": "1000000/second",
        "QUOTES_REQUEST_TIMEOUT": "300",
        "QUOTES_MAX_SYNC_CHARS": "0",  # the bench sends what it measures, however long
        "GUNICORN_TIMEOUT": "300",
        "QUOTES_DATA_DIR": data_dir,
        "QUOTES_LOG_LEVEL": "INFO",  # one JSON line per request, as in production
        **env,
    }
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "service:create_app()"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}")
    try:
        _wait_ready(server, workers)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(server: Server, workers: int, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}; see the bench log")
        try:
            if requests.get(f"{server.host}/readyz", timeout=2).ok and len(server.workers()) == workers:
                for _ in range(4 * workers):  # let every worker answer once before timing
                    requests.post(f"{server.host}/v1/quotes", json={"text": '"Ready," she said.'}, headers=HEADERS, timeout=30)
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not become ready")


def batch_field(openapi: dict, path: str) -> str | None:
    """The request body's list field (of `{id, text}` articles) of `path`, or None when the endpoint is absent."""
    operation = openapi.get("paths", {}).get(path, {}).get("post")
    if not operation:
        return None
    schemas = openapi.get("components", {}).get("schemas", {})

    def resolve(schema: dict) -> dict:
        while "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    body = resolve(operation["requestBody"]["content"]["application/json"]["schema"])
    arrays = [name for name, prop in body.get("properties", {}).items() if resolve(prop).get("type") == "array"]
    return arrays[0] if arrays else None


def load(server: Server, path: str, bodies: list[dict], work_dir: Path, **spec) -> dict:
    """Run bench.load against `server` and return its result."""
    payloads = work_dir / "payloads.jsonl"
    payloads.write_text("".join(json.dumps(b) + "\n" for b in bodies), encoding="utf-8")
    spec_path, out_path = work_dir / "spec.json", work_dir / "out.json"
    spec_path.write_text(json.dumps({"host": server.host, "path": path, "headers": HEADERS, "payloads": str(payloads), **spec}))
    subprocess.run([sys.executable, "-m", "bench.load", str(spec_path), str(out_path)], cwd=ROOT, check=True)
    result = json.loads(out_path.read_text())
    if result["failures"]:
        print(f"  ! {result['failures']} failed requests on {path}, e.g. {result['failure_samples'][:2]}", flush=True)
    return result


def closed_loop(server: Server, path: str, articles: list[Article], per_request: int, users: int, work_dir: Path, batch: str | None = None) -> Throughput:
    """Every article once, `per_request` at a time, `users` clients back to back; latency is per request."""
    groups = [articles[i : i + per_request] for i in range(0, len(articles), per_request)]
    bodies = [{batch: [{"id": a.id, "text": a.text} for a in g]} if batch else {"id": g[0].id, "text": g[0].text} for g in groups]
    result = load(server, path, bodies, work_dir, users=users, requests=len(bodies))
    return Throughput.of(articles, result["wall_s"], None, [ms / 1000 for ms in result["latencies_ms"]])
