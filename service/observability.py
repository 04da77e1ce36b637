"""Metrics, request ids and one structured log line per request.

- `/metrics`: Prometheus text. Under gunicorn each worker writes its samples to
  `PROMETHEUS_MULTIPROC_DIR` (set up by deploy/gunicorn.conf.py) and a scrape sums
  them over all workers, so the numbers are right whichever worker answers.
- `X-Request-ID`: taken from the client when short and safe, generated otherwise,
  echoed in every response and written in the log line.
- Log: JSON on stdout, one line per request (id, method, path, status, duration,
  text length); never the text itself, and never a body parsed for the log: the
  length comes from the body the view parsed, if it parsed one.
- Labels are bounded: a method outside the standard set is counted as `OTHER`, an
  unmatched path as the endpoint `unmatched`.
- Queue depth: read at scrape time from the callables given to `report_queue_depth`
  (the app's huey queue, `app.extensions["queue"]`, is registered by `init_app`).
"""
from __future__ import annotations

import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator

from flask import Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from pythonjsonlogger.json import JsonFormatter
from .jsonbody import parsed_body

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
METHOD_LABELS = frozenset("GET HEAD POST PUT PATCH DELETE OPTIONS".split())
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30)

REQUESTS = Counter("quotes_http_requests", "HTTP requests answered.", ["method", "endpoint", "status"])
REQUEST_SECONDS = Histogram(
    "quotes_http_request_duration_seconds", "Time to answer a request.", ["method", "endpoint"], buckets=_LATENCY_BUCKETS
)
QUOTES_EXTRACTED = Counter("quotes_extracted", "Quotes found in extracted articles.")
EXTRACTION_SECONDS = Histogram(
    "quotes_extraction_duration_seconds", "Time to extract the quotes of one article.", buckets=_LATENCY_BUCKETS
)

access_log = logging.getLogger("service.access")
QUEUE_DEPTH_SOURCES = "queue_depth_sources"  # app.extensions key: callables counting waiting jobs


def init_app(app: Flask) -> None:
    """Meter the app's extractor, time and log every request, and serve `/metrics`."""
    _configure_logging(app.config["QUOTES"].log_level)
    if "extractor" in app.extensions and not isinstance(app.extensions["extractor"], MeteredExtractor):
        app.extensions["extractor"] = MeteredExtractor(app.extensions["extractor"])
    # First before, last after: the timing covers the other hooks and sees the final response.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish_request)
    app.add_url_rule("/metrics", "metrics", metrics)
    queue = app.extensions.get("queue")
    if queue is not None:
        report_queue_depth(app, lambda: queue.huey.pending_count())


def report_queue_depth(app: Flask, source: Callable[[], int]) -> None:
    """Publish `quotes_queue_depth` as the sum of `source()` (jobs waiting), asked at each scrape."""
    app.extensions.setdefault(QUEUE_DEPTH_SOURCES, []).append(source)


class MeteredExtractor:
    """The app's extractor, counting quotes and timing each extraction."""

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    def extract(self, text: str):
        started = time.perf_counter()
        extraction = self._inner.extract(text)
        _observe(extraction, time.perf_counter() - started)
        return extraction

    def extract_many(self, texts: Iterable[str]) -> Iterator:
        started = time.perf_counter()
        for extraction in self._inner.extract_many(texts):
            now = time.perf_counter()
            _observe(extraction, now - started)
            yield extraction
            started = time.perf_counter()


def _observe(extraction, seconds: float) -> None:
    EXTRACTION_SECONDS.observe(seconds)
    QUOTES_EXTRACTED.inc(len(extraction.quotes))


def metrics() -> Response:
    """Prometheus exposition of this process, or of all gunicorn workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    live = CollectorRegistry(auto_describe=False)
    live.register(_QueueDepth(current_app.extensions.get(QUEUE_DEPTH_SOURCES, [])))
    return Response(generate_latest(registry) + generate_latest(live), content_type=CONTENT_TYPE_LATEST)


class _QueueDepth:
    """`quotes_queue_depth`, asked of the queue at scrape time: one shared number, not one per worker."""

    def __init__(self, sources: list[Callable[[], int]]):
        self.sources = sources

    def collect(self):
        if not self.sources:
            return
        try:
            depth = sum(source() for source in self.sources)
        except Exception:  # the queue's store is down: no sample beats a wrong one
            logging.getLogger(__name__).warning("queue depth unavailable", exc_info=True)
            return
        gauge = GaugeMetricFamily("quotes_queue_depth", "Jobs waiting in the task queue.")
        gauge.add_metric([], depth)
        yield gauge


def _start_request() -> None:
    g.request_started = time.perf_counter()
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if _SAFE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


def _finish_request(response: Response) -> Response:
    seconds = time.perf_counter() - g.get("request_started", time.perf_counter())
    request_id = g.get("request_id") or uuid.uuid4().hex
    endpoint = request.url_rule.rule if request.url_rule else "unmatched"
    method = request.method if request.method in METHOD_LABELS else "OTHER"
    REQUESTS.labels(method, endpoint, str(response.status_code)).inc()
    REQUEST_SECONDS.labels(method, endpoint).observe(seconds)
    response.headers[REQUEST_ID_HEADER] = request_id
    access_log.info(
        "request",
        extra={
            "request_id": request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
            "text_length": _text_length(),
        },
    )
    return response


def _text_length() -> int | None:
    """Characters of article text in the body the view parsed (summed over a batch), without keeping the text."""
    body = parsed_body()
    if not isinstance(body, dict):
        return None
    total = 0
    for value in body.values():
        items = value if isinstance(value, list) else []
        total += sum(len(item["text"]) for item in items if isinstance(item, dict) and isinstance(item.get("text"), str))
    return total + (len(body["text"]) if isinstance(body.get("text"), str) else 0)


def _configure_logging(level: str) -> None:
    """JSON lines on stdout for the `service` loggers, set up once per process."""
    logger = logging.getLogger("service")
    logger.setLevel(level)
    if any(getattr(h, "quotes_json", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter("%(levelname)s %(name)s %(message)s", timestamp=True))
    handler.quotes_json = True
    logger.addHandler(handler)
