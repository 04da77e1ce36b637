"""Shared fixtures: one spaCy pipeline per test session, and the Flask app factory."""
from __future__ import annotations

import pytest

from service import create_app
from service.config import Settings
from service.pipeline import Extractor, load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp(Settings().spacy_model)


@pytest.fixture(scope="session")
def extractor(nlp):
    return Extractor(nlp)


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
