"""Never go back in time: each accepted change must be newer than the article's last one.

Claimed inside the transaction that stores the job, with one conditional UPDATE, so
two deliveries of the same article racing on two web workers are ordered by the
database: the older one finds the newer version already there and is ignored.
"""
from __future__ import annotations

from sqlalchemy import and_, or_, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import ArticleVersion

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def claim(session: Session, source: str, article_id: str, action: str, version: int | None) -> str | None:
    """Record `action` at `version` as the article's newest change; None if accepted, else why it is ignored.

    An upsert must be no older than the last change: one with the same version and other
    content (a repeat of the same content is caught before, as a duplicate) is an edit made
    within the version's resolution (WordPress writes `modified_gmt` to the second), unless the
    article was deleted at that version. A delete may carry the same
    version as the upsert it removes (CMSs send the deleted post's last modification
    time) and needs a live article. A delete of an article with nothing stored
    still raises the tombstone's version, so an older upsert arriving late stays out.
    """
    key = (ArticleVersion.source == source) & (ArticleVersion.article_id == article_id)
    insert = INSERTS[session.get_bind().dialect.name]
    session.execute(insert(ArticleVersion).values(source=source, article_id=article_id, version=None, live=False)
                    .on_conflict_do_nothing())
    if version is None:
        ordered = true()
    else:
        stored = ArticleVersion.version
        same_live = and_(ArticleVersion.live, stored == version)  # a same-second edit; never past a delete
        ordered = or_(stored.is_(None), stored <= version if action == "delete" else or_(stored < version, same_live))
    accepted = and_(ArticleVersion.live, ordered) if action == "delete" else ordered
    newest = ArticleVersion.version if version is None else version
    claimed = session.execute(
        update(ArticleVersion).where(key, accepted).values(version=newest, live=action != "delete")
    ).rowcount
    if claimed:
        return None
    current = session.get(ArticleVersion, (source, article_id), populate_existing=True)
    if action != "delete":
        return f"version {version} is not newer than the stored version {current.version}"  # older, in fact
    if current.live:
        return f"version {version} is older than the stored version {current.version}"
    if version is not None and (current.version is None or current.version < version):
        current.version = version
    return "nothing is stored for this article"
