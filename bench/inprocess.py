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
from service.pipeline.lexicon import SPEECH_VERBS
from service.pipeline.document import UNUSED_COMPONENTS, parse

from .corpus import Article
from .stats import Throughput

SLICE = 8  # articles per task handed to a worker process
FULL_ROW = "full pipeline, whole article (floor's model)"
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
    """CPU seconds of each way to run the model, article by article, interleaved so drift hits all alike.

    Each row adds one choice to the row above it, up to what the extractor ships;
    "parser only on quote sentences" is the alternative that was measured and not taken.
    """
    full = spacy.load(model)
    no_lemmatizer = spacy.load(model, exclude=UNUSED_COMPONENTS)
    shipped = load_nlp(model, chunk_chars=10**7)  # whole articles in one piece, for the row before paragraphs
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

    def by_paragraph(text: str) -> None:
        parse(extractor.nlp, text)

    ways = {
        FULL_ROW: full,
        "- lemmatizer": no_lemmatizer,
        "- lemmatizer, parser only on quote sentences (not taken)": parse_candidate_sentences,
        "- lemmatizer, attribute_ruler -> pos_rules": shipped,
        "  + paragraphs as one batch (shipped parse)": by_paragraph,
        "  + extraction stages (Extractor.extract)": extractor.extract,
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
    base = cpu[FULL_ROW]
    result = {
        name: {"cpu_s": round(seconds, 3), "articles_per_cpu_s": round(len(articles) / seconds, 2), "speed_vs_full": round(base / seconds, 3)}
        for name, seconds in cpu.items()
    }
    result["- lemmatizer, parser only on quote sentences (not taken)"]["sentences_parsed"] = round(sum(parsed_fraction) / len(parsed_fraction), 3)
    return result


def _may_quote(sentence) -> bool:
    return any(t.text in {'"', "\u201c", "\u201d"} or t.lower_ in SPEECH_VERBS for t in sentence)


def linearity(extractor: Extractor, articles: list[Article], factor: int = 10, repeats: int = 5) -> dict:
    """Cost of `factor` articles joined into one against the mean cost of each alone.

    CPU time, the best of `repeats` rounds that alternate short and long (noise only
    ever adds time); the parse alone is timed too, so the stages' share shows.
    """
    parts = [a.text for a in articles[:factor]]
    joined = "\n\n".join(parts)
    texts = parts + [joined]
    best_extract = [float("inf")] * len(texts)
    best_parse = [float("inf")] * len(texts)
    for _ in range(repeats):
        for i, text in enumerate(texts):
            started = time.process_time()
            extractor.extract(text)
            best_extract[i] = min(best_extract[i], time.process_time() - started)
            with extractor.nlp.memory_zone():
                started = time.process_time()
                parse(extractor.nlp, text)
                best_parse[i] = min(best_parse[i], time.process_time() - started)
    length_ratio = len(joined) / (sum(map(len, parts)) / len(parts))

    def per_10x(best: list[float]) -> float:
        one = sum(best[:-1]) / len(parts)
        return round(best[-1] / one * 10 / length_ratio, 2)

    one = sum(best_extract[:-1]) / len(parts)
    return {
        "one_article_chars": round(sum(map(len, parts)) / len(parts)),
        "long_article_chars": len(joined),
        "length_ratio": round(length_ratio, 2),
        "one_article_cpu_ms": round(one * 1000, 1),
        "long_article_cpu_ms": round(best_extract[-1] * 1000, 1),
        "cost_ratio": round(best_extract[-1] / one, 2),
        "cost_ratio_per_10x_length": per_10x(best_extract),
        "parse_only_per_10x_length": per_10x(best_parse),
        "stages_per_10x_length": per_10x([e - p for e, p in zip(best_extract, best_parse)]),
    }
