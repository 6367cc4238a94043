"""Make the events table append-only in the database itself.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The repository offers no way to change or delete an event, and the ORM refuses it, but a
hand-written SQL statement could still rewrite history. These triggers refuse UPDATE and DELETE
on ``events`` at the database (PostgreSQL and SQLite). Retention, when it comes, must archive
and remove old timelines deliberately (TRUNCATE of a partition or dropping the trigger inside a
maintenance migration), never through an ordinary statement.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Install the triggers that refuse UPDATE and DELETE on events."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION ledger_events_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only: % refused', TG_OP
                    USING ERRCODE = 'restrict_violation';
            END
            $$
            """
        )
        op.execute(
            "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
            "FOR EACH ROW EXECUTE FUNCTION ledger_events_append_only()"
        )
    else:
        op.execute(
            "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
            "BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END"
        )
        op.execute(
            "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
            "BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END"
        )


def downgrade() -> None:
    """Remove the triggers."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER events_append_only ON events")
        op.execute("DROP FUNCTION ledger_events_append_only()")
    else:
        op.execute("DROP TRIGGER events_no_update")
        op.execute("DROP TRIGGER events_no_delete")
