"""`python -m bench [--quick]`: run every measurement, print it, write artifacts/bench-*.json."""
from __future__ import annotations

import os

# One thread per process everywhere: the benchmark's parallelism is one process per core.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import psutil  # noqa: E402

from service.config import Settings  # noqa: E402
from service.names import first_names_for  # noqa: E402
from service.pipeline import Extractor, load_nlp  # noqa: E402

from . import corpus, http, inprocess, sync_limit, webhook  # noqa: E402
from .stats import Throughput, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sizes:
    generated: int
    real: int
    rounds: int  # (a) and (b) alternate this many times; the best of each counts
    option_articles: int
    batch_size: int
    peak_s: float
    open_loop_s: float
    growth_requests: int
    webhooks: int
    sync_timeout_s: float | None  # None: QUOTES_REQUEST_TIMEOUT


FULL = Sizes(generated=300, real=150, rounds=2, option_articles=60, batch_size=16, peak_s=20, open_loop_s=45,
             growth_requests=20_000, webhooks=300, sync_timeout_s=None)
QUICK = Sizes(generated=30, real=10, rounds=1, option_articles=8, batch_size=8, peak_s=6, open_loop_s=10,
              growth_requests=600, webhooks=50, sync_timeout_s=4.0)
HTTP_WORKERS = 2
HTTP_USERS = 4  # two requests waiting per worker: no worker ever idles for want of work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small corpus and short runs: checks the bench works")
    parser.add_argument("--growth-requests", type=int, help="requests for the memory-growth run")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    growth_requests = args.growth_requests or sizes.growth_requests
    model = Settings.from_env().spacy_model
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    log_path = artifacts / "bench-gunicorn.log"
    log_path.write_text("")
    started = time.time()
    report: dict = {"mode": "quick" if args.quick else "full"}

    articles = corpus.build(sizes.generated, sizes.real)
    processes = inprocess.cores()
    sources = sorted({a.source for a in articles})
    report["machine"] = {
        "cpus": processes, "cpu": platform.processor() or platform.machine(), "python": platform.python_version(),
        "load_avg_at_start": os.getloadavg(),
    }
    report["corpus"] = {
        "articles": len(articles), "words": sum(a.words for a in articles), "chars": sum(len(a.text) for a in articles),
        "by_source": {s: sum(a.source == s for a in articles) for s in sources},
    }
    say(f"bench ({report['mode']}): {processes} cores, load average {os.getloadavg()[0]:.2f}; model {model}")
    say(f"corpus: {len(articles)} articles, {report['corpus']['words']} words ({report['corpus']['by_source']})")
    if not any(s != "generated" for s in sources):
        say("  (no ../shared/eval/*.jsonl found: generated articles only)")
    say("words = whitespace-separated; art/cpu-s = articles per CPU-second of the processes doing the work")

    say(f"\n(a) floor: full spaCy pipeline, nlp.pipe, {processes} processes (one per core)")
    say(f"(b) extractor in-process: Extractor.extract per article, {processes} processes (one per core), same slices")
    floor_nlp = inprocess.full_pipeline(model)
    extractor = Extractor(load_nlp(model), first_names_for(Settings.from_env()))  # as the service ships
    say(f"    floor components: {floor_nlp.pipe_names}; extractor components: {extractor.nlp.pipe_names}")
    floors, extractions = [], []
    for round_no in range(sizes.rounds):
        floors.append(inprocess.across_cores(inprocess.floor_work(floor_nlp), articles, processes))
        say(floors[-1].line(f"  round {round_no + 1} (a) floor"))
        extractions.append(inprocess.across_cores(inprocess.extractor_work(extractor), articles, processes))
        say(extractions[-1].line(f"  round {round_no + 1} (b) extractor"))
    floor = max(floors, key=lambda t: t.articles_per_s)
    extracted = max(extractions, key=lambda t: t.articles_per_s)
    report["a_floor"], report["b_extractor"] = floor.as_dict(), extracted.as_dict()

    say(f"\npipeline options, one process, CPU time, article by article, interleaved ({sizes.option_articles} articles):")
    report["options"] = inprocess.options(model, articles[: sizes.option_articles])
    for name, row in report["options"].items():
        extra = f"  ({row['sentences_parsed']:.0%} of sentences parsed)" if "sentences_parsed" in row else ""
        say(f"  {name:<60} {row['articles_per_cpu_s']:7.2f} art/cpu-s  x{row['speed_vs_full']:.3f} vs full{extra}")

    say("\ncost vs length (one process, CPU time, best of 5): 10 generated articles joined vs each alone")
    report["linearity"] = inprocess.linearity(extractor, [a for a in articles if a.source == "generated"])
    lin = report["linearity"]
    say(f"  {lin['one_article_chars']} chars: {lin['one_article_cpu_ms']} ms; {lin['long_article_chars']} chars: "
        f"{lin['long_article_cpu_ms']} ms -> x{lin['cost_ratio']} cost for x{lin['length_ratio']} length "
        f"(x{lin['cost_ratio_per_10x_length']} per 10x; parse alone x{lin['parse_only_per_10x_length']}, "
        f"stages alone x{lin['stages_per_10x_length']})")
    del floor_nlp, extractor

    work_dir = Path(tempfile.mkdtemp(prefix="quotes-bench-load-"))
    say(f"\n(c) service over HTTP: gunicorn, {HTTP_WORKERS} sync workers, locust FastHttpUser x{HTTP_USERS} (closed loop, same corpus;")
    say("    latency per request, including the wait for a free worker; art/cpu-s counts the server's CPU only)")
    with http.gunicorn(HTTP_WORKERS, log_path) as server:
        report["memory_idle"] = server.memory()
        cpu_before = _cpu(server)
        single = http.closed_loop(server, "/v1/quotes", articles, 1, HTTP_USERS, work_dir)
        single.cpu_s = round(_cpu(server) - cpu_before, 2)
        single.articles_per_cpu_s = round(single.articles / single.cpu_s, 2)
        say(single.line("  (c) POST /v1/quotes"))
        report["c_single"] = single.as_dict()
        field = http.batch_field(server.openapi(), "/v1/quotes/batch")
        if field is None:
            say("  (c) POST /v1/quotes/batch: skipped (endpoint not in /openapi.json)")
            report["c_batch"] = "skipped: /v1/quotes/batch absent"
        else:
            cpu_before = _cpu(server)
            batch = http.closed_loop(server, "/v1/quotes/batch", articles, sizes.batch_size, HTTP_USERS, work_dir, batch=field)
            batch.cpu_s = round(_cpu(server) - cpu_before, 2)
            batch.articles_per_cpu_s = round(batch.articles / batch.cpu_s, 2)
            say(batch.line(f"  (c) POST /v1/quotes/batch ({sizes.batch_size}/request)"))
            report["c_batch"] = batch.as_dict()
        report["memory_loaded"] = server.memory()
        _print_memory(report["memory_loaded"])

        typical = corpus.typical(articles)
        bodies = [{"id": a.id, "text": a.text} for a in typical]
        peak_run = http.load(server, "/v1/quotes", bodies, work_dir, users=HTTP_USERS, duration_s=sizes.peak_s)
        peak = peak_run["requests"] / peak_run["wall_s"]
        rate = 0.7 * peak
        # Enough paced users that a slow response never holds back the next arrival.
        users = max(4, math.ceil(rate * 2 * (percentile(peak_run["latencies_ms"], 99) or 1000) / 1000))
        say(f"\ntail latency at 70% of peak: {len(typical)} articles of median length (±15%), so spread is not length")
        say(f"  peak (closed loop, {HTTP_USERS} users, {sizes.peak_s:g} s): {peak:.2f} req/s")
        open_run = http.load(server, "/v1/quotes", bodies, work_dir, users=users, rate=rate, duration_s=sizes.open_loop_s)
        p50, p99 = percentile(open_run["latencies_ms"], 50), percentile(open_run["latencies_ms"], 99)
        report["tail_at_70pct"] = {
            "peak_req_per_s": round(peak, 2), "offered_req_per_s": round(rate, 2), "users": users,
            "achieved_req_per_s": round(open_run["requests"] / open_run["wall_s"], 2),
            "p50_ms": round(p50, 1), "p95_ms": round(percentile(open_run["latencies_ms"], 95), 1),
            "p99_ms": round(p99, 1), "p99_over_p50": round(p99 / p50, 2),
        }
        t = report["tail_at_70pct"]
        say(f"  open loop at {rate:.2f} req/s offered ({users} paced users, {sizes.open_loop_s:g} s): {t['achieved_req_per_s']} req/s; "
            f"p50 {t['p50_ms']} p95 {t['p95_ms']} p99 {t['p99_ms']} ms; p99/p50 = {t['p99_over_p50']}")

    say("\nwebhook answer time (real gunicorn; extraction is left to the queue worker):")
    report["webhook"] = webhook.measure(sizes.webhooks, say, log_path)

    say("\nsynchronous length limit: what extracts inside the request time limit")
    timeout_s = sizes.sync_timeout_s or Settings.from_env().request_timeout
    report["sync_limit"] = sync_limit.measure(model, timeout_s, lambda line: say(f"  {line}"), log_path)

    say(f"\nmemory over {growth_requests} requests of varied text (short articles, new names each), max_requests off")
    texts = corpus.varied_texts(growth_requests + growth_requests // 10)
    warm, measured = texts[: growth_requests // 10], texts[growth_requests // 10 :]
    with http.gunicorn(HTTP_WORKERS, log_path, GUNICORN_MAX_REQUESTS="0") as server:
        http.load(server, "/v1/quotes", [{"text": t} for t in warm], work_dir, users=HTTP_USERS, requests=len(warm))
        before = server.memory()
        run = http.load(server, "/v1/quotes", [{"text": t} for t in measured], work_dir, users=HTTP_USERS, requests=len(measured))
        after = server.memory()
    growth = [
        {"pid": b["pid"], "rss_before_mb": b["rss_mb"], "rss_after_mb": a["rss_mb"], "growth_pct": round(100 * (a["rss_mb"] - b["rss_mb"]) / b["rss_mb"], 2)}
        for b, a in zip(before["workers"], after["workers"])
    ]
    report["rss_growth"] = {"requests": run["requests"], "warm_up_requests": len(warm), "req_per_s": round(run["requests"] / run["wall_s"], 1), "workers": growth}
    for g in growth:
        say(f"  worker {g['pid']}: RSS {g['rss_before_mb']} -> {g['rss_after_mb']} MB ({g['growth_pct']:+.2f}%)")
    say(f"  ({run['requests']} requests after {len(warm)} warm-up, {report['rss_growth']['req_per_s']} req/s)")

    report["ratios"] = _ratios(report)
    report["targets"] = _targets(report)
    report["elapsed_s"] = round(time.time() - started, 1)
    say("\nratios (wall clock; per CPU-second in brackets, which other load on the machine barely moves):")
    for name, value in report["ratios"].items():
        say(f"  {name:<22} {value['wall']:.3f}  [{value['cpu']:.3f}]" if value.get("cpu") else f"  {name:<22} {value['wall']:.3f}")
    say("\ntargets:")
    for name, row in report["targets"].items():
        say(f"  {'ok  ' if row['met'] else 'MISS'} {name:<44} {row['measured']}")
    out = artifacts / f"bench-{report['mode']}.json"
    out.write_text(json.dumps(report, indent=2))
    say(f"\nwritten: {out.relative_to(ROOT)}  ({report['elapsed_s']:.0f} s; gunicorn log in {log_path.relative_to(ROOT)})")
    return 0


def say(line: str) -> None:
    print(line, flush=True)


def _cpu(server: http.Server) -> float:
    """CPU seconds the server's processes have used so far."""
    total = 0.0
    for proc in [psutil.Process(server.process.pid), *server.workers()]:
        times = proc.cpu_times()
        total += times.user + times.system
    return total


def _print_memory(memory: dict) -> None:
    m = memory["master"]
    say(f"  memory after load: master RSS {m['rss_mb']} MB USS {m['uss_mb']} MB")
    for w in memory["workers"]:
        say(f"    worker {w['pid']}: RSS {w['rss_mb']} MB, USS {w['uss_mb']} MB (what this worker adds)")


def _ratios(report: dict) -> dict:
    a, b, c = report["a_floor"], report["b_extractor"], report["c_single"]

    def ratio(x: dict, y: dict) -> dict:
        cpu = x["articles_per_cpu_s"] / y["articles_per_cpu_s"] if x.get("articles_per_cpu_s") and y.get("articles_per_cpu_s") else None
        return {"wall": round(x["articles_per_s"] / y["articles_per_s"], 3), "cpu": None if cpu is None else round(cpu, 3)}

    ratios = {"(b)/(a) extractor": ratio(b, a), "(c)/(a) HTTP single": ratio(c, a)}
    if isinstance(report["c_batch"], dict):
        ratios["(c)/(a) HTTP batch"] = ratio(report["c_batch"], a)
    return ratios


def _targets(report: dict) -> dict:
    ratios = report["ratios"]
    workers_uss = [w["uss_mb"] for w in report["memory_loaded"]["workers"]]
    growth = max(g["growth_pct"] for g in report["rss_growth"]["workers"])
    tail = report["tail_at_70pct"]["p99_over_p50"]
    lin = report["linearity"]["cost_ratio_per_10x_length"]
    rows = {
        "(b)/(a) >= 1.0": ratios["(b)/(a) extractor"]["wall"] >= 1.0,
        "(c)/(a) >= 0.8 (2 workers)": ratios["(c)/(a) HTTP single"]["wall"] >= 0.8,
        "p99 <= 2 x p50 at 70% of peak": tail <= 2,
        "USS per added worker <= 60 MB": max(workers_uss) <= 60,
        "RSS growth <= 5% over the run": growth <= 5,
        "10x length costs <= 11x": lin <= 11,
        "webhook answered p99 < 200 ms": report["webhook"]["p99_ms"] < webhook.TARGET_MS,
    }
    measured = {
        "(b)/(a) >= 1.0": ratios["(b)/(a) extractor"],
        "(c)/(a) >= 0.8 (2 workers)": ratios["(c)/(a) HTTP single"],
        "p99 <= 2 x p50 at 70% of peak": f"p99/p50 = {tail}",
        "USS per added worker <= 60 MB": f"{max(workers_uss)} MB (max of {workers_uss})",
        "RSS growth <= 5% over the run": f"{growth:+.2f}% (worst worker)",
        "10x length costs <= 11x": f"x{lin}",
        "webhook answered p99 < 200 ms": f"p99 {report['webhook']['p99_ms']} ms",
    }
    return {name: {"met": met, "measured": measured[name]} for name, met in rows.items()}


if __name__ == "__main__":
    raise SystemExit(main())
