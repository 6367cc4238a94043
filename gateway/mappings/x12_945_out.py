"""Warehouse shipping advice -> X12 945 (the 3PL side; used by tests and the demo's fake 3PL)."""

from __future__ import annotations

from gateway.documents.warehouse_shipping_advice import WarehouseShippingAdvice
from gateway.mappings.units import code_for_unit
from gateway.mappings.values import fmt_date, format_decimal
from gateway.mappings.x12_common import Segment, SetBuilder, item_pairs, write_party
from gateway.partners.model import PartnerProfile


def _num(value: object) -> str | None:
    return format_decimal(value) if value is not None else None  # type: ignore[arg-type]


def render(doc: WarehouseShippingAdvice, profile: PartnerProfile | None, control_number: str,
           version: str = "005010") -> list[Segment]:
    """The 945 set (ST..SE) for one shipping advice."""
    b = SetBuilder("945", control_number)
    b.add("W06", doc.reporting_code, doc.depositor_order_number, fmt_date(doc.ship_date), doc.shipment_id,
          doc.agent_shipment_id, doc.po_number)
    for party in doc.parties:
        write_party(b, party)
    for ref in doc.references:
        b.add("N9", ref.qualifier, ref.value)
    b.add("W27", doc.transport_method, doc.carrier_scac, None, doc.payment_method)
    for line in doc.lines:
        b.add("LX", line.line_number)
        if line.sscc:
            b.add("MAN", "GM", "00" + line.sscc)
        pairs = item_pairs(line.item, profile)
        upc = next((pairs[k + 1] for k in range(0, len(pairs), 2) if pairs[k] == "UP"), None)
        pair = next(([pairs[k], pairs[k + 1]] for k in range(0, len(pairs), 2) if pairs[k] != "UP"), [])
        b.add("W12", line.status_code, _num(line.quantity_ordered), format_decimal(line.quantity_shipped),
              _num(line.quantity_difference), code_for_unit(line.unit, "x12", profile), upc,
              *(pair or [None, None]), line.lot)
        for serial in line.serials:
            b.add("N9", "SE", serial)
    b.add("W03", _num(doc.total_shipped) or format_decimal(sum((x.quantity_shipped for x in doc.lines), start=0)),
          _num(doc.total_weight), code_for_unit(doc.weight_unit, "x12", profile) if doc.weight_unit else None,
          None, None, _num(doc.lading_quantity),
          code_for_unit(doc.lading_unit or "carton", "x12", profile) if doc.lading_quantity is not None else None)
    return b.finish()
