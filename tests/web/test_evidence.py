"""The evidence pack of a ship notice sent over AS2: raw EDI, the MDN and 997 receipts, timestamps, SSCCs."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from hashlib import sha256

from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from gateway.ledger.acks import expect_ack, record_received_ack
from gateway.ledger.interchanges import store_outbound
from gateway.web.evidence import build_pack
from tests.reports.conftest import Clock
from tests.reports.history import PARTNER, t

ASN = b"ISA*00*...*000000555~ST*856*0001~BSN*00*SHIP-55~MAN*GM*00000123450000000017~SE*4*0001~"
ACK = b"ISA*00*...*000000900~ST*997*0001~AK1*SH*555~AK9*A*1*1*1~SE*4*0001~"


def test_pack_of_a_ship_notice_holds_everything_for_a_dispute(ledger: Ledger, clock: Clock) -> None:
    with ledger.transaction() as s:
        clock.now = t(3, 10)
        ic = store_outbound(s, ASN, partner_id=PARTNER, mailbox="acme-as2", transport="as2", syntax="x12",
                            sender_id="US", receiver_id="ACMETEST", control_number="000000555")
        doc = docs.create_document(s, direction="outbound", partner_id=PARTNER, doc_type="856", actor="t",
                                   interchange_id=ic, business_key="SHIP-55", interchange_control="000000555",
                                   canonical={"shipment_id": "SHIP-55", "orders": [{"po_number": "PO-1", "packs": [
                                       {"pallet_sscc": "00000123450000000000", "sscc": "00000123450000000017"},
                                       {"sscc": "00000123450000000024"}]}]})
        for status in ("validated", "queued", "sent"):
            docs.transition(s, doc.id, status, actor="t")
        expect_ack(s, partner_id=PARTNER, kind="MDN", level="message", interchange_id=ic, document_id=doc.id,
                   deadline=t(3, 10, 30), actor="t", message_id="<asn-55@us>")
        expect_ack(s, partner_id=PARTNER, kind="997", level="group", interchange_id=ic, document_id=doc.id,
                   deadline=t(4, 10), actor="t", group_control="555")
        doc_id = doc.id
    clock.now = t(3, 11)
    ack_ic = ledger.receive(ACK, mailbox="acme-as2", transport="as2", partner_id=PARTNER).interchange_id
    with ledger.transaction() as s:
        record_received_ack(s, partner_id=PARTNER, kind="MDN", level="message", result="A", actor="t",
                            message_id="<asn-55@us>", received_at=t(3, 10, 1),
                            detail={"disposition": "automatic-action/MDN-sent-automatically; processed",
                                    "mic": "abc=, sha-256"})
        record_received_ack(s, partner_id=PARTNER, kind="997", level="group", result="A", actor="t",
                            ack_interchange_id=ack_ic, group_control="555", received_at=t(3, 11))
        clock.now = t(3, 12)
        pack = build_pack(s, docs.get_document(s, doc_id), generated_by="web:olga")

    with zipfile.ZipFile(io.BytesIO(pack)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert set(manifest["files"]) == {f"raw/interchange-{ic}.edi", f"acks/received-997-{ack_ic}.edi",
                                          "acks.json", "timeline.json", "sscc.txt", "document.json"}
        for name, digest in manifest["files"].items():
            assert sha256(zf.read(name)).hexdigest() == digest, name
        assert zf.read(f"raw/interchange-{ic}.edi") == ASN
        assert zf.read(f"acks/received-997-{ack_ic}.edi") == ACK
        receipts = {a["kind"]: a for a in json.loads(zf.read("acks.json"))}
        assert receipts["MDN"]["received_at"] == t(3, 10, 1).isoformat()
        assert receipts["MDN"]["deadline"] == t(3, 10, 30).isoformat()
        assert receipts["MDN"]["detail"]["mic"] == "abc=, sha-256"
        assert (receipts["997"]["result"], receipts["997"]["received_at"]) == ("A", t(3, 11).isoformat())
        assert zf.read("sscc.txt").decode().splitlines() == [
            "00000123450000000000", "00000123450000000017", "00000123450000000024"]
        events = json.loads(zf.read("timeline.json"))
        sent = next(e for e in events if e["outcome"] == "sent")
        assert sent["at"] == t(3, 10).isoformat()
        assert [e["step"] for e in events if e["step"] == "ack_received"] == ["ack_received"] * 2
        assert datetime.fromisoformat(manifest["generated_at"]).tzinfo is not None
        assert manifest["generated_by"] == "web:olga" and manifest["business_key"] == "SHIP-55"
