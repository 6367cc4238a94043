"""Replay: past inbound documents through today's profile and maps, optionally without touching Odoo.

The dry run is the regression check before a mapping or profile change goes live: for each
inbound document of a partner since a date, the stored raw set is translated again with today's
profile and maps, the Odoo operations that would follow are planned (the workflow requests,
without calling Odoo) and compared with the operations planned from what was stored and posted
then. Differences are reported field by field. Without ``dry_run`` the failed, rejected and
dead-lettered documents among them are resubmitted (posted ones are left alone: Odoo already
holds them, and the idempotency keys would only resume them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gateway.errors import GatewayError
from gateway.ledger import interchanges
from gateway.ledger.models import Document
from gateway.mappings.service import translate_file
from gateway.pipeline.context import Runtime
from gateway.pipeline.odoo_bridge import BridgeError
from gateway.pipeline.posting import plan_requests
from gateway.pipeline.resubmit import RESUBMITTABLE, resubmit_inbound


@dataclass
class ReplayItem:
    """One document's replay: what changed in the planned Odoo operations, or why it could not run."""

    document_id: int
    doc_type: str
    business_key: str | None
    status: str
    outcome: str  # same, changed, new, error, resubmitted, skipped
    differences: list[str] = field(default_factory=list)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if f.name != "document_id"}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def diff(old: Any, new: Any, path: str = "") -> list[str]:
    """Human-readable differences between two planned operations (nested dicts and lists)."""
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for key in sorted(set(old) | set(new)):
            out += diff(old.get(key), new.get(key), f"{path}.{key}" if path else str(key))
        return out
    if isinstance(old, list) and isinstance(new, list):
        out = []
        for i in range(max(len(old), len(new))):
            out += diff(old[i] if i < len(old) else None, new[i] if i < len(new) else None, f"{path}[{i}]")
        return out
    return [] if old == new else [f"{path}: {old!r} -> {new!r}"]


def _plan(canonical: dict[str, Any] | None, profile: Any, doc_id: int) -> Any:
    if not canonical:
        return None
    try:
        return _plain(plan_requests(canonical, profile, str(doc_id)))
    except BridgeError as exc:
        return {"refused": f"{exc.category}: {exc.reason}"}


def replay(rt: Runtime, partner_id: str, since: dt.datetime, *, dry_run: bool = True, actor: str = "replay",
           progress: Callable[[int, int], None] | None = None) -> list[ReplayItem]:
    """Replay the partner's inbound documents created since ``since`` (see the module docstring)."""
    profile = rt.profile(partner_id)
    with rt.ledger.reading() as s:
        rows = [(d.id, d.doc_type, d.business_key, d.status, d.interchange_id, d.set_control, d.canonical)
                for d in s.scalars(select(Document).where(
                    Document.direction == "inbound", Document.partner_id == partner_id,
                    Document.created_at >= since, Document.status != "superseded").order_by(Document.id))]
    items: list[ReplayItem] = []
    for index, (doc_id, doc_type, key, status, ic_id, set_control, canonical) in enumerate(rows, start=1):
        if progress is not None:
            progress(index, len(rows))
        if not dry_run:
            if status in RESUBMITTABLE:
                try:
                    new_id, new_status = resubmit_inbound(rt, doc_id, reason="replay", actor=actor)
                    items.append(ReplayItem(doc_id, doc_type, key, status, "resubmitted",
                                            [f"new document {new_id}: {new_status}"]))
                except GatewayError as exc:
                    items.append(ReplayItem(doc_id, doc_type, key, status, "error", [str(exc)]))
            else:
                items.append(ReplayItem(doc_id, doc_type, key, status, "skipped"))
            continue
        try:
            fresh = _translate_again(rt, ic_id, partner_id, doc_type, set_control)
        except GatewayError as exc:
            items.append(ReplayItem(doc_id, doc_type, key, status, "error", [str(exc)]))
            continue
        then = _plan(canonical, profile, doc_id)
        now = _plan(fresh, profile, doc_id)
        if then is None:
            items.append(ReplayItem(doc_id, doc_type, key, status, "new",
                                    [f"not translated then; today it would plan: {now!r}"]))
            continue
        changes = diff(then, now)
        items.append(ReplayItem(doc_id, doc_type, key, status, "changed" if changes else "same", changes))
    return items


def _translate_again(rt: Runtime, ic_id: int | None, partner_id: str, set_id: str,
                     set_control: str | None) -> dict[str, Any] | None:
    if ic_id is None:
        raise GatewayError("no stored interchange")
    with rt.ledger.reading() as s:
        raw = interchanges.raw_content(s, ic_id)
    rt.work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=rt.work_dir) as tmp:
        path = Path(tmp) / "replay.edi"
        path.write_bytes(raw)
        try:
            found = translate_file(path, rt.registry, partner_id)
        except GatewayError as exc:
            raise GatewayError(f"today's maps cannot translate it: {str(exc).replace(str(path), f'interchange {ic_id}')}"
                               ) from None
        for item in found:
            if item.set_id == set_id and item.control_number == set_control:
                return item.document.model_dump(mode="json")
    return None
