"""The implementation-guide overlay: a partner's tightening of the base map, compiled and applied.

A profile lists rules such as "REF*IA required in the 850" or "TD503 must be one of these SCACs".
:func:`compile_overlay` turns the rules of one set into a :class:`CompiledOverlay`; its
:meth:`~CompiledOverlay.check` runs over a set's segments and returns issues in the gateway's one
error model with the standard codes of the syntax (X12 AK304/AK403, EDIFACT 0085), so they are
acknowledged exactly like base-map errors. The map validator can apply the same compiled object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from gateway.errors import Issue
from gateway.partners.model import OverlayRule, PartnerProfile

Syntax = Literal["x12", "edifact"]

# code for: segment missing, element missing, bad code, too short, too long, not used present
_CODES: dict[Syntax, dict[str, str]] = {
    "x12": {"seg_missing": "3", "el_missing": "1", "bad_code": "7", "short": "4", "long": "5",
            "seg_not_used": "2", "el_not_used": "10"},
    "edifact": {"seg_missing": "13", "el_missing": "13", "bad_code": "12", "short": "40", "long": "39",
                "seg_not_used": "15", "el_not_used": "15"},
}


@dataclass(slots=True)
class CompiledOverlay:
    """The overlay rules of one partner for one set, ready to check segments."""

    partner: str
    set_id: str
    syntax: Syntax
    rules: list[OverlayRule] = field(default_factory=list)

    def _matches(self, rule: OverlayRule, seg: Sequence[str]) -> bool:
        if seg[0] != rule.segment:
            return False
        return rule.qualifier is None or (len(seg) > 1 and seg[1].split(":")[0] == rule.qualifier)

    def check(self, segments: Sequence[Sequence[str]], component: str = ">") -> list[Issue]:
        """Issues for every overlay rule the segments (``[tag, e1, ...]``, header first) break."""
        codes = _CODES[self.syntax]
        issues: list[Issue] = []
        for rule in self.rules:
            label = rule.segment + (f"*{rule.qualifier}" if rule.qualifier else "")
            why = f" ({rule.note})" if rule.note else ""
            hits = [(pos, seg) for pos, seg in enumerate(segments, start=1) if self._matches(rule, seg)]
            if rule.element is None:
                if rule.usage == "required" and not hits:
                    issues.append(Issue(level="segment", code=codes["seg_missing"], segment_id=rule.segment,
                                        message=f"{label} is required by {self.partner}'s guide{why}",
                                        hint=f"send a {label} segment"))
                if rule.usage == "not_used":
                    for pos, seg in hits:
                        issues.append(Issue(level="segment", code=codes["seg_not_used"], segment_id=seg[0],
                                            segment_position=pos,
                                            message=f"{label} is not used by {self.partner}{why}",
                                            hint=f"leave {label} out"))
                continue
            for pos, seg in hits:
                issues.extend(self._check_element(rule, seg, pos, label + why, codes, component))
        return issues

    def _check_element(self, rule: OverlayRule, seg: Sequence[str], pos: int, label: str,
                       codes: dict[str, str], component: str) -> list[Issue]:
        idx = rule.element or 0
        value = seg[idx] if idx < len(seg) else ""
        base = {"level": "element", "segment_id": seg[0], "segment_position": pos, "element_position": idx}
        if not value:
            if rule.usage == "required":
                return [Issue(code=codes["el_missing"], message=f"{seg[0]}{idx:02d} is required by "
                              f"{self.partner}'s guide for {label}", hint="fill the element", **base)]
            return []
        if rule.usage == "not_used":
            return [Issue(code=codes["el_not_used"], bad_value=value, hint="leave the element empty",
                          message=f"{seg[0]}{idx:02d} is not used by {self.partner} for {label}", **base)]
        found: list[Issue] = []
        if rule.codes is not None and value.split(component)[0] not in rule.codes:
            found.append(Issue(code=codes["bad_code"], bad_value=value,
                               message=f"{seg[0]}{idx:02d} '{value}' is not in {self.partner}'s code list",
                               hint=f"use one of {', '.join(rule.codes)}", **base))
        if rule.min_length is not None and len(value) < rule.min_length:
            found.append(Issue(code=codes["short"], bad_value=value,
                               message=f"{seg[0]}{idx:02d} '{value}' is shorter than {rule.min_length}",
                               hint=f"{self.partner} wants at least {rule.min_length} characters", **base))
        if rule.max_length is not None and len(value) > rule.max_length:
            found.append(Issue(code=codes["long"], bad_value=value,
                               message=f"{seg[0]}{idx:02d} '{value}' is longer than {rule.max_length}",
                               hint=f"{self.partner} accepts at most {rule.max_length} characters", **base))
        return found


def compile_overlay(profile: PartnerProfile, set_id: str) -> CompiledOverlay:
    """The overlay of ``profile`` for one set (X12 set id or EDIFACT message type)."""
    syntax: Syntax = "edifact" if set_id.isalpha() else "x12"
    rules = [r for r in profile.overlay if r.set == set_id]
    return CompiledOverlay(partner=profile.id, set_id=set_id, syntax=syntax, rules=rules)
