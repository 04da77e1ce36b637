"""Who gets quoted across many articles: the numbers behind `GET /v1/stats` and `quotes stats`.

Pure functions over extraction results (the `/v1/quotes` shape: `quotes` and `speakers`),
so the stored results and an archive's JSON lines are counted the same way. A source
is a speaker with at least one quote; the same source in several articles counts once
among distinct sources, known by kind and cleaned name (as the Gender Gap Tracker
cleans names: lowercase, non-word characters to spaces, a trailing possessive "s"
dropped). The share of women is of all distinct quoted people, `unknown` included,
as the Gender Gap Tracker reports it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

GENDERS = ("female", "male", "unknown")
KINDS = ("person", "organization", "group")


def clean_name(name: str) -> str:
    """"Jane O'Neil's" -> "jane o neil": the Gender Gap Tracker's form for comparing names."""
    name = re.sub(r"\W", " ", name).strip()
    if name.endswith(" s"):
        name = name[:-2]
    return re.sub(r"\s+", " ", name).lower().strip()


@dataclass(frozen=True, slots=True)
class Article:
    """One extraction result and where and when it was published or processed."""

    source: str | None
    day: date | None
    quotes: list[dict]
    speakers: list[dict]


@dataclass(slots=True)
class _Source:
    name: str
    kind: str
    genders: Counter = field(default_factory=Counter)
    from_first_name: int = 0
    quotes: int = 0
    articles: int = 0

    @property
    def gender(self) -> str:
        """The gender most of its articles give it; two genders given equally often: unknown."""
        known = [(n, g) for g, n in self.genders.items() if g != "unknown"]
        if not known:
            return "unknown"
        known.sort(reverse=True)
        return "unknown" if len(known) > 1 and known[0][0] == known[1][0] else known[0][1]


@dataclass(slots=True)
class Tally:
    """Counts over a set of articles."""

    articles: int = 0
    quotes: int = 0
    unattributed: int = 0
    quotes_by: Counter = field(default_factory=Counter)  # (kind, gender) -> quotes
    sources: dict[tuple[str, str], _Source] = field(default_factory=dict)

    def add(self, article: Article) -> None:
        """Count one result."""
        self.articles += 1
        self.quotes += len(article.quotes)
        self.unattributed += sum(1 for q in article.quotes if not q.get("speaker_id"))
        for _, speaker in quoted_speakers(article.speakers):
            self.add_source(**speaker, appearances=1)

    def add_source(
        self, *, name: str, name_key: str, kind: str, gender: str, from_first_name: int, quotes: int, appearances: int
    ) -> None:
        """A speaker quoted `quotes` times over `appearances` articles, with this gender in each."""
        self.quotes_by[kind, gender] += quotes
        source = self.sources.setdefault((kind, name_key), _Source(name, kind))
        source.genders[gender] += appearances
        source.from_first_name += from_first_name
        source.quotes += quotes
        source.articles += appearances

    def people(self) -> Counter:
        """Distinct quoted people by gender."""
        return Counter(s.gender for s in self.sources.values() if s.kind == "person")

    def women_share(self) -> float | None:
        people = self.people()
        total = sum(people.values())
        return people["female"] / total if total else None

    def top(self) -> list[_Source]:
        return sorted(self.sources.values(), key=lambda s: (-s.quotes, -s.articles, s.name.lower()))

    def report(self, page: int = 1, page_size: int = 20) -> dict:
        """The `GET /v1/stats` body: totals, by gender and kind, and one page of top speakers."""
        people = self.people()
        sources_by_kind = Counter(kind for kind, _ in self.sources)
        quotes_by_kind = Counter()
        quotes_by_gender = Counter()
        for (kind, gender), n in self.quotes_by.items():
            quotes_by_kind[kind] += n
            if kind == "person":
                quotes_by_gender[gender] += n
        gendered = [s for s in self.sources.values() if s.kind == "person" and s.gender != "unknown"]
        ranked = self.top()
        first = (page - 1) * page_size
        return {
            "articles": self.articles,
            "quotes": {
                "total": self.quotes,
                "unattributed": self.unattributed,
                "by_kind": {k: quotes_by_kind[k] for k in KINDS},
                "by_gender": {g: quotes_by_gender[g] for g in GENDERS},
            },
            "sources": {
                "total": len(self.sources),
                "by_kind": {k: sources_by_kind[k] for k in KINDS},
                "by_gender": {g: people[g] for g in GENDERS},
                "gender_from_first_name": sum(1 for s in gendered if s.from_first_name),
            },
            "women_share": self.women_share(),
            "top_speakers": {
                "page": page,
                "page_size": page_size,
                "total": len(ranked),
                "items": [
                    {"name": s.name, "kind": s.kind, "gender": s.gender, "quotes": s.quotes, "articles": s.articles}
                    for s in ranked[first : first + page_size]
                ],
            },
        }


def quoted_speakers(speakers: Iterable[dict]) -> Iterator[tuple[str, dict]]:
    """`(id, fields)` of each speaker of one result with at least one quote, the fields as
    `Tally.add_source` counts them."""
    for position, speaker in enumerate(speakers):
        quotes = speaker.get("quote_count") or 0
        if quotes <= 0 or speaker.get("members"):  # a group of named people counts as its members
            continue
        kind = speaker.get("kind") or "person"
        gender = (speaker.get("gender") or "unknown") if kind == "person" else "unknown"
        evidence = speaker.get("gender_evidence") or []
        yield str(speaker.get("id") or position)[:32], {
            "name": speaker.get("name") or "",
            "name_key": clean_name(speaker.get("name") or "")[:255],
            "kind": kind,
            "gender": gender,
            "from_first_name": int(gender != "unknown" and any(e.get("kind") == "first_name" for e in evidence)),
            "quotes": quotes,
        }


def tally(articles: Iterable[Article]) -> Tally:
    counts = Tally()
    for article in articles:
        counts.add(article)
    return counts


def tally_by(articles: Iterable[Article], key: Callable[[Article], object]) -> dict[object, Tally]:
    """One tally per value of `key` (a source, a month), in key order; articles whose key is None are left out."""
    groups: dict[object, Tally] = {}
    for article in articles:
        value = key(article)
        if value is not None:
            groups.setdefault(value, Tally()).add(article)
    return dict(sorted(groups.items(), key=lambda item: str(item[0])))


def month(article: Article) -> str | None:
    return article.day.strftime("%Y-%m") if article.day else None


def within(article: Article, source: str | None, since: date | None, until: date | None) -> bool:
    """Whether `article` passes the filters; an undated article passes no date bound."""
    if source is not None and article.source != source:
        return False
    if since is None and until is None:
        return True
    return article.day is not None and (since is None or article.day >= since) and (until is None or article.day <= until)
