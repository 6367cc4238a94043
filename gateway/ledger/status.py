"""The document state machine: which statuses exist and which moves between them are legal.

Inbound and outbound documents share one set of status names but follow different paths, so the
legal transitions are kept per direction. The ledger refuses any other move
(:class:`IllegalTransition`), which keeps the timeline honest: a posted document cannot silently
go back to ``received``, a cancelled one cannot be sent.

Inbound::

    received -> validated -> translated -> posted
       any of those -> failed (transient, retried: back to the step that failed)
                    -> rejected (we refused it: syntax, partner rules) | duplicate | cancelled
    failed -> dead_lettered (after the last attempt) ; dead_lettered/rejected/failed -> superseded
    (a resubmission created a new document linked to this one) or cancelled

Outbound::

    created -> validated -> queued -> sent -> acknowledged | accepted_with_errors |
                                              partially_accepted | rejected | overdue
    overdue -> the ack results (a late ack still counts) ; failed like inbound ;
    rejected -> superseded (regenerated with new control numbers) or cancelled
"""

from __future__ import annotations

from enum import StrEnum

from gateway.errors import GatewayError


class Direction(StrEnum):
    """Which way a document or interchange travels, seen from the gateway."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class DocumentStatus(StrEnum):
    """Every status a document can be in."""

    RECEIVED = "received"
    CREATED = "created"
    VALIDATED = "validated"
    TRANSLATED = "translated"
    POSTED = "posted"
    QUEUED = "queued"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    ACCEPTED_WITH_ERRORS = "accepted_with_errors"
    PARTIALLY_ACCEPTED = "partially_accepted"
    OVERDUE = "overdue"
    FAILED = "failed"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    DEAD_LETTERED = "dead_lettered"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


S = DocumentStatus

_INBOUND: dict[DocumentStatus, frozenset[DocumentStatus]] = {
    S.RECEIVED: frozenset({S.VALIDATED, S.FAILED, S.REJECTED, S.DUPLICATE, S.CANCELLED}),
    S.VALIDATED: frozenset({S.TRANSLATED, S.FAILED, S.REJECTED, S.DUPLICATE, S.CANCELLED}),
    S.TRANSLATED: frozenset({S.POSTED, S.FAILED, S.REJECTED, S.DUPLICATE, S.CANCELLED}),
    S.FAILED: frozenset(
        {S.RECEIVED, S.VALIDATED, S.TRANSLATED, S.POSTED, S.DEAD_LETTERED, S.REJECTED, S.SUPERSEDED, S.CANCELLED}
    ),
    S.DEAD_LETTERED: frozenset({S.SUPERSEDED, S.CANCELLED}),
    S.REJECTED: frozenset({S.SUPERSEDED, S.CANCELLED}),
    S.DUPLICATE: frozenset({S.SUPERSEDED, S.CANCELLED}),
    S.POSTED: frozenset({S.SUPERSEDED}),
    S.SUPERSEDED: frozenset(),
    S.CANCELLED: frozenset(),
}

_ACK_RESULTS = frozenset({S.ACKNOWLEDGED, S.ACCEPTED_WITH_ERRORS, S.PARTIALLY_ACCEPTED, S.REJECTED})

_OUTBOUND: dict[DocumentStatus, frozenset[DocumentStatus]] = {
    S.CREATED: frozenset({S.VALIDATED, S.FAILED, S.CANCELLED}),
    S.VALIDATED: frozenset({S.QUEUED, S.FAILED, S.CANCELLED}),
    S.QUEUED: frozenset({S.SENT, S.FAILED, S.CANCELLED}),
    S.SENT: _ACK_RESULTS | {S.OVERDUE},
    S.OVERDUE: _ACK_RESULTS | {S.SUPERSEDED, S.CANCELLED},
    S.FAILED: frozenset({S.CREATED, S.VALIDATED, S.QUEUED, S.SENT, S.DEAD_LETTERED, S.SUPERSEDED, S.CANCELLED}),
    S.DEAD_LETTERED: frozenset({S.SUPERSEDED, S.CANCELLED}),
    S.REJECTED: frozenset({S.SUPERSEDED, S.CANCELLED}),
    S.PARTIALLY_ACCEPTED: frozenset({S.SUPERSEDED}),
    S.ACCEPTED_WITH_ERRORS: frozenset({S.SUPERSEDED}),
    S.ACKNOWLEDGED: frozenset(),
    S.SUPERSEDED: frozenset(),
    S.CANCELLED: frozenset(),
}

TRANSITIONS: dict[Direction, dict[DocumentStatus, frozenset[DocumentStatus]]] = {
    Direction.INBOUND: _INBOUND,
    Direction.OUTBOUND: _OUTBOUND,
}

INITIAL: dict[Direction, DocumentStatus] = {Direction.INBOUND: S.RECEIVED, Direction.OUTBOUND: S.CREATED}

FINAL: frozenset[DocumentStatus] = frozenset({S.SUPERSEDED, S.CANCELLED, S.ACKNOWLEDGED})


class IllegalTransition(GatewayError):
    """A status change the state machine does not allow, or one that lost a race."""

    def __init__(self, document_id: int, direction: str, current: str, wanted: str, reason: str = "") -> None:
        self.document_id = document_id
        self.current = str(current)
        self.wanted = str(wanted)
        text = f"document {document_id} ({direction}): cannot move from {self.current!r} to {self.wanted!r}"
        super().__init__(f"{text}: {reason}" if reason else text)


def allowed_next(direction: Direction | str, current: DocumentStatus | str) -> frozenset[DocumentStatus]:
    """The statuses a document of ``direction`` may move to from ``current``."""
    table = TRANSITIONS[Direction(direction)]
    return table.get(DocumentStatus(current), frozenset())


def is_legal(direction: Direction | str, current: DocumentStatus | str, wanted: DocumentStatus | str) -> bool:
    """Whether ``current -> wanted`` is a legal move for a document of ``direction``."""
    return DocumentStatus(wanted) in allowed_next(direction, current)
