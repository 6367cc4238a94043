"""Hypothesis strategies that generate canonical documents the X12 and EDIFACT mappings can carry.

Text avoids delimiters and surrounding spaces (X12 has no escape; partners trim padding), and
numbers have the precision their fields hold (two places for N2 money).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from gateway.documents import (
    FreightInvoice,
    PurchaseOrder,
    ShipmentStatus,
    ShipNotice,
    WarehouseShippingAdvice,
    WarehouseShippingOrder,
)
from gateway.documents.base import Address, ItemIds, Party, Reference
from gateway.documents.freight_invoice import FreightCharge
from gateway.documents.purchase_order import OrderLine, StoreQuantity
from gateway.documents.ship_notice import Pack, ShipNoticeItem, ShipNoticeOrder
from gateway.documents.shipment_status import StatusEvent
from gateway.documents.warehouse_shipping_advice import ShippingAdviceLine
from gateway.documents.warehouse_shipping_order import ShippingOrderLine
from gateway.mappings.values import gs1_check_digit

ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"
code = st.text(ALPHA, min_size=1, max_size=12)
opt_code = st.none() | code
words = st.lists(code, min_size=1, max_size=3).map(" ".join)
qty = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99999"), places=3, allow_nan=False)
money2 = st.decimals(min_value=Decimal("-9999"), max_value=Decimal("99999"), places=2, allow_nan=False)
day = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
units = st.sampled_from(["each", "case", "dozen", "carton", "pack", "kg"])


def _gs1(n: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=n - 1, max_size=n - 1).map(lambda b: b + gs1_check_digit(b))


sscc = _gs1(18)
address = st.builds(Address, lines=st.lists(words, max_size=2), city=words, state=opt_code, postal_code=opt_code,
                    country=opt_code)
party = st.builds(Party, role=st.sampled_from(["ST", "BY", "SF", "SH", "CN", "BT"]), name=st.none() | words,
                  id_qualifier=st.just("92"), id=code, address=st.none() | address)
refs = st.lists(st.builds(Reference, qualifier=st.sampled_from(["DP", "IA", "BM", "PO"]), value=code), max_size=3)


@st.composite
def item_ids(draw: st.DrawFn, max_codes: int = 5) -> ItemIds:
    kinds = draw(st.lists(st.sampled_from(["vendor_part", "upc", "buyer_part", "gtin", "sku"]), min_size=1,
                          max_size=max_codes, unique=True))
    values = {k: draw(_gs1(12) if k == "upc" else _gs1(14) if k == "gtin" else code) for k in kinds}
    return ItemIds(**values)



def _no_empty_qualifier(line: OrderLine) -> OrderLine:
    """A distribution qualifier only travels with a distribution."""
    return line if line.distribution else line.model_copy(update={"distribution_qualifier": None})


purchase_orders = st.builds(
    PurchaseOrder, po_number=code, po_date=day, release_number=opt_code, currency=st.none() | st.just("USD"),
    requested_ship_date=st.none() | day, requested_delivery_date=st.none() | day, cancel_after_date=st.none() | day,
    carrier_scac=st.none() | st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4), references=refs,
    parties=st.lists(party, max_size=3), notes=st.lists(words, max_size=2),
    lines=st.lists(st.builds(OrderLine, line_number=code, quantity=qty, unit=units,
                             unit_price=st.none() | money2.map(abs), price_basis=st.none() | st.just("PE"),
                             item=item_ids(), description=st.none() | words,
                             distribution_qualifier=st.just("92"),
                             distribution=st.lists(st.builds(StoreQuantity, location=code, quantity=qty),
                                                   max_size=12)).map(_no_empty_qualifier), min_size=1, max_size=4))

ship_item = st.builds(ShipNoticeItem, line_number=opt_code, item=item_ids(), quantity_shipped=qty, unit=units,
                      quantity_ordered=st.none() | qty, lot=opt_code, expiry_date=st.none() | day,
                      serials=st.lists(code, max_size=2), description=st.none() | words)


@st.composite
def ship_notices(draw: st.DrawFn) -> ShipNotice:
    orders = []
    for _ in range(draw(st.integers(1, 2))):
        pallets = draw(st.lists(sscc, max_size=2, unique=True))
        packs = [Pack(sscc=draw(st.none() | sscc), pallet_sscc=draw(st.none() | st.sampled_from(pallets))
                      if pallets else None, items=draw(st.lists(ship_item, min_size=1, max_size=2)))
                 for _ in range(draw(st.integers(0, 3)))]
        # packs on one pallet are written under one tare, so keep them together as the reader will
        packs.sort(key=lambda p: (p.pallet_sscc is not None, pallets.index(p.pallet_sscc) if p.pallet_sscc else 0))
        first_seen: list[str | None] = []
        for p in packs:
            if p.pallet_sscc not in first_seen:
                first_seen.append(p.pallet_sscc)
        orders.append(ShipNoticeOrder(po_number=draw(code), po_date=draw(st.none() | day), packs=packs,
                                      items=draw(st.lists(ship_item, max_size=2))))
    weight = draw(st.none() | qty)
    return ShipNotice(shipment_id=draw(code), notice_date=draw(day),
                      notice_time=draw(st.none() | st.times().map(lambda t: t.replace(microsecond=0))),
                      ship_date=draw(st.none() | day), estimated_delivery_date=draw(st.none() | day),
                      carrier_scac=draw(st.none() | st.just("RRFT")), transport_mode=draw(st.none() | st.just("M")),
                      bol_number=draw(opt_code), pro_number=draw(opt_code),
                      packaging_code=draw(st.none() | st.just("CTN25")), lading_quantity=draw(st.none() | qty),
                      gross_weight=weight, weight_unit=draw(st.sampled_from(["lb", "kg"])) if weight else None,
                      references=draw(st.lists(st.builds(Reference, qualifier=st.just("IA"), value=code),
                                               max_size=1)),
                      parties=draw(st.lists(party, max_size=2)), orders=orders)


shipping_orders = st.builds(
    WarehouseShippingOrder, depositor_order_number=code, po_number=opt_code, requested_ship_date=st.none() | day,
    cancel_after_date=st.none() | day, carrier_scac=st.just("RRFT"), transport_method=st.just("M"),
    payment_method=st.sampled_from(["PP", "CC"]), routing=st.none() | words,
    references=refs, parties=st.lists(party, max_size=2), notes=st.lists(words, max_size=2),
    lines=st.lists(st.builds(ShippingOrderLine, line_number=code, quantity=qty, unit=units,
                             item=item_ids(max_codes=3), lot=opt_code, description=st.none() | words),
                   min_size=1, max_size=4))


@st.composite
def advice_item(draw: st.DrawFn) -> ItemIds:
    other = draw(st.sampled_from(["vendor_part", "buyer_part", "sku"]))
    return ItemIds(**{other: draw(code), "upc": draw(st.none() | _gs1(12))})


@st.composite
def advice_line(draw: st.DrawFn) -> ShippingAdviceLine:
    ordered, shipped = draw(qty), draw(qty)
    return ShippingAdviceLine(line_number=draw(code), status_code=draw(st.sampled_from(["CC", "CP"])),
                              quantity_ordered=ordered, quantity_shipped=shipped, quantity_difference=ordered - shipped,
                              unit=draw(units), item=draw(advice_item()), lot=draw(opt_code),
                              sscc=draw(st.none() | sscc), serials=draw(st.lists(code, max_size=2)))


@st.composite
def shipping_advices(draw: st.DrawFn) -> WarehouseShippingAdvice:
    lines = draw(st.lists(advice_line(), min_size=1, max_size=4))
    lading = draw(st.none() | qty)
    weight = draw(st.none() | qty)
    return WarehouseShippingAdvice(
        depositor_order_number=draw(code), ship_date=draw(day), shipment_id=draw(opt_code),
        agent_shipment_id=draw(opt_code), po_number=draw(opt_code), carrier_scac="RRFT",
        payment_method=draw(st.none() | st.just("PP")), references=draw(refs), parties=draw(st.lists(party, max_size=2)),
        lines=lines, total_shipped=sum((x.quantity_shipped for x in lines), start=Decimal(0)), total_weight=weight,
        weight_unit="lb" if weight is not None else None, lading_quantity=lading,
        lading_unit="carton" if lading is not None else None)


event = st.builds(StatusEvent, status_code=st.sampled_from(["AF", "X6", "X1", "D1"]),
                  reason_code=st.sampled_from(["NS", "A1"]),
                  time=st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 1, 1),
                                    timezones=st.just(dt.UTC)).map(lambda t: t.replace(microsecond=0, second=0)),
                  city=st.none() | words, state=opt_code, country=st.none() | st.just("US"),
                  equipment_number=opt_code, weight=st.none() | qty, lading_quantity=st.none() | qty)
shipment_statuses = st.builds(ShipmentStatus, carrier_scac=st.just("RRFT"), pro_number=code,
                              shipment_id=opt_code, references=refs, parties=st.lists(party, max_size=2),
                              events=st.lists(event, min_size=1, max_size=3))


@st.composite
def freight_invoices(draw: st.DrawFn) -> FreightInvoice:
    charges = [FreightCharge(line_number=str(n), description=draw(st.none() | words), amount=draw(money2),
                             rate=draw(st.none() | money2), rate_qualifier=draw(st.none() | st.just("FR")),
                             charge_code=draw(st.none() | st.just("FUE")),
                             weight=(w := draw(st.none() | qty)), weight_qualifier="G" if w is not None else None)
               for n in range(1, draw(st.integers(1, 4)) + 1)]
    total = sum((c.amount for c in charges), start=Decimal(0))
    return FreightInvoice(invoice_number=draw(code), shipment_id=draw(opt_code), billing_date=draw(day),
                          delivery_date=draw(st.none() | day), carrier_scac="RRFT",
                          currency=draw(st.none() | st.just("USD")), net_amount_due=total,
                          references=draw(refs), parties=draw(st.lists(party, max_size=2)), charges=charges,
                          total_weight=draw(st.none() | qty), weight_qualifier="G", total_charges=total)
