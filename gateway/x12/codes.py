"""X12 acknowledgment code lists with plain-language meanings.

One table per code list the gateway emits: TA105 (element I18, interchange note code; not I43,
whose numbers mean other things), AK905 (716, group), AK502 (718, set), AK304 (720, segment),
AK403 (723, element), plus the 999 additions. ``inspect`` and the summaries use them to explain a
code; the acknowledgment builders use the codes themselves.
"""

from __future__ import annotations

TA105 = {
    "000": "no error",
    "001": "the interchange control numbers in the header (ISA13) and trailer (IEA02) do not match",
    "002": "this standard as noted in ISA11 is not supported",
    "003": "this version of the controls (ISA12) is not supported",
    "004": "the segment terminator is invalid",
    "005": "invalid interchange ID qualifier for sender (ISA05)",
    "006": "invalid interchange sender ID (ISA06)",
    "007": "invalid interchange ID qualifier for receiver (ISA07)",
    "008": "invalid interchange receiver ID (ISA08)",
    "009": "unknown interchange receiver ID",
    "010": "invalid authorization information qualifier value (ISA01)",
    "011": "invalid authorization information value (ISA02)",
    "012": "invalid security information qualifier value (ISA03)",
    "013": "invalid security information value (ISA04)",
    "014": "invalid interchange date value (ISA09)",
    "015": "invalid interchange time value (ISA10)",
    "016": "invalid interchange standards identifier value (ISA11)",
    "017": "invalid interchange version ID value (ISA12)",
    "018": "invalid interchange control number value (ISA13)",
    "019": "invalid acknowledgment requested value (ISA14)",
    "020": "invalid test indicator value (ISA15)",
    "021": "invalid number of included groups value (IEA01)",
    "022": "invalid control structure",
    "023": "improper (premature) end-of-file (transmission)",
    "024": "invalid interchange content (for example a segment outside its envelope)",
    "025": "duplicate interchange control number",
    "026": "invalid data element separator",
    "027": "invalid component element separator",
}

AK905 = {
    "1": "functional group not supported",
    "2": "functional group version not supported",
    "3": "functional group trailer (GE) missing",
    "4": "group control number in the header (GS06) and trailer (GE02) do not agree",
    "5": "number of included transaction sets (GE01) does not match the actual count",
    "6": "group control number violates syntax",
    "19": "functional group control number not unique within interchange",
    "30": "invalid group date (GS04)",
    "31": "invalid group time (GS05)",
}

AK502 = {
    "1": "transaction set not supported",
    "2": "transaction set trailer (SE) missing",
    "3": "transaction set control number in header (ST02) and trailer (SE02) do not match",
    "4": "number of included segments (SE01) does not match the actual count",
    "5": "one or more segments in error",
    "6": "missing or invalid transaction set identifier (ST01)",
    "7": "missing or invalid transaction set control number (ST02)",
    "18": "transaction set not in functional group (its type does not belong to the group's GS01)",
    "19": "invalid implementation convention reference (ST03)",
    "23": "transaction set control number (ST02) not unique within the functional group",
}

AK304 = {
    "1": "unrecognized segment ID",
    "2": "unexpected segment",
    "3": "mandatory segment missing",
    "4": "loop occurs over maximum times",
    "5": "segment exceeds maximum use",
    "6": "segment not in defined transaction set",
    "7": "segment not in proper sequence",
    "8": "segment has data element errors",
    "I4": "implementation 'not used' segment present",
    "I6": "implementation dependent segment missing",
    "I7": "implementation loop occurs under minimum times",
    "I8": "implementation segment below minimum use",
    "I9": "implementation dependent 'not used' segment present",
}

AK403 = {
    "1": "mandatory data element missing",
    "2": "conditional required data element missing",
    "3": "too many data elements",
    "4": "data element too short",
    "5": "data element too long",
    "6": "invalid character in data element",
    "7": "invalid code value",
    "8": "invalid date",
    "9": "invalid time",
    "10": "exclusion condition violated",
    "12": "too many repetitions",
    "13": "too many components",
    "I6": "code value not used in implementation",
    "I9": "implementation dependent data element missing",
    "I10": "implementation 'not used' data element present",
    "I11": "implementation too few repetitions",
    "I12": "implementation pattern match failure",
    "I13": "implementation dependent 'not used' data element present",
}

#: GS01 functional identifier expected for each ST01 transaction set (the common ones).
FUNCTIONAL_IDS = {
    "204": "SM", "210": "IM", "211": "BL", "214": "QM", "753": "GR", "754": "GR",
    "810": "IN", "812": "CD", "816": "OR", "820": "RA", "824": "AG", "830": "PS", "832": "SC",
    "846": "IB", "850": "PO", "852": "PD", "855": "PR", "856": "SH", "857": "BS", "860": "PC",
    "861": "RC", "862": "SS", "864": "TX", "865": "CA", "867": "PT", "869": "RS", "870": "RS",
    "875": "OG", "880": "GP", "940": "OW", "943": "AR", "944": "RE", "945": "SW", "947": "AW",
    "990": "GF", "997": "FA", "999": "FA",
    "270": "HS", "271": "HB", "276": "HR", "277": "HN", "278": "HI", "834": "BE", "835": "HP",
    "837": "HC",
}

_TABLES = {"interchange": TA105, "group": AK905, "set": AK502, "segment": AK304, "element": AK403}


def explain(level: str, code: str) -> str | None:
    """The standard meaning of ``code`` at ``level`` (interchange, group, set, segment, element)."""
    table = _TABLES.get(level)
    return table.get(code) if table else None
