"""First names from the World Gender Name Dictionary, through the SQLite index of its data."""
from __future__ import annotations

import sqlite3

import pytest

from service.config import Settings
from service.names import DECISIVE_SHARE, FirstNames, first_names_for, index_path


@pytest.fixture(scope="module")
def first_names():
    """The index `make install` writes (written here if it is missing)."""
    return FirstNames.open(Settings.from_env({}).cache_dir)


def test_decisive_names_give_a_gender_and_ambiguous_or_unknown_names_none(first_names):
    assert first_names("Maria") == "female" and first_names("JOHN") == "male"
    assert DECISIVE_SHARE > first_names.female_share("Taylor") > 1 - DECISIVE_SHARE
    assert first_names("Taylor") is None
    assert first_names("Qxzvbn") is None and first_names.female_share("Qxzvbn") is None


def test_the_index_holds_the_whole_dictionary_and_opens_read_only(first_names):
    with sqlite3.connect(first_names.path) as db:
        assert db.execute("SELECT count(*) FROM first_names").fetchone()[0] > 4_000_000
    with pytest.raises(sqlite3.OperationalError):
        with sqlite3.connect(f"{first_names.path.as_uri()}?mode=ro", uri=True) as db:
            db.execute("DELETE FROM first_names WHERE name = 'maria'")
    assert first_names("Maria") == "female"


def test_the_setting_turns_names_off_and_moves_the_cache(tmp_path, first_names):
    assert first_names_for(Settings.from_env({"QUOTES_GENDER_FROM_NAMES": "0"})) is None
    assert first_names_for(Settings.from_env({})) is not None
    moved = Settings.from_env({"QUOTES_CACHE_DIR": str(tmp_path)})
    assert index_path(moved.cache_dir).parent == tmp_path
