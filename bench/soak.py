"""`python -m bench.soak --minutes 5`: real gunicorn at saturation with mixed valid and hostile
requests; passes only with zero 5xx, no worker replaced, and flat memory.

Clients (two per worker, so no worker ever waits for work) post a seeded mix: generated
news articles as text and as HTML, and hostile requests (Unicode soup with lone
surrogates and control characters, quote-mark soup, HTML bombs, duplicate keys, deep
JSON, wrong types, malformed and non-JSON bodies, oversized bodies, missing keys).
Each kind has one expected status. Memory (RSS) of the master and every worker is
sampled throughout; "flat" compares the first and last fifth of the run after warm-up.
Writes artifacts/soak.json.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psutil
import requests

from . import corpus
from .http import HEADERS, gunicorn

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
HOSTILE_CHARS = (
    [chr(c) for c in range(0x20)] + ["\ud800", "\udfff", "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028"]
    + list("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb")
)
MAX_GROWTH_MB = 25.0


@dataclass(frozen=True)
class Kind:
    """One sort of request: how to make its (body, content type, headers), and the status it must get."""

    name: str
    weight: int
    expected: int
    make: Callable[[random.Random], tuple[bytes, str, dict]]


def as_json(value) -> tuple[bytes, str, dict]:
    return json.dumps(value).encode(), "application/json", HEADERS


def raw(body: str, content_type: str = "application/json", headers: dict = HEADERS) -> tuple[bytes, str, dict]:
    return body.encode("utf-8", "surrogatepass"), content_type, headers


def kinds(articles: list[str]) -> list[Kind]:
    def unicode_soup(rng):
        return as_json({"text": "x" + "".join(rng.choice(HOSTILE_CHARS + [" said ", "Ann Park"]) for _ in range(2000))})

    def quote_soup(rng):
        return as_json({"text": "".join(rng.choice("\"\u201c\u201d' a said\n") for _ in range(3000))})

    def html_article(rng):
        return as_json({"html": "".join(f"<p>{p}</p>" for p in rng.choice(articles).split("\n\n"))})

    return [
        Kind("article", 50, 200, lambda rng: as_json({"text": rng.choice(articles), "id": "soak"})),
        Kind("html-article", 10, 200, html_article),
        Kind("unicode-soup", 6, 200, unicode_soup),
        Kind("quote-soup", 4, 200, quote_soup),
        Kind("html-bomb", 3, 422, lambda rng: as_json({"html": "<div><span>" * 1500 + '"Hi," she said.'})),
        Kind("deep-html", 2, 200, lambda rng: as_json({"html": "<div><span>" * 200 + '"Hi," she said.'})),
        Kind("huge-attribute", 2, 200,
             lambda rng: as_json({"html": f'<p title="{"a" * 500_000}">"Hi," she said.</p>'})),
        Kind("duplicate-keys", 4, 400, lambda rng: raw('{"text": "a", "text": "b"}')),
        Kind("deep-json", 4, 400, lambda rng: raw('{"text": ' + "[" * 20_000 + "]" * 20_000 + "}")),
        Kind("wrong-types", 4, 422, lambda rng: as_json({"text": rng.choice([5, None, ["a"], {"a": 1}])})),
        Kind("malformed", 4, 400, lambda rng: raw('{"text": "unterminated')),
        Kind("not-json", 3, 415, lambda rng: raw("text=hello", "application/x-www-form-urlencoded")),
        Kind("too-large", 1, 413, lambda rng: as_json({"text": "a" * (3 * MB)})),
        Kind("over-sync-limit", 1, 413, lambda rng: as_json({"text": "word " * 40_000})),
        Kind("no-key", 3, 401, lambda rng: raw('{"text": "\\"Hi,\\" she said."}', headers={})),
        Kind("wrong-key", 2, 401, lambda rng: raw('{"text": "\\"Hi,\\" she said."}', headers={"X-API-Key": "nope"})),
    ]


class Tally:
    """Statuses per kind, latencies, and unexpected statuses per kind, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.latencies: list[float] = []
        self.surprises: Counter = Counter()

    def record(self, kind: Kind, status: int | str, seconds: float) -> None:
        with self.lock:
            self.statuses[kind.name][status] += 1
            self.latencies.append(seconds)
            if status != kind.expected:
                self.surprises[f"{kind.name}: {status}"] += 1


def client(host: str, mix: list[Kind], seed: int, until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    weights = [k.weight for k in mix]
    with requests.Session() as session:
        while time.monotonic() < until:
            kind = rng.choices(mix, weights)[0]
            body, content_type, headers = kind.make(rng)
            started = time.monotonic()
            try:
                response = session.post(f"{host}/v1/quotes", data=body, timeout=120,
                                        headers={**headers, "Content-Type": content_type})
                status: int | str = response.status_code
            except requests.RequestException as exc:
                status = type(exc).__name__
            tally.record(kind, status, time.monotonic() - started)


def rss_mb(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / MB


def soak(minutes: float, workers: int, clients: int, log_path: Path) -> dict:
    articles = [a.text for a in corpus.generated(60)]
    mix = kinds(articles)
    tally = Tally()
    samples: list[dict] = []
    with gunicorn(workers, log_path, QUOTES_REQUEST_TIMEOUT="20", GUNICORN_TIMEOUT="60",
                  QUOTES_RATE_LIMIT="1000000/minute") as server:
        first_workers = {w.pid for w in server.workers()}
        started = time.monotonic()
        until = started + minutes * 60
        threads = [threading.Thread(target=client, args=(server.host, mix, seed, until, tally), daemon=True)
                   for seed in range(clients)]
        for thread in threads:
            thread.start()
        seen_workers = set(first_workers)
        while any(t.is_alive() for t in threads):
            time.sleep(5)
            current = server.workers()
            seen_workers |= {w.pid for w in current}
            samples.append({"t": round(time.monotonic() - started, 1), "master": round(rss_mb(server.process.pid), 1),
                            "workers": {w.pid: round(w.memory_info().rss / MB, 1) for w in current}})
        elapsed = time.monotonic() - started
        master_alive = server.process.poll() is None
    return summarize(tally, samples, elapsed, first_workers, seen_workers, master_alive, workers, clients)


def summarize(tally, samples, elapsed, first_workers, seen_workers, master_alive, workers, clients) -> dict:
    total_rss = [round(s["master"] + sum(s["workers"].values()), 1) for s in samples]
    warm = total_rss[len(total_rss) // 10:] or total_rss  # the first tenth is warm-up
    fifth = max(1, len(warm) // 5)
    growth = statistics.median(warm[-fifth:]) - statistics.median(warm[:fifth])
    statuses = {name: dict(counts) for name, counts in sorted(tally.statuses.items())}
    server_errors = sum(n for counts in tally.statuses.values() for status, n in counts.items()
                        if isinstance(status, int) and status >= 500)
    requests_done = sum(sum(c.values()) for c in tally.statuses.values())
    latencies = sorted(tally.latencies)
    result = {
        "seconds": round(elapsed, 1),
        "workers": workers,
        "clients": clients,
        "requests": requests_done,
        "requests_per_second": round(requests_done / elapsed, 2),
        "latency_p50_s": round(latencies[len(latencies) // 2], 3) if latencies else None,
        "latency_p99_s": round(latencies[int(len(latencies) * 0.99)], 3) if latencies else None,
        "server_errors": server_errors,
        "unexpected": dict(tally.surprises),
        "statuses": statuses,
        "master_alive": master_alive,
        "workers_replaced": len(seen_workers - first_workers),
        "rss_total_mb": {"first": total_rss[0] if total_rss else None, "last": total_rss[-1] if total_rss else None,
                         "max": max(total_rss, default=None), "growth_after_warmup": round(growth, 1)},
        "rss_per_worker_mb_last": samples[-1]["workers"] if samples else {},
    }
    result["passed"] = bool(
        server_errors == 0 and not tally.surprises and master_alive and result["workers_replaced"] == 0
        and growth <= MAX_GROWTH_MB
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, help="concurrent clients (default: two per worker)")
    args = parser.parse_args(argv)
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    log_path = artifacts / "soak-gunicorn.log"
    log_path.write_text("")
    result = soak(args.minutes, args.workers, args.clients or 2 * args.workers, log_path)
    (artifacts / "soak.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
