"""AS2 receipts unique per sender and Message-ID, persisted notifier state, retention marker.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

- ``as2_receipts``: the unique key (as2_from, message_id) serialises simultaneous first deliveries
  of one AS2 message; the row keeps the MDN given and the async delivery state (retried, then
  dead-lettered). Receipts recorded before this revision as ``as2_mdn`` events are still found by
  the receiver (it falls back to the events), so no data is copied here.
- ``ledger_state``: named integers such as the webhook watermark, shared by every console process.
- ``raw_contents.purged_at``: when retention removed the bytes (size and SHA-256 are kept).

Types are spelled out as in 0001 so this revision keeps creating the same schema whatever later
code does to the models.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create as2_receipts and ledger_state; add raw_contents.purged_at."""
    op.create_table(
        "as2_receipts",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("as2_from", sa.String(length=200), nullable=False),
        sa.Column("message_id", sa.String(length=300), nullable=False),
        sa.Column("interchange_id", ID, nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("async_url", sa.Text(), nullable=True),
        sa.Column("mdn_message_id", sa.String(length=300), nullable=True),
        sa.Column("mdn_headers", JSON, nullable=False),
        sa.Column("mdn_body", sa.LargeBinary(), nullable=True),
        sa.Column("delivery_status", sa.String(length=16), nullable=False),
        sa.Column("delivery_attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("delivered_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(["interchange_id"], ["interchanges.id"],
                                name=op.f("fk_as2_receipts_interchange_id_interchanges")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_as2_receipts")),
        sa.UniqueConstraint("as2_from", "message_id", name=op.f("uq_as2_receipts_as2_from_message_id")),
    )
    op.create_index(op.f("ix_as2_receipts_interchange_id"), "as2_receipts", ["interchange_id"])
    op.create_index(op.f("ix_as2_receipts_delivery_status_next_attempt_at"), "as2_receipts",
                    ["delivery_status", "next_attempt_at"])
    op.create_table(
        "ledger_state",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_ledger_state")),
    )
    with op.batch_alter_table("raw_contents") as batch:
        batch.add_column(sa.Column("purged_at", TIME, nullable=True))


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("raw_contents") as batch:
        batch.drop_column("purged_at")
    op.drop_table("ledger_state")
    op.drop_index(op.f("ix_as2_receipts_delivery_status_next_attempt_at"), table_name="as2_receipts")
    op.drop_index(op.f("ix_as2_receipts_interchange_id"), table_name="as2_receipts")
    op.drop_table("as2_receipts")
