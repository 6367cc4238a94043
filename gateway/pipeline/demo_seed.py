"""Master data the example partners' documents need, created in an Odoo (sandbox) through the API.

The demo partners' profiles name Odoo records in their cross-references (customers and stores by
``ref``, products by internal reference, units and carriers by name). This module creates the
missing ones from the profiles themselves, through the same client the workflows use, so the
demo shows real look-ups succeeding and failing rather than hard-coded answers. Existing records
are left alone, which makes seeding idempotent.
"""

from __future__ import annotations

from gateway.odoo.client import OdooClient
from gateway.partners.registry import PartnerRegistry

UNIT_FACTORS = {"Case": 1 / 12}
STOCK_LOCATION = 8  # WH/Stock in the sandbox (and in Odoo's demo data)
DEMO_ON_HAND = 1000.0


def seed_from_profiles(client: OdooClient, registry: PartnerRegistry) -> dict[str, int]:
    """Create the customers, products (with stock on hand), units and carriers the profiles refer to; return counts."""
    created = {"partners": 0, "products": 0, "units": 0, "carriers": 0, "stock": 0}
    partner_refs: set[str] = set()
    products: dict[str, str | None] = {}
    units: set[str] = set()
    carriers: set[str] = set()
    for profile in registry:
        refs = profile.crossrefs
        partner_refs.update(loc.odoo_partner or loc.odoo_warehouse or "" for loc in refs.locations)
        for item in refs.items:
            products.setdefault(item.odoo_product, item.gtin)
        units.update(refs.odoo_units.values())
        carriers.update(c.odoo_carrier for c in refs.carriers)
    partner_refs.discard("")
    known = {r["ref"] for r in client.search_read("res.partner", [("ref", "in", sorted(partner_refs | carriers))],
                                                  ["ref"])}
    for ref in sorted((partner_refs | carriers) - known):
        client.create("res.partner", {"name": ref, "ref": ref, "is_company": True,
                                      "customer_rank": 0 if ref in carriers else 1,
                                      "supplier_rank": 1 if ref in carriers else 0})
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
    return created
