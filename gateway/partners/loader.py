"""Load trading-partner profiles from ``trading_partners/*.yaml``.

Profiles are YAML because people edit them by hand: comments explain a partner's quirks next to
the setting, and diffs stay readable in review. Loading uses ``yaml.safe_load`` (no object
construction from tags) and validates against :class:`~gateway.partners.model.PartnerProfile`;
every problem is reported with the file, the field and the fix, all problems of all files at once.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from gateway.partners.errors import ProfileError, ProfileProblem, problems_from_validation
from gateway.partners.model import PartnerProfile

MAX_PROFILE_BYTES = 1_000_000


def default_dir() -> Path:
    """``$EDIGW_PARTNERS_DIR`` or the repository's ``trading_partners/``."""
    env = os.environ.get("EDIGW_PARTNERS_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "trading_partners"


def _read(path: Path) -> tuple[PartnerProfile | None, list[ProfileProblem]]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ProfileProblem(name, "", f"cannot read the file: {exc.strerror}", "check the path")]
    if len(raw) > MAX_PROFILE_BYTES:
        return None, [ProfileProblem(name, "", "file is larger than 1 MB", "split or trim the profile")]
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, [ProfileProblem(name, "", "not UTF-8 text", "save the file as UTF-8")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return None, [ProfileProblem(name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                                     "fix the YAML syntax (indentation, colons, quotes)")]
    if not isinstance(data, dict):
        return None, [ProfileProblem(name, "", "the file must hold a mapping of settings",
                                     "start the file with 'id: <partner-id>'")]
    try:
        profile = PartnerProfile.model_validate(data)
    except ValidationError as exc:
        return None, problems_from_validation(name, exc)
    if profile.id != path.stem:
        return None, [ProfileProblem(name, "id", f"id {profile.id!r} differs from the file name",
                                     f"rename the file to {profile.id}.yaml or set id: {path.stem}")]
    return profile, []


def load_profile(path: Path) -> PartnerProfile:
    """Load one profile file; raise :class:`ProfileError` naming file, field and fix."""
    profile, problems = _read(path)
    if problems or profile is None:
        raise ProfileError(problems)
    return profile


def check_profiles(directory: Path | None = None) -> tuple[list[PartnerProfile], list[ProfileProblem]]:
    """Validate every ``*.yaml``/``*.yml`` file in ``directory``; return good profiles and all problems."""
    directory = directory or default_dir()
    profiles: list[PartnerProfile] = []
    problems: list[ProfileProblem] = []
    seen: dict[str, Path] = {}
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        profile, found = _read(path)
        problems.extend(found)
        if profile is None:
            continue
        if profile.id in seen:
            problems.append(ProfileProblem(str(path), "id", f"id {profile.id!r} is also used by {seen[profile.id]}",
                                           "give each partner a unique id (and keep one file per partner)"))
            continue
        seen[profile.id] = path
        profiles.append(profile)
    return profiles, problems


def load_profiles(directory: Path | None = None) -> list[PartnerProfile]:
    """Load every profile in ``directory``; raise :class:`ProfileError` listing all problems."""
    profiles, problems = check_profiles(directory)
    if problems:
        raise ProfileError(problems)
    return profiles
