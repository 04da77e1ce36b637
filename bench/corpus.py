"""The benchmark's fixed corpus: seeded template news articles, plus real ones when present.

Generated articles are news prose with direct, indirect and mixed quotes, named
speakers with titles and organizations, pronoun attributions and background
paragraphs, so the extractor does its real work. Real articles are read at run time
from ../shared/eval/*.jsonl (never copied into the repository).
"""
from __future__ import annotations

import json
import random
import statistics
from dataclasses import dataclass
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"

FIRST = """Maria Tom Aisha Liam Chen Olga Samuel Priya Jonas Fatima Diego Hannah Kwame Ingrid
Rahul Sofia Marcus Yuki Amara Pierre Elena Tariq Grace Mateo Leila Viktor Nadia Owen""".split()
LAST = """Lopez Becker Khan O'Neil Wei Petrova Okafor Sharma Lindqvist Haddad Ramirez Schultz
Mensah Johansson Gupta Rossi Bennett Tanaka Diallo Dubois Novak Aziz Thompson Silva Farah
Kowalski MacDonald Nguyen""".split()
TITLES = """mayor|city councillor|spokesperson|chief executive|finance minister|union president|
senior economist|police chief|professor of public policy|housing advocate|school board chair|
director of operations|health officer|opposition leader|chief scientist""".replace("\n", "").split("|")
ORGS = """the Ministry of Finance|Statistics Canada|the Riverside Transit Authority|Northwind Energy|
the teachers' union|the Chamber of Commerce|Greenfield University|the city council|
Harbor Health Network|the Federal Reserve|Atlas Logistics|the provincial government""".replace("\n", "").split("|")
PLACES = "OTTAWA|TORONTO|VANCOUVER|WASHINGTON|LONDON|CHICAGO|HALIFAX|DENVER".split("|")
TOPICS = """the budget|the new bridge|housing prices|the transit strike|the flood defences|
the hospital expansion|interest rates|the school closures|the pipeline project|wildfire recovery|
the minimum wage|the stadium deal""".replace("\n", "").split("|")
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
VERBS = "said|told reporters|added|noted|argued|warned|insisted|explained|wrote in a statement".split("|")
INVERTED_VERBS = "said added noted warned explained".split()
QUOTES = """We cannot afford to wait another year|This is the most important decision this council will make|
Nobody expected the costs to rise this quickly|Families are already paying the price|
The numbers simply do not add up|We will keep fighting until the job is done|
I have never seen anything like it in thirty years|It is a step in the right direction, but only a step|
Our members deserve better than this|The plan was rushed and the public was not consulted|
We are confident the project will be finished on time|There is no evidence that the policy works|
People are scared, and they have every right to be|We have asked for answers and received none""".replace("\n", "").split("|")
CLAUSES = """the project was behind schedule|costs had nearly doubled since the spring|
the agency would release more data next month|residents had not been properly consulted|
the decision could be reversed after the election|talks would resume on Thursday|
the funding gap was larger than first reported|the city had no plan to raise taxes|
hundreds of jobs could be at risk|the review would be completed by the end of the year""".replace("\n", "").split("|")
BACKGROUND = """The proposal has divided residents for months.|
A report released last week estimated the cost at {n} million dollars.|
The council is expected to vote on the measure before the end of the month.|
Similar measures have been tried in other cities with mixed results.|
Critics say the process has lacked transparency from the start.|
The debate comes as the region faces its tightest budget in a decade.|
About {n} people attended the public meeting on {day}, many of them standing at the back.|
Officials did not respond to requests for comment on {day}.""".replace("\n", "").split("|")


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    source: str  # "generated" or the eval file it came from

    @property
    def words(self) -> int:
        return len(self.text.split())


class _Writer:
    """One article's worth of speakers and sentences, from one seeded random stream."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.topic = rng.choice(TOPICS)
        self.people = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(TITLES), rng.choice(ORGS)) for _ in range(rng.randint(2, 4))]

    def background(self) -> str:
        return self.rng.choice(BACKGROUND).format(n=self.rng.randint(12, 900), day=self.rng.choice(DAYS))

    def quote(self) -> str:
        rng = self.rng
        name, title, org = rng.choice(self.people)
        first, last = name.split(" ", 1)
        pronoun = rng.choice(["she", "he", "they"])
        q, verb, clause = rng.choice(QUOTES), rng.choice(VERBS), rng.choice(CLAUSES)
        forms = [
            f"\u201c{q},\u201d {rng.choice(INVERTED_VERBS)} {name}, the {title} at {org}.",
            f"\u201c{q},\u201d {last} said. \u201c{rng.choice(QUOTES)}.\u201d",
            f"{name}, {title} of {org}, {verb} that {clause}.",
            f"According to {name}, {clause}.",
            f"\u201c{q},\u201d {pronoun} {verb}.",
            f"{last} described the plan as \u201c{rng.choice(['a mess', 'overdue', 'a gamble', 'a good start'])}\u201d and said {clause}.",
            f"In an interview, {first} {last} {verb}: \u201c{q}.\u201d",
            f"Officials at {org} told reporters that {clause}, adding that the matter of {self.topic} was \u201cunder review.\u201d",
        ]
        return rng.choice(forms)

    def article(self) -> str:
        rng = self.rng
        org = rng.choice(ORGS)
        lead = (
            f"{rng.choice(PLACES)} \u2014 {org[0].upper()}{org[1:]} announced on "
            f"{rng.choice(DAYS)} a new plan for {self.topic}, a move that drew sharp reactions from across the region."
        )
        paragraphs = [lead]
        for _ in range(rng.randint(5, 14)):
            sentences = [self.quote() if rng.random() < 0.55 else self.background() for _ in range(rng.randint(2, 4))]
            paragraphs.append(" ".join(sentences))
        return "\n\n".join(paragraphs)


def generated(count: int, seed: int = 20240611) -> list[Article]:
    rng = random.Random(seed)
    return [Article(f"gen-{i:04d}", _Writer(rng).article(), "generated") for i in range(count)]


def from_eval(count: int, seed: int = 7, directory: Path = EVAL_DIR) -> list[Article]:
    """A seeded sample of `count` articles from every *.jsonl there (none when absent)."""
    found = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            found += [Article(str(row.get("id", i)), row["text"], path.name) for i, row in enumerate(map(json.loads, lines)) if row.get("text")]
    return random.Random(seed).sample(found, min(count, len(found)))


def build(generated_count: int, eval_count: int) -> list[Article]:
    """The fixed corpus, in a seeded shuffled order so sizes mix in every slice."""
    articles = generated(generated_count) + from_eval(eval_count)
    random.Random(1).shuffle(articles)
    return articles


def typical(articles: list[Article], tolerance: float = 0.15) -> list[Article]:
    """Generated articles within `tolerance` of their median length: load whose latency spread is not length spread."""
    own = [a for a in articles if a.source == "generated"]
    median = statistics.median(len(a.text) for a in own)
    return [a for a in own if abs(len(a.text) - median) <= tolerance * median]


def varied_texts(count: int, seed: int = 99) -> list[str]:
    """Short articles full of never-seen names and numbers: what would grow the vocabulary."""
    rng = random.Random(seed)
    syllables = "ka lo mi zu re ta vo ni sha qu el ar ben dor fi gu".split()

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()

    texts = []
    for i in range(count):
        writer = _Writer(rng)
        name, org = f"{word()} {word()}", f"{word()} {rng.choice(['Holdings', 'Institute', 'Council'])}"
        texts.append(
            f"\u201c{rng.choice(QUOTES)},\u201d said {name}, {rng.choice(TITLES)} at {org}, on case {i}-{rng.randint(0, 10**9)}. "
            f"{writer.background()} {writer.quote()}"
        )
    return texts
