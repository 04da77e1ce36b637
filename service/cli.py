"""The `quotes` command line (also `python -m service`).

    quotes extract FILE... | -          text or HTML files -> JSON lines on stdout
    quotes extract --async FILE...      the same, extracted by a running service's POST /v1/jobs
    quotes batch IN.jsonl OUT.jsonl     an archive on all cores, resumable, optional CSV
    quotes eval [GOLD.jsonl...]         measure the extractor on gold annotations
    quotes enqueue IN.jsonl             put an archive on the shared queue for the workers
    quotes stats RESULTS.jsonl          who gets quoted: a table, and with --chart a PNG
"""
from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import re
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import NamedTuple

import requests

from . import diversity, load_extractor
from .article import ArticleInput, ArticleInputError
from .config import Settings
from .pipeline import Extractor
from .results import render_extraction

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
_LOOKS_LIKE_HTML = re.compile(
    r"\A\s*(?:<!doctype\s+html|<!--|<(?:html|head|body|article|main|section|div|p|h[1-6])[\s>/])",
    re.IGNORECASE,
)
CSV_COLUMNS = ("article_id", "quote", "type", "speaker", "role", "organization")
EXTRACT_CHUNK = 32
POLL_SECONDS = 1.0
FINISHED = ("done", "failed", "dead")


class InputError(ValueError):
    """An input file the command cannot use; reported as one line, exit status 2."""


class ArchiveEntry(NamedTuple):
    """One line of a JSON-lines archive: the article, and its optional revision (kept by `enqueue`)."""

    article: ArticleInput
    revision: str | None


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def render(article: ArticleInput, extraction, extractor: Extractor) -> dict:
    """The `/v1/quotes` response shape; `text` is included when it differs from the input (HTML)."""
    return render_extraction(extraction, extractor.model, article_id=article.id, include_text=article.is_html)


def extract_articles(extractor: Extractor, articles: list[ArticleInput]) -> list[dict]:
    """Rows for `articles` from one `extract_many` call; if it fails, each article alone,
    so one bad article becomes one `{"id", "error"}` row instead of sinking its chunk."""
    try:
        extractions = extractor.extract_many([article.plain_text() for article in articles])
        return [render(article, extraction, extractor) for article, extraction in zip(articles, extractions)]
    except Exception as exc:
        if len(articles) == 1:
            return [{"id": articles[0].id, "error": f"{type(exc).__name__}: {exc}"}]
    return [row for article in articles for row in extract_articles(extractor, [article])]


# --- extract -----------------------------------------------------------------


def looks_like_html(name: str, content: str) -> bool:
    """HTML by extension (.html/.htm); plain text by extension (.txt/.md); else by the opening tag."""
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES or suffix in TEXT_SUFFIXES:
        return suffix in HTML_SUFFIXES
    return bool(_LOOKS_LIKE_HTML.match(content))


def read_article(name: str, input_format: str) -> ArticleInput:
    content = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    is_html = looks_like_html(name, content) if input_format == "auto" else input_format == "html"
    return ArticleInput(name, html=content) if is_html else ArticleInput(name, text=content)


def read_articles(names: list[str], input_format: str) -> tuple[list[ArticleInput], int]:
    """The readable articles among `names`, and exit status 1 if any could not be read (reported on stderr)."""
    articles, status = [], 0
    for name in names:
        try:
            articles.append(read_article(name, input_format))
        except (OSError, UnicodeDecodeError) as exc:
            print(f"quotes extract: {name}: {exc}", file=sys.stderr)
            status = 1
    return articles, status


def print_rows(rows: Iterable[dict]) -> int:
    """Result rows to stdout, error rows to stderr; exit status 1 if there was any error."""
    status = 0
    for row in rows:
        if "error" in row:
            print(f"quotes extract: {row['id']}: {row['error']}", file=sys.stderr)
            status = 1
        else:
            print(json.dumps(row, ensure_ascii=False), flush=True)
    return status


def _extract(args: argparse.Namespace) -> int:
    if args.run_async:
        articles, status = read_articles(args.files, args.format)
        return print_rows(JobsClient(args.url, Settings.from_env().api_key).extract(articles)) | status
    extractor = load_extractor(Settings.from_env())
    status = 0
    for names in chunked(args.files, EXTRACT_CHUNK):
        articles, unreadable = read_articles(names, args.format)
        status |= unreadable | print_rows(extract_articles(extractor, articles))
    return status


class JobsClient:
    """`quotes extract --async`: articles through a running service's `POST /v1/jobs`, however long."""

    def __init__(self, url: str, api_key: str):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        if api_key:
            self.session.headers["Authorization"] = f"Bearer {api_key}"

    def extract(self, articles: list[ArticleInput]) -> Iterator[dict]:
        """Submit every article, then yield each one's row in order as its job finishes."""
        submitted = [(article.id, self.submit(article)) for article in articles]
        for article_id, status_url in submitted:
            yield self.wait(article_id, status_url) if status_url else {"id": article_id, "error": "not accepted"}

    def submit(self, article: ArticleInput) -> str | None:
        body = {"id": article.id, "html" if article.is_html else "text": article.html or article.text}
        response = self.request("POST", "/v1/jobs", json=body)
        if response.status_code != 202:
            print(f"quotes extract: {article.id}: {self.error(response)}", file=sys.stderr)
            return None
        return response.json()["status_url"]

    def wait(self, article_id: str, status_url: str) -> dict:
        while True:
            response = self.request("GET", status_url)
            if response.status_code != 200:
                return {"id": article_id, "error": self.error(response)}
            job = response.json()
            if job["status"] in FINISHED:
                return job.get("result") or {"id": article_id, "error": f"job {job['status']}: {job['error']}"}
            time.sleep(POLL_SECONDS)

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """One call to the service; a 429 or 503 is waited out (`Retry-After`) and sent again."""
        while True:
            try:
                response = self.session.request(method, self.url + path, timeout=60, **kwargs)
            except requests.RequestException as exc:
                raise ServiceUnreachable(f"{self.url}: {exc}") from None
            if response.status_code not in (429, 503):
                return response
            time.sleep(float(response.headers.get("Retry-After") or POLL_SECONDS))

    @staticmethod
    def error(response: requests.Response) -> str:
        try:
            return f"HTTP {response.status_code}: {response.json()['message']}"
        except (ValueError, KeyError, TypeError):
            return f"HTTP {response.status_code}"


class ServiceUnreachable(RuntimeError):
    """`--async` could not reach the service; reported as one line, exit status 3."""


# --- batch -------------------------------------------------------------------


def json_lines(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, value) of each non-blank line of a JSON-lines file; InputError names a bad line."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except ValueError as exc:
                raise InputError(f"{path}:{number}: not JSON ({exc})") from None


def read_archive(path: Path) -> Iterator[ArchiveEntry]:
    """Articles of a JSON-lines archive: `{"id", "text"}` or `{"id", "html"}` per line, `"revision"` optional."""
    for number, record in json_lines(path):
        yield archive_article(record, f"{path}:{number}")


def archive_article(record, where: str) -> ArchiveEntry:
    article_id = record.get("id") if isinstance(record, dict) else None
    if isinstance(article_id, bool) or not isinstance(article_id, (str, int)) or article_id == "":
        raise InputError(f"{where}: each line needs an \"id\" (string)")
    if any(record.get(kind) is not None and not isinstance(record[kind], str) for kind in ("text", "html")):
        raise InputError(f"{where}: \"text\" and \"html\" must be strings")
    try:
        article = ArticleInput(str(article_id), text=record.get("text"), html=record.get("html"))
    except ArticleInputError:
        raise InputError(f"{where}: each line needs exactly one of \"text\" or \"html\" (string)") from None
    revision = record.get("revision")
    return ArchiveEntry(article, None if revision is None else str(revision))


def finished_ids(path: Path) -> set[str]:
    """Ids already in OUT. A partial last line (a crash mid-write) is cut off, to be redone."""
    if not path.exists():
        return set()
    ids: set[str] = set()
    complete_bytes = 0
    with open(path, "rb+") as out:
        for number, line in enumerate(out, 1):
            result_id = _result_id(line)
            if result_id is None:
                if out.read(1):
                    raise InputError(f"{path}:{number}: not a result line; refusing to append to this file")
                break
            ids.add(result_id)
            complete_bytes += len(line)
        out.truncate(complete_bytes)
    return ids


def _result_id(line: bytes) -> str | None:
    """The id of a complete result line, else None."""
    if not line.endswith(b"\n"):
        return None
    try:
        result = json.loads(line)
    except ValueError:
        return None
    return str(result["id"]) if isinstance(result, dict) and "id" in result else None


class WorkerStartFailed(RuntimeError):
    """A worker process could not load the spaCy pipeline (its error is on stderr)."""


_worker_extractor: Extractor | None = None


def _start_worker(settings: Settings) -> None:
    """Pool initializer: load the pipeline once per process; Ctrl-C is the parent's to handle.

    A failure is kept for the first task to report: an initializer that raises makes the
    pool start replacement workers forever."""
    global _worker_extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _worker_extractor = load_extractor(settings)
    except SystemExit:  # load_extractor has printed why
        pass
    except Exception:
        traceback.print_exc()


def _extract_chunk(articles: list[ArticleInput]) -> list[dict]:
    if _worker_extractor is None:
        raise WorkerStartFailed("a worker process could not load the spaCy pipeline")
    return extract_articles(_worker_extractor, articles)


def extract_in_processes(chunks: Iterable[list[ArticleInput]], workers: int, settings: Settings) -> Iterator[list[dict]]:
    """Rows per chunk, in order, from `workers` processes; at most two chunks per worker in flight."""
    if workers == 1:
        extractor = load_extractor(settings)
        yield from (extract_articles(extractor, chunk) for chunk in chunks)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(settings,)) as pool:
        in_flight: deque = deque()
        for chunk in chunks:
            in_flight.append(pool.apply_async(_extract_chunk, (chunk,)))
            if len(in_flight) >= 2 * workers:
                yield in_flight.popleft().get()
        while in_flight:
            yield in_flight.popleft().get()


def write_quote_csv(results: Path, csv_path: Path) -> int:
    """One row per quote of every result in `results`; rewritten whole so it always matches."""
    rows = 0
    with open(results, encoding="utf-8") as lines, open(csv_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for line in lines:
            result = json.loads(line)
            for quote in result["quotes"]:
                writer.writerow(
                    [result["id"], quote["text"], quote["type"], quote["speaker"], quote["role"], quote["organization"]]
                )
                rows += 1
    return rows


def _batch(args: argparse.Namespace) -> int:
    if args.workers < 1 or args.chunk_size < 1:
        raise InputError("--workers and --chunk-size must be at least 1")
    done = finished_ids(args.output)
    pending_ids = {entry.article.id for entry in read_archive(args.input)} - done
    if done:
        print(f"resuming: {len(done)} articles already in {args.output}", file=sys.stderr)

    def pending() -> Iterator[ArticleInput]:
        """Each pending article once, in archive order."""
        remaining = set(pending_ids)
        for article, _ in read_archive(args.input):
            if article.id in remaining:
                remaining.discard(article.id)
                yield article

    args.output.touch()
    failed = 0
    if pending_ids:
        failed = append_results(args.output, pending(), len(pending_ids), args.workers, args.chunk_size)
    if args.csv:
        quotes = write_quote_csv(args.output, args.csv)
        print(f"{quotes} quotes written to {args.csv}", file=sys.stderr)
    if failed:
        print(f"{failed} articles failed; run the same command again to retry them", file=sys.stderr)
    return 1 if failed else 0


def append_results(output: Path, articles: Iterable[ArticleInput], total: int, workers: int, chunk_size: int) -> int:
    """Extract `articles` into `output`, flushed chunk by chunk, under a progress bar; returns the failures."""
    from tqdm import tqdm

    failed = 0
    workers = min(workers, -(-total // chunk_size))
    chunks = chunked(articles, chunk_size)
    with open(output, "a", encoding="utf-8") as out, tqdm(
        total=total, unit="article", desc="extracting", dynamic_ncols=True
    ) as progress:
        for rows in extract_in_processes(chunks, workers, Settings.from_env()):
            for row in rows:
                if "error" in row:
                    progress.write(f"failed: {row['id']}: {row['error']}", file=sys.stderr)
                    failed += 1
                else:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            out.flush()
            progress.update(len(rows))
    return failed


# --- enqueue -----------------------------------------------------------------


def _enqueue(args: argparse.Namespace) -> int:
    """Accept every article as a job on the shared queue; workers anywhere pick them up.

    Prints `{"id", "job_id"}` per article; enqueueing the same archive again returns
    the jobs already accepted instead of new ones."""
    from tqdm import tqdm

    from .tasks import enqueue_article

    total = sum(1 for _ in read_archive(args.input))
    settings = Settings.from_env()
    with tqdm(total=total, unit="article", desc="enqueueing", dynamic_ncols=True) as progress:
        for article, revision in read_archive(args.input):
            job_id = enqueue_article(args.source, article, revision=revision, settings=settings)
            print(json.dumps({"id": article.id, "job_id": job_id}), flush=True)
            progress.update()
    return 0


# --- stats -------------------------------------------------------------------


def read_results(path: Path) -> Iterator[diversity.Article]:
    """Results as `quotes batch` or `/v1/articles/...` write them; `source` and a date (`published_at`,
    `date` or `processed_at`, ISO) are read where a line has them. Failed articles are skipped."""
    for number, result in json_lines(path):
        if not isinstance(result, dict) or not isinstance(result.get("speakers"), list):
            if isinstance(result, dict) and "error" in result:
                continue
            raise InputError(f"{path}:{number}: not a result line (no \"speakers\")")
        yield diversity.Article(
            result.get("source"), _day(result, f"{path}:{number}"), result.get("quotes") or [], result["speakers"]
        )


def _day(result: dict, where: str) -> date | None:
    raw = next((result[k] for k in ("published_at", "date", "processed_at") if result.get(k)), None)
    if raw is None:
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        raise InputError(f"{where}: not an ISO date: {raw!r}") from None


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _share(tally: diversity.Tally) -> str:
    share = tally.women_share()
    return "-" if share is None else f"{share:.1%}"


def _stats_table(title: str, groups: dict[str, diversity.Tally]) -> list[str]:
    lines = [f"{title:<24} {'articles':>8} {'people':>7} {'women':>6} {'men':>6} {'unknown':>8} {'women %':>8}"]
    for name, tally in groups.items():
        people = tally.people()
        lines.append(
            f"{str(name)[:24]:<24} {tally.articles:>8} {sum(people.values()):>7} {people['female']:>6} "
            f"{people['male']:>6} {people['unknown']:>8} {_share(tally):>8}"
        )
    return lines


def _stats(args: argparse.Namespace) -> int:
    articles = [a for a in read_results(args.results) if diversity.within(a, args.source, args.since, args.until)]
    overall = diversity.tally(articles)
    by_source = diversity.tally_by(articles, lambda a: a.source or "(no source)")
    by_month = diversity.tally_by(articles, diversity.month)
    if args.json:
        print(json.dumps(overall.report(page_size=args.top), indent=2))
    else:
        lines = _stats_table("all articles", {"all": overall}) + [""] + _stats_table("source", by_source)
        if by_month:
            lines += [""] + _stats_table("month", by_month)
        lines += ["", f"{'top speakers':<40} {'kind':<13} {'gender':<8} {'quotes':>6} {'articles':>8}"]
        for s in overall.top()[: args.top]:
            lines.append(f"{s.name[:40]:<40} {s.kind:<13} {s.gender:<8} {s.quotes:>6} {s.articles:>8}")
        print("\n".join(lines))
    if args.chart:
        from .chart import draw

        draw(by_month, by_source, args.chart)
        print(f"chart written to {args.chart}", file=sys.stderr)
    return 0


# --- eval --------------------------------------------------------------------


def _eval(args: argparse.Namespace) -> int:
    from .evaluation import main as evaluate

    return evaluate(args)


# --- parser ------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from .evaluation import add_arguments as add_eval_arguments

    parser = argparse.ArgumentParser(
        prog="quotes", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser("extract", help="extract quotes from text or HTML files, JSON lines to stdout")
    extract.add_argument("files", nargs="+", metavar="FILE", help="article files; - reads standard input")
    extract.add_argument(
        "--format", choices=("auto", "text", "html"), default="auto",
        help="input format (default: HTML for .html/.htm files or content starting with a tag)",
    )
    extract.add_argument(
        "--async", dest="run_async", action="store_true",
        help="extract through a running service's POST /v1/jobs (any length; key from QUOTES_API_KEY) and wait",
    )
    extract.add_argument(
        "--url", default=Settings.from_env().service_url,
        help="the service for --async (default: QUOTES_URL or http://127.0.0.1:8000)",
    )
    extract.set_defaults(func=_extract)

    batch = commands.add_parser("batch", help="extract a JSON-lines archive on all cores, resumably")
    batch.add_argument("input", type=Path, metavar="IN.jsonl", help='one {"id", "text"|"html"} per line')
    batch.add_argument("output", type=Path, metavar="OUT.jsonl", help="results; ids already here are skipped")
    batch.add_argument("--csv", type=Path, metavar="OUT.csv", help="also write one row per quote")
    batch.add_argument("--workers", type=int, default=cpu_count(), help="processes (default: all CPUs)")
    batch.add_argument("--chunk-size", type=int, default=16, help="articles per extract_many call (default 16)")
    batch.set_defaults(func=_batch)

    enqueue = commands.add_parser("enqueue", help="put a JSON-lines archive on the shared queue for the workers")
    enqueue.add_argument("input", type=Path, metavar="IN.jsonl", help='one {"id", "text"|"html", "revision"?} per line')
    enqueue.add_argument("--source", default="archive", help="the source the articles belong to (default: archive)")
    enqueue.set_defaults(func=_enqueue)

    stats = commands.add_parser("stats", help="who gets quoted in a results file: sources by gender, top speakers")
    stats.add_argument("results", type=Path, metavar="RESULTS.jsonl", help="results of quotes batch or /v1/articles")
    stats.add_argument("--chart", type=Path, metavar="FILE.png", help="also draw women's share by month and source")
    stats.add_argument("--source", help="only articles of this source")
    stats.add_argument("--from", dest="since", type=_iso_date, metavar="YYYY-MM-DD", help="first day, inclusive")
    stats.add_argument("--to", dest="until", type=_iso_date, metavar="YYYY-MM-DD", help="last day, inclusive")
    stats.add_argument("--top", type=int, default=10, help="top speakers to list (default 10)")
    stats.add_argument("--json", action="store_true", help="print the /v1/stats body instead of tables")
    stats.set_defaults(func=_stats)

    evaluate = commands.add_parser("eval", help="measure the extractor on gold-annotated articles")
    add_eval_arguments(evaluate)
    evaluate.set_defaults(func=_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except InputError as exc:
        print(f"quotes {args.command}: {exc}", file=sys.stderr)
        return 2
    except (WorkerStartFailed, ServiceUnreachable) as exc:
        print(f"quotes {args.command}: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
