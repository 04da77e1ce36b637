"""How fast a signed webhook delivery is answered by real gunicorn (target: under 200 ms).

A unit test cannot hold a wall-clock bound on a shared machine; this measures it:
Standard Webhooks deliveries one after another (a CMS waits for each answer), each
stored and queued but not extracted in the request.
"""
from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import requests
from standardwebhooks import Webhook

from . import http
from .stats import percentile

SECRET = "whsec_" + base64.b64encode(b"bench-webhook-secret-32-bytes!!!").decode()
TARGET_MS = 200
ARTICLE_HTML = "<p>&ldquo;We will rebuild the bridge before winter,&rdquo; said Mayor Jane Smith.</p>"


def delivery(number: int) -> tuple[bytes, dict]:
    body = json.dumps({"type": "article.published", "timestamp": "2026-01-01T00:00:00Z",
                       "data": {"id": f"bench-{number}", "revision": "1", "html": ARTICLE_HTML}})
    message_id = f"msg_{uuid.uuid4().hex}"
    signature = Webhook(SECRET).sign(message_id, datetime.now(timezone.utc), body)
    headers = {"Content-Type": "application/json", "webhook-id": message_id,
               "webhook-timestamp": str(int(time.time())), "webhook-signature": signature}
    return body.encode(), headers


def measure(deliveries: int, say: Callable[[str], None], log_path: Path) -> dict:
    latencies_ms, statuses = [], {}
    with http.gunicorn(1, log_path, QUOTES_WEBHOOK_SECRET_STANDARD=SECRET) as server, requests.Session() as session:
        for number in range(deliveries):
            body, headers = delivery(number)
            started = time.perf_counter()
            response = session.post(f"{server.host}/v1/webhooks/standard", data=body, headers=headers, timeout=30)
            latencies_ms.append((time.perf_counter() - started) * 1000)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    warm = latencies_ms[5:]  # the first answers also create the database and the queue
    result = {"deliveries": deliveries, "statuses": statuses, "target_ms": TARGET_MS,
              **{f"p{q}_ms": round(percentile(warm, q), 1) for q in (50, 95, 99)}, "max_ms": round(max(warm), 1)}
    say(f"  {deliveries} signed deliveries, one at a time, 1 worker: {statuses}; p50 {result['p50_ms']} "
        f"p95 {result['p95_ms']} p99 {result['p99_ms']} max {result['max_ms']} ms (target p99 < {TARGET_MS} ms)")
    return result
