"""The service under real gunicorn, called over a socket; and a clear stop on a missing model."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read() if process.stdout else "gunicorn exited"
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} not ready in {seconds}s")


def test_gunicorn_serves_an_article(tmp_path):
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2",
           "QUOTES_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "service:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/readyz", process)
        text = "\u201cWe will rebuild the bridge,\u201d said Governor Ann Park on Monday."
        response = requests.post(f"{base}/v1/quotes", json={"text": text, "id": "g1"}, timeout=30)
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == "g1"
        quote = body["quotes"][0]
        assert text[quote["start"] : quote["end"]] == quote["text"] == "We will rebuild the bridge,"
        assert requests.get(f"{base}/nope", timeout=5).json()["code"] == 404
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_needs_no_writable_home(tmp_path):
    """As in the container (read-only root filesystem): the control socket goes to the server's own
    runtime directory, and `gunicornc` reaches it there."""
    home = tmp_path / "home"
    home.mkdir(mode=0o500)
    port = free_port()
    env = {**os.environ, "HOME": str(home), "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "1",
           "QUOTES_DATA_DIR": str(tmp_path / "data")}
    env.pop("XDG_RUNTIME_DIR", None)
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "service:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/readyz", process)
        listening = ""
        while "Control socket listening" not in listening:
            listening = process.stdout.readline()
            assert listening, "gunicorn said nothing of its control socket"
        path = listening.rsplit(" at ", 1)[1].strip()
        assert not path.startswith(str(home)) and Path(path).is_socket()
        status = subprocess.run([str(GUNICORN.with_name("gunicornc")), "-s", path, "-c", "show workers", "-j"],
                                capture_output=True, text=True, timeout=30)
        assert status.returncode == 0, status.stderr
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "Control server error" not in output


def test_missing_model_stops_start_up_with_one_line(tmp_path):
    env = {**os.environ, "QUOTES_SPACY_MODEL": "no_such_model_pkg", "QUOTES_DATA_DIR": str(tmp_path)}
    code = "from service import create_app; create_app()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "no_such_model_pkg" in line]
    assert len(lines) >= 1 and "QUOTES_SPACY_MODEL" in lines[0]
