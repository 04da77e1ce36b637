"""Measure the extractor against gold-annotated articles (`python -m service eval`).

The metrics follow `../shared/eval/README.md` (after the Gender Gap Tracker's
evaluation): a predicted quote matches a gold quote when |gold ∩ pred| / |gold|
exceeds a threshold, each gold quote taking its best still-unmatched prediction;
speaker, role and organization are scored over the matched pairs only.

The scoring functions are pure over plain dicts so they can be unit-tested and
reused: gold quotes as in the JSONL files, predictions as `dataclasses.asdict`
of `QuoteResult` (`start`, `end`, `speaker`, `speaker_mention`, `role`, ...).

Where the gold has `sources` (ggt-dev), quoted people are also scored by gender as
the Gender Gap Tracker scores them (`gender_score`).
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from .diversity import GENDERS, clean_name
from .pipeline.grammar import NAME_PARTICLES

THRESHOLDS = (0.3, 0.8)
DEFAULT_GOLD = ("ggt-dev.jsonl", "bbc-dev.jsonl", "polnear-dev.jsonl")
HALVES = ("A", "B")
# Characters that open or close a quotation (not the apostrophes ’ and ').
QUOTE_MARKS = frozenset("\"“”„‟«»‹›‘")
_STOPWORDS = frozenset("a an the of for at and in on to with s its their".split())
_HONORIFICS = frozenset("mr mrs ms miss dr prof sir dame rev hon sen rep gov gen lt col capt sgt".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_WORD = re.compile(r"[^\W_]+")


def default_gold_paths(root: Path | None = None) -> list[Path]:
    """`../shared/eval/*-dev.jsonl` seen from the project root."""
    root = root or Path(__file__).resolve().parent.parent
    return [root.parent / "shared" / "eval" / name for name in DEFAULT_GOLD]


def load_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def half(rows: Sequence[dict], which: str) -> list[dict]:
    """Half "A" or "B" of a gold set, stable and balanced: articles ranked by a hash of their id,
    alternately. Rules are written looking at half A of each set; half B is kept aside and
    scored only at the end of a round, so the gap between the halves shows overfitting."""
    ranked = sorted(rows, key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
    return ranked[HALVES.index(which) :: 2]


_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n\s*")


def flattened(row: dict) -> dict:
    """The article with its paragraphs run together on one line, as feeds and CMS exports
    often deliver text; every line break (and the blanks around it) becomes one space, and
    the gold offsets move with the text."""
    text = row["text"]
    shift = [0] * (len(text) + 1)
    out, removed, last = [], 0, 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        out.append(text[last : m.start()])
        for i in range(last, m.start() + 1):
            shift[i] = removed
        removed += len(m.group()) - 1
        for i in range(m.start() + 1, m.end() + 1):
            shift[i] = removed
        out.append(" ")
        last = m.end()
    out.append(text[last:])
    for i in range(last, len(text) + 1):
        shift[i] = removed

    def move(span):
        return None if span is None else [span[0] - shift[span[0]], span[1] - shift[span[1]]]

    flat = "".join(out)
    quotes = [{**q, "quote_span": move(q["quote_span"]), "speaker_span": move(q.get("speaker_span"))}
              for q in row["quotes"]]
    return {**row, "text": flat, "quotes": quotes}


# --- quote matching -----------------------------------------------------------


def overlap(gold: Sequence[int], pred: Sequence[int]) -> float:
    """|gold ∩ pred| / |gold| in characters (0 for an empty gold span)."""
    length = gold[1] - gold[0]
    if length <= 0:
        return 0.0
    return max(0, min(gold[1], pred[1]) - max(gold[0], pred[0])) / length


def match_quotes(gold: Sequence[Sequence[int]], pred: Sequence[Sequence[int]], threshold: float) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index): each gold, in order, takes its best unmatched prediction."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        best, best_score = None, threshold
        for pi, p in enumerate(pred):
            if pi in used:
                continue
            score = overlap(g, p)
            if score > best_score:
                best, best_score = pi, score
        if best is not None:
            used.add(best)
            pairs.append((gi, best))
    return pairs


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


# --- speakers, roles, organizations ---------------------------------------------


def _name_tokens(name: str) -> list[str]:
    words = [w for w in _WORD.findall(name.lower().replace("’s", "").replace("'s", "")) if w != "the"]
    while words and words[0] in _HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return words


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def same_speaker(pred: str | None, gold: str | None, kind: str | None = None) -> bool:
    """Whether two names denote the same speaker.

    People: same surname, and the same first name where both names have one
    ("Ms. Clinton" = "Hillary Clinton" != "Bill Clinton"). Organizations and
    groups (any `kind` but "person"): one name contains the other ("the Post" in
    "The New York Post").
    """
    p, g = _name_tokens(pred or ""), _name_tokens(gold or "")
    if not p or not g:
        return False
    if p[-1] == g[-1] and (len(p) == 1 or len(g) == 1 or p[0] == g[0]):
        return True
    return kind != "person" and (_contains(p, g) or _contains(g, p))


def content_tokens(value: str | None) -> list[str]:
    """Lowercased words without punctuation and the listed stopwords."""
    return [w for w in _WORD.findall((value or "").lower()) if w not in _STOPWORDS]


def token_f1(pred: str | None, gold: str | None) -> float:
    """Bag-of-tokens F1; both empty counts as agreement (the article states none)."""
    p, g = content_tokens(pred), content_tokens(gold)
    if not p and not g:
        return 1.0
    common = sum(min(p.count(w), g.count(w)) for w in set(p))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def _mention_overlaps(pred: dict, gold: dict) -> bool:
    mention = pred.get("speaker_mention")
    if not mention:
        return False
    start, end = gold["speaker_span"]
    return mention["start"] < end and start < mention["end"]


def has_quote_mark(text: str) -> bool:
    return any(ch in QUOTE_MARKS for ch in text)


# --- quoted people by gender ------------------------------------------------------


def is_named(name: str) -> bool:
    """A person's name, not a nominal: every word capitalized ("Jane van Dyke" aside), no article first.
    The gold lists named people only; "a spokeswoman" or "city staff" are not among them."""
    words = re.findall(r"[^\W\d_]+", name)
    lowered = [w for w in words if not w[:1].isupper()]
    return bool(words) and words[0].lower() not in ("the", "a", "an") and all(w in NAME_PARTICLES for w in lowered)


def quoted_people(extraction) -> list[dict]:
    """The named people an `Extraction` quotes: `{"name", "gender", "from_first_name"}`."""
    return [
        {
            "name": s.name,
            "gender": s.gender,
            "from_first_name": any(e.kind == "first_name" for e in s.gender_evidence),
        }
        for s in extraction.speakers
        if s.kind == "person" and s.quote_count > 0 and is_named(s.name)
    ]


def gender_score(rows: Sequence[dict], people: Sequence[Sequence[dict]]) -> dict:
    """Female and male sources: per article, the sets of cleaned names by gender, gold against
    predicted, compared exactly; P/R/F1 summed over articles; the female share of all quoted
    people (unknown included), predicted and gold; and how many predicted genders rest on first names."""
    counts = {g: [0, 0, 0] for g in ("female", "male")}  # true pos, false pos, false neg
    gold_total, pred_total = dict.fromkeys(GENDERS, 0), dict.fromkeys(GENDERS, 0)
    from_names = 0
    for row, found in zip(rows, people):
        gold = {g: {clean_name(n) for n in row["sources"].get(g, [])} for g in GENDERS}
        pred = {g: {clean_name(p["name"]) for p in found if p["gender"] == g} for g in GENDERS}
        for g, c in counts.items():
            c[0] += len(pred[g] & gold[g])
            c[1] += len(pred[g] - gold[g])
            c[2] += len(gold[g] - pred[g])
        for g in GENDERS:
            gold_total[g] += len(gold[g])
            pred_total[g] += len(pred[g])
        from_names += sum(1 for p in found if p["gender"] != "unknown" and p["from_first_name"])
    result = {g: prf(tp, tp + fp, tp + fn) for g, (tp, fp, fn) in counts.items()}
    gendered = pred_total["female"] + pred_total["male"]
    result.update(
        female_share=_ratio(pred_total["female"], sum(pred_total.values())),
        gold_female_share=_ratio(gold_total["female"], sum(gold_total.values())),
        predicted=pred_total,
        gold=gold_total,
        first_name_share=_ratio(from_names, gendered),
    )
    return result


# --- scoring ------------------------------------------------------------------


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def score(rows: Sequence[dict], predictions: Sequence[Sequence[dict]], thresholds: Iterable[float] = THRESHOLDS) -> dict:
    """Metrics for gold `rows` against per-article predicted quote dicts."""
    result: dict = {"articles": len(rows), "gold": sum(len(r["quotes"]) for r in rows),
                    "predicted": sum(len(p) for p in predictions)}
    for threshold in thresholds:
        c = dict.fromkeys(("tp", "mention_total", "mention_hits", "speaker_hits", "mark_total", "mark_hits"), 0)
        role_scores: list[float] = []
        org_scores: list[float] = []
        for row, preds in zip(rows, predictions):
            gold = row["quotes"]
            pairs = match_quotes([g["quote_span"] for g in gold], [(p["start"], p["end"]) for p in preds], threshold)
            matched = {gi for gi, _ in pairs}
            c["tp"] += len(pairs)
            for gi, g in enumerate(gold):
                if has_quote_mark(g["quote"]):
                    c["mark_total"] += 1
                    c["mark_hits"] += gi in matched
            for gi, pi in pairs:
                g, p = gold[gi], preds[pi]
                if g.get("speaker_span"):
                    c["mention_total"] += 1
                    c["mention_hits"] += _mention_overlaps(p, g)
                c["speaker_hits"] += same_speaker(p.get("speaker"), g.get("speaker"), p.get("kind"))
                if "role" in g:
                    role_scores.append(token_f1(p.get("role"), g["role"]))
                if "organization" in g:
                    org_scores.append(token_f1(p.get("organization"), g["organization"]))
        metrics = prf(c["tp"], result["predicted"], result["gold"])
        metrics.update(
            matched=c["tp"],
            mention_accuracy=_ratio(c["mention_hits"], c["mention_total"]),
            speaker_accuracy=_ratio(c["speaker_hits"], c["tp"]),
            role_f1=sum(role_scores) / len(role_scores) if role_scores else None,
            organization_f1=sum(org_scores) / len(org_scores) if org_scores else None,
            quote_mark_gold=c["mark_total"],
            quote_mark_recall=_ratio(c["mark_hits"], c["mark_total"]),
        )
        result[f"overlap>{threshold}"] = metrics
    return result


def calibration(rows: Sequence[dict], predictions: Sequence[Sequence[dict]], threshold: float = THRESHOLDS[0]) -> dict:
    """Per kind of evidence: predictions, how many are right (match a gold quote and name its speaker),
    their share (the precision `confidence` should state) and the confidence given."""
    table: dict[str, dict] = {}
    for row, preds in zip(rows, predictions):
        gold = row["quotes"]
        pairs = dict((pi, gi) for gi, pi in match_quotes([g["quote_span"] for g in gold],
                                                       [(p["start"], p["end"]) for p in preds], threshold))
        for pi, p in enumerate(preds):
            entry = table.setdefault(p.get("evidence", "?"), {"predicted": 0, "right": 0, "confidence": p["confidence"]})
            entry["predicted"] += 1
            gi = pairs.get(pi)
            entry["right"] += gi is not None and same_speaker(p.get("speaker"), gold[gi].get("speaker"), p.get("kind"))
    for entry in table.values():
        entry["precision"] = entry["right"] / entry["predicted"]
    return dict(sorted(table.items()))


def prediction_dicts(extraction) -> list[dict]:
    """Plain dicts of an `Extraction`'s quotes, each with its speaker's `kind`."""
    kinds = {s.id: s.kind for s in extraction.speakers}
    out = []
    for quote in extraction.quotes:
        d = dataclasses.asdict(quote)
        d["kind"] = kinds.get(quote.speaker_id)
        out.append(d)
    return out


def predict(extractor, rows: Sequence[dict], progress: bool = False) -> tuple[list[list[dict]], list[list[dict]], float]:
    """Run the extractor over the articles; returns predicted quotes, quoted people and elapsed seconds."""
    texts = [r["text"] for r in rows]
    started = time.perf_counter()
    extractions = extractor.extract_many(texts)
    if progress:
        from tqdm import tqdm

        extractions = tqdm(extractions, total=len(texts), file=sys.stderr, unit="article", leave=False)
    predictions, people = [], []
    for extraction in extractions:
        predictions.append(prediction_dicts(extraction))
        people.append(quoted_people(extraction))
    return predictions, people, time.perf_counter() - started


def _timed_score(rows: Sequence[dict], predictions: Sequence[Sequence[dict]], people: Sequence[Sequence[dict]],
                 seconds: float, thresholds: Iterable[float] = THRESHOLDS) -> dict:
    result = score(rows, predictions, thresholds)
    if rows and all("sources" in row for row in rows):
        result["gender"] = gender_score(rows, people)
    result["seconds"] = seconds
    result["articles_per_second"] = len(rows) / seconds if seconds else None
    return result


def evaluate(extractor, rows: Sequence[dict], thresholds: Iterable[float] = THRESHOLDS, progress: bool = False) -> dict:
    """Run `extractor` on gold `rows` and score it; adds `seconds` and `articles_per_second`."""
    predictions, people, seconds = predict(extractor, rows, progress)
    return _timed_score(rows, predictions, people, seconds, thresholds)


# --- error listing --------------------------------------------------------------


def errors(rows: Sequence[dict], predictions: Sequence[Sequence[dict]], threshold: float = THRESHOLDS[0]) -> list[dict]:
    """Misses (gold without a match), false positives, and matched quotes with a wrong speaker."""
    out = []
    for row, preds in zip(rows, predictions):
        gold = row["quotes"]
        pairs = match_quotes([g["quote_span"] for g in gold], [(p["start"], p["end"]) for p in preds], threshold)
        gold_hit = {gi for gi, _ in pairs}
        pred_hit = {pi for _, pi in pairs}
        for gi, g in enumerate(gold):
            if gi not in gold_hit:
                out.append({"kind": "miss", "id": row.get("id"), "gold": g})
        for pi, p in enumerate(preds):
            if pi not in pred_hit:
                out.append({"kind": "false positive", "id": row.get("id"), "pred": p})
        for gi, pi in pairs:
            g, p = gold[gi], preds[pi]
            if not same_speaker(p.get("speaker"), g.get("speaker"), p.get("kind")):
                out.append({"kind": "wrong speaker", "id": row.get("id"), "gold": g, "pred": p})
    return out


def _describe_error(err: dict) -> str:
    def short(text: str, n: int = 160) -> str:
        text = " ".join(text.split())
        return text if len(text) <= n else text[: n - 3] + "..."

    lines = [f"[{err['kind']}] {err['id']}"]
    if "gold" in err:
        g = err["gold"]
        lines.append(f"  gold {g['quote_span']} {short(g['quote'])!r}")
        lines.append(f"       speaker={g.get('speaker')!r} mention={g.get('speaker_mention')!r} cue={g.get('cue')!r}")
    if "pred" in err:
        p = err["pred"]
        mention = (p.get("speaker_mention") or {}).get("text")
        cue = (p.get("cue") or {}).get("text")
        lines.append(f"  pred [{p['start']}, {p['end']}] {p['type']} {short(p['text'])!r}")
        lines.append(f"       speaker={p.get('speaker')!r} mention={mention!r} cue={cue!r} conf={p.get('confidence')}")
    return "\n".join(lines)


# --- command line ---------------------------------------------------------------


def _fmt(value) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def _report(name: str, result: dict) -> str:
    lines = [f"{name}: {result['articles']} articles, {result['gold']} gold quotes, {result['predicted']} predicted, "
             f"{_fmt(result.get('articles_per_second'))} articles/s"]
    for key, m in result.items():
        if key.startswith("overlap>"):
            lines.append(
                f"  {key:<12} P {_fmt(m['precision'])}  R {_fmt(m['recall'])}  F1 {_fmt(m['f1'])}  "
                f"mention {_fmt(m['mention_accuracy'])}  speaker {_fmt(m['speaker_accuracy'])}  "
                f"role {_fmt(m['role_f1'])}  org {_fmt(m['organization_f1'])}  "
                f"quote-mark recall {_fmt(m['quote_mark_recall'])} ({m['quote_mark_gold']})"
            )
    if "gender" in result:
        g = result["gender"]
        for gender in ("female", "male"):
            m = g[gender]
            lines.append(f"  {gender + ' sources':<12} P {_fmt(m['precision'])}  R {_fmt(m['recall'])}  F1 {_fmt(m['f1'])}")
        lines.append(
            f"  female share {_fmt(g['female_share'])} (gold {_fmt(g['gold_female_share'])})  "
            f"genders from first names {_fmt(g['first_name_share'])}"
        )
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The `eval` command's options (shared by `service.cli` and `main`)."""
    parser.add_argument("gold", nargs="*", help="gold JSONL files (default: ../shared/eval/*-dev.jsonl)")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print up to N errors per file")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: the configured one)")
    parser.add_argument("--half", choices=HALVES, help="score one half of each file's articles (split by id)")
    parser.add_argument("--calibration", action="store_true",
                        help="per kind of evidence: predictions, right ones, precision and the confidence given")
    parser.add_argument("--flat", action="store_true",
                        help="run each article's paragraphs together on one line first, as feeds deliver text")
    return parser


def main(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    if args is None or not isinstance(args, argparse.Namespace):
        args = add_arguments(argparse.ArgumentParser(prog="quotes eval")).parse_args(args)
    from .config import Settings
    from .names import first_names_for
    from .pipeline import Extractor, load_nlp

    paths = [Path(p) for p in (getattr(args, "gold", None) or default_gold_paths())]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"gold file not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    settings = Settings.from_env()
    extractor = Extractor(load_nlp(getattr(args, "model", None) or settings.spacy_model), first_names_for(settings))
    report = {}
    for path in paths:
        rows = load_gold(path)
        if getattr(args, "half", None):
            rows = half(rows, args.half)
        if getattr(args, "flat", False):
            rows = [flattened(r) for r in rows]
        predictions, people, seconds = predict(extractor, rows, progress=sys.stderr.isatty())
        result = _timed_score(rows, predictions, people, seconds)
        if getattr(args, "calibration", False):
            result["calibration"] = calibration(rows, predictions)
        report[path.name] = result
        if not getattr(args, "json", False):
            print(_report(path.name, result))
            for kind, entry in result.get("calibration", {}).items():
                print(f"  evidence {kind:<15} {entry['right']:>4}/{entry['predicted']:<4} right = "
                      f"{entry['precision']:.3f}  (confidence given {entry['confidence']})")
        n = getattr(args, "errors", 0) or 0
        if n:
            for err in errors(rows, predictions)[:n]:
                print(_describe_error(err), file=sys.stderr if getattr(args, "json", False) else sys.stdout)
    if getattr(args, "json", False):
        print(json.dumps(report, indent=2))
    return 0
