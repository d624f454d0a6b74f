"""content optimization: content versions, optimization runs and steps, competitor listings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 12:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _created_at() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False)


def _account() -> list[sa.Column | sa.ForeignKeyConstraint]:
    return [
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
    ]


def _version_refs(*names: str) -> list[sa.Column | sa.ForeignKeyConstraint]:
    refs: list[sa.Column | sa.ForeignKeyConstraint] = []
    for name in names:
        refs.append(sa.Column(name, sa.Integer(), nullable=True))
        refs.append(sa.ForeignKeyConstraint([name], ["content_versions.id"], ondelete="SET NULL"))
    return refs


def upgrade() -> None:
    _create_content_versions()
    _create_optimization_runs()
    _create_optimization_steps()
    _create_competitor_listings()


def _create_content_versions() -> None:
    op.create_table(
        "content_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        *_account(),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        *_version_refs("parent_id"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("bullets", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("images", sa.JSON(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "product_id", "number", name="uq_content_versions_number"),
    )
    _indexes("content_versions", "account_id", "product_id")


def _create_optimization_runs() -> None:
    op.create_table(
        "optimization_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        *_account(),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=128), nullable=False),
        sa.Column("scenario", sa.String(length=32), nullable=False),
        sa.Column("planner", sa.String(length=16), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("score_before", sa.Float(), nullable=False),
        sa.Column("score_after", sa.Float(), nullable=True),
        *_version_refs("version_before_id", "version_after_id"),
        sa.Column("findings_before", sa.JSON(), nullable=False),
        sa.Column("findings_after", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        _created_at(),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("optimization_runs", "account_id", "product_id")


def _create_optimization_steps() -> None:
    op.create_table(
        "optimization_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        *_account(),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(length=32), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("expected_gain", sa.Float(), nullable=False),
        sa.Column("score_before", sa.Float(), nullable=False),
        sa.Column("score_after", sa.Float(), nullable=True),
        *_version_refs("version_before_id", "version_after_id"),
        sa.Column("verification", sa.JSON(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _created_at(),
        sa.ForeignKeyConstraint(["run_id"], ["optimization_runs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("optimization_steps", "account_id", "run_id")


def _create_competitor_listings() -> None:
    op.create_table(
        "competitor_listings",
        sa.Column("id", sa.Integer(), nullable=False),
        *_account(),
        sa.Column("sku", sa.String(length=128), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("brand", sa.String(length=256), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("price", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=8), nullable=True),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("images", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        _created_at(),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "sku", name="uq_competitor_listings_sku"),
    )
    _indexes("competitor_listings", "account_id")


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def downgrade() -> None:
    for table in ("competitor_listings", "optimization_steps", "optimization_runs", "content_versions"):
        op.drop_table(table)
