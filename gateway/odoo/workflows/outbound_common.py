"""Helpers of the outbound workflows (Odoo -> partner documents): batched reads and addresses.

Outbound workflows never write to Odoo; their idempotency key (partner + document type +
business key) is what the ledger uses to send each document once. They read in batches, a few
round trips per poll whatever the number of documents, and select changes with a ``write_date``
watermark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from gateway.odoo.client import OdooClient

ADDRESS_FIELDS = ["id", "name", "ref", "street", "street2", "city", "zip", "country_id", "email", "phone",
                  "commercial_partner_id", "parent_id"]


@dataclass(frozen=True)
class Address:
    """A party as outbound documents need it."""

    odoo_id: int
    name: str
    ref: str | None
    street: str | None
    city: str | None
    zip: str | None
    country: str | None
    gln: str | None = None


def read_by_id(client: OdooClient, model: str, ids: Iterable[int], fields: Sequence[str]) -> dict[int, dict[str, Any]]:
    """``{id: record}`` in one round trip (none for no ids)."""
    wanted = sorted({i for i in ids if i})
    return {row["id"]: row for row in client.read(model, wanted, list(fields))} if wanted else {}


def addresses(client: OdooClient, ids: Iterable[int]) -> dict[int, Address]:
    """Addresses of partners, with their GLN where the version keeps one in core."""
    gln_fields = client.version.partner_gln_fields
    rows = read_by_id(client, "res.partner", ids, ADDRESS_FIELDS + gln_fields)
    out = {}
    for pid, row in rows.items():
        gln = None
        if "global_location_number" in row:
            gln = row["global_location_number"] or None
        elif row.get("peppol_eas") == "0088":
            gln = row.get("peppol_endpoint") or None
        out[pid] = Address(pid, row["name"], row.get("ref") or None, row.get("street") or None, row.get("city") or None,
                           row.get("zip") or None, row["country_id"][1] if row.get("country_id") else None, gln)
    return out


def m2o_id(value: Any) -> int | None:
    """The id of a many2one value read from Odoo (``[id, name]`` or False)."""
    return value[0] if isinstance(value, list) and value else None


def watermark_domain(since: str | None) -> list[Any]:
    """Domain part selecting records changed after ``since`` (Odoo datetime string)."""
    return [("write_date", ">", since)] if since else []
