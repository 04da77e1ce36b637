"""/metrics, X-Request-ID and the JSON request log."""
from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest
from prometheus_client.parser import text_string_to_metric_families

ARTICLE = 'The vote was close. "We will appeal," said Jane Doe, the mayor.'


def sample(client, name: str, **labels: str) -> float:
    """The value of one sample in the app's /metrics, 0 when absent."""
    text = client.get("/metrics").get_data(as_text=True)
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


@pytest.fixture
def log_lines():
    """What the `service.access` logger writes, one parsed JSON object per line."""
    handler = next(h for h in logging.getLogger("service").handlers if getattr(h, "quotes_json", False))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


def test_metrics_count_requests_by_endpoint_and_status(client):
    labels = {"method": "GET", "endpoint": "/livez", "status": "200"}
    before = sample(client, "quotes_http_requests_total", **labels)
    client.get("/livez")
    client.get("/livez")
    assert sample(client, "quotes_http_requests_total", **labels) == before + 2
    before_404 = sample(client, "quotes_http_requests_total", endpoint="unmatched", status="404")
    client.get("/no/such/page/12345")
    assert sample(client, "quotes_http_requests_total", endpoint="unmatched", status="404") == before_404 + 1
    assert sample(client, "quotes_http_request_duration_seconds_count", method="GET", endpoint="/livez") >= 2


def test_metrics_count_quotes_and_time_extraction(client):
    quotes_before = sample(client, "quotes_extracted_total")
    runs_before = sample(client, "quotes_extraction_duration_seconds_count")
    response = client.post("/v1/quotes", json={"text": ARTICLE})
    assert response.status_code == 200
    found = len(response.get_json()["quotes"])
    assert sample(client, "quotes_extracted_total") == quotes_before + found
    assert sample(client, "quotes_extraction_duration_seconds_count") == runs_before + 1


def test_queue_depth_comes_from_the_app_queue_and_registered_sources(app, client):
    from service.observability import report_queue_depth

    assert sample(client, "quotes_queue_depth") == app.extensions["queue"].huey.pending_count()
    report_queue_depth(app, lambda: 3)
    report_queue_depth(app, lambda: 4)
    assert sample(client, "quotes_queue_depth") == app.extensions["queue"].huey.pending_count() + 7


def test_request_id_is_echoed_when_safe_and_generated_otherwise(client):
    assert client.get("/livez", headers={"X-Request-ID": "cms-42.a_b:c"}).headers["X-Request-ID"] == "cms-42.a_b:c"
    for unsafe in ["", "a" * 65, "bad id", "x\u00e9", "<script>", "-leading-dash"]:
        generated = client.get("/livez", headers={"X-Request-ID": unsafe}).headers["X-Request-ID"]
        assert generated != unsafe and len(generated) == 32
    first, second = (client.get("/livez").headers["X-Request-ID"] for _ in range(2))
    assert first != second


def test_one_json_log_line_per_request_without_the_text(client, log_lines):
    secret_words = "Zanzibar marmalade conspiracy"
    text = f'"{secret_words}," said the minister.'
    response = client.post("/v1/quotes", json={"text": text}, headers={"X-Request-ID": "req-1"})
    assert response.status_code == 200
    client.post("/v1/quotes", data="not json", content_type="application/json")
    lines = log_lines()
    assert len(lines) == 2
    first = lines[0]
    assert first["request_id"] == "req-1" and first["method"] == "POST" and first["path"] == "/v1/quotes"
    assert first["status"] == 200 and first["text_length"] == len(text) and first["duration_ms"] > 0
    assert lines[1]["status"] == 400 and lines[1]["text_length"] is None
    assert all(secret_words not in json.dumps(line) for line in lines)


MULTIPROCESS_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from service import create_app
    from service.config import Settings

    class StubExtractor:
        model = {"name": "stub", "version": "0"}

    app = create_app(Settings.from_env({"QUOTES_DATA_DIR": sys.argv[1]}), extractor=StubExtractor())
    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            app.test_client().get("/livez")
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    sys.stdout.write(app.test_client().get("/metrics").get_data(as_text=True))
    """
)


def test_metrics_add_up_across_worker_processes(tmp_path):
    """Under gunicorn each worker is a process: a scrape must sum what every worker counted."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prom")}
    os.mkdir(env["PROMETHEUS_MULTIPROC_DIR"])
    result = subprocess.run(
        [sys.executable, "-c", MULTIPROCESS_SCRIPT, str(tmp_path / "data")],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    text = result.stdout[result.stdout.index("# HELP"):]
    values = [
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "quotes_http_requests_total" and s.labels.get("endpoint") == "/livez"
    ]
    assert values == [2.0]


def test_invented_methods_share_one_label_so_metrics_stay_bounded(client):
    """Issue 15: each invented method became a label; 300 of them grew /metrics from 5 KB to 500 KB."""
    client.open("/v1/quotes", method="BREW")
    before = len(client.get("/metrics").get_data())
    for i in range(300):
        client.open(f"/v1/quotes?n={i}", method=f"INVENTED{i}")
        client.open("/no/such/path", method=f"OTHERWORLDLY{i}")
    text = client.get("/metrics").get_data(as_text=True)
    assert len(text) - before < 1000
    methods = {s.labels["method"] for family in text_string_to_metric_families(text) for s in family.samples
               if s.name == "quotes_http_requests_total"}
    assert methods <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"}
    assert sample(client, "quotes_http_requests_total", method="OTHER", endpoint="unmatched", status="405") >= 300
