"""In-process measurements: (a) the floor, (b) the extractor, pipeline options, cost vs length.

(a) and (b) run the same way, one forked process per core over the same corpus
slices, so they compare like with like; each reports wall-clock throughput and
throughput per CPU-second (the latter barely moves when other work shares the machine).
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable

import spacy

from service.pipeline import Extractor, load_nlp
from service.pipeline.cues import SPEECH_VERBS
from service.pipeline.document import UNUSED_COMPONENTS

from .corpus import Article
from .stats import Throughput

SLICE = 8  # articles per task handed to a worker process
_work: Callable[[list[str]], list[float]] | None = None  # set before forking, run by the workers


def cores() -> int:
    return len(os.sched_getaffinity(0))


def full_pipeline(model: str):
    """The model as shipped: every enabled component (the floor)."""
    return spacy.load(model)


def floor_work(nlp) -> Callable[[list[str]], list[float]]:
    def run(texts: list[str]) -> list[float]:
        for _ in nlp.pipe(texts):
            pass
        return []  # nlp.pipe batches: no per-article latency

    return run


def extractor_work(extractor: Extractor) -> Callable[[list[str]], list[float]]:
    def run(texts: list[str]) -> list[float]:
        latencies = []
        for text in texts:
            started = time.perf_counter()
            extractor.extract(text)
            latencies.append(time.perf_counter() - started)
        return latencies

    return run


def _run_slice(texts: list[str]) -> tuple[list[float], float]:
    started = time.process_time()
    latencies = _work(texts)
    return latencies, time.process_time() - started


def across_cores(work: Callable[[list[str]], list[float]], articles: list[Article], processes: int) -> Throughput:
    """Run `work` over the corpus in `processes` forked workers; wall time over the whole corpus."""
    global _work
    _work = work
    work([a.text for a in articles[:2]])  # warm the parent, so every fork starts warm
    slices = [[a.text for a in articles[i : i + SLICE]] for i in range(0, len(articles), SLICE)]
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        started = time.perf_counter()
        results = pool.map(_run_slice, slices, chunksize=1)
        wall = time.perf_counter() - started
    _work = None
    latencies = [x for lat, _ in results for x in lat]
    return Throughput.of(articles, wall, sum(cpu for _, cpu in results), latencies)


def options(model: str, articles: list[Article]) -> dict[str, dict]:
    """CPU seconds of each way to run the model, article by article, interleaved so drift hits all alike."""
    full = spacy.load(model)
    trimmed = spacy.load(model, exclude=UNUSED_COMPONENTS)
    by_sentence = spacy.load(model, exclude=UNUSED_COMPONENTS)
    by_sentence.enable_pipe("senter")
    extractor = Extractor(load_nlp(model))
    parsed_fraction = []

    def parse_candidate_sentences(text: str) -> None:
        """Sentences from the senter; tok2vec+parser only over those with a quote mark or speech verb."""
        with by_sentence.select_pipes(disable=["parser"]):
            doc = by_sentence(text)
        sentences = list(doc.sents)
        wanted = [s.text for s in sentences if _may_quote(s)]
        with by_sentence.select_pipes(enable=["tok2vec", "parser"]):
            for _ in by_sentence.pipe(wanted):
                pass
        parsed_fraction.append(len(wanted) / max(1, len(sentences)))

    ways = {
        "full pipeline (floor)": full,
        "without lemmatizer (shipped)": trimmed,
        "without lemmatizer, parser only on quote sentences": parse_candidate_sentences,
        "extractor (without lemmatizer + stages)": extractor.extract,
    }
    cpu = {name: 0.0 for name in ways}
    for article in articles[:2]:
        for run in ways.values():
            run(article.text)
    for article in articles:
        for name, run in ways.items():
            started = time.process_time()
            run(article.text)
            cpu[name] += time.process_time() - started
    base = cpu["full pipeline (floor)"]
    result = {
        name: {"cpu_s": round(seconds, 3), "articles_per_cpu_s": round(len(articles) / seconds, 2), "speed_vs_full": round(base / seconds, 3)}
        for name, seconds in cpu.items()
    }
    result["without lemmatizer, parser only on quote sentences"]["sentences_parsed"] = round(sum(parsed_fraction) / len(parsed_fraction), 3)
    return result


def _may_quote(sentence) -> bool:
    return any(t.text in {'"', "\u201c", "\u201d"} or t.lower_ in SPEECH_VERBS for t in sentence)


def linearity(extractor: Extractor, articles: list[Article], factor: int = 10, repeats: int = 3) -> dict:
    """Cost of `factor` articles joined into one, against the mean cost of each alone (CPU time, best of repeats)."""
    parts = [a.text for a in articles[:factor]]
    joined = "\n\n".join(parts)

    def cost(text: str) -> float:
        best = float("inf")
        for _ in range(repeats):
            started = time.process_time()
            extractor.extract(text)
            best = min(best, time.process_time() - started)
        return best

    one = sum(cost(p) for p in parts) / len(parts)
    many = cost(joined)
    length_ratio = len(joined) / (sum(map(len, parts)) / len(parts))
    return {
        "one_article_chars": round(sum(map(len, parts)) / len(parts)),
        "long_article_chars": len(joined),
        "length_ratio": round(length_ratio, 2),
        "one_article_cpu_ms": round(one * 1000, 1),
        "long_article_cpu_ms": round(many * 1000, 1),
        "cost_ratio": round(many / one, 2),
        "cost_ratio_per_10x_length": round(many / one * 10 / length_ratio, 2),
    }
