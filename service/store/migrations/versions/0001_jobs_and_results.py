"""jobs and article results

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(255), nullable=False, index=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("revision", sa.String(255)),
        sa.Column("title", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("text", sa.Text()),
        sa.Column("html", sa.Text()),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("delivery_id", sa.String(255)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("lease_until", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("callback_status", sa.String(16)),
        sa.Column("callback_attempts", sa.Integer(), nullable=False),
        sa.Column("callback_error", sa.Text()),
        sa.UniqueConstraint("source", "delivery_id", name="uq_jobs_source_delivery"),
    )
    op.create_index("ix_jobs_status", "jobs", ["status"])
    op.create_table(
        "article_results",
        sa.Column("source", sa.String(64), primary_key=True),
        sa.Column("article_id", sa.String(255), primary_key=True),
        sa.Column("job_id", sa.String(32), nullable=False),
        sa.Column("job_seq", sa.Integer(), nullable=False),
        sa.Column("revision", sa.String(255)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extraction", sa.JSON(), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("article_results")
    op.drop_index("ix_jobs_status", "jobs")
    op.drop_table("jobs")
