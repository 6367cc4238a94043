"""Each section of the compliance report, measured from the ledger for one partner and period.

The rules, stated once so the report can be checked by hand:

- Their acks: expected acknowledgments (TA1, 997, 999, CONTRL, MDN) created in the period. On
  time when received by the deadline, late when received after it, missing when not received and
  the deadline passed before ``as_of``, pending otherwise. The overdue list is the missing ones.
- Our acks: inbound interchanges received in the period. Our ack of one is the outbound
  interchange the pipeline stored for it (``transport_meta.acknowledges`` = its id, ``kind`` 997,
  999, CONTRL or TA1); it was sent when its outbox entry was marked sent. On time when sent within
  the profile's ``acks.their_ack_deadline_hours`` (the agreed acknowledgment time, the same both
  ways); late after it; missing when not sent and the time passed. An interchange for which the
  pipeline recorded that the policy asks for no ack (``ack_out``/``none``) is not counted.
- Acceptance: functional acks received in the period (997, 999, CONTRL; not TA1 or MDN), by
  result. M, W and X (997 rejections for security reasons) count as R.
- Rejections: every status change to ``rejected`` in the period, of this partner's documents,
  grouped by the error code of each issue (a rejection without issues counts under its category).
- ASNs (856, DESADV) we created in the period: shipment time is ``odoo_refs.shipped_at`` when the
  pipeline recorded it, else the document's creation; sent time is its first ``sent`` event. On
  time within ``compliance.asn_deadline_hours``. Accuracy compares each ASN with the partner's
  purchase order (850, ORDERS, business key = PO number): every pack has an SSCC, no SSCC repeats
  within the period, the unit is the ordered unit, and the quantity shipped per PO line over all
  ASNs does not exceed the ordered quantity.
- 940 -> 945: warehouse shipping orders we created in the period, matched to the 3PL's 945 by
  depositor order number. Cycle time from the 940's ``sent`` event (else creation) to the 945's
  arrival; fill rate = units shipped over units ordered of the confirmed orders.
- 214: status messages received in the period, grouped by shipment (PRO number). Coverage = the
  shipments with a delivered status (D1). Latency = arrival of the message minus the status time.
- 210: freight invoices received in the period. Expected cost is ``odoo_refs.expected_amount``
  (the rate the pipeline found in Odoo); invoices without it are "unquoted" and not compared.
- Duplicates: duplicate-file events on this partner's interchanges in the period, documents that
  went to ``duplicate``, and documents created in the period as resubmissions or regenerations.
- Chargebacks: each rule of ``compliance.chargebacks`` that a measure counts (see
  :data:`CHARGEBACK_MEASURES`) is priced per occurrence by :mod:`gateway.reports.chargebacks`;
  other rules are listed unmeasured. The measures above record each occurrence with the cartons
  and value concerned: a late ASN or one with a quantity problem counts the packs (SSCCs) of
  the ASN and its value; a carton without an SSCC, or with a repeated one, counts one carton and
  the value of its contents; a short-shipped warehouse order counts the SSCCs on the 945; a late
  or missing ack of ours counts no cartons and no value. The value of goods shipped is the
  quantity shipped times the purchase order line's ``unit_price``; unknown when a line has none.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from gateway.ledger.models import Document, Event, ExpectedAck, Interchange, OutboxEntry, ReceivedAck
from gateway.partners.model import PartnerProfile
from gateway.reports.chargebacks import Incidents, price_rules
from gateway.reports.figures import average, dec, hours, maximum, minutes, money, parse_time, rate
from gateway.reports.model import (
    Acceptance,
    AckTimeliness,
    AsnMetrics,
    Chargeback,
    DuplicateMetrics,
    FreightMetrics,
    Occurrence,
    Period,
    Rejection,
    StatusMetrics,
    WarehouseMetrics,
)
from gateway.x12.codes import explain

ASN_TYPES = ("856", "DESADV")
PO_TYPES = ("850", "ORDERS")
FUNCTIONAL_ACKS = ("997", "999", "CONTRL")
DELIVERED_CODES = frozenset({"D1"})
OUR_ACK_KINDS = frozenset({"997", "999", "CONTRL", "TA1"})
NO_ACK_STEP = "ack_out"


@dataclass(frozen=True)
class Context:
    """What every measure needs: the session, the partner, the period and the cut-off time."""

    session: Session
    profile: PartnerProfile
    period: Period
    as_of: datetime

    @property
    def partner_id(self) -> str:
        """The partner's id."""
        return self.profile.id


def _in_period(column: Any, ctx: Context) -> Any:
    return and_(column >= ctx.period.start, column < ctx.period.end)


def _documents(ctx: Context, doc_types: Sequence[str], direction: str) -> Sequence[Document]:
    return ctx.session.scalars(
        select(Document).where(Document.partner_id == ctx.partner_id, Document.doc_type.in_(doc_types),
                               Document.direction == direction, _in_period(Document.created_at, ctx))
        .order_by(Document.id)
    ).all()


def _first_event_at(ctx: Context, document_id: int, outcome: str) -> datetime | None:
    return ctx.session.scalar(
        select(func.min(Event.at)).where(Event.document_id == document_id, Event.outcome == outcome)
    )


def document_counts(ctx: Context) -> dict[str, int]:
    """Documents of the partner created in the period, per direction."""
    rows = ctx.session.execute(
        select(Document.direction, func.count()).where(Document.partner_id == ctx.partner_id,
                                                        _in_period(Document.created_at, ctx))
        .group_by(Document.direction)
    ).all()
    counts = {"inbound": 0, "outbound": 0}
    counts.update({direction: n for direction, n in rows})
    return counts


def ack_timeliness(ctx: Context, incidents: Incidents | None = None) -> AckTimeliness:
    """Their acknowledgments against the deadline, and ours against the agreed time.

    Our late or missing acks are added to ``incidents`` under ``late_ack``.
    """
    found: Incidents = incidents if incidents is not None else defaultdict(list)
    window = timedelta(hours=float(ctx.profile.acks.their_ack_deadline_hours))
    out = AckTimeliness(deadline_hours=ctx.profile.acks.their_ack_deadline_hours)
    expected = ctx.session.scalars(
        select(ExpectedAck).where(ExpectedAck.partner_id == ctx.partner_id, _in_period(ExpectedAck.created_at, ctx))
        .order_by(ExpectedAck.deadline, ExpectedAck.id)
    ).all()
    for exp in expected:
        out.theirs_expected += 1
        if exp.received_at is not None and exp.received_at <= ctx.as_of:
            if exp.received_at <= exp.deadline:
                out.theirs_on_time += 1
            else:
                out.theirs_late += 1
        elif exp.deadline < ctx.as_of:
            out.theirs_missing += 1
            out.overdue.append({"kind": exp.kind, "level": exp.level, "interchange_control": exp.interchange_control,
                                "group_control": exp.group_control, "set_control": exp.set_control,
                                "document_id": exp.document_id, "deadline": exp.deadline})
        else:
            out.theirs_pending += 1
    out.theirs_on_time_rate = rate(out.theirs_on_time, out.theirs_expected)
    if ctx.profile.acks.functional == "none" and not ctx.profile.acks.contrl:
        return out
    sent_acks = _our_ack_send_times(ctx)
    no_ack = set(ctx.session.scalars(select(Event.interchange_id).where(
        Event.step == NO_ACK_STEP, Event.outcome == "none", Event.interchange_id.is_not(None))).all())
    inbound = ctx.session.execute(
        select(Interchange.id, Interchange.occurred_at, Interchange.control_number).where(
            Interchange.partner_id == ctx.partner_id, Interchange.direction == "inbound",
            _in_period(Interchange.occurred_at, ctx))
    ).all()
    for interchange_id, received, control in inbound:
        if interchange_id in no_ack:
            continue
        sent = sent_acks.get(interchange_id)
        due = received + window
        late = Occurrence(None, f"interchange {control or interchange_id}")
        if sent is not None and sent <= ctx.as_of:
            out.ours_due += 1
            if sent <= due:
                out.ours_on_time += 1
            else:
                out.ours_late += 1
                found["late_ack"].append(late)
        elif due < ctx.as_of:
            out.ours_due += 1
            out.ours_missing += 1
            found["late_ack"].append(late)
    out.ours_on_time_rate = rate(out.ours_on_time, out.ours_due)
    return out


def _our_ack_send_times(ctx: Context) -> dict[int, datetime]:
    """Inbound interchange id -> when our acknowledgment of it was sent (first send)."""
    rows = ctx.session.execute(
        select(Interchange.id, Interchange.transport_meta, func.min(OutboxEntry.sent_at))
        .join(OutboxEntry, OutboxEntry.interchange_id == Interchange.id)
        .where(Interchange.partner_id == ctx.partner_id, Interchange.direction == "outbound",
               OutboxEntry.sent_at.is_not(None))
        .group_by(Interchange.id, Interchange.transport_meta)
    ).all()
    out: dict[int, datetime] = {}
    for _id, meta, sent_at in rows:
        meta = meta or {}
        target = meta.get("acknowledges")
        if meta.get("kind") in OUR_ACK_KINDS and isinstance(target, int) and sent_at is not None:
            sent = sent_at if sent_at.tzinfo else sent_at.replace(tzinfo=UTC)
            out[target] = min(sent, out.get(target, sent))
    return out


def acceptance(ctx: Context) -> Acceptance:
    """Counts and rates of A, E, P and R in the functional acks received in the period."""
    out = Acceptance()
    results = ctx.session.scalars(
        select(ReceivedAck.result).where(ReceivedAck.partner_id == ctx.partner_id,
                                         ReceivedAck.kind.in_(FUNCTIONAL_ACKS),
                                         _in_period(ReceivedAck.received_at, ctx))
    ).all()
    for result in results:
        key = result if result in ("A", "E", "P") else "R"
        out.counts[key] += 1
        out.total += 1
    out.rates = {k: rate(n, out.total) for k, n in out.counts.items()}
    return out


def _explanation(issue: dict[str, Any]) -> str:
    level = str(issue.get("level") or "")
    code = str(issue.get("code") or "")
    return explain(level, code) or str(issue.get("message") or "")


def rejections(ctx: Context) -> list[Rejection]:
    """Rejections in the period grouped by error code, most frequent first."""
    details = ctx.session.scalars(
        select(Event.detail).join(Document, Document.id == Event.document_id).where(
            Document.partner_id == ctx.partner_id, Event.outcome == "rejected", _in_period(Event.at, ctx))
        .order_by(Event.id)
    ).all()
    counts: Counter[str] = Counter()
    texts: dict[str, tuple[str, str | None]] = {}
    for detail in details:
        issues = [i for i in (detail or {}).get("errors") or [] if isinstance(i, dict)]
        if not issues:
            code = f"category:{(detail or {}).get('category') or 'unknown'}"
            counts[code] += 1
            texts.setdefault(code, (str((detail or {}).get("reason") or "no reason recorded"), None))
            continue
        for issue in issues:
            code = str(issue.get("code") or "?")
            counts[code] += 1
            explanation, hint = texts.get(code, (_explanation(issue), None))
            texts[code] = (explanation, hint or issue.get("hint"))
    return [Rejection(code=code, count=n, explanation=texts[code][0], hint=texts[code][1])
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _purchase_orders(ctx: Context) -> dict[str, dict[str, Any]]:
    """The partner's purchase orders by PO number (latest canonical wins), whatever their date."""
    docs = ctx.session.scalars(
        select(Document).where(Document.partner_id == ctx.partner_id, Document.doc_type.in_(PO_TYPES),
                               Document.direction == "inbound", Document.canonical.is_not(None))
        .order_by(Document.id)
    ).all()
    return {d.business_key: d.canonical for d in docs if d.business_key and d.canonical}


def _order_lines(po: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(line.get("line_number")): line for line in po.get("lines") or []}


def _prices(po: dict[str, Any] | None) -> dict[str, Decimal]:
    """PO line number -> unit price, for the lines that carry one."""
    return {str(line.get("line_number")): dec(line["unit_price"]) for line in (po or {}).get("lines") or []
            if line.get("unit_price") not in (None, "")}


def _value(items: list[dict[str, Any]], prices: dict[str, Decimal]) -> Decimal | None:
    """Quantity shipped times unit price over ``items``; None when an item's price is unknown."""
    total = Decimal(0)
    for item in items:
        price = prices.get(str(item.get("line_number")))
        if price is None:
            return None
        total += dec(item.get("quantity_shipped")) * price
    return total


def _asn_value(asn: dict[str, Any], orders: dict[str, dict[str, Any]]) -> Decimal | None:
    """The value of everything an ASN ships, priced from its purchase orders."""
    total = Decimal(0)
    for order in asn.get("orders") or []:
        items = list(order.get("items") or [])
        for pack in order.get("packs") or []:
            items.extend(pack.get("items") or [])
        value = _value(items, _prices(orders.get(str(order.get("po_number") or ""))))
        if value is None:
            return None
        total += value
    return total


def _cartons(asn: dict[str, Any]) -> int:
    """The packages (SSCC-labelled cartons) an ASN lists."""
    return sum(len(order.get("packs") or []) for order in asn.get("orders") or [])


def asn_metrics(ctx: Context, incidents: Incidents | None = None) -> AsnMetrics:
    """Timeliness and accuracy of the ship notices we created in the period.

    Late ASNs, ASNs with quantity problems and cartons without or with a repeated SSCC are added
    to ``incidents`` (``late_asn``, ``asn_quantity_mismatch``, ``missing_sscc``, ``duplicate_sscc``).
    """
    found: Incidents = incidents if incidents is not None else defaultdict(list)
    deadline = ctx.profile.compliance.asn_deadline_hours
    out = AsnMetrics(deadline_hours=deadline)
    orders = _purchase_orders(ctx)
    seen_ssccs: set[str] = set()
    shipped_per_line: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    spans: list[Decimal] = []
    for doc in _documents(ctx, ASN_TYPES, "outbound"):
        shipped_at = parse_time((doc.odoo_refs or {}).get("shipped_at")) or doc.created_at
        sent_at = _first_event_at(ctx, doc.id, "sent")
        late = False
        if sent_at is not None and sent_at <= ctx.as_of:
            out.sent += 1
            spans.append(minutes(sent_at - shipped_at))
            if deadline is not None:
                if sent_at - shipped_at <= timedelta(hours=float(deadline)):
                    out.on_time += 1
                else:
                    late = True
        else:
            out.unsent += 1
            late = deadline is not None and shipped_at + timedelta(hours=float(deadline)) < ctx.as_of
        asn = doc.canonical or {}
        whole = Occurrence(doc.id, doc.business_key or f"document {doc.id}", _cartons(asn), _asn_value(asn, orders))
        if late:
            out.late += 1
            found["late_asn"].append(whole)
        if doc.canonical and _check_asn(out, doc.canonical, orders, seen_ssccs, shipped_per_line, found,
                                        whole.reference):
            found["asn_quantity_mismatch"].append(whole)
    out.on_time_rate = rate(out.on_time, out.on_time + out.late) if deadline is not None else None
    out.average_minutes = average(spans)
    out.accuracy_rate = rate(out.accurate, out.checked)
    return out


def _check_asn(out: AsnMetrics, asn: dict[str, Any], orders: dict[str, dict[str, Any]], seen_ssccs: set[str],
               shipped_per_line: dict[tuple[str, str], Decimal], found: Incidents, reference: str) -> bool:
    """Check one ASN against its orders; record carton incidents; True when a quantity or unit is wrong."""
    out.checked += 1
    problems = 0
    quantity_problem = False
    for order in asn.get("orders") or []:
        po_number = str(order.get("po_number") or "")
        po = orders.get(po_number)
        if po is None:
            out.orders_not_found += 1
            problems += 1
        lines = _order_lines(po) if po else {}
        prices = _prices(po)
        items = list(order.get("items") or [])
        for pack in order.get("packs") or []:
            out.packs += 1
            sscc = pack.get("sscc")
            carton = Occurrence(None, f"{reference} carton {sscc or out.packs}", 1,
                                _value(list(pack.get("items") or []), prices))
            if not sscc:
                out.packs_without_sscc += 1
                problems += 1
                found["missing_sscc"].append(carton)
            elif sscc in seen_ssccs:
                out.duplicate_ssccs += 1
                problems += 1
                found["duplicate_sscc"].append(carton)
            else:
                seen_ssccs.add(sscc)
            items.extend(pack.get("items") or [])
        for item in items:
            line = lines.get(str(item.get("line_number")))
            if po is None or line is None:
                continue
            if item.get("unit") != line.get("unit"):
                out.unit_mismatches += 1
                problems += 1
                quantity_problem = True
            key = (po_number, str(item.get("line_number")))
            before = shipped_per_line[key]
            shipped_per_line[key] = before + dec(item.get("quantity_shipped"))
            ordered = dec(line.get("quantity"))
            if shipped_per_line[key] > ordered >= before:
                out.over_shipped_lines += 1
                problems += 1
                quantity_problem = True
    if problems == 0:
        out.accurate += 1
    if quantity_problem:
        out.asns_with_quantity_issues += 1
    return quantity_problem


def warehouse_metrics(ctx: Context, incidents: Incidents | None = None) -> WarehouseMetrics:
    """940 to 945 cycle time and fill rate of the warehouse orders created in the period.

    Orders shipped short are added to ``incidents`` under ``short_ship`` with the 945's SSCCs.
    """
    found: Incidents = incidents if incidents is not None else defaultdict(list)
    out = WarehouseMetrics()
    advices: dict[str, Document] = {}
    for doc in ctx.session.scalars(
        select(Document).where(Document.partner_id == ctx.partner_id, Document.doc_type == "945",
                               Document.direction == "inbound", Document.created_at < ctx.as_of)
        .order_by(Document.id)
    ).all():
        if doc.business_key and doc.business_key not in advices and doc.status not in ("duplicate", "superseded"):
            advices[doc.business_key] = doc
    cycles: list[Decimal] = []
    for order in _documents(ctx, ("940",), "outbound"):
        if order.status in ("cancelled", "superseded"):
            continue
        out.orders += 1
        advice = advices.get(order.business_key or "")
        if advice is None:
            out.open += 1
            continue
        out.confirmed += 1
        start = _first_event_at(ctx, order.id, "sent") or order.created_at
        cycles.append(hours(advice.created_at - start))
        ordered = sum((dec(line.get("quantity")) for line in (order.canonical or {}).get("lines") or []), Decimal(0))
        shipped = sum((dec(line.get("quantity_shipped")) for line in (advice.canonical or {}).get("lines") or []),
                      Decimal(0))
        out.ordered_units += ordered
        out.shipped_units += shipped
        if shipped < ordered:
            out.short_shipped_orders += 1
            ssccs = {line.get("sscc") for line in (advice.canonical or {}).get("lines") or [] if line.get("sscc")}
            found["short_ship"].append(Occurrence(order.id, order.business_key or f"document {order.id}", len(ssccs)))
    out.average_cycle_hours = average(cycles)
    out.max_cycle_hours = maximum(cycles)
    out.fill_rate = rate(out.shipped_units, out.ordered_units)
    return out


def status_metrics(ctx: Context) -> StatusMetrics:
    """214 coverage (a delivered status per shipment) and latency of the statuses received."""
    out = StatusMetrics()
    shipments: dict[str, bool] = {}
    latencies: list[Decimal] = []
    for doc in _documents(ctx, ("214", "IFTSTA"), "inbound"):
        if doc.status in ("duplicate", "superseded") or not doc.canonical:
            continue
        out.status_messages += 1
        shipment = str(doc.canonical.get("pro_number") or doc.business_key or doc.id)
        delivered = shipments.get(shipment, False)
        for event in doc.canonical.get("events") or []:
            at = parse_time(event.get("time"))
            if at is not None:
                latencies.append(minutes(doc.created_at - at))
            delivered = delivered or event.get("status_code") in DELIVERED_CODES
        shipments[shipment] = delivered
    out.shipments = len(shipments)
    out.delivered = sum(1 for d in shipments.values() if d)
    out.coverage_rate = rate(out.delivered, out.shipments)
    out.average_latency_minutes = average(latencies)
    out.max_latency_minutes = maximum(latencies)
    return out


def freight_metrics(ctx: Context) -> FreightMetrics:
    """Billed against expected freight cost of the 210s received in the period."""
    tolerance = ctx.profile.compliance.freight_tolerance_amount
    out = FreightMetrics(tolerance=tolerance)
    for doc in _documents(ctx, ("210",), "inbound"):
        if doc.status in ("duplicate", "superseded") or not doc.canonical:
            continue
        out.invoices += 1
        billed = dec(doc.canonical.get("net_amount_due"))
        out.billed += billed
        expected_raw = (doc.odoo_refs or {}).get("expected_amount")
        if expected_raw is None:
            out.unquoted += 1
            continue
        expected = dec(expected_raw)
        out.compared += 1
        out.expected += expected
        out.variance += billed - expected
        if abs(billed - expected) > tolerance:
            out.over_tolerance += 1
    out.billed, out.expected, out.variance = money(out.billed), money(out.expected), money(out.variance)
    return out


def duplicate_metrics(ctx: Context) -> DuplicateMetrics:
    """Duplicate files and documents, resubmissions and regenerations in the period."""
    files = ctx.session.scalar(
        select(func.count()).select_from(Event).join(Interchange, Interchange.id == Event.interchange_id).where(
            Interchange.partner_id == ctx.partner_id, Event.step == "receive", Event.outcome == "duplicate",
            _in_period(Event.at, ctx))
    ) or 0
    docs = ctx.session.scalar(
        select(func.count()).select_from(Event).join(Document, Document.id == Event.document_id).where(
            Document.partner_id == ctx.partner_id, Event.outcome == "duplicate", Event.step != "receive",
            _in_period(Event.at, ctx))
    ) or 0
    created = select(func.count()).select_from(Document).where(
        Document.partner_id == ctx.partner_id, _in_period(Document.created_at, ctx))
    resubmissions = ctx.session.scalar(created.where(Document.resubmission_of_id.is_not(None))) or 0
    regenerations = ctx.session.scalar(created.where(Document.regenerated_from_id.is_not(None))) or 0
    return DuplicateMetrics(duplicate_files=files, duplicate_documents=docs, resubmissions=resubmissions,
                            regenerations=regenerations)


#: chargeback rule name -> what counts one occurrence
CHARGEBACK_MEASURES: dict[str, str] = {
    "late_asn": "ASNs sent after the deadline or not sent by it",
    "asn_quantity_mismatch": "ASNs with a unit or quantity that differs from the order",
    "missing_sscc": "cartons without an SSCC",
    "duplicate_sscc": "SSCCs used twice",
    "short_ship": "warehouse orders shipped short",
    "late_ack": "acknowledgments we sent late or not at all",
}


def chargebacks(ctx: Context, incidents: Incidents) -> list[Chargeback]:
    """Money at risk per chargeback rule of the profile, priced from the occurrences the measures found."""
    return price_rules(ctx.profile.compliance.chargebacks, incidents, CHARGEBACK_MEASURES)
