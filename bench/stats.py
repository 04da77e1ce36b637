"""Throughput and latency summaries, the same for every measurement."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from .corpus import Article


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None when there is nothing to rank."""
    if not values:
        return None
    ranked = sorted(values)
    return ranked[max(1, math.ceil(q / 100 * len(ranked))) - 1]


@dataclass
class Throughput:
    articles: int
    words: int
    wall_s: float
    cpu_s: float | None  # CPU seconds of the processes doing the work, when known
    articles_per_s: float
    words_per_s: float
    articles_per_cpu_s: float | None
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None

    @classmethod
    def of(cls, articles: list[Article], wall_s: float, cpu_s: float | None, latencies_s: list[float]) -> "Throughput":
        words = sum(a.words for a in articles)

        def ms(q: float) -> float | None:
            value = percentile(latencies_s, q)
            return None if value is None else round(value * 1000, 1)

        return cls(
            articles=len(articles),
            words=words,
            wall_s=round(wall_s, 2),
            cpu_s=None if cpu_s is None else round(cpu_s, 2),
            articles_per_s=round(len(articles) / wall_s, 2),
            words_per_s=round(words / wall_s),
            articles_per_cpu_s=round(len(articles) / cpu_s, 2) if cpu_s else None,
            p50_ms=ms(50),
            p95_ms=ms(95),
            p99_ms=ms(99),
        )

    def line(self, label: str) -> str:
        def fmt(value) -> str:
            return "-" if value is None else f"{value:g}"

        return (
            f"{label:<44} {self.articles_per_s:8.2f} art/s {self.words_per_s:9d} words/s "
            f"{fmt(self.articles_per_cpu_s):>7} art/cpu-s  p50 {fmt(self.p50_ms):>7} p95 {fmt(self.p95_ms):>7} p99 {fmt(self.p99_ms):>7} ms"
        )

    def as_dict(self) -> dict:
        return asdict(self)
