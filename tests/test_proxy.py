"""Production mode: real nginx in front of real gunicorn, started by deploy/proxy.py (`make run-prod`).

Issue 15's reproduction: two connections that send their headers one line at a time,
and never finish, hold both sync workers of a bare gunicorn, and `/readyz` stops
answering. Behind nginx they hold nginx connections only. Every error either server
answers by itself is the service's JSON error.
"""
from __future__ import annotations

import json
import os
import runpy
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
import requests
from test_api_gunicorn import free_port, wait_ready
from worker_processes import wait_for

ROOT = Path(__file__).resolve().parents[1]
PROXY = ROOT / "deploy" / "proxy.py"

pytestmark = pytest.mark.slow


def clean_env(**env: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_") and k != "GUNICORN_BIND"}
    return {**base, **env}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """deploy/proxy.py with two workers; yields (base URL, gunicorn's socket path, the launcher's log)."""
    data = tmp_path_factory.mktemp("proxy")
    port = free_port()
    log = open(data / "proxy.log", "w")
    launcher = subprocess.Popen(
        [sys.executable, str(PROXY)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env=clean_env(HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="2", QUOTES_DATA_DIR=str(data)),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{base}/readyz", launcher, seconds=120)
        (gunicorn,) = [p for p in psutil.Process(launcher.pid).children() if "gunicorn" in " ".join(p.cmdline())]
        socket_path = gunicorn.environ()["GUNICORN_BIND"].removeprefix("unix:")
        yield base, socket_path, data / "proxy.log"
    finally:
        family = psutil.Process(launcher.pid).children(recursive=True)
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=60)
        log.close()
        gone, alive = psutil.wait_procs(family, timeout=10)
        assert not alive, f"left running after SIGTERM: {alive}"


class SlowHeaders:
    """Clients that send request headers one line a second and never finish them."""

    def __init__(self, connect, clients: int = 2):
        self.sockets = [connect() for _ in range(clients)]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        for sock in self.sockets:
            sock.sendall(b"GET /readyz HTTP/1.1\r\nHost: slow\r\n")
        self.thread.start()

    def trickle(self) -> None:
        line = 0
        while not self.stop.wait(1.0):
            line += 1
            for sock in self.sockets:
                try:
                    sock.sendall(b"X-Line-%d: still typing\r\n" % line)
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


def tcp(port: int):
    return lambda: socket.create_connection(("127.0.0.1", port))


def unix(path: str):
    def connect():
        sock = socket.socket(socket.AF_UNIX)
        sock.connect(path)
        return sock

    return connect


def readyz_answers(base: str, seconds: float) -> list[int | str]:
    """Ask /readyz every half second for `seconds`; the answers, or 'timeout'."""
    answers: list[int | str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            answers.append(requests.get(f"{base}/readyz", timeout=3).status_code)
        except requests.Timeout:
            answers.append("timeout")
        time.sleep(0.5)
    return answers


def test_two_slow_header_clients_leave_readyz_answering(served):
    base, socket_path, _ = served
    slow = SlowHeaders(tcp(int(base.rsplit(":", 1)[1])))
    try:
        time.sleep(1.5)
        assert set(readyz_answers(base, 6)) == {200}
    finally:
        slow.close()


def test_the_same_clients_sent_straight_to_gunicorn_stall_it(served):
    """The control: without nginx in between, the two clients hold both workers."""
    base, socket_path, _ = served
    slow = SlowHeaders(unix(socket_path))
    try:
        time.sleep(1.5)
        assert "timeout" in readyz_answers(base, 4)
    finally:
        slow.close()
    assert requests.get(f"{base}/readyz", timeout=30).status_code == 200


def raw_request(connect, request: bytes) -> tuple[int, dict[str, str], bytes]:
    with connect() as sock:
        sock.sendall(request)
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    head, _, body = response.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in header_lines)}
    return int(status_line.split()[1]), headers, body


def assert_json_error(status: int, headers: dict[str, str], body: bytes, code: int) -> dict:
    assert status == code
    assert headers["content-type"].startswith("application/json")
    error = json.loads(body)
    assert error["code"] == code and error["status"] and error["message"]
    return error


def test_nginx_answers_its_own_errors_in_json(served):
    base, _, log = served
    too_big = requests.post(f"{base}/v1/quotes", data=b"x" * (2 * 1024 * 1024 + 1),
                            headers={"Content-Type": "application/json", "X-Request-ID": "big-1"}, timeout=30)
    assert too_big.status_code == 413 and too_big.json()["code"] == 413
    assert "2097152" in too_big.json()["message"] and too_big.headers["X-Request-ID"] == "big-1"
    logged = wait_for(lambda: [line for line in log.read_text().splitlines() if '"big-1"' in line], 10,
                      "nginx's log line")
    assert json.loads(logged[0]) | {"source": "nginx", "status": 413} == json.loads(logged[0])
    huge_header = requests.get(f"{base}/livez", headers={"X-Filler": "a" * 20_000}, timeout=30)
    assert huge_header.status_code == 431 and huge_header.json()["code"] == 431
    internal = requests.get(f"{base}/.quotes-proxy-error", timeout=30)
    assert internal.status_code == 404 and internal.json()["code"] == 404
    port = int(base.rsplit(":", 1)[1])
    assert_json_error(*raw_request(tcp(port), b"GET /livez HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"), 400)


def test_the_apps_answers_pass_through_with_the_clients_request_id(served):
    base, _, _ = served
    ok = requests.get(f"{base}/livez", headers={"X-Request-ID": "cms-7.a"}, timeout=30)
    assert ok.status_code == 200 and ok.headers["X-Request-ID"] == "cms-7.a"
    missing = requests.get(f"{base}/v1/nothing", headers={"X-Request-ID": "cms-7.b"}, timeout=30)
    assert missing.status_code == 404 and missing.headers["X-Request-ID"] == "cms-7.b"
    assert missing.json()["message"] != "Not found.", "the app's own JSON error, not nginx's"
    generated = requests.get(f"{base}/livez", headers={"X-Request-ID": "bad id"}, timeout=30)
    assert len(generated.headers["X-Request-ID"]) == 32


def test_gunicorn_answers_its_own_errors_in_json(served):
    _, socket_path, _ = served
    control_character = b"GET /livez HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n"
    assert_json_error(*raw_request(unix(socket_path), control_character), 400)
    many_headers = b"GET /livez HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(150)) + b"\r\n"
    assert_json_error(*raw_request(unix(socket_path), many_headers), 431)
    assert_json_error(*raw_request(unix(socket_path), b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\n\r\n"), 414)


def test_proxy_refuses_a_public_address_without_keys_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, str(PROXY)], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=clean_env(HOST="0.0.0.0", PORT=str(free_port()), QUOTES_DATA_DIR=str(tmp_path)))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: refusing to listen on 0.0.0.0:")
    assert "QUOTES_API_KEYS" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_rendered_config_is_valid_nginx_with_the_services_limits(tmp_path):
    from service.config import Settings

    namespace = runpy.run_path(str(PROXY))
    settings = Settings.from_env({"QUOTES_MAX_BODY_BYTES": "12345"})
    config = namespace["render"](tmp_path, listen="127.0.0.1:1", upstream="unix:/nonexistent.sock", settings=settings)
    server = (tmp_path / "quotes.conf").read_text()
    for directive in ["client_max_body_size 12345;", "client_header_timeout", "client_body_timeout",
                      "proxy_request_buffering on;", "proxy_set_header X-Request-ID", "listen 127.0.0.1:1;"]:
        assert directive in server
    checked = subprocess.run([namespace["nginx_binary"](), "-t", "-e", "stderr", "-p", str(tmp_path), "-c",
                              str(config)], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr
