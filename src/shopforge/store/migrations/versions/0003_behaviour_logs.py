"""behaviour logs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "behaviour_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=128), nullable=False),
        sa.Column("content_id", sa.Integer(), nullable=True),
        sa.Column("variant", sa.String(length=128), nullable=False),
        sa.Column("scenario", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.Column("add_to_cart", sa.Integer(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["content_id"], ["contents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "date", "sku", "variant", "scenario", name="uq_behaviour_events_key"),
    )
    with op.batch_alter_table("behaviour_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_behaviour_events_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_behaviour_events_product_id"), ["product_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("behaviour_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_behaviour_events_product_id"))
        batch_op.drop_index(batch_op.f("ix_behaviour_events_account_id"))

    op.drop_table("behaviour_events")
