"""Master data the example partners' documents need, created in an Odoo (sandbox) through the API.

The demo partners' profiles name Odoo records in their cross-references (customers and stores by
``ref``, products by internal reference, units and carriers by name). This module creates the
missing ones from the profiles themselves, through the same client the workflows use, so the
demo shows real look-ups succeeding and failing rather than hard-coded answers. Existing records
are left alone, which makes seeding idempotent.

:func:`seed_demo_activity` then creates the business records the demo's outbound documents are
read from (a confirmed purchase order to the supplier, shipped deliveries, a posted invoice).
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.mappings.values import gs1_check_digit
from gateway.odoo.client import OdooClient
from gateway.odoo.workflows.picking_ops import validate
from gateway.partners.registry import PartnerRegistry

UNIT_FACTORS = {"Case": 1 / 12}
STOCK_LOCATION = 8  # WH/Stock in the sandbox (and in Odoo's demo data)
DEMO_ON_HAND = 1000.0


def seed_from_profiles(client: OdooClient, registry: PartnerRegistry) -> dict[str, int]:
    """Create the customers, products (with stock on hand), units and carriers the profiles refer to; return counts."""
    created = {"partners": 0, "products": 0, "units": 0, "carriers": 0, "stock": 0}
    partner_refs: set[str] = set()
    supplier_refs: set[str] = set()
    products: dict[str, str | None] = {}
    units: set[str] = set()
    carriers: set[str] = set()
    for profile in registry:
        refs = profile.crossrefs
        partner_refs.update(loc.odoo_partner or loc.odoo_warehouse or "" for loc in refs.locations)
        if profile.document("850", "outbound"):
            supplier_refs.update(loc.odoo_partner for loc in refs.locations if loc.odoo_partner)
        for item in refs.items:
            products.setdefault(item.odoo_product, item.gtin)
        units.update(refs.odoo_units.values())
        carriers.update(c.odoo_carrier for c in refs.carriers)
    partner_refs.discard("")
    known = {r["ref"] for r in client.search_read("res.partner", [("ref", "in", sorted(partner_refs | carriers))],
                                                  ["ref"])}
    for ref in sorted((partner_refs | carriers) - known):
        supplier = ref in carriers or ref in supplier_refs
        client.create("res.partner", {"name": ref, "ref": ref, "is_company": True,
                                      "customer_rank": 0 if supplier else 1, "supplier_rank": 1 if supplier else 0})
        created["partners"] += 1
    have_units = {u["name"] for u in client.search_read("uom.uom", [("name", "in", sorted(units))], ["name"])}
    for name in sorted(units - have_units):
        client.create("uom.uom", {"name": name, "category_id": 1, "factor": UNIT_FACTORS.get(name, 1.0),
                                  "uom_type": "bigger"})
        created["units"] += 1
    have = {p["default_code"] for p in client.search_read("product.product", [("default_code", "in", sorted(products))],
                                                          ["default_code"])}
    for code in sorted(set(products) - have):
        client.create("product.template", {"name": code.replace("-", " ").title(), "default_code": code,
                                          "barcode": products[code] or False, "type": "product",
                                          "detailed_type": "product", "list_price": 5.0,
                                          "uom_id": 1, "uom_po_id": 1})
        created["products"] += 1
    stocked = {q["product_id"][0] for q in client.search_read("stock.quant", [("location_id", "=", STOCK_LOCATION)],
                                                               ["product_id"])}
    for product in client.search_read("product.product", [("default_code", "in", sorted(products))], ["id"]):
        if product["id"] not in stocked:
            client.create("stock.quant", {"product_id": product["id"], "location_id": STOCK_LOCATION,
                                          "quantity": DEMO_ON_HAND})
            created["stock"] += 1
    have_carriers = {c["name"] for c in client.search_read("delivery.carrier", [("name", "in", sorted(carriers))],
                                                           ["name"])}
    for name in sorted(carriers - have_carriers):
        client.create("delivery.carrier", {"name": name, "product_id": 60, "fixed_price": 0.0})
        created["carriers"] += 1
    created["vendor_codes"] = _seed_vendor_codes(client, registry)
    return created


def _seed_vendor_codes(client: OdooClient, registry: PartnerRegistry) -> int:
    """``product.supplierinfo`` rows (the supplier's item code) for every item of a supplier profile."""
    count = 0
    for profile in registry:
        if not profile.document("850", "outbound"):
            continue
        refs = [loc.odoo_partner for loc in profile.crossrefs.locations if loc.odoo_partner]
        partners = client.search_read("res.partner", [("ref", "in", refs)], ["id"], limit=1)
        codes = {i.odoo_product: i.vendor_part for i in profile.crossrefs.items if i.vendor_part}
        if not partners or not codes:
            continue
        have = {r["product_code"] for r in client.search_read(
            "product.supplierinfo", [("partner_id", "=", partners[0]["id"])], ["product_code"])}
        for product in client.search_read("product.product", [("default_code", "in", sorted(codes))],
                                          ["id", "default_code", "product_tmpl_id", "standard_price"]):
            if codes[product["default_code"]] not in have:
                client.create("product.supplierinfo", {
                    "partner_id": partners[0]["id"], "product_tmpl_id": product["product_tmpl_id"][0],
                    "product_id": product["id"], "product_code": codes[product["default_code"]],
                    "price": product["standard_price"] or 2.5})
                count += 1
    return count


@dataclass(frozen=True)
class DemoShipment:
    """A sale order the demo ships from our own dock: packed in SSCC cartons, then validated."""

    partner_id: str
    buyer_ref: str
    ship_to_ref: str
    po_number: str
    lines: tuple[tuple[str, float], ...]
    carrier: str | None = None
    tracking_ref: str | None = None
    invoice: bool = False


SHIPMENTS = (
    DemoShipment("acme-retail", "ACME Store 0107 (Austin)", "ACME Store 0107 (Austin)", "4500012290",
                 (("WIDGET-RED", 48.0), ("GADGET-20", 6.0)), "Roadrunner Freight", "BOL-8811950"),
    DemoShipment("euromarkt-gmbh", "EuroMarkt Zentrale Berlin", "EuroMarkt Lager Hamburg", "EM-2026-0790",
                 (("WIDGET-BLUE", 60.0), ("GIZMO-XL", 4.0)), None, "CMR-2026-44790", invoice=True),
)
PURCHASE = ("summit-supply", (("WIDGET-RED", 200.0), ("GADGET-20", 50.0)))
SSCC_PREFIX = "0614141"  # our GS1 company prefix (the GLN 0614141000005 in the profiles)


def sscc(serial: int) -> str:
    """An 18-digit SSCC of ours: extension 0, company prefix, serial, GS1 check digit."""
    body = f"0{SSCC_PREFIX}{serial:09d}"
    return body + gs1_check_digit(body)


def seed_demo_activity(client: OdooClient, registry: PartnerRegistry) -> dict[str, int]:
    """Business records the demo's outbound documents are read from; return what was created.

    A confirmed purchase order to the example supplier (-> 850), a done delivery packed in SSCC
    cartons for ACME and for EuroMarkt (-> 856 / DESADV) and a posted invoice for EuroMarkt's
    (-> INVOIC). Records that exist already (same customer PO, an open PO to the supplier) are left
    alone, so seeding twice creates nothing twice.
    """
    created = {"purchase_orders": 0, "deliveries": 0, "invoices": 0}
    refs = {s.buyer_ref for s in SHIPMENTS} | {s.ship_to_ref for s in SHIPMENTS}
    supplier = registry.get(PURCHASE[0])
    supplier_refs = [loc.odoo_partner for loc in supplier.crossrefs.locations if loc.odoo_partner] if supplier else []
    partners = {p["ref"]: p["id"] for p in client.search_read("res.partner", [("ref", "in", sorted(refs) + supplier_refs)],
                                                              ["id", "ref"])}
    codes = sorted({code for s in SHIPMENTS for code, _ in s.lines} | {code for code, _ in PURCHASE[1]})
    products = {p["default_code"]: p for p in client.search_read(
        "product.product", [("default_code", "in", codes)], ["id", "default_code", "list_price"])}
    serial = client.search_count("stock.quant.package", []) + 1  # SSCCs never repeat in one Odoo
    for ship in SHIPMENTS:
        known = {ship.buyer_ref, ship.ship_to_ref} <= set(partners) and all(c in products for c, _ in ship.lines)
        if registry.get(ship.partner_id) is None or not known:
            continue
        if client.search_count("sale.order", [("client_order_ref", "=", ship.po_number)]):
            continue
        so = client.create("sale.order", {
            "partner_id": partners[ship.buyer_ref], "partner_shipping_id": partners[ship.ship_to_ref],
            "client_order_ref": ship.po_number,
            "order_line": [(0, 0, {"product_id": products[c]["id"], "product_uom_qty": q}) for c, q in ship.lines]})
        client.call("sale.order", "action_confirm", [so])
        order = client.read("sale.order", [so], ["name", "picking_ids"])[0]
        picking = order["picking_ids"][0]
        serial = _pack_and_ship(client, picking, ship, serial)
        created["deliveries"] += 1
        if ship.invoice:
            client.call("account.move", "action_post", [client.create("account.move", {
                "move_type": "out_invoice", "partner_id": partners[ship.buyer_ref], "ref": ship.po_number,
                "invoice_origin": order["name"], "invoice_line_ids": [
                    (0, 0, {"product_id": products[c]["id"], "quantity": q, "price_unit": products[c]["list_price"]})
                    for c, q in ship.lines]})])
            created["invoices"] += 1
    if supplier_refs and supplier_refs[0] in partners and all(c in products for c, _ in PURCHASE[1]) \
            and not client.search_count(
            "purchase.order", [("partner_id", "=", partners[supplier_refs[0]]), ("state", "in", ["purchase", "done"])]):
        po = client.create("purchase.order", {"partner_id": partners[supplier_refs[0]], "order_line": [
            (0, 0, {"product_id": products[c]["id"], "product_qty": q}) for c, q in PURCHASE[1]]})
        client.call("purchase.order", "button_confirm", [po])
        created["purchase_orders"] += 1
    return created


def _pack_and_ship(client: OdooClient, picking: int, ship: DemoShipment, serial: int) -> int:
    """One SSCC carton per move line, carrier and tracking number, validated; the next free serial."""
    header: dict[str, object] = {"carrier_tracking_ref": ship.tracking_ref} if ship.tracking_ref else {}
    if ship.carrier:
        carriers = client.search_read("delivery.carrier", [("name", "=", ship.carrier)], ["id"], limit=1)
        if carriers:
            header["carrier_id"] = carriers[0]["id"]
    if header:
        client.write("stock.picking", [picking], header)
    for line in client.search_read("stock.move.line", [("picking_id", "=", picking)], ["id", "quantity"]):
        package = client.create("stock.quant.package", {"name": sscc(serial)})
        serial += 1
        client.write("stock.move.line", [line["id"]], {**client.version.move_line_done_vals(line["quantity"]),
                                                       "result_package_id": package})
    validate(client, picking, create_backorder=False)
    return serial
