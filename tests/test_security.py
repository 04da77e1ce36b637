"""Access control and secrecy: API keys on /v1/, open probes and docs, nothing secret in logs,
callbacks only to configured URLs, and no anonymous service beyond loopback (checked by
starting real gunicorn)."""
from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from service.config import Settings
from service.security import KeyRing, anonymous_exposure, is_loopback
from cms_deliveries import SECRETS, post, standard_delivery
from test_api_gunicorn import free_port, wait_ready

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")
KEY = "k-3f9a1c-alpha"
HASHED_KEY = "k-77e2d0-beta"
ARTICLE = '"The dam will hold through the winter," said engineer Mara Voss-Quintero.'


@pytest.fixture
def keyed(make_app):
    keys = f"{KEY},sha256:{hashlib.sha256(HASHED_KEY.encode()).hexdigest()}"
    return make_app(QUOTES_API_KEYS=keys).test_client()


def post_quotes(client, **headers):
    return client.post("/v1/quotes", json={"text": ARTICLE}, headers=headers)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"X-API-Key": KEY + "x"}, {"Authorization": f"Basic {KEY}"},
     {"Authorization": "Bearer "}, {"X-API-Key": f"sha256:{hashlib.sha256(HASHED_KEY.encode()).hexdigest()}"}],
)
def test_v1_without_a_valid_key_is_401_json_with_bearer_challenge(keyed, headers):
    response = post_quotes(keyed, **headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    body = response.get_json()
    assert body["code"] == 401 and body["message"]


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": f"Bearer {KEY}"}, {"Authorization": f"bearer {KEY}"}, {"X-API-Key": KEY},
     {"Authorization": f"Bearer {HASHED_KEY}"}, {"X-API-Key": HASHED_KEY}],
)
def test_a_configured_key_or_its_sha256_opens_v1(keyed, headers):
    assert post_quotes(keyed, **headers).status_code == 200


@pytest.mark.parametrize("path", ["/livez", "/readyz", "/openapi.json", "/docs", "/", "/metrics"])
def test_probes_docs_page_and_metrics_stay_open(keyed, path):
    assert keyed.get(path).status_code not in (401, 403)


def test_signed_webhooks_are_not_behind_api_keys(keyed):
    assert keyed.post("/v1/webhooks/cms", json={}).status_code != 401


def test_unknown_v1_routes_need_a_key_too(keyed):
    assert keyed.get("/v1/nothing-here").status_code == 401


def test_without_keys_v1_is_open(client):
    assert post_quotes(client).status_code == 200


def test_keys_are_held_only_as_digests():
    ring = KeyRing([KEY])
    assert KEY not in repr(vars(ring)) and KEY.encode() not in b"".join(known for known, _ in ring._keys)
    assert ring.identify(KEY) and ring.identify(KEY) == ring.identify(KEY)
    assert ring.identify(KEY + " ") is None and ring.identify(None) is None
    assert ring.identify("\ud800") is None


def test_a_malformed_sha256_key_stops_start_up():
    with pytest.raises(ValueError, match="64 hex"):
        KeyRing(["sha256:abc"])


def test_no_key_secret_or_article_text_in_logs_or_errors(make_app, caplog, capsys):
    secret = SECRETS["standard"]
    client = make_app(QUOTES_API_KEYS=KEY, QUOTES_WEBHOOK_SECRET_STANDARD=secret).test_client()
    caplog.set_level(logging.DEBUG)
    event = {"type": "article.published", "data": {"id": "s1", "text": ARTICLE}}
    raw, headers = standard_delivery(event)
    forged = {**headers, "webhook-signature": f"v1,{secret}"}
    responses = [
        post_quotes(client, Authorization=f"Bearer {KEY}-wrong"),
        client.post("/v1/quotes", json={"text": ARTICLE, "id": 5}, headers={"X-API-Key": KEY}),
        client.post("/v1/quotes", data='{"text": "%s", "text": 1}' % ARTICLE, content_type="application/json",
                    headers={"X-API-Key": KEY}),
        post(client, "standard", raw, forged),
        post(client, "standard", raw.replace(b"Voss", b"Voss "), headers),
    ]
    assert post_quotes(client, Authorization=f"Bearer {KEY}").status_code == 200
    assert post(client, "standard", raw, headers).status_code == 202
    assert [r.status_code for r in responses] == [401, 422, 400, 401, 401]
    captured = caplog.text + capsys.readouterr().out + "".join(r.get_data(as_text=True) for r in responses)
    for needle in (KEY, secret, secret.removeprefix("whsec_"), "Voss-Quintero"):
        assert needle not in captured


@pytest.mark.parametrize(
    "bind, loopback",
    [("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True), ("unix:/run/q.sock", True),
     ("0.0.0.0:8000", False), ("[::]:8000", False), ("10.1.2.3:80", False), ("fd://3", False),
     ("example.org:80", False)],
)
def test_loopback_binds(bind, loopback):
    assert is_loopback(bind) is loopback


def test_anonymous_exposure_needs_keys_or_an_explicit_opt_in():
    public = ["127.0.0.1:8000", "0.0.0.0:8000"]
    assert "0.0.0.0:8000" in anonymous_exposure(public, Settings())
    assert "127.0.0.1" not in anonymous_exposure(public, Settings())
    assert anonymous_exposure(["127.0.0.1:8000"], Settings()) is None
    assert anonymous_exposure(public, Settings(api_keys=("k",))) is None
    assert anonymous_exposure(public, Settings(allow_anonymous=True)) is None


def start_gunicorn(host: str, **env: str) -> tuple[subprocess.Popen, int]:
    """Real gunicorn with deploy/gunicorn.conf.py and a tiny app: the check is gunicorn's, not the app's."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QUOTES_")}
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "werkzeug.testapp:test_app"],
        cwd=ROOT, env={**clean, "HOST": host, "PORT": str(port), "WEB_CONCURRENCY": "1", **env},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    return process, port


def test_gunicorn_refuses_a_public_address_without_keys_in_one_line():
    process, _ = start_gunicorn("0.0.0.0")
    output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    refusals = [line for line in output.splitlines() if "QUOTES_ALLOW_ANONYMOUS" in line]
    assert len(refusals) == 1 and "0.0.0.0" in refusals[0] and "QUOTES_API_KEYS" in refusals[0]
    assert "Traceback" not in output


@pytest.mark.parametrize(
    "host, env", [("0.0.0.0", {"QUOTES_ALLOW_ANONYMOUS": "1"}), ("0.0.0.0", {"QUOTES_API_KEYS": KEY}),
                  ("127.0.0.1", {})],
)
def test_gunicorn_serves_with_keys_opt_in_or_on_loopback(host, env):
    process, port = start_gunicorn(host, **env)
    try:
        wait_ready(f"http://127.0.0.1:{port}/", process)
    finally:
        process.terminate()
        process.communicate(timeout=30)


class Recorder(BaseHTTPRequestHandler):
    """Counts requests per path."""

    hits: Counter = Counter()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).hits[self.path] += 1
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args):
        pass


def test_callbacks_go_only_to_the_configured_url_never_to_one_in_a_payload(make_app, drain):
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{receiver.server_address[1]}"
    Recorder.hits = Counter()
    try:
        app = make_app(QUOTES_WEBHOOK_SECRET_STANDARD=SECRETS["standard"],
                       QUOTES_CALLBACK_URL_STANDARD=f"{base}/configured")
        event = {"type": "article.published", "callback_url": f"{base}/injected", "webhook_url": f"{base}/injected",
                 "data": {"id": "ssrf1", "text": ARTICLE, "url": f"{base}/injected", "callback": f"{base}/injected"}}
        assert post(app.test_client(), "standard", *standard_delivery(event)).status_code == 202
        drain(app)
    finally:
        receiver.shutdown()
        receiver.server_close()
    assert Recorder.hits == Counter({"/configured": 1})
