"""what GET /v1/stats counts of each stored result

Revision ID: 0003
Revises: 0002_article_versions
"""
import sqlalchemy as sa
from alembic import op

from service.store.stats import rows_for

revision = "0003"
down_revision = "0002_article_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_tallies",
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("article_id", sa.String(255), primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("quotes", sa.Integer(), nullable=False),
        sa.Column("unattributed", sa.Integer(), nullable=False),
    )
    op.create_index("ix_article_tallies_processed_at", "article_tallies", ["processed_at"])
    op.create_index("ix_article_tallies_source_processed", "article_tallies", ["source", "processed_at"])
    op.create_table(
        "quoted_speakers",
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("article_id", sa.String(255), primary_key=True),
        sa.Column("speaker_id", sa.String(32), primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("gender", sa.String(16), nullable=False),
        sa.Column("from_first_name", sa.Boolean(), nullable=False),
        sa.Column("quotes", sa.Integer(), nullable=False),
    )
    op.create_index("ix_quoted_speakers_processed_at", "quoted_speakers", ["processed_at"])
    op.create_index("ix_quoted_speakers_source_processed", "quoted_speakers", ["source", "processed_at"])
    _count_stored_results()


def _count_stored_results() -> None:
    """Results stored before this revision are counted too."""
    connection = op.get_bind()
    results = sa.table(
        "article_results", sa.column("source"), sa.column("article_id"),
        sa.column("processed_at", sa.DateTime(timezone=True)),
        sa.column("extraction", sa.JSON()),
    )
    for row in connection.execute(sa.select(results)).mappings():
        for counted in rows_for(row["source"], row["article_id"], row["processed_at"], row["extraction"]):
            table = counted.__table__
            connection.execute(table.insert().values({c.name: getattr(counted, c.name) for c in table.columns}))


def downgrade() -> None:
    op.drop_table("quoted_speakers")
    op.drop_table("article_tallies")
