"""Serve the app behind nginx: the way to expose it (`make run-prod`, the container, Kubernetes).

    python deploy/proxy.py                   gunicorn on a private unix socket, nginx on HOST:PORT
    python deploy/proxy.py --upstream ADDR   nginx alone on HOST:PORT, in front of gunicorn at ADDR
                                             (the Kubernetes pod's proxy container)

nginx (deploy/nginx/) reads each request whole, with header and body timeouts and the
service's body limit, before gunicorn's sync workers see it: a slow client holds an nginx
connection, never a worker. The app is told to trust that one hop's X-Forwarded-For
(`QUOTES_PROXY_HOPS=1`), so rate limits still count real client addresses.

Like gunicorn's own start-up check, this refuses to listen beyond loopback without API
keys (or `QUOTES_ALLOW_ANONYMOUS=1`). SIGTERM or SIGINT stops both servers gracefully;
either one exiting stops the other.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the service package is beside deploy/

from service.config import Settings  # noqa: E402
from service.security import anonymous_exposure  # noqa: E402

NGINX_CONF = Path(__file__).with_name("nginx")
# Longer than gunicorn's worker timeout, so a slow answer comes from gunicorn, not a proxy 504.
UPSTREAM_TIMEOUT_MARGIN = 15


def listen_address(host: str, port: str) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def render(run_dir: Path, *, listen: str, upstream: str, settings: Settings) -> Path:
    """Write deploy/nginx/*.conf with this run's values into `run_dir`; the main file's path."""
    values = {
        "QUOTES_RUN_DIR": str(run_dir),
        "QUOTES_LISTEN": listen,
        "QUOTES_UPSTREAM": upstream,
        "QUOTES_MAX_BODY_BYTES": str(settings.max_body_bytes),
        "QUOTES_UPSTREAM_TIMEOUT": str(int(os.environ.get("GUNICORN_TIMEOUT", "60")) + UPSTREAM_TIMEOUT_MARGIN),
    }
    for name in ("nginx.conf", "quotes.conf"):
        text = string.Template((NGINX_CONF / name).read_text()).safe_substitute(values)
        if re.search(r"\$\{QUOTES_[A-Z_]+\}", text):
            raise SystemExit(f"error: deploy/nginx/{name} names a value deploy/proxy.py does not set")
        (run_dir / name).write_text(text)
    return run_dir / "nginx.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise SystemExit("error: nginx is not installed (Debian: apt-get install nginx)")
    return found


def forward(stream) -> None:
    """Copy nginx's access log to our stdout. nginx reopens `/dev/stdout` by path, which an
    unprivileged nginx may not do on a pipe or file owned by root (a container runtime's);
    on this process's own pipe it always can."""
    for line in stream:
        sys.stdout.buffer.write(line)
        sys.stdout.buffer.flush()


def supervise(servers: dict[str, subprocess.Popen]) -> int:
    """Wait until one server exits or a stop signal comes; then stop the others gracefully."""
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not stopping and all(server.poll() is None for server in servers.values()):
        time.sleep(0.2)
    graceful = {"nginx": signal.SIGQUIT, "gunicorn": signal.SIGTERM}
    for name, server in servers.items():
        if server.poll() is None:
            server.send_signal(graceful[name])
    codes = [server.wait() for server in servers.values()]
    return 0 if stopping else next((code for code in codes if code), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", help="where gunicorn already listens (host:port or unix:path)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    listen = listen_address(os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000"))
    refusal = anonymous_exposure([listen], settings)
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        return 2
    nginx = nginx_binary()
    run_dir = Path(tempfile.mkdtemp(prefix="quotes-proxy-"))
    run_dir.chmod(0o755)  # nginx started as root runs its workers as nobody, who must reach the socket
    servers: dict[str, subprocess.Popen] = {}
    try:
        upstream = args.upstream
        if upstream is None:
            upstream = f"unix:{run_dir / 'gunicorn.sock'}"
            env = {**os.environ, "GUNICORN_BIND": upstream, "QUOTES_PROXY_HOPS": "1"}
            servers["gunicorn"] = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "service:create_app()"],
                cwd=ROOT, env=env,
            )
        config = render(run_dir, listen=listen, upstream=upstream, settings=settings)
        servers["nginx"] = subprocess.Popen([nginx, "-e", "stderr", "-p", str(run_dir), "-c", str(config)],
                                            stdout=subprocess.PIPE)
        threading.Thread(target=forward, args=(servers["nginx"].stdout,), daemon=True).start()
        return supervise(servers)
    finally:
        for server in servers.values():
            if server.poll() is None:
                server.kill()
                server.wait()
        shutil.rmtree(run_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
