"""How much one client may ask for, and for how long one request may run.

Rate: `QUOTES_RATE_LIMIT` per API key (by its digest id) or, without a valid key, per
remote address, on `/v1/` (the signed webhooks excepted); 429 with `Retry-After`.
Counters live in process memory (per gunicorn worker) unless `REDIS_URL` is set.

Failed authentication: with API keys on, requests to any `/v1/` path without a valid
key count against one budget per address (`QUOTES_RATE_LIMIT` again), checked before
routing (Flask-Limiter's own limits skip requests that match no endpoint) and before
the key itself: once spent, the address gets 429 whatever key it sends, so a guesser
cannot tell a right key from a wrong one by the answer.

Time: a request running past `QUOTES_REQUEST_TIMEOUT` seconds is stopped by SIGALRM
and answered 503 with `Retry-After`; the worker lives on. Signals reach only the main
thread, so this holds for gunicorn's sync workers and the test client; with threaded
workers gunicorn's own `timeout` (which restarts the worker) is the only bound.
"""
from __future__ import annotations

import logging
import math
import signal
import threading
import time

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from limits import parse_many
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

from .config import Settings
from .security import client_key_id, is_protected

log = logging.getLogger(__name__)
AUTH_FAILURES = "auth-failures"  # the budget's name in the limiter's storage


def rate_limit_key() -> str:
    """Whose bucket a request counts against: its valid API key's id, else its address."""
    key_id = client_key_id()
    return f"key:{key_id}" if key_id else f"addr:{request.remote_addr}"


def _not_rate_limited() -> bool:
    return not is_protected(request.path)


class TooManyAuthFailures(TooManyRequests):
    """429 for an address that has spent its failed-authentication budget."""

    description = "Too many requests without a valid API key from this address; retry later."

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.data = {"message": self.description, "headers": {"Retry-After": str(retry_after)}}


def limit_failed_authentication() -> None:
    """Before routing and before the key check: refuse a spent address, count a failed attempt."""
    if not (current_app.extensions["api_keys"] and is_protected(request.path)):
        return
    limiter = current_app.extensions["rate_limiter"].limiter
    budgets = current_app.extensions[AUTH_FAILURES]
    address = request.remote_addr or ""
    try:
        spent = [budget for budget in budgets if not limiter.test(budget, AUTH_FAILURES, address)]
        if spent:
            reset = max(limiter.get_window_stats(budget, AUTH_FAILURES, address).reset_time for budget in spent)
            raise TooManyAuthFailures(max(1, math.ceil(reset - time.time())))
        if client_key_id() is None:  # require_api_key answers 401 next
            for budget in budgets:
                limiter.hit(budget, AUTH_FAILURES, address)
    except TooManyAuthFailures:
        raise
    except Exception:  # the limiter's storage is down: serve rather than fail, like Flask-Limiter
        log.warning("failed-authentication limit unavailable", exc_info=True)


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
    app.extensions[AUTH_FAILURES] = parse_many(settings.rate_limit)
    app.before_request(limit_failed_authentication)  # before security's require_api_key
    app.before_request(start_deadline)
    app.teardown_request(stop_deadline)
