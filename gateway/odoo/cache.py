"""A master-data cache with expiry: products, partners, units, looked up in batches.

Inbound documents refer to master data by code (item numbers, GTINs, partner references, unit
names). Looking each one up separately would cost one round trip per line; this cache asks Odoo
once per batch for everything it does not hold yet (``search_read`` with an ``in`` domain) and
keeps the answers for ``ttl`` seconds. Misses are not cached, so a product created in Odoo is
found on the next document.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from gateway.odoo.client import OdooClient

PRODUCT_FIELDS = ["id", "name", "display_name", "default_code", "barcode", "uom_id", "tracking", "product_tmpl_id"]
PARTNER_FIELDS = ["id", "name", "ref", "commercial_partner_id", "parent_id", "type", "is_company"]
UOM_FIELDS = ["id", "name", "category_id", "factor", "uom_type"]


class MasterDataCache:
    """Cached, batched look-ups of master records by a key field."""

    def __init__(self, client: OdooClient, *, ttl: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.client = client
        self.ttl = client.settings.cache_ttl if ttl is None else ttl
        self._clock = clock
        self._entries: dict[tuple[str, str, Any], tuple[float, dict[str, Any]]] = {}
        self.hits = 0
        self.misses = 0

    def _get(self, model: str, field: str, key: Any) -> dict[str, Any] | None:
        entry = self._entries.get((model, field, key))
        if entry is None:
            return None
        expires, record = entry
        if expires < self._clock():
            del self._entries[(model, field, key)]
            return None
        return record

    def _put(self, model: str, field: str, key: Any, record: dict[str, Any]) -> None:
        self._entries[(model, field, key)] = (self._clock() + self.ttl, record)

    def lookup(self, model: str, field: str, keys: Iterable[Any], fields: Sequence[str],
               extra_domain: Sequence[Any] = ()) -> dict[Any, dict[str, Any]]:
        """``{key: record}`` for the keys found; at most one round trip, none when all are cached."""
        wanted = [k for k in dict.fromkeys(keys) if k not in (None, "", False)]
        found: dict[Any, dict[str, Any]] = {}
        missing = []
        for key in wanted:
            record = self._get(model, field, key)
            if record is None:
                missing.append(key)
            else:
                found[key] = record
        self.hits += len(found)
        if missing:
            self.misses += len(missing)
            names = list(dict.fromkeys([*fields, "id", field]))
            rows = self.client.search_read(model, [(field, "in", missing), *extra_domain], names)
            for row in rows:
                key = row.get(field)
                if key in missing and key not in found:
                    self._put(model, field, key, row)
                    found[key] = row
        return found

    def products(self, codes: Iterable[str], fields: Sequence[str] = PRODUCT_FIELDS) -> dict[str, dict[str, Any]]:
        """Products by internal reference OR barcode (GTIN), in one round trip for all misses."""
        wanted = [c for c in dict.fromkeys(codes) if c]
        found: dict[str, dict[str, Any]] = {}
        missing = []
        for code in wanted:
            record = self._get("product.product", "default_code", code) or self._get("product.product", "barcode", code)
            if record is None:
                missing.append(code)
            else:
                found[code] = record
        self.hits += len(found)
        if missing:
            self.misses += len(missing)
            names = list(dict.fromkeys([*fields, "id", "default_code", "barcode"]))
            domain = ["|", ("default_code", "in", missing), ("barcode", "in", missing)]
            for row in self.client.search_read("product.product", domain, names):
                for key_field in ("default_code", "barcode"):
                    key = row.get(key_field)
                    if key and key in missing:
                        self._put("product.product", key_field, key, row)
                        found.setdefault(key, row)
        return found

    def partners_by_ref(self, refs: Iterable[str], fields: Sequence[str] = PARTNER_FIELDS) -> dict[str, dict[str, Any]]:
        """Partners by their ``ref``."""
        return self.lookup("res.partner", "ref", refs, fields)

    def uoms(self, names: Iterable[str], fields: Sequence[str] = UOM_FIELDS) -> dict[str, dict[str, Any]]:
        """Units of measure by name (``Units``, ``Dozens``...)."""
        return self.lookup("uom.uom", "name", names, fields)

    def invalidate(self, model: str | None = None) -> None:
        """Forget cached records (all, or one model's)."""
        if model is None:
            self._entries.clear()
        else:
            self._entries = {k: v for k, v in self._entries.items() if k[0] != model}
