"""Trading-partner profiles: the model, the YAML loader, the envelope registry and the overlay.

``trading_partners/<id>.yaml`` holds one profile per partner. :func:`load_profiles` validates
them (errors name the file, the field and the fix), :class:`PartnerRegistry` finds a partner from
envelope ids, :func:`compile_overlay` turns a partner's implementation-guide rules into checks.
"""

from __future__ import annotations

from gateway.partners.errors import ProfileError, ProfileProblem
from gateway.partners.loader import check_profiles, default_dir, load_profile, load_profiles
from gateway.partners.model import PartnerProfile
from gateway.partners.overlay import CompiledOverlay, compile_overlay
from gateway.partners.registry import PartnerRegistry

__all__ = [
    "CompiledOverlay",
    "PartnerProfile",
    "PartnerRegistry",
    "ProfileError",
    "ProfileProblem",
    "check_profiles",
    "compile_overlay",
    "default_dir",
    "load_profile",
    "load_profiles",
]
