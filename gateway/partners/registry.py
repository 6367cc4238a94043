"""Find a partner from the envelope: ISA05/06 with GS02 for X12, the UNB sender for EDIFACT.

Inbound files are matched on the sender ids they carry; outbound rendering looks partners up by
id. Identities must be unique: two profiles claiming the same sender is a configuration error.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from gateway.partners.errors import ProfileError, ProfileProblem
from gateway.partners.loader import load_profiles
from gateway.partners.model import PartnerProfile


class PartnerRegistry:
    """All loaded partner profiles, indexed by id and by envelope identity."""

    def __init__(self, profiles: list[PartnerProfile]) -> None:
        self._by_id = {p.id: p for p in profiles}
        self._x12: dict[tuple[str, str], list[PartnerProfile]] = {}
        self._edifact: dict[str, list[PartnerProfile]] = {}
        problems = []
        for p in profiles:
            if p.identities.x12:
                key = (p.identities.x12.isa_qualifier, p.identities.x12.isa_id.strip())
                others = self._x12.setdefault(key, [])
                if any(o.identities.x12 and o.identities.x12.gs_id == p.identities.x12.gs_id for o in others):
                    problems.append(ProfileProblem(p.id, "identities.x12",
                                                   f"ISA {key[0]}/{key[1]} with GS {p.identities.x12.gs_id} "
                                                   "is claimed by another partner",
                                                   "give each partner a distinct ISA id or GS code"))
                others.append(p)
            if p.identities.edifact:
                self._edifact.setdefault(p.identities.edifact.unb_id, []).append(p)
        if problems:
            raise ProfileError(problems)

    @classmethod
    def from_dir(cls, directory: Path | None = None) -> PartnerRegistry:
        """Load every profile in ``directory`` (default ``trading_partners/``)."""
        return cls(load_profiles(directory))

    def __iter__(self) -> Iterator[PartnerProfile]:
        """Every profile, in load order."""
        return iter(self._by_id.values())

    def get(self, partner_id: str) -> PartnerProfile | None:
        """The profile with this id, or None."""
        return self._by_id.get(partner_id)

    def find_x12(self, qualifier: str, isa_id: str, gs_id: str | None = None) -> PartnerProfile | None:
        """The partner whose ISA qualifier/id (and GS02 when several share the ISA id) match."""
        candidates = self._x12.get((qualifier.strip(), isa_id.strip()), [])
        if gs_id is not None and len(candidates) > 1:
            candidates = [c for c in candidates if c.identities.x12 and c.identities.x12.gs_id == gs_id.strip()]
        return candidates[0] if len(candidates) == 1 else None

    def find_edifact(self, sender_id: str, qualifier: str | None = None) -> PartnerProfile | None:
        """The partner whose UNB sender id (and qualifier, when the profile sets one) match."""
        for p in self._edifact.get(sender_id.strip(), []):
            ident = p.identities.edifact
            if ident and (qualifier is None or ident.unb_qualifier in (None, qualifier)):
                return p
        return None
