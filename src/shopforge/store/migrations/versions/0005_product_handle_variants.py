"""product handle and variants: the Shopify handle and variant rows a shopify-csv export writes back

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both engines. The default is a string, not a SQL expression: with an expression Alembic
    # would rebuild the SQLite table, and dropping the old one with foreign keys on cascades into contents.
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handle", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("variants", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    # Outside batch mode: SQLite (3.35+) drops a column in place, without rebuilding the table.
    op.drop_column("products", "variants")
    op.drop_column("products", "handle")
