"""A small X12 850 interchange and a rejected document made from it, for console tests."""

from __future__ import annotations

from gateway.errors import Issue
from gateway.ledger import Ledger
from gateway.ledger import documents as docs
from tests.reports.history import PARTNER


def interchange(po: str = "PO-77", beg01: str = "99") -> bytes:
    """An 850 with one line; BEG01 is ``beg01`` (99 is not a valid purpose code)."""
    isa = ("ISA*00*          *00*          *ZZ*ACMETEST       *ZZ*US             *260310*1200*U*00401*"
           "000000123*0*P*>~")
    assert len(isa) == 106
    body = ["GS*PO*ACMETEST*US*20260310*1200*123*X*004010", "ST*850*0001", f"BEG*{beg01}*SA*{po}**20260310",
            "PO1*1*10*EA*1.00**VP*ZZ-999", "CTT*1", "SE*5*0001", "GE*1*123", "IEA*1*000000123"]
    return (isa + "~".join(body) + "~").encode()


def rejected_document(ledger: Ledger, po: str = "PO-77") -> int:
    """Receive the interchange and record its 850 as rejected for the bad BEG01; return the id."""
    received = ledger.receive(interchange(po), mailbox="acme-sftp", transport="sftp", partner_id=PARTNER)
    with ledger.transaction() as s:
        doc = docs.create_document(s, direction="inbound", partner_id=PARTNER, doc_type="850", actor="test",
                                   interchange_id=received.interchange_id, interchange_control="000000123",
                                   group_control="123", set_control="0001", business_key=po,
                                   canonical={"po_number": po, "lines": [{"line_number": "1", "quantity": "10"}]})
        docs.reject(s, doc.id, category="syntax", reason="BEG01 purpose code 99 is not allowed", actor="test",
                    issues=[Issue(level="element", code="7", message="BEG01 has an invalid code value",
                                  segment_id="BEG", segment_position=2, element_position=1, bad_value="99",
                                  hint="Ask ACME to send BEG01 = 00 (original)")])
        return doc.id
