"""Every Odoo version difference the gateway cares about, in one place.

Workflows ask this module instead of testing version numbers: which field holds a move's done
quantity (16 ``qty_done`` on move lines; 17+ ``quantity`` plus ``picked``), whether validation may
return the 16-only immediate-transfer wizard, how storable products are recognised (16/17
``type='product'``; 18+ ``is_storable``), the 19 renames (``product_uom_id`` on order lines,
``tax_ids``, ``stock.package``), and how return values changed (``message_post`` gives ``[id]`` in 19).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class OdooVersion:
    """A server's major/minor version with the behaviour that follows from it."""

    major: int
    minor: int = 0

    @classmethod
    def from_version_info(cls, info: Any) -> OdooVersion:
        """From ``common.version()`` (``server_version_info``) or ``/web/version`` (``version_info``)."""
        if isinstance(info, dict):
            info = info.get("server_version_info") or info.get("version_info") or info.get("server_version")
        if isinstance(info, (list, tuple)) and info:
            minor = int(info[1]) if len(info) > 1 and str(info[1]).isdigit() else 0
            return cls(int(str(info[0]).replace("saas~", "")), minor)
        if isinstance(info, str):
            head = info.replace("saas~", "").split("+")[0]
            parts = head.split(".")
            return cls(int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0)
        raise ValueError(f"cannot read an Odoo version from {info!r}")

    # -- stock -----------------------------------------------------------------------------
    @property
    def has_picked(self) -> bool:
        """17+: moves and move lines carry ``picked``; ``quantity`` is the done quantity."""
        return self.major >= 17

    def move_done_vals(self, qty: float) -> dict[str, Any]:
        """Values to write on a ``stock.move`` to set its done quantity."""
        return {"quantity": qty, "picked": True} if self.has_picked else {"quantity_done": qty}

    def move_line_done_vals(self, qty: float) -> dict[str, Any]:
        """Values to write on a ``stock.move.line`` to set its done quantity."""
        return {"quantity": qty, "picked": True} if self.has_picked else {"qty_done": qty}

    @property
    def move_done_field(self) -> str:
        """Field of ``stock.move`` holding the done quantity."""
        return "quantity" if self.has_picked else "quantity_done"

    @property
    def move_line_done_field(self) -> str:
        """Field of ``stock.move.line`` holding the done quantity."""
        return "quantity" if self.has_picked else "qty_done"

    @property
    def has_immediate_transfer_wizard(self) -> bool:
        """16: validating with no done quantity returns the ``stock.immediate.transfer`` wizard."""
        return self.major <= 16

    @property
    def package_model(self) -> str:
        """Model of packages (SSCCs): ``stock.quant.package``, renamed ``stock.package`` in 19."""
        return "stock.package" if self.major >= 19 else "stock.quant.package"

    # -- products ----------------------------------------------------------------------------
    def storable_domain(self) -> list[Any]:
        """Domain selecting stock-tracked products."""
        return [("is_storable", "=", True)] if self.major >= 18 else [("type", "=", "product")]

    def storable_product_vals(self) -> dict[str, Any]:
        """Values that make a new product stock-tracked."""
        return {"type": "consu", "is_storable": True} if self.major >= 18 else {"type": "product"}

    def is_storable(self, product: dict[str, Any]) -> bool:
        """Whether a product record (read with ``type`` and, 18+, ``is_storable``) is stock-tracked."""
        return bool(product.get("is_storable")) if self.major >= 18 else product.get("type") == "product"

    @property
    def product_type_fields(self) -> list[str]:
        """Fields to read to know a product's kind."""
        return ["type", "is_storable"] if self.major >= 18 else ["type"]

    # -- orders ------------------------------------------------------------------------------
    @property
    def order_line_uom_field(self) -> str:
        """UoM field on sale and purchase lines (``product_uom``; ``product_uom_id`` in 19)."""
        return "product_uom_id" if self.major >= 19 else "product_uom"

    @property
    def sale_line_tax_field(self) -> str:
        """Taxes on sale lines (``tax_id``; ``tax_ids`` in 19)."""
        return "tax_ids" if self.major >= 19 else "tax_id"

    @property
    def purchase_line_tax_field(self) -> str:
        """Taxes on purchase lines (``taxes_id``; ``tax_ids`` in 19)."""
        return "tax_ids" if self.major >= 19 else "taxes_id"

    @property
    def sale_locked_is_state(self) -> bool:
        """16 locks a sale order with ``state='done'``; 17+ use the ``locked`` boolean."""
        return self.major <= 16

    @property
    def uom_has_categories(self) -> bool:
        """16-18 group units in ``uom.category``; 19 uses relative factors instead."""
        return self.major <= 18

    # -- partners ----------------------------------------------------------------------------
    @property
    def partner_gln_fields(self) -> list[str]:
        """Where a partner's GLN lives in core (none in 16; Peppol 0088 in 17/18; a field in 19)."""
        if self.major >= 19:
            return ["global_location_number"]
        return ["peppol_eas", "peppol_endpoint"] if self.major >= 17 else []

    # -- return values -----------------------------------------------------------------------
    @staticmethod
    def single_id(value: Any) -> int:
        """An id from a result that is ``int`` (<=18) or ``[int]`` (19, JSON-2 create/message_post)."""
        if isinstance(value, list):
            if len(value) != 1:
                raise ValueError(f"expected one id, got {value!r}")
            value = value[0]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a record id, got {value!r}")
        return value
