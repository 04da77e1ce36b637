"""gunicorn settings: `gunicorn -c deploy/gunicorn.conf.py 'service:create_app()'`.

The app is preloaded so the spaCy pipeline loads once in the master; `gc.freeze()`
after the load keeps the collector from touching (and so copying) those pages, and
the forked workers share them copy-on-write. Workers are recycled after
`GUNICORN_MAX_REQUESTS` requests (with jitter, so not all at once) as a backstop
against slow memory growth, and glibc is told to hand big freed blocks back to the
OS (a parse of a long article or a batch would otherwise stay in every worker's
heap: ~50 MB more USS per worker in `make bench`). Each worker writes its Prometheus samples to
`PROMETHEUS_MULTIPROC_DIR`; `/metrics` sums them. Requests are logged by the app as
JSON lines (service/observability.py), so gunicorn's own access log is off. The
errors gunicorn answers itself (a malformed request 400, 414, 431, 501) are the
service's JSON error, not gunicorn's HTML page.

gunicorn listens on HOST:PORT, or on `GUNICORN_BIND` when set (deploy/proxy.py puts it
on a private unix socket behind nginx). Its sync workers have no timeout for reading a
request's headers: expose it through deploy/proxy.py, not directly.
"""
import ctypes
import ctypes.util
import gc
import glob
import json
import os
import shutil
import tempfile

from gunicorn import util

_SHM = "/dev/shm" if os.path.isdir("/dev/shm") else None


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _metrics_dir() -> tuple[str, bool]:
    """An empty directory for the workers' metric files, and whether this server made it."""
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if not path:
        return tempfile.mkdtemp(prefix="quotes-metrics-", dir=_SHM), True
    os.makedirs(path, exist_ok=True)
    for stale in glob.glob(os.path.join(path, "*.db")):
        os.remove(stale)
    return path, False


def _return_big_frees_to_the_os(threshold: int = 1 << 20) -> None:
    """Fixed glibc mmap and trim thresholds (1 MiB): blocks that big are mmapped and unmapped
    when freed, and the heap top is trimmed, instead of the dynamic threshold keeping them."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or "libc.so" not in libc_name:
        return  # not glibc: its own allocator rules apply
    libc = ctypes.CDLL(libc_name)
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, threshold)
    libc.mallopt(m_trim_threshold, threshold)


_return_big_frees_to_the_os()  # in the master, before the app loads; forked workers inherit it


def _write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error` (every error it answers without the app), writing the
    service's JSON error shape instead of an HTML page. gunicorn offers no hook for these
    answers, so its one writer is replaced; the status and reason stay gunicorn's."""
    body = json.dumps({"code": status_int, "status": reason, "message": mesg or reason}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin1") + body)


util.write_error = _write_json_error

# Before the app (and so prometheus_client) is imported: it picks its storage at import.
_METRICS_DIR, _OWN_METRICS_DIR = _metrics_dir()
os.environ["PROMETHEUS_MULTIPROC_DIR"] = _METRICS_DIR

bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or _cpus())
worker_class = "sync"
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
worker_tmp_dir = _SHM
accesslog = None
errorlog = "-"
# gunicornc's control socket: by default gunicorn puts it under $HOME, which is read-only in the
# container and shared by every server the user runs; this server's private runtime directory is
# neither.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or os.path.join(_METRICS_DIR, "gunicorn.ctl")


def when_ready(server):
    """In the master, after the preloaded app: freeze what is loaded so forks keep sharing it."""
    gc.collect()
    gc.freeze()


def child_exit(server, worker):
    """Fold a dead worker's live gauges out of the metrics (its counters stay counted)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _OWN_METRICS_DIR:
        shutil.rmtree(_METRICS_DIR, ignore_errors=True)


def on_starting(server):
    """Refuse to serve anonymously beyond loopback (QUOTES_API_KEYS / QUOTES_ALLOW_ANONYMOUS)."""
    import sys

    from service.config import Settings
    from service.security import anonymous_exposure

    refusal = anonymous_exposure(server.cfg.bind, Settings.from_env())
    if refusal:
        print(f"error: {refusal}", file=sys.stderr)
        on_exit(server)
        raise SystemExit(2)
