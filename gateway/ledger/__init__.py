"""The ledger: the gateway's source of truth for everything received, sent and done.

Tables (``models``), the document state machine (``status``), and one repository module per
concern: ``interchanges`` (durable receive, outbound store, raw bytes), ``documents`` (status
transitions, errors, retries, resubmission), ``events`` (append-only timeline), ``control``
(control numbers), ``acks`` (expected/received acknowledgments, overdue), ``outbox`` (sending
queue) and ``duplicates`` (file, control number and business-document checks). ``Ledger`` opens
the database; ``migrate`` runs the packaged Alembic migrations.
"""

from gateway.ledger import console as _console  # noqa: F401 - registers the console tables
from gateway.ledger import runtime_state as _runtime_state  # noqa: F401 - registers AS2 receipts, state
from gateway.ledger.control import ControlNumberExhausted, ControlPolicy, LedgerAllocator
from gateway.ledger.core import Ledger
from gateway.ledger.documents import ErrorCategory
from gateway.ledger.events import AppendOnlyViolation
from gateway.ledger.interchanges import LedgerNotFound, ReceiveResult
from gateway.ledger.status import Direction, DocumentStatus, IllegalTransition

__all__ = [
    "AppendOnlyViolation",
    "ControlNumberExhausted",
    "ControlPolicy",
    "Direction",
    "DocumentStatus",
    "ErrorCategory",
    "IllegalTransition",
    "Ledger",
    "LedgerAllocator",
    "LedgerNotFound",
    "ReceiveResult",
]
