"""The compliance report's shape: the period and one dataclass per section of the report.

The renderers, the JSON API and the tests read these; :mod:`gateway.reports.measures` fills them.
A period is a range of whole UTC days, both ends included.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from gateway.errors import GatewayError


class ReportError(GatewayError):
    """A report that cannot be built as asked (unknown partner, empty or reversed period)."""


@dataclass(frozen=True)
class Period:
    """Whole UTC days from ``first`` to ``last``, both included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ReportError(f"the period ends ({self.last}) before it starts ({self.first})")

    @property
    def start(self) -> datetime:
        """The first instant of the period."""
        return datetime.combine(self.first, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=UTC)

    def contains(self, moment: datetime | None) -> bool:
        """Whether ``moment`` falls inside the period."""
        return moment is not None and self.start <= moment < self.end


@dataclass
class AckTimeliness:
    """Acknowledgments both ways: theirs against the deadline, ours within the agreed time."""

    deadline_hours: Decimal
    theirs_expected: int = 0
    theirs_on_time: int = 0
    theirs_late: int = 0
    theirs_missing: int = 0
    theirs_pending: int = 0
    theirs_on_time_rate: Decimal | None = None
    overdue: list[dict[str, Any]] = field(default_factory=list)
    ours_due: int = 0
    ours_on_time: int = 0
    ours_late: int = 0
    ours_missing: int = 0
    ours_on_time_rate: Decimal | None = None


@dataclass
class Acceptance:
    """Results of the functional acknowledgments the partner sent us (A, E, P, R)."""

    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"A": 0, "E": 0, "P": 0, "R": 0})
    rates: dict[str, Decimal | None] = field(default_factory=lambda: {"A": None, "E": None, "P": None, "R": None})


@dataclass
class Rejection:
    """Rejections sharing one error code, with the explanation an operator can act on."""

    code: str
    count: int
    explanation: str
    hint: str | None = None


@dataclass
class AsnMetrics:
    """Ship notices we sent: on time after shipment, and accurate against the order."""

    deadline_hours: Decimal | None
    sent: int = 0
    on_time: int = 0
    late: int = 0
    unsent: int = 0
    on_time_rate: Decimal | None = None
    average_minutes: Decimal | None = None
    checked: int = 0
    accurate: int = 0
    accuracy_rate: Decimal | None = None
    packs: int = 0
    packs_without_sscc: int = 0
    duplicate_ssccs: int = 0
    unit_mismatches: int = 0
    over_shipped_lines: int = 0
    orders_not_found: int = 0
    asns_with_quantity_issues: int = 0


@dataclass
class WarehouseMetrics:
    """Warehouse shipping orders (940) and their shipping advices (945)."""

    orders: int = 0
    confirmed: int = 0
    open: int = 0
    average_cycle_hours: Decimal | None = None
    max_cycle_hours: Decimal | None = None
    ordered_units: Decimal = Decimal(0)
    shipped_units: Decimal = Decimal(0)
    fill_rate: Decimal | None = None
    short_shipped_orders: int = 0


@dataclass
class StatusMetrics:
    """Carrier shipment status (214): a delivered status per shipment, and how late statuses arrive."""

    shipments: int = 0
    delivered: int = 0
    coverage_rate: Decimal | None = None
    status_messages: int = 0
    average_latency_minutes: Decimal | None = None
    max_latency_minutes: Decimal | None = None


@dataclass
class FreightMetrics:
    """Carrier freight invoices (210) against the amount we expected to pay."""

    tolerance: Decimal
    invoices: int = 0
    compared: int = 0
    unquoted: int = 0
    billed: Decimal = Decimal("0.00")
    expected: Decimal = Decimal("0.00")
    variance: Decimal = Decimal("0.00")
    over_tolerance: int = 0


@dataclass
class DuplicateMetrics:
    """Repeats: the same file again, the same business document again, and our resubmissions."""

    duplicate_files: int = 0
    duplicate_documents: int = 0
    resubmissions: int = 0
    regenerations: int = 0


@dataclass
class Occurrence:
    """One breach a chargeback rule may charge for: the document, its cartons and the value concerned.

    ``cartons`` is the number of packages (SSCCs) of the shipment concerned; ``value`` the money
    value of the goods concerned from the canonical documents (None when no price is known).
    ``charge`` is filled when a rule prices the occurrence.
    """

    document_id: int | None
    reference: str
    cartons: int = 0
    value: Decimal | None = None
    charge: Decimal | None = None


@dataclass
class Chargeback:
    """One chargeback rule of the profile: how often it was triggered and what that may cost.

    ``amount`` is the charge per occurrence or per carton, ``percent`` the share of the value;
    ``cartons`` and ``value`` sum the occurrences; ``minimums_applied`` and ``maximums_applied``
    count the occurrences whose charge the rule's bounds changed.
    """

    rule: str
    basis: str
    amount: Decimal | None
    percent: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    occurrences: int | None
    cartons: int
    value: Decimal
    unvalued: int
    minimums_applied: int
    maximums_applied: int
    at_risk: Decimal
    measured_by: str
    items: list[Occurrence] = field(default_factory=list)

    @property
    def terms(self) -> str:
        """The rule in words, as the profile states it (``15.00 per carton, min 20.00``)."""
        from gateway.partners.model import ChargebackRule

        return ChargebackRule(basis=self.basis, amount=self.amount, percent=self.percent,  # type: ignore[arg-type]
                              minimum=self.minimum, maximum=self.maximum).describe()


@dataclass
class ComplianceReport:
    """Everything the compliance report of one partner and period shows."""

    partner_id: str
    partner_name: str
    period_first: date
    period_last: date
    as_of: datetime
    documents_in: int
    documents_out: int
    acks: AckTimeliness
    acceptance: Acceptance
    rejections: list[Rejection]
    asn: AsnMetrics
    warehouse: WarehouseMetrics
    shipment_status: StatusMetrics
    freight: FreightMetrics
    duplicates: DuplicateMetrics
    chargebacks: list[Chargeback]
    money_at_risk: Decimal

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (Decimals, dates and datetimes kept as Python values)."""
        return asdict(self)
