"""Initial ledger schema: raw contents, interchanges, documents, events, control counters,
expected and received acknowledgments, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Types are spelled out here rather than imported from the models, so that this revision keeps
creating the same schema whatever later code does to the models.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create every table of the first ledger schema."""
    op.create_table(
        "control_counters",
        sa.Column("partner_id", sa.String(length=100), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        sa.Column("min_value", sa.BigInteger(), nullable=False),
        sa.Column("max_value", sa.BigInteger(), nullable=False),
        sa.Column("wrap", sa.Boolean(), nullable=False),
        sa.Column("reuse_window_seconds", sa.BigInteger(), nullable=False),
        sa.Column("cycle", sa.Integer(), nullable=False),
        sa.Column("cycle_started_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("partner_id", "direction", "level", name=op.f("pk_control_counters")),
    )
    op.create_table(
        "raw_contents",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_raw_contents")),
    )
    op.create_table(
        "interchanges",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("partner_id", sa.String(length=100), nullable=True),
        sa.Column("dedupe_scope", sa.String(length=200), nullable=False),
        sa.Column("mailbox", sa.String(length=200), nullable=True),
        sa.Column("transport", sa.String(length=50), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("occurred_at", TIME, nullable=False),
        sa.Column("recorded_at", TIME, nullable=False),
        sa.Column("transport_meta", JSON, nullable=False),
        sa.Column("syntax", sa.String(length=16), nullable=True),
        sa.Column("sender_id", sa.String(length=100), nullable=True),
        sa.Column("receiver_id", sa.String(length=100), nullable=True),
        sa.Column("control_number", sa.String(length=35), nullable=True),
        sa.Column("processed_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["sha256"], ["raw_contents.sha256"], name=op.f("fk_interchanges_sha256_raw_contents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interchanges")),
        sa.UniqueConstraint(
            "direction", "dedupe_scope", "sha256", name=op.f("uq_interchanges_direction_dedupe_scope_sha256")
        ),
    )
    op.create_index(
        op.f("ix_interchanges_partner_id_occurred_at"),
        "interchanges",
        ["partner_id", "occurred_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_interchanges_sender_id_control_number"),
        "interchanges",
        ["sender_id", "control_number"],
        unique=False,
    )
    op.create_index(
        op.f("ix_interchanges_direction_processed_at"),
        "interchanges",
        ["direction", "processed_at"],
        unique=False,
    )
    op.create_table(
        "documents",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("partner_id", sa.String(length=100), nullable=False),
        sa.Column("doc_type", sa.String(length=50), nullable=False),
        sa.Column("interchange_id", ID, nullable=True),
        sa.Column("interchange_control", sa.String(length=35), nullable=True),
        sa.Column("group_control", sa.String(length=35), nullable=True),
        sa.Column("set_control", sa.String(length=35), nullable=True),
        sa.Column("business_key", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("canonical", JSON, nullable=True),
        sa.Column("odoo_refs", JSON, nullable=False),
        sa.Column("errors", JSON, nullable=False),
        sa.Column("error_category", sa.String(length=32), nullable=True),
        sa.Column("error_reason", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=True),
        sa.Column("resubmission_of_id", ID, nullable=True),
        sa.Column("regenerated_from_id", ID, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["interchange_id"], ["interchanges.id"], name=op.f("fk_documents_interchange_id_interchanges")
        ),
        sa.ForeignKeyConstraint(
            ["regenerated_from_id"], ["documents.id"], name=op.f("fk_documents_regenerated_from_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["resubmission_of_id"], ["documents.id"], name=op.f("fk_documents_resubmission_of_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index(op.f("ix_documents_interchange_id"), "documents", ["interchange_id"], unique=False)
    op.create_index(
        op.f("ix_documents_partner_id_doc_type_business_key"),
        "documents",
        ["partner_id", "doc_type", "business_key"],
        unique=False,
    )
    op.create_index(
        op.f("ix_documents_status_next_attempt_at"), "documents", ["status", "next_attempt_at"], unique=False
    )
    op.create_table(
        "events",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("document_id", ID, nullable=True),
        sa.Column("interchange_id", ID, nullable=True),
        sa.Column("step", sa.String(length=50), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("detail", JSON, nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.CheckConstraint(
            "document_id IS NOT NULL OR interchange_id IS NOT NULL", name=op.f("ck_events_has_subject")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_events_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["interchange_id"], ["interchanges.id"], name=op.f("fk_events_interchange_id_interchanges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_document_id"), "events", ["document_id"], unique=False)
    op.create_index(op.f("ix_events_interchange_id"), "events", ["interchange_id"], unique=False)
    op.create_table(
        "expected_acks",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("partner_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("interchange_id", ID, nullable=False),
        sa.Column("document_id", ID, nullable=True),
        sa.Column("interchange_control", sa.String(length=35), nullable=True),
        sa.Column("group_control", sa.String(length=35), nullable=True),
        sa.Column("set_control", sa.String(length=35), nullable=True),
        sa.Column("message_id", sa.String(length=300), nullable=True),
        sa.Column("deadline", TIME, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("result", sa.String(length=2), nullable=True),
        sa.Column("received_at", TIME, nullable=True),
        sa.Column("overdue_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_expected_acks_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["interchange_id"], ["interchanges.id"], name=op.f("fk_expected_acks_interchange_id_interchanges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expected_acks")),
    )
    op.create_index(op.f("ix_expected_acks_document_id"), "expected_acks", ["document_id"], unique=False)
    op.create_index(
        op.f("ix_expected_acks_interchange_id"), "expected_acks", ["interchange_id"], unique=False
    )
    op.create_index(
        op.f("ix_expected_acks_partner_id_kind_group_control_set_control"),
        "expected_acks",
        ["partner_id", "kind", "group_control", "set_control"],
        unique=False,
    )
    op.create_index(
        op.f("ix_expected_acks_status_deadline"), "expected_acks", ["status", "deadline"], unique=False
    )
    op.create_table(
        "outbox",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("interchange_id", ID, nullable=False),
        sa.Column("document_id", ID, nullable=True),
        sa.Column("partner_id", sa.String(length=100), nullable=False),
        sa.Column("transport", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", TIME, nullable=False),
        sa.Column("lease_until", TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("sent_at", TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_outbox_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["interchange_id"], ["interchanges.id"], name=op.f("fk_outbox_interchange_id_interchanges")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index(op.f("ix_outbox_interchange_id"), "outbox", ["interchange_id"], unique=False)
    op.create_index(
        op.f("ix_outbox_transport_status_next_attempt_at"),
        "outbox",
        ["transport", "status", "next_attempt_at"],
        unique=False,
    )
    op.create_table(
        "received_acks",
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("partner_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("ack_interchange_id", ID, nullable=True),
        sa.Column("interchange_control", sa.String(length=35), nullable=True),
        sa.Column("group_control", sa.String(length=35), nullable=True),
        sa.Column("set_control", sa.String(length=35), nullable=True),
        sa.Column("message_id", sa.String(length=300), nullable=True),
        sa.Column("result", sa.String(length=2), nullable=False),
        sa.Column("detail", JSON, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("expected_ack_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["ack_interchange_id"],
            ["interchanges.id"],
            name=op.f("fk_received_acks_ack_interchange_id_interchanges"),
        ),
        sa.ForeignKeyConstraint(
            ["expected_ack_id"],
            ["expected_acks.id"],
            name=op.f("fk_received_acks_expected_ack_id_expected_acks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_received_acks")),
    )
    op.create_index(
        op.f("ix_received_acks_ack_interchange_id"), "received_acks", ["ack_interchange_id"], unique=False
    )
    op.create_index(
        op.f("ix_received_acks_expected_ack_id"), "received_acks", ["expected_ack_id"], unique=False
    )


def downgrade() -> None:
    """Drop every table (the ledger's data with it)."""
    op.drop_index(op.f("ix_received_acks_expected_ack_id"), table_name="received_acks")
    op.drop_index(op.f("ix_received_acks_ack_interchange_id"), table_name="received_acks")
    op.drop_table("received_acks")
    op.drop_index(op.f("ix_outbox_transport_status_next_attempt_at"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_interchange_id"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_index(op.f("ix_expected_acks_status_deadline"), table_name="expected_acks")
    op.drop_index(
        op.f("ix_expected_acks_partner_id_kind_group_control_set_control"), table_name="expected_acks"
    )
    op.drop_index(op.f("ix_expected_acks_interchange_id"), table_name="expected_acks")
    op.drop_index(op.f("ix_expected_acks_document_id"), table_name="expected_acks")
    op.drop_table("expected_acks")
    op.drop_index(op.f("ix_events_interchange_id"), table_name="events")
    op.drop_index(op.f("ix_events_document_id"), table_name="events")
    op.drop_table("events")
    op.drop_index(op.f("ix_documents_status_next_attempt_at"), table_name="documents")
    op.drop_index(op.f("ix_documents_partner_id_doc_type_business_key"), table_name="documents")
    op.drop_index(op.f("ix_documents_interchange_id"), table_name="documents")
    op.drop_table("documents")
    op.drop_index(op.f("ix_interchanges_direction_processed_at"), table_name="interchanges")
    op.drop_index(op.f("ix_interchanges_sender_id_control_number"), table_name="interchanges")
    op.drop_index(op.f("ix_interchanges_partner_id_occurred_at"), table_name="interchanges")
    op.drop_table("interchanges")
    op.drop_table("raw_contents")
    op.drop_table("control_counters")
