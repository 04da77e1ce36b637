"""API jobs: owner, callback URL and result on the job; lease tokens; jobs without an article id

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.alter_column("article_id", existing_type=sa.String(255), nullable=True)
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="article"))
        batch.add_column(sa.Column("owner", sa.String(64)))
        batch.add_column(sa.Column("callback_url", sa.Text()))
        batch.add_column(sa.Column("result", sa.JSON()))
        batch.add_column(sa.Column("lease_token", sa.String(32)))


def downgrade() -> None:
    op.execute("DELETE FROM jobs WHERE kind = 'api'")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("lease_token")
        batch.drop_column("result")
        batch.drop_column("callback_url")
        batch.drop_column("owner")
        batch.drop_column("kind")
        batch.alter_column("article_id", existing_type=sa.String(255), nullable=False)
