"""`python -m bench.sync_limit`: how long a text the service can extract inside its request time limit.

For each kind of text (news prose, an interview transcript with a quote in every
paragraph, one run-on sentence, a list of names, and one endless paragraph of
attributed quotes), it finds the longest text whose extraction costs at most a budget
of CPU seconds: two short probes fit the cost's growth (cost ~ length^k), then the
prediction is probed and refined. The budget is `QUOTES_REQUEST_TIMEOUT` times a
margin (0.5: room for a machine whose cores are shared, and for the pipeline getting
up to 10% slower); the smallest length over the linear kinds is the recommended
`QUOTES_MAX_SYNC_CHARS`. A kind whose cost grows faster than linearly is reported and
left out: a length limit cannot bound it, the pipeline has to be fixed.
Last, real gunicorn (1 worker, the default time limit) is sent the slowest linear
kind at the recommended length, and at the longest length that fits the whole deadline.
"""
from __future__ import annotations

import argparse
import itertools
import math
import random
import time
from collections.abc import Callable
from pathlib import Path

import requests

from service.config import Settings
from service.pipeline import Extractor, load_nlp

from . import corpus, http

MARGIN = 0.5
SUPERLINEAR = 1.25  # cost exponent above which a kind is not bounded by length
MAX_CHARS = 2 * 1024 * 1024
FIRST_PROBE = 20_000


def news(length: int) -> str:
    return _fill(length, ("\n\n".join(a.text for a in corpus.generated(40, seed=seed)) for seed in range(10_000)))


def transcript(length: int) -> str:
    rng = random.Random(3)
    return _fill(length, (
        f"\u201c{rng.choice(corpus.QUOTES)},\u201d said {rng.choice(corpus.FIRST)} {rng.choice(corpus.LAST)}, "
        f"the {rng.choice(corpus.TITLES)}."
        for _ in itertools.count()
    ), "\n\n")


def run_on_sentence(length: int) -> str:
    rng = random.Random(5)
    words = "the council said that the budget would rise next year and people were angry about it".split()
    return _fill(length, (rng.choice(words) for _ in itertools.count()), " ")


def names(length: int) -> str:
    rng = random.Random(7)
    return _fill(length, (f"{rng.choice(corpus.FIRST)} {rng.choice(corpus.LAST)}," for _ in itertools.count()), " ")


def quotes_in_one_paragraph(length: int) -> str:
    rng = random.Random(9)
    return _fill(length, (
        f"\u201c{rng.choice(corpus.QUOTES)},\u201d said {rng.choice(corpus.FIRST)} {rng.choice(corpus.LAST)}."
        for _ in itertools.count()
    ), " ")


KINDS: dict[str, Callable[[int], str]] = {
    "news prose": news,
    "interview transcript": transcript,
    "run-on sentence": run_on_sentence,
    "list of names": names,
    "one paragraph of quotes": quotes_in_one_paragraph,
}


def _fill(length: int, pieces, separator: str = "\n\n") -> str:
    out, size = [], 0
    for piece in pieces:
        out.append(piece)
        size += len(piece) + len(separator)
        if size >= length:
            break
    return separator.join(out)[:length]


def cpu_cost(extractor: Extractor, text: str) -> float:
    started = time.process_time()
    extractor.extract(text)
    return time.process_time() - started


def longest_within(extractor: Extractor, make: Callable[[int], str], budget_s: float) -> dict:
    """The longest `make(n)` whose extraction costs at most `budget_s` CPU seconds, and how cost grows with n."""
    probes = {n: cpu_cost(extractor, make(n)) for n in (FIRST_PROBE // 2, FIRST_PROBE)}
    for _ in range(3):
        smaller, larger = sorted(probes)[-2:]
        exponent = max(0.5, math.log(probes[larger] / max(probes[smaller], 1e-3)) / math.log(larger / smaller))
        fitting = [n for n, cost in probes.items() if cost <= budget_s]
        base = max(fitting) if fitting else min(probes)
        guess = min(MAX_CHARS, int(base * (budget_s / max(probes[base], 1e-3)) ** (1 / exponent) * 0.97))
        if guess <= base or guess in probes:
            break
        probes[guess] = cpu_cost(extractor, make(guess))
    fitting = [n for n, cost in probes.items() if cost <= budget_s]
    longest = max(fitting) if fitting else 0
    # The growth reported is fitted over the probes farthest apart: two close lengths (the last guesses
    # land within a few percent of each other) turn timing noise into a huge exponent.
    shortest, farthest = min(probes), max(probes)
    exponent = math.log(probes[farthest] / max(probes[shortest], 1e-3)) / math.log(farthest / shortest)
    return {
        "longest_chars": longest,
        "cpu_s_at_longest": round(probes.get(longest, 0.0), 2),
        "chars_per_cpu_s": round(longest / probes[longest]) if longest else None,
        "cost_exponent": round(exponent, 2),
        "probes": {str(n): round(cost, 2) for n, cost in sorted(probes.items())},
    }


def measure(model: str, timeout_s: float, say: Callable[[str], None], log_path: Path) -> dict:
    extractor = Extractor(load_nlp(model))
    extractor.extract("\u201cWarm,\u201d she said.")
    budget = MARGIN * timeout_s
    say(f"longest text within {budget:g} CPU-s ({MARGIN} x QUOTES_REQUEST_TIMEOUT {timeout_s:g} s), per kind:")
    kinds = {}
    for name, make in KINDS.items():
        found = kinds[name] = longest_within(extractor, make, budget)
        found["linear"] = found["cost_exponent"] <= SUPERLINEAR
        note = "" if found["linear"] else "  SUPERLINEAR: not bounded by length (a pipeline bug), left out"
        say(f"  {name:<26} {found['longest_chars']:>9,} chars in {found['cpu_s_at_longest']:5.2f} CPU-s "
            f"({found['chars_per_cpu_s'] or 0:,}/CPU-s, cost ~ length^{found['cost_exponent']}){note}")
    linear = {n: k for n, k in kinds.items() if k["linear"]}
    slowest = min(linear, key=lambda n: linear[n]["longest_chars"])
    recommended = linear[slowest]["longest_chars"] // 10_000 * 10_000
    say(f"  recommended QUOTES_MAX_SYNC_CHARS: {recommended:,} (slowest linear kind: {slowest})")
    whole = longest_within(extractor, KINDS[slowest], timeout_s)
    say(f"  longest {slowest} inside the whole {timeout_s:g} s: {whole['longest_chars']:,} chars "
        f"({whole['cpu_s_at_longest']} CPU-s)")
    del extractor
    over_http = {}
    with http.gunicorn(1, log_path, QUOTES_REQUEST_TIMEOUT=f"{timeout_s:g}", GUNICORN_TIMEOUT="120") as server:
        for label, length in (("recommended", recommended), ("whole deadline", whole["longest_chars"])):
            text = KINDS[slowest](length)
            started = time.perf_counter()
            response = requests.post(f"{server.host}/v1/quotes", json={"text": text}, headers=http.HEADERS, timeout=600)
            over_http[label] = {"chars": length, "status": response.status_code,
                                "seconds": round(time.perf_counter() - started, 2)}
            say(f"  over HTTP, {slowest} at the {label} length ({length:,} chars): "
                f"{response.status_code} in {over_http[label]['seconds']} s")
    return {"timeout_s": timeout_s, "margin": MARGIN, "budget_cpu_s": budget, "kinds": kinds,
            "slowest_linear_kind": slowest, "recommended_max_sync_chars": recommended,
            "longest_in_whole_deadline": whole, "over_http": over_http}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sync_limit", description=__doc__)
    parser.add_argument("--timeout", type=float, help="seconds (default: QUOTES_REQUEST_TIMEOUT)")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    root = Path(__file__).resolve().parents[1]
    (root / "artifacts").mkdir(exist_ok=True)
    measure(settings.spacy_model, args.timeout or settings.request_timeout, lambda line: print(line, flush=True),
            root / "artifacts" / "bench-gunicorn.log")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
