"""Revision ordering in the store: concurrent deliveries, tombstones, and the migration of existing jobs."""
from __future__ import annotations

import random
import threading

from alembic import command
from alembic.config import Config
from sqlalchemy import select, text

from service.store import MIGRATIONS, Store
from service.store.models import ArticleVersion, Job


def test_concurrent_deliveries_of_one_article_are_ordered_by_the_database(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'quotes.db'}")
    store.upgrade()
    versions = list(range(1, 41))
    random.Random(7).shuffle(versions)
    outcomes: dict[int, object] = {}

    def deliver(version: int) -> None:
        outcomes[version] = store.accept("cms", "a1", action="upsert", text=f"revision {version}", version=version)

    threads = [threading.Thread(target=deliver, args=(version,)) for version in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    accepted = sorted((o.job.seq, version) for version, o in outcomes.items() if o.created)
    assert [version for _, version in accepted] == sorted(version for _, version in accepted)  # seq order = version order
    assert accepted[-1][1] == 40
    assert all("not newer" in o.ignored for o in outcomes.values() if not o.created)
    with store.sessions() as session:
        assert session.get(ArticleVersion, ("cms", "a1")).version == 40
    store.dispose()


def test_existing_jobs_become_versions_when_the_database_is_upgraded(tmp_path):
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    store = Store(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        for seq, (article, action) in enumerate([("live", "upsert"), ("gone", "upsert"), ("gone", "delete")], 1):
            connection.execute(text(
                "INSERT INTO jobs (seq, id, source, article_id, action, content_hash, status, attempts, "
                "callback_attempts, created_at, updated_at) VALUES (:seq, :id, 'cms', :article, :action, '', 'done', "
                "1, 0, '2026-01-01', '2026-01-01')"), {"seq": seq, "id": f"j{seq}", "article": article, "action": action})
    store.upgrade()
    with store.sessions() as session:
        rows = {row.article_id: (row.version, row.live) for row in session.scalars(select(ArticleVersion))}
        assert rows == {"live": (None, True), "gone": (None, False)}
    assert store.accept("cms", "live", action="delete", version=5).created
    assert store.accept("cms", "gone", action="delete", version=5).ignored == "nothing is stored for this article"
    with store.sessions() as session:
        assert session.scalar(select(Job.action).where(Job.article_id == "live").order_by(Job.seq.desc())) == "delete"
    store.dispose()


def test_an_edit_within_the_same_second_is_kept_but_never_revives_a_delete(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'quotes.db'}")
    store.upgrade()
    first = store.accept("wordpress", "p1", action="upsert", text="first words", version=1_000_000)
    edited = store.accept("wordpress", "p1", action="upsert", text="edited words", version=1_000_000)
    assert first.created and edited.created, "same modified_gmt second, other content: a real edit"
    deleted = store.accept("wordpress", "p1", action="delete", version=1_000_000)
    assert deleted.created
    late = store.accept("wordpress", "p1", action="upsert", text="late replay", version=1_000_000)
    assert not late.created and "not newer" in late.ignored
    store.dispose()
