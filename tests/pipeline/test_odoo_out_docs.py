"""The pure builders of outbound documents from Odoo reads: codes, units, parties, packs (no server)."""

from __future__ import annotations

from decimal import Decimal

from gateway.odoo.workflows.invoice_out import InvoiceLine, OutboundInvoice
from gateway.odoo.workflows.outbound_common import Address
from gateway.odoo.workflows.purchase_order_out import OutboundPOLine, OutboundPurchaseOrder
from gateway.odoo.workflows.ship_notice_out import OutboundShipNotice, Pack, PackedItem
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.odoo_out_docs import invoice_document, purchase_order_document, ship_notice_document

SUPPLIER = Address(7, "Summit Industrial Supply", "Summit Industrial Supply", None, "Pueblo", None, "US")
HAMBURG = Address(8, "EuroMarkt Lager Hamburg", "EuroMarkt Lager Hamburg", "Am Hafen 7", "Hamburg", "20457", "DE")


def test_purchase_order_prefers_the_vendor_code_kept_in_odoo(registry: PartnerRegistry) -> None:
    profile = registry.get("summit-supply")
    assert profile is not None
    lines = (OutboundPOLine("1", "WIDGET-RED", "SUMMIT-NEW-CODE", None, "Widget", 12.0, "Case", 30.5, "2026-12-01 08:00:00"),
             OutboundPOLine("2", "GADGET-20", None, None, "Gadget", 0.1, "Litre", 2.0, None))
    order = OutboundPurchaseOrder("k", 1, "P00042", SUPPLIER, "SO-9", "2026-11-26 10:00:00", "USD", None, lines,
                                  "2026-11-26 10:00:01")
    doc = purchase_order_document(order, profile)
    first, second = doc.lines
    assert first.item.vendor_part == "SUMMIT-NEW-CODE" and first.item.upc == "012345000010"
    assert (first.quantity, first.unit, first.unit_price) == (Decimal(12), "case", Decimal("30.5"))
    assert second.item.vendor_part == "SG-2000"  # from the profile when Odoo has none
    assert (second.quantity, second.unit) == (Decimal("0.1"), "each")  # an Odoo unit the profile does not map
    assert str(doc.requested_delivery_date) == "2026-12-01" and doc.references[0].value == "SO-9"
    assert [(p.role, p.id, p.id_qualifier) for p in doc.parties] == [("SE", "081234567", "1")]


def test_ship_notice_keeps_loose_items_out_of_packs_and_names_our_gln(registry: PartnerRegistry) -> None:
    profile = registry.get("euromarkt-gmbh")
    assert profile is not None
    packs = (Pack(None, (PackedItem("GIZMO-XL", None, 2.0, "Units", None, 2.0),)),
             Pack("006141410000000012", (PackedItem("WIDGET-RED", None, 10.0, "Units", "L1", 12.0),)))
    notice = OutboundShipNotice("k", 3, "WH/OUT/00009", "EuroMarkt Lager Hamburg", None, "2026-11-26 15:04:05",
                                "DHL Freight", None, HAMBURG, packs)
    doc = ship_notice_document(notice, profile, scac="DHLF", references={"IA": "V-1"})
    [order] = doc.orders
    assert order.po_number == "WH/OUT/00009"  # no customer PO: the picking name
    assert [i.line_number for i in order.items] == ["1"] and order.packs[0].sscc == "006141410000000012"
    assert order.packs[0].items[0].quantity_ordered == Decimal(12) and order.packs[0].items[0].lot == "L1"
    assert doc.carrier_scac == "DHLF" and doc.packaging_code is None and doc.lading_quantity == Decimal(1)
    assert str(doc.notice_time) == "15:04:05" and doc.references[0].qualifier == "IA"
    assert [(p.role, p.id) for p in doc.parties] == [("SU", "0614141000005"), ("DP", "4012345000016")]


def test_invoice_totals_and_lines_come_from_odoo(registry: PartnerRegistry) -> None:
    profile = registry.get("euromarkt-gmbh")
    assert profile is not None
    berlin = Address(9, "EuroMarkt Zentrale Berlin", "EuroMarkt Zentrale Berlin", None, "Berlin", None, "DE")
    invoice = OutboundInvoice("k", 4, "INV/2026/11/0007", "x", berlin, "2026-11-26", "2026-12-26", "EM-1", "S00009",
                              "EUR", 47.4, 9.01, 56.41, (InvoiceLine("1", "WIDGET-RED", None, "Widget", 12.0, 3.95, 47.4),),
                              "2026-11-26 16:00:00")
    doc = invoice_document(invoice, profile)
    assert (doc.total_line_amount, doc.tax_amount, doc.total_amount) == (Decimal("47.4"), Decimal("9.01"), Decimal("56.41"))
    assert doc.order_number == "EM-1" and doc.lines[0].unit_price == Decimal("3.95")
    assert [(p.role, p.id) for p in doc.parties] == [("SU", "0614141000005"), ("BY", "4012345000023")]


def test_invoice_line_units_come_from_odoo_through_the_partner_cross_reference(registry: PartnerRegistry) -> None:
    profile = registry.get("euromarkt-gmbh")
    assert profile is not None
    berlin = Address(9, "EuroMarkt Zentrale Berlin", "EuroMarkt Zentrale Berlin", None, "Berlin", None, "DE")
    lines = (InvoiceLine("1", "WIDGET-RED", None, "Widget", 12.0, 3.95, 47.4, "Units"),
             InvoiceLine("2", "WIDGET-BOX", None, "Widget box", 2.0, 40.0, 80.0, "Case"),
             InvoiceLine("3", "GADGET", None, "Gadget", 1.0, 5.0, 5.0, "Pallet"),  # not mapped by the profile
             InvoiceLine("4", "GIZMO", None, "Gizmo", 1.0, 5.0, 5.0))  # no unit from Odoo
    invoice = OutboundInvoice("k", 5, "INV/2026/11/0008", "x", berlin, "2026-11-26", None, "EM-2", None, "EUR",
                              137.4, 0.0, 137.4, lines, "2026-11-26 16:00:00")
    doc = invoice_document(invoice, profile)
    assert [(ln.unit, ln.odoo_uom) for ln in doc.lines] == [
        ("each", "Units"), ("case", "Case"), ("each", "Pallet"), ("each", None)]
