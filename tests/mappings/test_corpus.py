"""Translation over the real-world corpus: a document or a clear refusal, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.errors import EdiInputError
from gateway.mappings.service import translate_file

pytestmark = pytest.mark.corpus


def test_every_corpus_file_translates_or_is_refused_clearly(corpus_dir: Path) -> None:
    outcomes: dict[str, object] = {}
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.name != "SOURCES.md"):
        try:
            outcomes[path.name] = [(t.set_id, t.document.business_key()) for t in translate_file(path, None)]
        except EdiInputError as exc:
            assert str(path) in exc.describe()
            outcomes[path.name] = exc.describe()
    assert len(outcomes) > 80
    # pinned outcomes of files whose content the SOURCES.md quirks column describes
    assert outcomes["x12-types_004010_850_buysnacks.edi"] == [("850", "A99999-01")]
    assert len(outcomes["node-x12_850_two-interchanges.edi"]) == 2  # type: ignore[arg-type]
    assert outcomes["pydifact_orders_d96a_ean008.edi"][0][0] == "ORDERS"  # type: ignore[index]
    assert "QTY+47: '1020A' is not a number" in outcomes["staedi_invoic_d97b_bad.edi"]  # type: ignore[operator]
    assert "not an EDI file" in outcomes["badx12_not-edi.edi"]  # type: ignore[operator]
    assert "invoice_number is missing" in outcomes["ednet_invoic_d01b_indented_iatb.edi"]  # type: ignore[operator]


def test_corpus_856_hierarchies_are_read(corpus_dir: Path) -> None:
    [asn] = translate_file(corpus_dir / "x12-856" / "ediengine_856_crossdock.edi", None)
    orders = asn.document.orders
    assert len(orders) == 2 and all(o.all_items() for o in orders)
    assert not [f for f in asn.findings if f.code == "HL_BAD_PARENT"]
