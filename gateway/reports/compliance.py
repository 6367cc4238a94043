"""The compliance report of one partner over one period: what it holds and how it is built.

A period is a range of whole UTC days, both ends included (``--from 2026-03-01 --to 2026-03-31``
is March). A document or acknowledgment belongs to the period by the time it was created,
received or sent, as each measure in :mod:`gateway.reports.measures` states. Deadlines still
running at ``as_of`` (the end of the period, or now when the period has not ended) are counted
as pending, not as missed.

The report's shape is in :mod:`gateway.reports.model`, the rules of each figure in
:mod:`gateway.reports.measures`; this module puts them together.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from gateway.partners.model import PartnerProfile
from gateway.reports import measures
from gateway.reports.figures import money
from gateway.reports.model import ComplianceReport, Period, ReportError

__all__ = ["ComplianceReport", "Period", "ReportError", "build_report"]


def build_report(
    session: Session, profile: PartnerProfile, period: Period, *, as_of: datetime | None = None
) -> ComplianceReport:
    """Compute the compliance report of ``profile`` over ``period`` from the ledger."""
    now = as_of or datetime.now(UTC)
    cutoff = min(now, period.end)
    ctx = measures.Context(session, profile, period, cutoff)
    incidents: measures.Incidents = defaultdict(list)
    acks = measures.ack_timeliness(ctx, incidents)
    asn = measures.asn_metrics(ctx, incidents)
    warehouse = measures.warehouse_metrics(ctx, incidents)
    chargebacks = measures.chargebacks(ctx, incidents)
    counts = measures.document_counts(ctx)
    return ComplianceReport(
        partner_id=profile.id,
        partner_name=profile.name,
        period_first=period.first,
        period_last=period.last,
        as_of=cutoff,
        documents_in=counts["inbound"],
        documents_out=counts["outbound"],
        acks=acks,
        acceptance=measures.acceptance(ctx),
        rejections=measures.rejections(ctx),
        asn=asn,
        warehouse=warehouse,
        shipment_status=measures.status_metrics(ctx),
        freight=measures.freight_metrics(ctx),
        duplicates=measures.duplicate_metrics(ctx),
        chargebacks=chargebacks,
        money_at_risk=money(sum((c.at_risk for c in chargebacks), Decimal(0))),
    )
