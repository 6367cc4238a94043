"""Our acknowledgments of what partners send (TA1, 997, 999, CONTRL), queued to their outbox.

The partner profile's ack policy decides what is sent: ``functional`` 997/999/none for X12 (with
TA1 as the X12 engine decides from ISA14 and envelope errors), ``contrl`` for EDIFACT. The ack is
built by the syntax engine from the same validation report the pipeline used, numbered by the
ledger allocator, stored as an outbound interchange and queued; sending is the outbox's job.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from gateway.control_numbers import ControlNumberAllocator
from gateway.ledger import interchanges, outbox
from gateway.ledger.events import record_event
from gateway.partners.model import PartnerProfile
from gateway.pipeline.context import Runtime
from gateway.pipeline.envelope_ids import read_ids
from gateway.report import FileReport


def build_ack(rt: Runtime, profile: PartnerProfile, path: Path, syntax: str, report: FileReport | None = None,
              allocator: ControlNumberAllocator | None = None) -> str:
    """The acknowledgment text due for ``path`` under the partner's policy (``""`` when none is).

    The validation ``report`` the pipeline already made (with the partner overlay applied) is
    reused, so guide violations are acknowledged and no second pass is made. ``allocator``
    defaults to the ledger's (one committed transaction per number); the inbound step passes a
    :class:`~gateway.ledger.control.SessionAllocator` to number the ack inside its own transaction.
    """
    allocator = allocator or rt.ledger.allocator()
    if syntax == "x12":
        if profile.acks.functional == "none":
            return ""
        from gateway.x12.ack import AckOptions, acknowledge
        from gateway.x12.engine import acknowledge_file

        options = AckOptions(ak2_for_every_set=getattr(profile.acks, "ak2_for_every_set", True),
                             use_999=profile.acks.functional == "999")
        if report is not None:
            return acknowledge(report, allocator, options)
        return acknowledge_file(path, allocator=allocator, options=options)
    from gateway.edifact.engine import acknowledge_file as contrl_file
    from gateway.edifact.engine import acknowledge_report

    policy = "always" if profile.acks.contrl else "requested"
    if report is not None:
        return acknowledge_report(report, policy=policy, allocator=allocator)
    return contrl_file(path, policy=policy, allocator=allocator)


def queue_our_ack(rt: Runtime, profile: PartnerProfile, path: Path, syntax: str, interchange_id: int,
                  report: FileReport | None = None) -> int | None:
    """Build, store and queue our acknowledgment of an inbound interchange; return its interchange id."""
    text = build_ack(rt, profile, path, syntax, report)
    with rt.ledger.transaction() as s:
        return store_our_ack(s, rt, profile, syntax, interchange_id, text)


def store_our_ack(s: Session, rt: Runtime, profile: PartnerProfile, syntax: str, interchange_id: int,
                  text: str) -> int | None:
    """Store and queue an already built ack inside the caller's transaction (or record that none is due).

    Split from :func:`queue_our_ack` so the inbound step can write the ack, its events and the
    documents in one transaction; building (which allocates control numbers in their own short
    transactions) must happen before that transaction opens.
    """
    if not text.strip():
        record_event(s, interchange_id=interchange_id, step="ack_out", outcome="none", actor=rt.actor,
                     detail={"reason": "the partner's ack policy asks for none"}, flush=False)
        return None
    ids = read_ids(text)
    kind = "CONTRL" if syntax == "edifact" else ("999" if profile.acks.functional == "999" else "997")
    mailbox = rt.outbound_mailbox(profile.id)
    ack_id = interchanges.store_outbound(
        s, text.encode(), partner_id=profile.id, mailbox=mailbox, transport="local", syntax=syntax,
        sender_id=ids.sender, receiver_id=ids.receiver, control_number=ids.interchange,
        transport_meta={"kind": kind, "acknowledges": interchange_id, "file_name":
                        f"{profile.id}_{kind}_{ids.interchange}.edi"}, actor=rt.actor, check_repeat=False)
    outbox.queue(s, interchange_id=ack_id, partner_id=profile.id, transport=mailbox, actor=rt.actor)
    record_event(s, interchange_id=interchange_id, step="ack_out", outcome="queued", actor=rt.actor,
                 detail={"kind": kind, "ack_interchange": ack_id, "control_number": ids.interchange}, flush=False)
    return ack_id
