"""Posted customer invoices for partners that want them -> outbound invoice data (EDIFACT INVOIC).

Reads the posted ``out_invoice`` moves of those customers changed since the watermark, their
product lines and the products, in a fixed number of round trips per poll. The customer's PO
number travels in the invoice ``ref`` (Odoo copies ``client_order_ref`` there when invoicing
an order) and the delivery/order names in ``invoice_origin``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.common import idempotency_key
from gateway.odoo.workflows.outbound_common import Address, addresses, m2o_id, read_by_id, watermark_domain

DOC_TYPE = "invoice_out"


@dataclass(frozen=True)
class InvoiceLine:
    """One invoiced product line."""

    line_number: str
    product_code: str | None
    gtin: str | None
    description: str
    quantity: float
    price: float
    amount: float
    uom: str = ""  # the line's Odoo unit name ("" when Odoo gave none)


@dataclass(frozen=True)
class OutboundInvoice:
    """A posted customer invoice ready to render as INVOIC."""

    key: str
    odoo_id: int
    number: str
    customer_ref: str
    buyer: Address
    invoice_date: str | None
    due_date: str | None
    customer_po: str | None
    origin: str | None
    currency: str
    untaxed: float
    tax: float
    total: float
    lines: tuple[InvoiceLine, ...]
    write_date: str


def invoices_to_send(client: OdooClient, customer_refs: Iterable[str], *, since: str | None = None,
                     limit: int = 200) -> list[OutboundInvoice]:
    """Posted customer invoices of these customers (and their contacts) changed after ``since``."""
    refs = list(dict.fromkeys(customer_refs))
    customers = client.search_read("res.partner", [("ref", "in", refs)], ["id", "ref"]) if refs else []
    if not customers:
        return []
    moves = client.search_read(
        "account.move", [("move_type", "=", "out_invoice"), ("state", "=", "posted"),
                         ("partner_id", "child_of", [c["id"] for c in customers]), *watermark_domain(since)],
        ["id", "name", "partner_id", "invoice_date", "invoice_date_due", "ref", "invoice_origin", "currency_id",
         "amount_untaxed", "amount_tax", "amount_total", "write_date"], order="write_date, id", limit=limit)
    if not moves:
        return []
    lines = client.search_read("account.move.line", [("move_id", "in", [m["id"] for m in moves]),
                                                     ("display_type", "=", "product")],
                               ["move_id", "product_id", "name", "quantity", "price_unit", "price_subtotal",
                                "product_uom_id"],
                               order="move_id, sequence, id")
    products = read_by_id(client, "product.product", (m2o_id(ln["product_id"]) for ln in lines), ["default_code", "barcode"])
    partners = read_by_id(client, "res.partner", (m2o_id(m["partner_id"]) for m in moves), ["commercial_partner_id"])
    people = addresses(client, (m2o_id(m["partner_id"]) or 0 for m in moves))
    ref_by_id = {c["id"]: c["ref"] for c in customers}
    by_move: dict[int, list[InvoiceLine]] = {}
    for ln in lines:
        product = products.get(m2o_id(ln["product_id"]) or 0, {})
        bucket = by_move.setdefault(m2o_id(ln["move_id"]) or 0, [])
        bucket.append(InvoiceLine(str(len(bucket) + 1), product.get("default_code") or None,
                                  product.get("barcode") or None, ln.get("name") or "", ln["quantity"], ln["price_unit"],
                                  ln["price_subtotal"], ln["product_uom_id"][1] if ln.get("product_uom_id") else ""))
    out = []
    for m in moves:
        partner_id = m2o_id(m["partner_id"]) or 0
        commercial = m2o_id(partners.get(partner_id, {}).get("commercial_partner_id")) or partner_id
        customer_ref = ref_by_id.get(commercial) or ref_by_id.get(partner_id) or refs[0]
        out.append(OutboundInvoice(
            idempotency_key(DOC_TYPE, customer_ref, m["name"]), m["id"], m["name"], customer_ref, people[partner_id],
            m.get("invoice_date") or None, m.get("invoice_date_due") or None, m.get("ref") or None,
            m.get("invoice_origin") or None, m["currency_id"][1] if m.get("currency_id") else "",
            m["amount_untaxed"], m["amount_tax"], m["amount_total"], tuple(by_move.get(m["id"], [])), m["write_date"]))
    return out
