"""What every workflow shares: idempotency keys, results, and errors with a category and a reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from gateway.errors import GatewayError

Category = Literal["master_data", "duplicate", "odoo_business", "mismatch"]
Status = Literal["created", "resumed", "updated"]


def idempotency_key(doc_type: str, partner_ref: str, business_key: str) -> str:
    """``<doc type>/<partner>/<business key>``: what makes a document unique for the gateway."""
    return f"{doc_type}/{partner_ref}/{business_key}"


def marker(document_id: str) -> str:
    """Text written on a record the gateway created, naming the ledger document that created it."""
    return f"edigw:{document_id}"


def odoo_datetime(value: dt.date | dt.datetime | None) -> str | bool:
    """A date or datetime as Odoo's naive-UTC ``YYYY-MM-DD HH:MM:SS`` string (False when None)."""
    if value is None:
        return False
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return f"{value.isoformat()} 00:00:00"


class WorkflowError(GatewayError):
    """A document that cannot be posted to Odoo, with a category and a plain-language reason."""

    def __init__(self, category: Category, reason: str, *, key: str | None = None,
                 details: dict[str, Any] | None = None) -> None:
        self.category = category
        self.reason = reason
        self.key = key
        self.details = details or {}
        super().__init__(f"{category}: {reason}")


@dataclass(frozen=True)
class WorkflowResult:
    """What a workflow did: the Odoo record, the idempotency key, and what to tell people."""

    status: Status
    model: str
    record_id: int
    name: str
    key: str
    round_trips: int
    details: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
