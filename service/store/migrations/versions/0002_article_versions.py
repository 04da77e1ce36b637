"""article versions: the newest change accepted per article, for ordering webhook deliveries

Revision ID: 0002_article_versions
Revises: 0001

Existing articles start live or deleted as their latest job left them, with no
version known (so the next delivery of each is accepted whatever its version).
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_article_versions"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_versions",
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("article_id", sa.String(255), primary_key=True),
        sa.Column("version", sa.BigInteger()),
        sa.Column("live", sa.Boolean(), nullable=False),
    )
    op.execute(
        "INSERT INTO article_versions (source, article_id, version, live) "
        "SELECT j.source, j.article_id, NULL, j.action = 'upsert' FROM jobs j "
        "WHERE j.seq = (SELECT MAX(k.seq) FROM jobs k WHERE k.source = j.source AND k.article_id = j.article_id)"
    )


def downgrade() -> None:
    op.drop_table("article_versions")
