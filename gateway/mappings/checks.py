"""Business checks between documents: what a syntax validator cannot see.

- :func:`check_advice_against_order`: a 945's lines against the 940 it answers (quantities,
  units, unknown or missing lines, the W1202 ordered quantity echoed correctly);
- :func:`check_notice_against_order`: an ASN's shipped quantities against the purchase order
  (over-shipment, items not ordered, unit of measure different from the order, repeated SSCCs);
- :func:`check_freight_totals`: a 210's total against the sum of its charges and the net due.

Each returns :class:`~gateway.documents.base.Finding` objects with a stable code, a place and a
plain sentence; tolerances come from the partner's compliance rules.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from gateway.documents.base import Finding, ItemIds
from gateway.documents.freight_invoice import FreightInvoice
from gateway.documents.purchase_order import PurchaseOrder
from gateway.documents.ship_notice import ShipNotice
from gateway.documents.warehouse_shipping_advice import WarehouseShippingAdvice
from gateway.documents.warehouse_shipping_order import WarehouseShippingOrder


def item_key(item: ItemIds) -> str:
    """How two documents' items are matched: the Odoo product, else the first partner code."""
    if item.odoo_product:
        return item.odoo_product
    codes = item.codes()
    return next(iter(sorted(codes.items())), ("", "?"))[1]


def _allowed(ordered: Decimal, tolerance_percent: Decimal) -> Decimal:
    return ordered + ordered * tolerance_percent / Decimal(100)


def check_advice_against_order(advice: WarehouseShippingAdvice, order: WarehouseShippingOrder,
                               tolerance_percent: Decimal = Decimal(0)) -> list[Finding]:
    """Findings for a 945 that does not match its 940."""
    out: list[Finding] = []
    if advice.depositor_order_number != order.depositor_order_number:
        out.append(Finding(code="ORDER_NUMBER_MISMATCH", place="W0602",
                           message=f"the 945 answers order {advice.depositor_order_number}, "
                                   f"not {order.depositor_order_number}"))
    wanted = {item_key(line.item): line for line in order.lines}
    seen: set[str] = set()
    for line in advice.lines:
        key = item_key(line.item)
        place = f"945 line {line.line_number} ({key})"
        ordered = wanted.get(key)
        if ordered is None:
            out.append(Finding(code="ITEM_NOT_ORDERED", place=place,
                               message=f"{key} was shipped but is not on the 940"))
            continue
        seen.add(key)
        if line.unit != ordered.unit:
            out.append(Finding(code="UNIT_MISMATCH", place=place,
                               message=f"shipped in {line.unit}, ordered in {ordered.unit}"))
        if line.quantity_ordered is not None and line.quantity_ordered != ordered.quantity:
            out.append(Finding(code="ORDERED_QTY_MISMATCH", place=place,
                               message=f"the 945 says {line.quantity_ordered} ordered, the 940 asked for "
                                       f"{ordered.quantity}"))
        if line.quantity_shipped > _allowed(ordered.quantity, tolerance_percent):
            out.append(Finding(code="QTY_OVER_ORDER", place=place,
                               message=f"shipped {line.quantity_shipped} {line.unit}, the 940 ordered "
                                       f"{ordered.quantity}"))
        elif line.quantity_shipped < ordered.quantity:
            out.append(Finding(code="SHORT_SHIPPED", severity="warning", place=place,
                               message=f"shipped {line.quantity_shipped} of {ordered.quantity} {line.unit} "
                                       f"(short {ordered.quantity - line.quantity_shipped})"))
    for key, line in wanted.items():
        if key not in seen:
            out.append(Finding(code="LINE_NOT_SHIPPED", severity="warning", place=f"940 line {line.line_number}",
                               message=f"{key} ({line.quantity} {line.unit}) is not in the 945"))
    return out


def check_notice_against_order(notice: ShipNotice, order: PurchaseOrder,
                               tolerance_percent: Decimal = Decimal(0)) -> list[Finding]:
    """Findings for an ASN whose contents do not match the purchase order it ships."""
    out: list[Finding] = []
    matching = [o for o in notice.orders if o.po_number == order.po_number]
    if not matching:
        return [Finding(code="PO_NOT_IN_ASN", place="order level",
                        message=f"the ship notice has no order level for PO {order.po_number}")]
    shipped: dict[str, Decimal] = defaultdict(Decimal)
    units: dict[str, set[str]] = defaultdict(set)
    for o in matching:
        for item in o.all_items():
            key = item_key(item.item)
            shipped[key] += item.quantity_shipped
            units[key].add(item.unit)
    ordered = {item_key(line.item): line for line in order.lines}
    for key, qty in shipped.items():
        line = ordered.get(key)
        place = f"PO {order.po_number} item {key}"
        if line is None:
            out.append(Finding(code="ITEM_NOT_ORDERED", place=place, message=f"{key} is shipped but not on the PO"))
            continue
        if units[key] != {line.unit}:
            out.append(Finding(code="UNIT_MISMATCH", place=place,
                               message=f"shipped in {', '.join(sorted(units[key]))}, the PO orders in {line.unit}"))
        if qty > _allowed(line.quantity, tolerance_percent):
            out.append(Finding(code="QTY_OVER_ORDER", place=place,
                               message=f"shipped {qty}, the PO ordered {line.quantity}"))
        elif qty < line.quantity:
            out.append(Finding(code="SHORT_SHIPPED", severity="warning", place=place,
                               message=f"shipped {qty} of {line.quantity} ordered"))
    for key, line in ordered.items():
        if key not in shipped:
            out.append(Finding(code="LINE_NOT_SHIPPED", severity="warning", place=f"PO line {line.line_number}",
                               message=f"{key} is on the PO but not in the ship notice"))
    ssccs: dict[str, int] = defaultdict(int)
    for o in notice.orders:
        for pack in o.packs:
            if pack.sscc:
                ssccs[pack.sscc] += 1
    for sscc, count in ssccs.items():
        if count > 1:
            out.append(Finding(code="DUPLICATE_SSCC", place=f"SSCC {sscc}",
                               message=f"SSCC {sscc} labels {count} cartons; each carton needs its own"))
    return out


def check_freight_totals(invoice: FreightInvoice, tolerance: Decimal = Decimal(0)) -> list[Finding]:
    """Findings when a 210's total is not the sum of its charges, or the net due differs from it."""
    out: list[Finding] = []
    total = sum((c.amount for c in invoice.charges), start=Decimal(0))
    if abs(total - invoice.total_charges) > tolerance:
        out.append(Finding(code="TOTAL_NOT_SUM_OF_CHARGES", place="L305",
                           message=f"total charges {invoice.total_charges} differ from the sum of the "
                                   f"{len(invoice.charges)} charge lines {total}"))
    if abs(invoice.net_amount_due - invoice.total_charges) > tolerance:
        out.append(Finding(code="NET_DUE_MISMATCH", place="B307",
                           message=f"net amount due {invoice.net_amount_due} differs from total charges "
                                   f"{invoice.total_charges}"))
    return out
