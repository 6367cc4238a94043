"""Units of measure: partner codes to the gateway's unit names, and back.

The gateway names units in plain words (``each``, ``case``, ``kg``...). X12 element 355 codes and
UN/ECE Recommendation 20 codes are read into those names (a partner's own codes first, from the
profile's ``crossrefs.unit_codes``), and written back with the preferred code of each syntax.
The Odoo UoM comes from the profile's ``crossrefs.odoo_units``. An unknown code is kept as sent
(so nothing is lost on a round trip) and reported as a finding.
"""

from __future__ import annotations

from gateway.documents.base import Finding
from gateway.partners.model import PartnerProfile

X12_UNITS: dict[str, str] = {
    "EA": "each", "PC": "piece", "CA": "case", "CT": "carton", "BX": "box", "DZ": "dozen",
    "PK": "pack", "PL": "pallet", "PR": "pair", "BG": "bag", "DR": "drum", "RL": "roll",
    "LB": "lb", "KG": "kg", "GA": "gallon", "LT": "litre", "FT": "foot", "MR": "metre",
}
REC20_UNITS: dict[str, str] = {
    "EA": "each", "C62": "each", "NAR": "each", "H87": "piece", "PCE": "piece", "CS": "case",
    "CT": "carton", "BX": "box", "DZN": "dozen", "PK": "pack", "PX": "pallet", "PF": "pallet",
    "PR": "pair", "BG": "bag", "DR": "drum", "RO": "roll", "LBR": "lb", "KGM": "kg",
    "GLL": "gallon", "LTR": "litre", "FOT": "foot", "MTR": "metre",
}
_X12_PREFERRED = {v: k for k, v in reversed(list(X12_UNITS.items()))}
_REC20_PREFERRED = {v: k for k, v in reversed(list(REC20_UNITS.items()))}
_REC20_PREFERRED["each"] = "EA"
GATEWAY_UNITS = frozenset(X12_UNITS.values()) | frozenset(REC20_UNITS.values())


def unit_from_code(code: str, syntax: str, profile: PartnerProfile | None,
                   findings: list[Finding], place: str) -> str:
    """The gateway unit for a partner's code (profile override, then the syntax's code list)."""
    code = code.strip()
    if profile and code in profile.crossrefs.unit_codes:
        return profile.crossrefs.unit_codes[code]
    table = X12_UNITS if syntax == "x12" else REC20_UNITS
    if code in table:
        return table[code]
    findings.append(Finding(code="UNKNOWN_UNIT", severity="warning", place=place,
                            message=f"unit code '{code}' is not a known {syntax.upper()} unit; kept as sent"))
    return code


def code_for_unit(unit: str, syntax: str, profile: PartnerProfile | None) -> str:
    """The code to send for a gateway unit (a partner's own code first; unknown units as given)."""
    if profile:
        for code, name in profile.crossrefs.unit_codes.items():
            if name == unit:
                return code
    table = _X12_PREFERRED if syntax == "x12" else _REC20_PREFERRED
    return table.get(unit, unit)


def odoo_uom(unit: str, profile: PartnerProfile | None) -> str | None:
    """The Odoo UoM for a gateway unit through the profile, None when the profile has none."""
    return profile.odoo_uom(unit) if profile else None
