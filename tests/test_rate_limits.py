"""Rate limits: per API key, else per address; 429 JSON with Retry-After; probes never limited."""
from __future__ import annotations

import subprocess

import pytest
import redis
from worker_processes import free_port, wait_for

from service.limits import rate_limit_key

KEYS = "key-one,key-two"
ARTICLE = {"text": '"Fine," she said.'}


@pytest.fixture
def limited(make_app):
    return make_app(QUOTES_API_KEYS=KEYS, QUOTES_RATE_LIMIT="3/minute").test_client()


def spend(client, times, **headers):
    return [client.post("/v1/quotes", json=ARTICLE, headers=headers).status_code for _ in range(times)]


def test_over_the_limit_is_429_json_with_retry_after(limited):
    assert spend(limited, 3, **{"X-API-Key": "key-one"}) == [200, 200, 200]
    response = limited.post("/v1/quotes", json=ARTICLE, headers={"X-API-Key": "key-one"})
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    body = response.get_json()
    assert body["code"] == 429 and body["status"] and body["message"]


def test_each_key_has_its_own_budget(limited):
    assert spend(limited, 4, Authorization="Bearer key-one")[-1] == 429
    assert spend(limited, 3, **{"X-API-Key": "key-two"}) == [200, 200, 200]


def test_the_same_key_shares_its_budget_across_header_styles(limited):
    spend(limited, 2, Authorization="Bearer key-one")
    assert spend(limited, 2, **{"X-API-Key": "key-one"}) == [200, 429]


def test_guessing_keys_is_limited_by_address(limited):
    codes = [limited.post("/v1/quotes", json=ARTICLE, headers={"X-API-Key": f"guess-{i}"}).status_code
             for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]


def test_without_keys_the_limit_is_per_address(make_app):
    client = make_app(QUOTES_RATE_LIMIT="2/minute").test_client()
    assert spend(client, 3) == [200, 200, 429]
    other = client.post("/v1/quotes", json=ARTICLE, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 200


def test_probes_and_docs_are_never_limited(make_app):
    client = make_app(QUOTES_RATE_LIMIT="1/minute").test_client()
    for path in ["/livez", "/readyz", "/openapi.json"] * 3:
        assert client.get(path).status_code == 200


def test_the_bucket_key_never_contains_the_api_key(limited):
    with limited.application.test_request_context(headers={"X-API-Key": "key-one"}):
        bucket = rate_limit_key()
    assert bucket.startswith("key:") and "key-one" not in bucket


def test_redis_url_selects_redis_storage(make_app):
    limiter = make_app(REDIS_URL="redis://127.0.0.1:6390/0").extensions["rate_limiter"]
    assert type(limiter.storage).__name__ == "RedisStorage"


def test_an_unreachable_redis_does_not_fail_requests(make_app):
    client = make_app(REDIS_URL="redis://127.0.0.1:1/0", QUOTES_RATE_LIMIT="2/minute").test_client()
    assert spend(client, 3) == [200, 200, 429]


@pytest.fixture
def redis_url(tmp_path):
    """A private redis-server for one test."""
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_for(lambda: ping(url), 10, "redis-server")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def ping(url: str) -> bool:
    try:
        return redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        return False


def test_with_redis_the_limit_is_shared_by_every_worker(make_app, redis_url):
    workers = [make_app(REDIS_URL=redis_url, QUOTES_API_KEYS=KEYS, QUOTES_RATE_LIMIT="3/minute").test_client()
               for _ in range(2)]
    codes = [workers[i % 2].post("/v1/quotes", json=ARTICLE, headers={"X-API-Key": "key-one"}).status_code
             for i in range(4)]
    assert codes == [200, 200, 200, 429]


def test_wrong_keys_are_limited_on_every_v1_path_before_routing(limited):
    """Issue 15: requests that match no endpoint were never counted, so guessing there was free."""
    paths = ["/v1/anything", "/v1/jobs/123", "/v1/articles/x/y/quotes", "/v1/quotes"]
    codes = [limited.get(paths[i % 4], headers={"X-API-Key": f"guess-{i}"}).status_code for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    refused = limited.get("/v1/anything-else", headers={"X-API-Key": "guess-9"})
    assert refused.get_json()["code"] == 429 and 0 < int(refused.headers["Retry-After"]) <= 60


def test_a_spent_address_cannot_tell_a_right_key_from_a_wrong_one(limited):
    for i in range(3):
        limited.get("/v1/anything", headers={"X-API-Key": f"guess-{i}"})
    right = limited.get("/v1/jobs/123", headers={"X-API-Key": "key-one"})
    wrong = limited.get("/v1/jobs/123", headers={"X-API-Key": "guess-3"})
    assert right.status_code == wrong.status_code == 429
    elsewhere = limited.get("/v1/jobs/123", headers={"X-API-Key": "key-one"},
                            environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert elsewhere.status_code == 404


def test_valid_keys_never_spend_the_failure_budget(limited):
    codes = [limited.get("/v1/nothing-here", headers={"X-API-Key": "key-one"}).status_code for _ in range(6)]
    assert codes == [404] * 6
    assert limited.get("/v1/nothing-here", headers={"X-API-Key": "guess"}).status_code == 401


def test_behind_the_proxy_the_forwarded_address_is_the_client(make_app):
    client = make_app(QUOTES_PROXY_HOPS="1", QUOTES_RATE_LIMIT="2/minute").test_client()

    def from_address(address: str) -> int:
        return client.post("/v1/quotes", json=ARTICLE, headers={"X-Forwarded-For": f"6.6.6.6, {address}"}).status_code

    assert [from_address("10.0.0.1") for _ in range(3)] == [200, 200, 429]
    assert from_address("10.0.0.2") == 200  # the last hop, which nginx appends, not the client-sent first one


def test_without_a_proxy_forwarded_addresses_are_ignored(make_app):
    client = make_app(QUOTES_RATE_LIMIT="2/minute").test_client()
    codes = [client.post("/v1/quotes", json=ARTICLE, headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
             for i in range(3)]
    assert codes == [200, 200, 429]
