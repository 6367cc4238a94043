"""Hypothesis strategies for documents carried by EDIFACT: text full of service characters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from gateway.documents import ApplicationAdvice, Invoice, PurchaseOrder, ShipmentStatus, ShipNotice
from gateway.documents.application_advice import AdviceError
from gateway.documents.base import Address, ItemIds, Party, Reference
from gateway.documents.invoice import InvoiceLine
from gateway.documents.purchase_order import OrderLine, StoreQuantity
from gateway.documents.ship_notice import Pack, ShipNoticeItem, ShipNoticeOrder
from gateway.documents.shipment_status import StatusEvent
from tests.mappings.strategies import _gs1, day, qty, sscc

# letters, digits and every default service character (released by the writer)
TEXT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefxyz0123456789-+:'?./"
text = st.text(TEXT, min_size=1, max_size=12)
opt_text = st.none() | text
phrase = st.lists(text, min_size=1, max_size=3).map(" ".join)
number = st.integers(1, 999999).map(str)
units = st.sampled_from(["each", "case", "dozen", "carton", "pack", "kg", "piece"])
money = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999"), places=2, allow_nan=False)

address = st.builds(Address, lines=st.lists(text, max_size=2), city=text, state=opt_text,
                    postal_code=opt_text, country=st.none() | st.just("DE"))
party = st.builds(Party, role=st.sampled_from(["BY", "DP", "SU", "IV", "CN"]), name=st.none() | phrase,
                  id_qualifier=st.just("9"), id=_gs1(13), address=st.none() | address)
refs = st.lists(st.builds(Reference, qualifier=st.sampled_from(["CT", "DQ", "VN"]), value=text), max_size=2)


@st.composite
def item_ids(draw: st.DrawFn) -> ItemIds:
    kinds = draw(st.lists(st.sampled_from(["vendor_part", "upc", "buyer_part", "gtin"]), min_size=1, max_size=4,
                          unique=True))
    return ItemIds(**{k: draw(_gs1(12) if k == "upc" else _gs1(14) if k == "gtin" else text) for k in kinds})



def _no_empty_qualifier(line: OrderLine) -> OrderLine:
    """A distribution qualifier only travels with a distribution."""
    return line if line.distribution else line.model_copy(update={"distribution_qualifier": None})


purchase_orders = st.builds(
    PurchaseOrder, purpose=st.just("9"), order_type=st.just("220"), po_number=text, po_date=day,
    currency=st.none() | st.just("EUR"), requested_ship_date=st.none() | day,
    requested_delivery_date=st.none() | day, cancel_after_date=st.none() | day,
    carrier_scac=st.none() | st.just("DHLF"), references=refs, parties=st.lists(party, max_size=3),
    notes=st.lists(st.text(TEXT + " ", min_size=1, max_size=200).map(str.strip).filter(bool), max_size=2),
    lines=st.lists(st.builds(OrderLine, line_number=number, quantity=qty, unit=units,
                             unit_price=st.none() | money, item=item_ids(), description=st.none() | phrase,
                             distribution_qualifier=st.just("9"),
                             distribution=st.lists(st.builds(StoreQuantity, location=_gs1(13), quantity=qty),
                                                   max_size=3)).map(_no_empty_qualifier),
                   min_size=1, max_size=4))

ship_item = st.builds(ShipNoticeItem, line_number=number, item=item_ids(), quantity_shipped=qty, unit=units,
                      quantity_ordered=st.none() | qty, lot=opt_text, expiry_date=st.none() | day,
                      serials=st.lists(text, max_size=2), description=st.none() | phrase)


@st.composite
def ship_notices(draw: st.DrawFn) -> ShipNotice:
    orders = []
    for po in draw(st.lists(text, min_size=1, max_size=2, unique=True)):
        pallets = draw(st.lists(sscc, max_size=2, unique=True))
        packs = [Pack(sscc=draw(st.none() | sscc), pallet_sscc=draw(st.none() | st.sampled_from(pallets))
                      if pallets else None, items=draw(st.lists(ship_item, min_size=1, max_size=2)))
                 for _ in range(draw(st.integers(0, 3)))]
        packs.sort(key=lambda p: (p.pallet_sscc is not None, pallets.index(p.pallet_sscc) if p.pallet_sscc else 0))
        loose = draw(st.lists(ship_item, min_size=0 if packs else 1, max_size=2))
        orders.append(ShipNoticeOrder(po_number=po, po_date=draw(st.none() | day), packs=packs, items=loose))
    weight = draw(st.none() | qty)
    return ShipNotice(purpose="9", shipment_id=draw(text), notice_date=draw(day),
                      notice_time=draw(st.none() | st.times().map(lambda t: t.replace(microsecond=0))),
                      ship_date=draw(st.none() | day), estimated_delivery_date=draw(st.none() | day),
                      carrier_scac=draw(st.none() | st.just("DHLF")), transport_mode=draw(st.none() | st.just("3")),
                      bol_number=draw(opt_text), pro_number=draw(opt_text),
                      packaging_code=draw(st.none() | st.just("201")), lading_quantity=draw(st.none() | qty),
                      gross_weight=weight, weight_unit=draw(st.sampled_from(["kg", "lb"])) if weight else None,
                      references=draw(refs), parties=draw(st.lists(party, max_size=2)), orders=orders)


@st.composite
def invoices(draw: st.DrawFn) -> Invoice:
    lines = draw(st.lists(st.builds(InvoiceLine, line_number=number, item=item_ids(), quantity=qty, unit=units,
                                    unit_price=money, line_amount=money, tax_rate=st.none() | st.just(Decimal(19)),
                                    description=st.none() | phrase), min_size=1, max_size=4))
    total = sum((x.line_amount for x in lines), start=Decimal(0))
    tax = draw(money)
    return Invoice(invoice_number=draw(text), invoice_type=draw(st.sampled_from(["380", "381"])), invoice_date=draw(day),
                   due_date=draw(st.none() | day), currency="EUR", order_number=draw(opt_text),
                   despatch_number=draw(opt_text), references=draw(refs), parties=draw(st.lists(party, max_size=2)),
                   lines=lines, total_line_amount=total, tax_amount=tax, total_amount=total + tax)


event = st.builds(StatusEvent, status_code=st.sampled_from(["21", "22", "24"]), reason_code=st.none() | st.just("1"),
                  time=st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 1, 1), timezones=st.just(dt.UTC))
                  .map(lambda t: t.replace(microsecond=0)),
                  city=st.none() | text, state=opt_text, country=st.none() | st.just("DE"),
                  equipment_number=opt_text, weight=st.none() | qty, lading_quantity=st.none() | qty)
statuses = st.builds(ShipmentStatus, carrier_scac=st.just("DHLF"), pro_number=text, shipment_id=opt_text,
                     references=refs, parties=st.lists(party, max_size=2), events=st.lists(event, min_size=1, max_size=3))


@st.composite
def advices(draw: st.DrawFn) -> ApplicationAdvice:
    errors = draw(st.lists(st.builds(AdviceError, code=st.sampled_from(["12", "13", "2"]),
                                     text=st.none() | st.text(TEXT + " ", min_size=1, max_size=140)
                                     .map(str.strip).filter(bool)), max_size=3))
    return ApplicationAdvice(advice_number=draw(text), function_code=draw(st.sampled_from(["9", "27"])),
                             advice_date=draw(day), referenced_document=draw(text),
                             referenced_type=draw(st.sampled_from(["351", "220", "380"])), accepted=not errors,
                             parties=draw(st.lists(party, max_size=2)), errors=errors)
