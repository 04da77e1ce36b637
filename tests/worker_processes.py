"""Start, wait for and stop real worker processes (`python -m service.worker`) in tests."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worker_env(env: dict[str, str]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_") and k not in ("DATABASE_URL", "REDIS_URL")}
    return {**base, "QUOTES_LOG_LEVEL": "WARNING", **env}


def start_worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    command = [sys.executable, *args] if args else [sys.executable, "-m", "service.worker"]
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=ROOT, env=worker_env(env), stdout=output, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    detail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{detail}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CallbackReceiver(BaseHTTPRequestHandler):
    """A local callback endpoint that records each delivery's headers and body."""

    received: list[tuple[dict, bytes]] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.refuse():
            return
        self.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(204)
        self.end_headers()

    def refuse(self) -> bool:
        """Answer a failure instead of accepting the delivery; this one accepts all."""
        return False

    def log_message(self, *args):
        pass
