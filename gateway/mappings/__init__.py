"""Mappings between parsed messages and canonical documents, one module per message and direction.

Inbound modules (``x12_850_in``...) expose ``translate(parsed, profile) -> Translation``;
outbound modules (``x12_856_out``...) expose ``render(document, profile, control_number,
version) -> segments``. Both are pure: no I/O, no clock, no global state; the partner profile
brings cross-references, units and the time zone. The tables below are the only dispatch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gateway.documents import (
    FreightInvoice,
    PurchaseOrder,
    ShipmentStatus,
    ShipNotice,
    WarehouseShippingAdvice,
    WarehouseShippingOrder,
)
from gateway.mappings import (
    x12_210_in,
    x12_210_out,
    x12_214_in,
    x12_214_out,
    x12_850_in,
    x12_850_out,
    x12_856_in,
    x12_856_out,
    x12_940_in,
    x12_940_out,
    x12_945_in,
    x12_945_out,
)

X12_INBOUND: dict[str, Callable[..., Any]] = {
    "850": x12_850_in.translate, "856": x12_856_in.translate, "940": x12_940_in.translate,
    "945": x12_945_in.translate, "214": x12_214_in.translate, "210": x12_210_in.translate,
}
X12_OUTBOUND: dict[str, tuple[type[Any], Callable[..., Any]]] = {
    "850": (PurchaseOrder, x12_850_out.render), "856": (ShipNotice, x12_856_out.render),
    "940": (WarehouseShippingOrder, x12_940_out.render), "945": (WarehouseShippingAdvice, x12_945_out.render),
    "214": (ShipmentStatus, x12_214_out.render), "210": (FreightInvoice, x12_210_out.render),
}
