"""Canonical business documents: one typed model per document, independent of X12 and EDIFACT.

Mappings turn parsed messages into these models and back; the Odoo connector, the ledger and
the console read only these. :data:`DOCUMENT_TYPES` names every model by its ``doc_type`` and
:func:`load_document` turns a JSON object back into the right model.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from gateway.documents.application_advice import ApplicationAdvice
from gateway.documents.freight_invoice import FreightInvoice
from gateway.documents.invoice import Invoice
from gateway.documents.purchase_order import PurchaseOrder
from gateway.documents.ship_notice import ShipNotice
from gateway.documents.shipment_status import ShipmentStatus
from gateway.documents.warehouse_shipping_advice import WarehouseShippingAdvice
from gateway.documents.warehouse_shipping_order import WarehouseShippingOrder

Document = Annotated[
    PurchaseOrder
    | ShipNotice
    | WarehouseShippingOrder
    | WarehouseShippingAdvice
    | ShipmentStatus
    | FreightInvoice
    | Invoice
    | ApplicationAdvice,
    Field(discriminator="doc_type"),
]

DOCUMENT_TYPES: dict[str, type[Any]] = {
    "purchase_order": PurchaseOrder,
    "ship_notice": ShipNotice,
    "warehouse_shipping_order": WarehouseShippingOrder,
    "warehouse_shipping_advice": WarehouseShippingAdvice,
    "shipment_status": ShipmentStatus,
    "freight_invoice": FreightInvoice,
    "invoice": Invoice,
    "application_advice": ApplicationAdvice,
}

_ADAPTER: TypeAdapter[Any] = TypeAdapter(Document)


def load_document(data: dict[str, Any]) -> Any:
    """Validate a JSON object (with its ``doc_type``) into the matching canonical model."""
    return _ADAPTER.validate_python(data)


__all__ = [
    "DOCUMENT_TYPES",
    "ApplicationAdvice",
    "Document",
    "FreightInvoice",
    "Invoice",
    "PurchaseOrder",
    "ShipNotice",
    "ShipmentStatus",
    "WarehouseShippingAdvice",
    "WarehouseShippingOrder",
    "load_document",
]
