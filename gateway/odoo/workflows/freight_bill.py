"""Inbound freight invoice (X12 210) -> a carrier vendor bill (``account.move``, ``in_invoice``).

One bill line per charge, the carrier's invoice number as ``ref``. Odoo 17 does not block a
second bill with the same reference (it only warns), so the workflow looks for one first and
refuses a repeat, unless it is its own earlier attempt (same ledger document), which it resumes.
The bill is matched to our shipment by delivery name, BOL/tracking number or PO number, and the
total is compared with the expected cost (given, or the delivery's ``carrier_price``); a variance
beyond the profile's limit is flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import WorkflowError, WorkflowResult, idempotency_key, marker

DOC_TYPE = "freight_invoice"


@dataclass(frozen=True)
class FreightCharge:
    """One charge line of the freight invoice."""

    description: str
    amount: float


@dataclass(frozen=True)
class FreightInvoiceRequest:
    """A carrier's freight invoice."""

    document_id: str
    carrier_ref: str
    invoice_number: str
    invoice_date: dt.date
    charges: tuple[FreightCharge, ...]
    shipment_ref: str | None = None
    bol: str | None = None
    po_number: str | None = None
    expected_cost: float | None = None
    variance_pct: float = 5.0
    freight_product_code: str = "FREIGHT"
    post: bool = True


def _match_shipment(client: OdooClient, req: FreightInvoiceRequest) -> list[dict[str, Any]]:
    terms: list[Any] = []
    if req.shipment_ref:
        terms.append(("name", "=", req.shipment_ref))
    if req.bol:
        terms.append(("carrier_tracking_ref", "=", req.bol))
    if req.po_number:
        terms.append(("origin", "=", req.po_number))
    if not terms:
        return []
    domain: list[Any] = ["|"] * (len(terms) - 1) + terms
    return client.search_read("stock.picking", domain, ["id", "name", "carrier_price", "origin"], order="id")


def import_freight_invoice(client: OdooClient, cache: MasterDataCache, req: FreightInvoiceRequest) -> WorkflowResult:
    """Create (and post) the carrier bill once; see the module docstring."""
    start = client.round_trips.total
    key = idempotency_key(DOC_TYPE, req.carrier_ref, req.invoice_number)
    if not req.charges:
        raise WorkflowError("mismatch", f"freight invoice {req.invoice_number} has no charges", key=key)
    carrier = cache.partners_by_ref([req.carrier_ref]).get(req.carrier_ref)
    if carrier is None:
        raise WorkflowError("master_data", f"no carrier with reference {req.carrier_ref!r} in Odoo", key=key)
    freight = cache.products([req.freight_product_code]).get(req.freight_product_code)
    if freight is None:
        raise WorkflowError("master_data", f"freight product {req.freight_product_code!r} is missing in Odoo", key=key)
    mark = marker(req.document_id)
    existing = client.search_read("account.move", [("move_type", "=", "in_invoice"), ("partner_id", "=", carrier["id"]),
                                                   ("ref", "=", req.invoice_number), ("state", "!=", "cancel")],
                                  ["id", "name", "state", "payment_reference"], order="id")
    ours = [m for m in existing if m.get("payment_reference") == mark]
    if ours:
        bill = ours[0]
        if req.post and bill["state"] == "draft":
            client.call("account.move", "action_post", [bill["id"]])
            bill = client.read("account.move", [bill["id"]], ["name", "state"])[0]
        return WorkflowResult("resumed", "account.move", bill["id"], bill["name"], key, client.round_trips.total - start,
                              {"state": bill["state"]})
    if existing:
        raise WorkflowError("duplicate", f"carrier invoice {req.invoice_number} from {carrier['name']} is already in "
                            f"Odoo as {existing[0]['name']} ({existing[0]['state']}); a repeat is refused", key=key,
                            details={"existing_id": existing[0]["id"]})
    shipments = _match_shipment(client, req)
    warnings: list[str] = []
    total = round(sum(c.amount for c in req.charges), 2)
    expected = req.expected_cost
    if expected is None and shipments:
        expected = sum(s["carrier_price"] or 0.0 for s in shipments) or None
    variance = None
    if not shipments:
        warnings.append("no matching shipment found (by delivery, BOL or PO)")
    if expected:
        variance = round((total - expected) / expected * 100.0, 2)
        if abs(variance) > req.variance_pct:
            warnings.append(f"freight total {total:.2f} differs from expected {expected:.2f} by {variance:+.2f}% "
                            f"(limit {req.variance_pct:g}%)")
    origin = ", ".join(s["name"] for s in shipments) or False
    lines = [(0, 0, {"product_id": freight["id"], "name": charge.description, "quantity": 1,
                     "price_unit": charge.amount}) for charge in req.charges]
    bill_id = client.create("account.move", {
        "move_type": "in_invoice", "partner_id": carrier["id"], "ref": req.invoice_number,
        "invoice_date": req.invoice_date.isoformat(), "invoice_origin": origin, "payment_reference": mark,
        "invoice_line_ids": lines,
    })
    if req.post:
        client.call("account.move", "action_post", [bill_id])  # returns False in 17 even on success: re-read
    bill = client.read("account.move", [bill_id], ["name", "state", "amount_total"])[0]
    return WorkflowResult("created", "account.move", bill_id, bill["name"], key, client.round_trips.total - start,
                          {"state": bill["state"], "amount_total": bill["amount_total"], "variance_pct": variance,
                           "shipments": [s["name"] for s in shipments]}, warnings)
