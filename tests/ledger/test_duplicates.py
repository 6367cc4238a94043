"""Duplicate helpers: same file, same interchange control number within a window, same document."""

from __future__ import annotations

from datetime import timedelta

from gateway.ledger import DocumentStatus, Ledger
from gateway.ledger import documents as docs
from gateway.ledger.duplicates import same_business_document, same_control_number, same_file
from gateway.ledger.interchanges import set_envelope
from gateway.ledger.types import utcnow


def test_same_file_per_scope(ledger: Ledger) -> None:
    r = ledger.receive(b"ISA*f~", mailbox="m", transport="sftp", partner_id="acme")
    with ledger.transaction() as s:
        found = same_file(s, sha256=r.sha256, scope="acme")
        assert found is not None and found.id == r.interchange_id
        assert same_file(s, sha256=r.sha256, scope="globex") is None


def test_same_control_number_within_window(ledger: Ledger) -> None:
    now = utcnow()
    old = ledger.receive(b"ISA*old~", mailbox="m", transport="sftp", partner_id="acme",
                         received_at=now - timedelta(days=40))
    recent = ledger.receive(b"ISA*recent~", mailbox="m", transport="sftp", partner_id="acme",
                            received_at=now - timedelta(days=2))
    new = ledger.receive(b"ISA*new~", mailbox="m", transport="sftp", partner_id="acme")
    with ledger.transaction() as s:
        for r in (old, recent, new):
            set_envelope(s, r.interchange_id, syntax="x12", sender_id="ZZ:ACME", receiver_id="ZZ:US",
                         control_number="000000777")
    with ledger.transaction() as s:
        hits = same_control_number(s, sender_id="ZZ:ACME", control_number="000000777",
                                   within=timedelta(days=30), exclude_interchange_id=new.interchange_id, now=now)
        assert [h.id for h in hits] == [recent.interchange_id]
        assert same_control_number(s, sender_id="ZZ:OTHER", control_number="000000777",
                                   within=timedelta(days=365), now=now) == []
        assert same_control_number(s, sender_id="ZZ:ACME", control_number="000000777", receiver_id="ZZ:US2",
                                   within=timedelta(days=365), now=now) == []


def test_same_business_document_ignores_dead_copies(ledger: Ledger) -> None:
    with ledger.transaction() as s:
        first = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="t",
                                     business_key="PO-1")
        rejected = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="t",
                                        business_key="PO-1")
        docs.reject(s, rejected.id, category="syntax", reason="bad", actor="t")
        other_type = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="860", actor="t",
                                          business_key="PO-1")
        new = docs.create_document(s, direction="inbound", partner_id="acme", doc_type="850", actor="t",
                                   business_key="PO-1")
        hits = same_business_document(s, partner_id="acme", doc_type="850", business_key="PO-1",
                                      exclude_document_id=new.id)
        assert [h.id for h in hits] == [first.id]
        assert other_type.id not in [h.id for h in hits]
        docs.transition(s, new.id, DocumentStatus.DUPLICATE, actor="t")
        assert [h.id for h in same_business_document(s, partner_id="acme", doc_type="850",
                                                     business_key="PO-1")] == [first.id]
