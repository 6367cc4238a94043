"""Demo data of the sandbox: a company, a warehouse, units, products, customers, suppliers, carriers.

Records that the recorded Odoo 17 transcripts refer to keep the ids and names of Odoo's own demo
data (product 8 ``[FURN_7800] Desk Combination``, vendor 9 ``Wood Corner``, unit 2 ``Dozens``,
location 8 ``WH/Stock``...), so a transcript replays against the sandbox without rewriting its
requests. The gateway's own EDI demo partners and products (with GLNs, references, GTINs,
cases) have ids from 100 upwards.
"""

from __future__ import annotations

from typing import Any

from gateway.odoo.sandbox.orm import REGISTRY, Env

DEMO_STOCK = {  # product id -> (on hand, reserved by demo pickings the sandbox does not model)
    8: (57.0, 56.0), 17: (10.0, 0.0), 18: (50.0, 0.0), 20: (22.0, 12.0), 32: (40.0, 0.0),
    101: (500.0, 0.0), 102: (300.0, 0.0), 103: (1200.0, 0.0), 104: (80.0, 0.0),
}


def _rows() -> list[tuple[str, int, dict[str, Any]]]:
    p = "res.partner"
    rows: list[tuple[str, int, dict[str, Any]]] = [
        ("res.currency", 1, {"name": "USD", "symbol": "$"}),
        ("res.currency", 2, {"name": "EUR", "symbol": "€"}),
        ("res.country", 20, {"name": "Belgium", "code": "BE"}),
        ("res.country", 75, {"name": "France", "code": "FR"}),
        ("res.country", 57, {"name": "Germany", "code": "DE"}),
        ("res.country", 233, {"name": "United States", "code": "US"}),
        (p, 1, {"name": "YourCompany", "is_company": True, "city": "San Francisco", "country_id": 233}),
        (p, 2, {"name": "OdooBot", "email": "odoobot@example.com"}),
        (p, 3, {"name": "Mitchell Admin", "parent_id": 1, "email": "admin@yourcompany.example.com"}),
        (p, 9, {"name": "Wood Corner", "is_company": True, "supplier_rank": 1, "city": "Turlock", "country_id": 233}),
        (p, 10, {"name": "Deco Addict", "is_company": True, "customer_rank": 8, "city": "Pleasant Hill",
                 "country_id": 233}),
        (p, 14, {"name": "Azure Interior", "is_company": True, "customer_rank": 3, "city": "Fremont",
                 "country_id": 233}),
        (p, 26, {"name": "Brandon Freeman", "parent_id": 14, "email": "brandon.freeman55@example.com"}),
        # The gateway's EDI demo trading partners.
        (p, 100, {"name": "Northwind Retail", "ref": "NWR", "is_company": True, "customer_rank": 1,
                  "peppol_eas": "0088", "peppol_endpoint": "5012345000009", "city": "Seattle", "country_id": 233}),
        (p, 101, {"name": "Northwind Store 042", "ref": "NWR-042", "parent_id": 100, "type": "delivery",
                  "peppol_eas": "0088", "peppol_endpoint": "5012345000429", "city": "Tacoma", "country_id": 233}),
        (p, 102, {"name": "Contoso Stores", "ref": "CONTOSO", "is_company": True, "customer_rank": 1,
                  "city": "Lyon", "country_id": 75}),
        (p, 103, {"name": "Acme Supply Co", "ref": "ACME", "is_company": True, "supplier_rank": 1,
                  "city": "Chicago", "country_id": 233}),
        (p, 104, {"name": "Globex Components", "ref": "GLOBEX", "is_company": True, "supplier_rank": 1,
                  "city": "Hamburg", "country_id": 57}),
        (p, 105, {"name": "United Parcel Service", "ref": "UPSN", "is_company": True, "supplier_rank": 1}),
        (p, 106, {"name": "Freightline Carriers", "ref": "FRLC", "is_company": True, "supplier_rank": 1}),
        (p, 107, {"name": "Ironbridge Logistics (3PL)", "ref": "IRONBRIDGE", "is_company": True,
                  "supplier_rank": 1}),
        ("res.company", 1, {"name": "YourCompany", "partner_id": 1, "currency_id": 1}),
        ("res.users", 1, {"login": "__system__", "name": "OdooBot", "partner_id": 2, "active": False}),
        ("res.users", 2, {"login": "admin", "name": "Mitchell Admin", "partner_id": 3}),
        ("uom.category", 1, {"name": "Unit"}),
        ("uom.category", 2, {"name": "Weight"}),
        ("uom.category", 3, {"name": "Working Time"}),
        ("uom.category", 4, {"name": "Length / Distance"}),
        ("uom.category", 5, {"name": "Surface"}),
        ("uom.category", 6, {"name": "Volume"}),
        ("uom.uom", 1, {"name": "Units", "category_id": 1, "factor": 1.0, "uom_type": "reference"}),
        ("uom.uom", 2, {"name": "Dozens", "category_id": 1, "factor": 1 / 12, "uom_type": "bigger"}),
        ("uom.uom", 3, {"name": "Days", "category_id": 3, "factor": 1.0, "uom_type": "reference"}),
        ("uom.uom", 4, {"name": "Hours", "category_id": 3, "factor": 8.0, "uom_type": "smaller"}),
        ("uom.uom", 5, {"name": "m", "category_id": 4, "factor": 1.0, "uom_type": "reference"}),
        ("uom.uom", 12, {"name": "kg", "category_id": 2, "factor": 1.0, "uom_type": "reference"}),
        ("uom.uom", 13, {"name": "g", "category_id": 2, "factor": 1000.0, "uom_type": "smaller"}),
        ("uom.uom", 15, {"name": "lb", "category_id": 2, "factor": 2.20462, "uom_type": "smaller"}),
        ("uom.uom", 20, {"name": "L", "category_id": 6, "factor": 1.0, "uom_type": "reference"}),
        ("uom.uom", 30, {"name": "Case of 6", "category_id": 1, "factor": 1 / 6, "uom_type": "bigger"}),
        ("uom.uom", 31, {"name": "Case of 12", "category_id": 1, "factor": 1 / 12, "uom_type": "bigger"}),
        ("uom.uom", 32, {"name": "Case of 24", "category_id": 1, "factor": 1 / 24, "uom_type": "bigger"}),
        ("uom.uom", 33, {"name": "Pallet of 480", "category_id": 1, "factor": 1 / 480, "uom_type": "bigger"}),
        ("stock.location", 1, {"name": "Physical Locations", "usage": "view"}),
        ("stock.location", 2, {"name": "Partners", "usage": "view"}),
        ("stock.location", 3, {"name": "Virtual Locations", "usage": "view"}),
        ("stock.location", 4, {"name": "Vendors", "location_id": 2, "usage": "supplier"}),
        ("stock.location", 5, {"name": "Customers", "location_id": 2, "usage": "customer"}),
        ("stock.location", 7, {"name": "WH", "location_id": 1, "usage": "view"}),
        ("stock.location", 8, {"name": "Stock", "location_id": 7, "usage": "internal"}),
        ("stock.location", 14, {"name": "Inventory adjustment", "location_id": 3, "usage": "inventory"}),
        ("stock.picking.type", 1, {"name": "Receipts", "code": "incoming", "sequence_code": "IN", "sequence": 1,
                                   "warehouse_id": 1, "default_location_src_id": 4, "default_location_dest_id": 8,
                                   "use_create_lots": True, "use_existing_lots": False}),
        ("stock.picking.type", 2, {"name": "Delivery Orders", "code": "outgoing", "sequence_code": "OUT",
                                   "sequence": 5, "warehouse_id": 1, "default_location_src_id": 8,
                                   "default_location_dest_id": 5, "use_create_lots": False,
                                   "use_existing_lots": True}),
        ("stock.warehouse", 1, {"name": "YourCompany", "code": "WH", "lot_stock_id": 8, "partner_id": 1,
                                "in_type_id": 1, "out_type_id": 2}),
        ("account.journal", 1, {"name": "Customer Invoices", "code": "INV", "type": "sale", "sequence": 5}),
        ("account.journal", 2, {"name": "Vendor Bills", "code": "BILL", "type": "purchase", "sequence": 6}),
        ("account.journal", 3, {"name": "Miscellaneous Operations", "code": "MISC", "type": "general",
                                "sequence": 9}),
        ("mail.message.subtype", 1, {"name": "Discussions"}),
        ("mail.message.subtype", 2, {"name": "Note", "internal": True}),
    ]
    products = [
        # id, code, name, barcode, type, list, cost, tracking, description, weight
        # FURN_7800 carries the EAN the recording session gave it (the server state the transcripts saw).
        (8, "FURN_7800", "Desk Combination", "4006381333931", "product", 450.0, 300.0, "none",
         "Desk combination, black-brown: chair + desk + drawer.", 20.0),
        (17, "E-COM07", "Large Cabinet", False, "product", 320.0, 300.0, "none", False, 30.0),
        (18, "E-COM08", "Storage Box", False, "product", 15.8, 14.0, "none", False, 1.0),
        (20, "E-COM10", "Pedal Bin", False, "product", 47.0, 10.0, "none", False, 2.0),
        (32, "FURN_8855", "Drawer", False, "product", 110.5, 100.0, "none", False, 5.0),
        (36, "FURN_5555", "Cable Management Box", False, "product", 100.0, 70.0, "lot", False, 1.0),
        (60, "FREIGHT", "Freight charges", False, "service", 0.0, 0.0, "none", False, 0.0),
        (61, "SHIP-STD", "Standard delivery", False, "service", 0.0, 0.0, "none", False, 0.0),
        (101, "WID-100", "Widget, blue", "00614141000012", "product", 12.5, 6.0, "none", False, 0.4),
        (102, "WID-200", "Widget, red", "00614141000029", "product", 13.5, 6.5, "none", False, 0.4),
        (103, "BOLT-M8", "Hex bolt M8 (each)", "00614141000036", "product", 0.35, 0.1, "none", False, 0.02),
        (104, "SERUM-5", "Cold-chain serum, 5 ml", "00614141000043", "product", 80.0, 35.0, "lot", False, 0.05),
        (105, "SCAN-X1", "Handheld scanner", "00614141000050", "product", 450.0, 210.0, "serial", False, 0.6),
    ]
    for pid, code, name, barcode, ptype, price, cost, tracking, desc, weight in products:
        vals = {"name": name, "default_code": code, "barcode": barcode, "type": ptype, "detailed_type": ptype,
                "is_storable": ptype == "product", "list_price": price, "standard_price": cost,
                "tracking": tracking, "description_sale": desc, "weight": weight, "uom_id": 1, "uom_po_id": 1}
        rows.append(("product.template", pid, dict(vals)))
        rows.append(("product.product", pid, {**vals, "product_tmpl_id": pid}))
    rows += [
        ("product.supplierinfo", 1, {"partner_id": 103, "product_tmpl_id": 101, "product_id": 101,
                                     "product_code": "ACME-W100", "price": 6.0}),
        ("product.supplierinfo", 2, {"partner_id": 103, "product_tmpl_id": 102, "product_id": 102,
                                     "product_code": "ACME-W200", "price": 6.5}),
        ("product.supplierinfo", 3, {"partner_id": 104, "product_tmpl_id": 103, "product_id": 103,
                                     "product_code": "GX-M8-HEX", "price": 0.1}),
        ("delivery.carrier", 1, {"name": "Standard delivery", "product_id": 61, "fixed_price": 0.0}),
        ("delivery.carrier", 2, {"name": "UPS Ground", "product_id": 60, "fixed_price": 25.0}),
        ("delivery.carrier", 3, {"name": "Freightline LTL", "product_id": 60, "fixed_price": 180.0}),
    ]
    quant_id = 1
    for product, (qty, reserved) in DEMO_STOCK.items():
        rows.append(("stock.quant", quant_id, {"product_id": product, "location_id": 8, "quantity": qty,
                                               "reserved_quantity": reserved}))
        quant_id += 1
    xmlids = [
        ("mail", "mt_comment", "mail.message.subtype", 1), ("mail", "mt_note", "mail.message.subtype", 2),
        ("base", "main_company", "res.company", 1), ("base", "user_admin", "res.users", 2),
        ("base", "main_partner", "res.partner", 1), ("stock", "warehouse0", "stock.warehouse", 1),
        ("stock", "stock_location_stock", "stock.location", 8),
        ("stock", "stock_location_suppliers", "stock.location", 4),
        ("stock", "stock_location_customers", "stock.location", 5),
        ("stock", "picking_type_in", "stock.picking.type", 1), ("stock", "picking_type_out", "stock.picking.type", 2),
        ("uom", "product_uom_unit", "uom.uom", 1), ("uom", "product_uom_dozen", "uom.uom", 2),
        ("uom", "product_uom_kgm", "uom.uom", 12), ("delivery", "free_delivery_carrier", "delivery.carrier", 1),
    ]
    for i, (module, name, model, res_id) in enumerate(xmlids, start=1):
        rows.append(("ir.model.data", i, {"module": module, "name": name, "model": model, "res_id": res_id}))
    return rows


def load_demo(env: Env) -> None:
    """Insert the demo records with their fixed ids (bypassing business hooks) and bump id sequences."""
    storage = env.storage
    highest: dict[str, int] = {}
    for model, rid, vals in _rows():
        if model.startswith("product.") and env.version >= 18 and vals.get("type") == "product":
            vals = {**vals, "type": "consu"}  # 18 dropped the "product" type for is_storable
        m = env[model]
        fields = m._fields
        stored = {n: f.empty() for n, f in fields.items() if f.store}
        for key, value in vals.items():
            if key in fields:
                stored[key] = value
        for name, f in fields.items():
            if f.store and name not in vals and f.default is not None and not callable(f.default):
                stored[name] = f.default
        stored["id"] = rid
        storage.insert(model, rid, stored)
        highest[model] = max(highest.get(model, 0), rid)
    for model in REGISTRY:
        # Leave room after the seeded ids, and keep ids of new records apart from transcript ids.
        storage.bump_ids(model, max(highest.get(model, 0), 0) + 100)
