"""X12 files in and out for the mappings: transaction sets from a file, interchanges from documents.

Reading asks the X12 engine for :class:`~gateway.x12.parsed.ParsedSet` objects
(``gateway.x12.engine.iter_transaction_sets``); while the engine does not offer that yet, the
sets are assembled here from the engine's streaming reader (one set in memory at a time).
Writing wraps rendered sets in ISA/GS/GE/IEA with :func:`gateway.x12.writer.write_interchange`,
the profile's delimiters and identities and control numbers from an allocator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

from gateway.control_numbers import ControlNumberAllocator
from gateway.errors import EdiInputError, Issue
from gateway.partners.model import PartnerProfile
from gateway.x12.delimiters import X12Delimiters
from gateway.x12.parsed import ParsedSet
from gateway.x12.writer import GroupSpec, InterchangeHeader, SetSpec, write_interchange

FUNCTIONAL_IDS = {"850": "PO", "855": "PR", "856": "SH", "940": "OW", "945": "SW", "214": "QM", "210": "IM",
                  "997": "FA", "999": "FA"}


def iter_sets(path: Path) -> Iterator[ParsedSet]:
    """Every transaction set of an X12 file, one at a time."""
    try:
        from gateway.x12 import engine
    except ImportError:
        engine = None  # type: ignore[assignment]
    native = getattr(engine, "iter_transaction_sets", None) if engine else None
    if native is not None:
        yield from native(path)
        return
    yield from _assemble(path)


def _assemble(path: Path) -> Iterator[ParsedSet]:
    from gateway.x12.reader import X12Reader

    try:
        fh = path.open("rb")
    except OSError as exc:
        raise EdiInputError(exc.strerror or str(exc), source=str(path)) from None
    with fh:
        reader = X12Reader(fh, str(path))
        isa: list[str] = []
        gs: list[str] = []
        current: ParsedSet | None = None
        for elements, index, _offset in reader:
            tag = elements[0]
            if tag == "ISA":
                isa = [e.strip(" \xa0") for e in elements]
            elif tag == "GS":
                gs = elements
            elif tag == "ST":
                if len(isa) < 17 or len(gs) < 9:
                    raise EdiInputError("ST outside a complete ISA/GS envelope", source=str(path),
                                        place=f"segment {index}")
                current = ParsedSet(set_id=_at(elements, 1), control_number=_at(elements, 2), version=_at(gs, 8),
                                    functional_id=_at(gs, 1), group_control_number=_at(gs, 6),
                                    interchange_control_number=isa[13], sender_qualifier=isa[5],
                                    sender_id=isa[6], receiver_qualifier=isa[7], receiver_id=isa[8],
                                    app_sender=_at(gs, 2), app_receiver=_at(gs, 3),
                                    delimiters=reader.delimiters or X12Delimiters(), test=isa[15] == "T",
                                    segments=[elements])
            elif current is not None:
                current.segments.append(elements)
                if tag == "SE":
                    yield current
                    current = None


def _at(seg: Sequence[str], idx: int) -> str:
    return seg[idx].strip() if idx < len(seg) else ""


def isa_version(version: str) -> str:
    """ISA12 for a GS08 version: 004010 -> 00401, 005010 -> 00501."""
    return version[:5] if version[:3] in ("004", "005") else "00401"


def map_issues(segments: Sequence[Sequence[str]], profile: PartnerProfile | None, set_id: str,
               version: str) -> tuple[list[Issue], bool]:
    """Map-validator issues for one rendered set and whether a map validator was available."""
    from gateway.x12.envelope import default_validator_factory

    d = _delimiters(profile, version)
    validator = default_validator_factory(version, set_id, d)
    if validator is None:
        return [], False
    for pos, seg in enumerate(segments, start=1):
        validator.feed(list(seg), pos)
    return validator.finish(), True


def validate_text(text: str) -> list[Issue]:
    """Every issue the X12 engine finds in an interchange we are about to send (envelope and maps)."""
    import io

    from gateway.x12.engine import validate_stream

    return validate_stream(io.BytesIO(text.encode("utf-8")), "<rendered X12>").all_issues()


def _delimiters(profile: PartnerProfile | None, version: str) -> X12Delimiters:
    if profile is None:
        return X12Delimiters("*", ">", "~", "^" if version.startswith("005") else None)
    p = profile.envelope.delimiters
    return X12Delimiters(p.element, p.component, p.segment, p.repetition if version.startswith("005") else None)


def write_sets(sets: Sequence[Sequence[Sequence[str]]], set_id: str, version: str, profile: PartnerProfile,
               allocator: ControlNumberAllocator, now: dt.datetime | None = None) -> str:
    """One interchange holding one group with the given rendered sets (ST..SE), for ``profile``."""
    ours, theirs = profile.identities.our_x12, profile.identities.x12
    if ours is None or theirs is None:
        raise EdiInputError(f"partner {profile.id} has no X12 identities", source=profile.id)
    header = InterchangeHeader(sender_qualifier=ours.isa_qualifier, sender_id=ours.isa_id,
                               receiver_qualifier=theirs.isa_qualifier, receiver_id=theirs.isa_id,
                               version=isa_version(version), ack_requested=profile.envelope.ta1_requested,
                               test=profile.envelope.usage == "T")
    specs = [SetSpec(set_id=set_id, body=[list(s) for s in segs[1:-1]]) for segs in sets]
    group = GroupSpec(functional_id=FUNCTIONAL_IDS.get(set_id, "ZZ"), app_sender=ours.gs_id,
                      app_receiver=theirs.gs_id, version=version, sets=specs)
    return write_interchange(header, [group], delimiters=_delimiters(profile, version), allocator=allocator,
                             partner=profile.id, now=now,
                             suffix="\n" if profile.envelope.newline_after_segment else "")
