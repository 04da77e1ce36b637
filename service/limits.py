"""How much one client may ask for, and for how long one request may run.

Rate: `QUOTES_RATE_LIMIT` per API key (by its digest id) or, without a valid key, per
remote address, on `/v1/` (the signed webhooks excepted); 429 with `Retry-After`.
Counters live in process memory (per gunicorn worker) unless `REDIS_URL` is set.

Time: a request running past `QUOTES_REQUEST_TIMEOUT` seconds is stopped by SIGALRM
and answered 503 with `Retry-After`; the worker lives on. Signals reach only the main
thread, so this holds for gunicorn's sync workers and the test client; with threaded
workers gunicorn's own `timeout` (which restarts the worker) is the only bound.
"""
from __future__ import annotations

import math
import signal
import threading

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from werkzeug.exceptions import ServiceUnavailable

from .config import Settings
from .security import client_key_id, is_protected


def rate_limit_key() -> str:
    """Whose bucket a request counts against: its valid API key's id, else its address."""
    key_id = client_key_id()
    return f"key:{key_id}" if key_id else f"addr:{request.remote_addr}"


def _not_rate_limited() -> bool:
    return not is_protected(request.path)


class RequestTimedOut(ServiceUnavailable):
    """503 for a request stopped at the deadline."""

    description = "The request ran past the service's time limit; retry later or send a shorter text."

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.data = {"message": self.description, "headers": {"Retry-After": str(retry_after)}}


def _expire(signum, frame) -> None:
    raise RequestTimedOut(math.ceil(current_app.config["QUOTES"].request_timeout))


def start_deadline() -> None:
    seconds = current_app.config["QUOTES"].request_timeout
    if seconds > 0 and threading.current_thread() is threading.main_thread():
        g.previous_alarm_handler = signal.signal(signal.SIGALRM, _expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)


def stop_deadline(exc: BaseException | None = None) -> None:
    if "previous_alarm_handler" in g:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, g.pop("previous_alarm_handler"))


def init_app(app: Flask) -> None:
    settings: Settings = app.config["QUOTES"]
    app.extensions["rate_limiter"] = Limiter(
        rate_limit_key,
        app=app,
        default_limits=[settings.rate_limit],
        default_limits_exempt_when=_not_rate_limited,
        storage_uri=settings.redis_url or "memory://",
        in_memory_fallback_enabled=bool(settings.redis_url),
        swallow_errors=True,
        headers_enabled=True,
        key_prefix="quotes",
    )
    app.before_request(start_deadline)
    app.teardown_request(stop_deadline)
