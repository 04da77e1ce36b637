"""GET /v1/stats over results stored by the real webhook path and queue (SQLite, huey)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from cms_deliveries import SECRETS, ghost_delivery, post, standard_delivery
from sqlalchemy import update

from service.store.models import ArticleResult, ArticleTally, QuotedSpeaker

ENV = {"QUOTES_WEBHOOK_SECRET_STANDARD": SECRETS["standard"], "QUOTES_WEBHOOK_SECRET_GHOST": SECRETS["ghost"]}
# Invented articles: who is quoted, and what each says about their gender.
ARTICLES = {
    "shelter": '<p>Ms. Dana Reyes opened the shelter in 2015.</p><p>"We need forty more beds," she said.</p>'
    '<p>"The money is in next year\'s budget," said city spokesman Tom Baker.</p>',
    "budget": '<p>"The budget is balanced," said city spokesman Tom Baker.</p>'
    '<p>"We will appeal," the Harbourline Trust said in a statement.</p>',
    "bridge": '<p>"The bridge is safe," Mrs. Ada Quist said.</p><p>"Not for long," Ms. Lena Ortiz said.</p>'
    '<p>"The bridge will be fixed," said Tom Baker, a spokesman for the city.</p>',
}


def deliver_standard(client, article_id: str) -> None:
    body = {"type": "article.published", "timestamp": "2026-01-01T00:00:00Z",
            "data": {"id": article_id, "revision": "1", "title": article_id, "html": ARTICLES[article_id]}}
    assert post(client, "standard", *standard_delivery(body)).status_code == 202


def deliver_ghost(client, article_id: str) -> None:
    body = {"post": {"current": {"id": article_id, "status": "published", "updated_at": "1", "title": article_id,
                                 "html": ARTICLES[article_id]}, "previous": {}}}
    assert post(client, "ghost", *ghost_delivery(body)).status_code == 202


@pytest.fixture
def stored(make_app, drain):
    """An app whose store holds the three articles: two from `standard` in January, one from `ghost` in March."""
    app = make_app(**ENV)
    client = app.test_client()
    deliver_standard(client, "shelter")
    deliver_standard(client, "budget")
    deliver_ghost(client, "bridge")
    assert drain(app) == 3
    store = app.extensions["queue"].store
    days = {"shelter": datetime(2026, 1, 10, 9, tzinfo=timezone.utc), "budget": datetime(2026, 1, 31, 23, tzinfo=timezone.utc),
            "bridge": datetime(2026, 3, 2, 8, tzinfo=timezone.utc)}
    with store.sessions.begin() as session:  # as if each had been processed on its day
        for article_id, day in days.items():
            for table in (ArticleResult, ArticleTally, QuotedSpeaker):
                session.execute(update(table).where(table.article_id == article_id).values(processed_at=day))
    return client


def test_stats_count_quotes_and_distinct_sources_by_gender_and_kind(stored):
    response = stored.get("/v1/stats")
    assert response.status_code == 200, response.get_json()
    stats = response.get_json()
    assert stats["articles"] == 3
    assert stats["quotes"] == {
        "total": 7,
        "unattributed": 0,
        "by_kind": {"person": 6, "organization": 1, "group": 0},
        "by_gender": {"female": 3, "male": 3, "unknown": 0},
    }
    # Tom Baker is quoted in all three articles and counts once.
    assert stats["sources"]["total"] == 5
    assert stats["sources"]["by_kind"] == {"person": 4, "organization": 1, "group": 0}
    assert stats["sources"]["by_gender"] == {"female": 3, "male": 1, "unknown": 0}
    assert stats["sources"]["gender_from_first_name"] == 0
    assert stats["women_share"] == 0.75
    top = stats["top_speakers"]
    assert (top["page"], top["page_size"], top["total"]) == (1, 20, 5)
    assert top["items"][0] == {"name": "Tom Baker", "kind": "person", "gender": "male", "quotes": 3, "articles": 3}


def test_stats_filter_by_source_and_date_range(stored):
    ghost = stored.get("/v1/stats?source=ghost").get_json()
    assert ghost["articles"] == 1 and ghost["sources"]["by_gender"] == {"female": 2, "male": 1, "unknown": 0}

    january = stored.get("/v1/stats?from=2026-01-01&to=2026-01-31").get_json()
    assert january["articles"] == 2, "`to` includes its whole day"
    assert january["women_share"] == 0.5
    assert stored.get("/v1/stats?from=2026-02-01").get_json()["articles"] == 1
    assert stored.get("/v1/stats?to=2026-01-10").get_json()["articles"] == 1
    assert stored.get("/v1/stats?source=nobody").get_json()["women_share"] is None


def test_stats_page_through_top_speakers(stored):
    first = stored.get("/v1/stats?page_size=2").get_json()["top_speakers"]
    second = stored.get("/v1/stats?page_size=2&page=2").get_json()["top_speakers"]
    third = stored.get("/v1/stats?page_size=2&page=3").get_json()["top_speakers"]
    names = [s["name"] for page in (first, second, third) for s in page["items"]]
    assert len(names) == len(set(names)) == 5 and first["total"] == 5
    assert [len(p["items"]) for p in (first, second, third)] == [2, 2, 1]
    assert stored.get("/v1/stats?page_size=2&page=9").get_json()["top_speakers"]["items"] == []


@pytest.mark.parametrize(
    "query",
    ["from=2026-02-30", "to=yesterday", "from=2026-03-01&to=2026-01-01", "page=0", "page_size=101", "page=x"],
)
def test_bad_stats_queries_get_a_clear_422(make_app, query):
    response = make_app().test_client().get(f"/v1/stats?{query}")
    body = response.get_json()
    assert response.status_code == 422
    assert set(body) >= {"code", "status", "message", "errors"} and body["code"] == 422


def test_stats_are_in_the_openapi_document(make_app):
    spec = make_app().test_client().get("/openapi.json").get_json()
    operation = spec["paths"]["/v1/stats"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"source", "from", "to", "page", "page_size"}
    speaker = spec["components"]["schemas"]["Speaker"]
    assert {"gender", "gender_evidence"} <= set(speaker["required"])


def test_stats_count_results_stored_before_the_stats_tables_and_follow_a_deletion(stored, make_app, drain):
    from alembic import command
    from alembic.config import Config

    from service.store import MIGRATIONS

    app = make_app(**ENV)
    store = app.extensions["queue"].store
    before = app.test_client().get("/v1/stats").get_json()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:  # back to the tables of revision 0001, results kept
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    store.upgrade()
    assert app.test_client().get("/v1/stats").get_json() == before

    body = {"type": "article.deleted", "timestamp": "2026-01-01T00:00:00Z", "data": {"id": "shelter"}}
    assert post(app.test_client(), "standard", *standard_delivery(body)).status_code == 202
    assert drain(app) == 1
    after = app.test_client().get("/v1/stats").get_json()
    assert after["articles"] == 2 and after["quotes"]["total"] == before["quotes"]["total"] - 2
    assert "Dana Reyes" not in [s["name"] for s in after["top_speakers"]["items"]]
