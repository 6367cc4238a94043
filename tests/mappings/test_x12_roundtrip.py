"""Round trips for every X12 type in 004010 and 005010: EDI -> document -> EDI -> document equal.

The EDI starts as a hand-written sample (or, for outbound types, the interchange rendered from a
sample JSON document), goes through the real file reader, and is rendered back into a complete
interchange with the writer before being read again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.control_numbers import MemoryAllocator
from gateway.documents import load_document
from gateway.mappings import X12_INBOUND, X12_OUTBOUND
from gateway.mappings.x12_io import iter_sets, write_sets
from gateway.partners import load_profile
from tests.mappings.helpers import PARTNERS, SAMPLES

EDI_SAMPLES = [
    ("acme-retail", "850_PO-4500012345.edi", "850"),
    ("acme-retail", "850_DC-store-split.edi", "850"),
    ("northstar-3pl", "945_SO-1001.edi", "945"),
    ("roadrunner-freight", "214_PRO-778812.edi", "214"),
    ("roadrunner-freight", "210_INV-55001.edi", "210"),
]
JSON_SAMPLES = [
    ("acme-retail", "856_ASN-SH-88120.json", "856"),
    ("northstar-3pl", "940_SO-1001.json", "940"),
]


def _read(path: Path, profile):  # type: ignore[no-untyped-def]
    out = []
    for s in iter_sets(path):
        out.append(X12_INBOUND[s.set_id](s, profile).document)
    return out


def _write(tmp_path: Path, docs, set_id: str, version: str, profile) -> Path:  # type: ignore[no-untyped-def]
    render = X12_OUTBOUND[set_id][1]
    sets = [render(d, profile, f"{n:04d}", version) for n, d in enumerate(docs, start=1)]
    path = tmp_path / f"{set_id}-{version}.edi"
    path.write_text(write_sets(sets, set_id, version, profile, MemoryAllocator()), encoding="utf-8")
    return path


@pytest.mark.parametrize("version", ["004010", "005010"])
@pytest.mark.parametrize(("partner", "name", "set_id"), EDI_SAMPLES)
def test_sample_edi_round_trip(tmp_path: Path, partner: str, name: str, set_id: str, version: str) -> None:
    profile = load_profile(PARTNERS / f"{partner}.yaml")
    first = _read(SAMPLES / partner / name, profile)
    assert first, "the sample holds at least one set"
    again = _read(_write(tmp_path, first, set_id, version, profile), profile)
    assert again == first


@pytest.mark.parametrize("version", ["004010", "005010"])
@pytest.mark.parametrize(("partner", "name", "set_id"), JSON_SAMPLES)
def test_outbound_edi_round_trip(tmp_path: Path, partner: str, name: str, set_id: str, version: str) -> None:
    profile = load_profile(PARTNERS / f"{partner}.yaml")
    doc = load_document(json.loads((SAMPLES / partner / name).read_text()))
    edi1 = _write(tmp_path, [doc], set_id, version, profile)
    first = _read(edi1, profile)
    edi2 = _write(tmp_path / "again", first, set_id, version, profile) if (tmp_path / "again").mkdir() is None else None
    second = _read(edi2, profile)
    assert second == first
    # the partner codes the profile filled in on the way out came back with the Odoo product
    items = [line.item for line in getattr(first[0], "lines", [])] or [
        i.item for o in first[0].orders for i in o.all_items()]
    assert all(item.odoo_product for item in items)
    assert all(item.codes() for item in items)


def test_two_sets_in_one_group_each_become_a_document() -> None:
    profile = load_profile(PARTNERS / "acme-retail.yaml")
    docs = _read(SAMPLES / "acme-retail" / "850_two-orders.edi", profile)
    assert [d.po_number for d in docs] == ["4500012347", "4500012346"]
    assert docs[1].lines[0].unit == "dozen" and docs[1].lines[0].odoo_uom == "Dozens"
