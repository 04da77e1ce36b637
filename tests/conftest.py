"""Shared fixtures: one spaCy pipeline and extractor per test session, and the Flask app factory."""
from __future__ import annotations

import pytest

from service import create_app
from service.config import Settings
from service.names import first_names_for
from service.pipeline import Extractor, load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp(Settings().spacy_model)


@pytest.fixture(scope="session")
def extractor(nlp):
    """The extractor as the service ships it (first names on, as by default)."""
    return Extractor(nlp, first_names_for(Settings()))


@pytest.fixture
def settings(tmp_path):
    """Settings for one test: its own data directory, nothing from the environment."""
    return Settings.from_env({"QUOTES_DATA_DIR": str(tmp_path / "data")})


@pytest.fixture
def app(settings, extractor):
    return create_app(settings, extractor=extractor)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_app(tmp_path, extractor):
    """An app built from the given environment variables (e.g. QUOTES_API_KEYS), nothing else."""

    def build(**env: str):
        return create_app(Settings.from_env({"QUOTES_DATA_DIR": str(tmp_path / "data"), **env}), extractor=extractor)

    return build


@pytest.fixture
def drain():
    """Run every task waiting in an app's real (SQLite) huey queue, in this process."""

    def run(app) -> int:
        huey = app.extensions["queue"].huey
        done = 0
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
            done += 1
        return done

    return run
