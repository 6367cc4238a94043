"""Numbers, dates, times and GS1 identifiers: exact conversions used by every mapping.

Quantities and amounts become :class:`~decimal.Decimal` straight from their text (X12 ``R`` and
``N2`` implied-decimal fields, EDIFACT numbers with either decimal mark), never through float.
Dates and times become ISO 8601 values; a time without a zone is read in the partner's zone.
SSCC-18 and GTIN check digits are verified; a bad one is a finding, not an exception.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from gateway.documents.base import Finding
from gateway.errors import EdiWriteError

# ---------------------------------------------------------------- numbers


def parse_decimal(text: str, findings: list[Finding], place: str, decimal_mark: str = ".") -> Decimal | None:
    """An exact Decimal from an X12 R / EDIFACT n field; a finding (and None) when it is not a number."""
    if text is None or text == "":
        return None
    raw = text.strip().replace(decimal_mark, ".") if decimal_mark != "." else text.strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or any(c in raw for c in "eEnN_ "):
        findings.append(Finding(code="BAD_NUMBER", place=place, message=f"'{text}' is not a number"))
        return None
    return value


def parse_implied(text: str, places: int, findings: list[Finding], place: str) -> Decimal | None:
    """An X12 ``Nn`` implied-decimal field as an exact Decimal: ``'12345'`` with N2 is 123.45."""
    if text is None or text == "":
        return None
    raw = text.strip()
    body = raw[1:] if raw[:1] == "-" else raw
    if not body.isdigit() or not body.isascii():
        findings.append(Finding(code="BAD_NUMBER", place=place,
                                message=f"'{text}' is not an implied-decimal (N{places}) number"))
        return None
    return Decimal(raw).scaleb(-places)


def format_decimal(value: Decimal, decimal_mark: str = ".") -> str:
    """Plain text for a Decimal: no exponent, no trailing zeros after the point, no '-0'."""
    text = format(value.normalize(), "f") if value != 0 else "0"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", decimal_mark) if decimal_mark != "." else text


def format_implied(value: Decimal, places: int, what: str) -> str:
    """An ``Nn`` field for a Decimal; refuses amounts with more precision than the field holds."""
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        raise EdiWriteError(f"{what} {value} has more than {places} decimal places; an N{places} field cannot hold it")
    return str(int(scaled))


# ---------------------------------------------------------------- dates and times

# X12 time codes (element 623) to zones; LT (local) means the partner's own zone.
X12_TIME_CODES: dict[str, dt.tzinfo] = {
    "ET": ZoneInfo("America/New_York"), "CT": ZoneInfo("America/Chicago"),
    "MT": ZoneInfo("America/Denver"), "PT": ZoneInfo("America/Los_Angeles"),
    "AT": ZoneInfo("America/Anchorage"), "HT": ZoneInfo("Pacific/Honolulu"),
    "UT": dt.UTC, "GM": dt.UTC,
    "ES": dt.timezone(dt.timedelta(hours=-5)), "ED": dt.timezone(dt.timedelta(hours=-4)),
    "CS": dt.timezone(dt.timedelta(hours=-6)), "CD": dt.timezone(dt.timedelta(hours=-5)),
    "MS": dt.timezone(dt.timedelta(hours=-7)), "MD": dt.timezone(dt.timedelta(hours=-6)),
    "PS": dt.timezone(dt.timedelta(hours=-8)), "PD": dt.timezone(dt.timedelta(hours=-7)),
}
_ZONE_TO_CODE = {"America/New_York": "ET", "America/Chicago": "CT", "America/Denver": "MT",
                 "America/Los_Angeles": "PT", "America/Anchorage": "AT", "Pacific/Honolulu": "HT",
                 "UTC": "UT", "Etc/UTC": "UT"}


def parse_date(text: str, findings: list[Finding], place: str) -> dt.date | None:
    """CCYYMMDD (or YYMMDD, read as 20YY) to a date; a finding when it is not a real date."""
    if not text:
        return None
    raw = text.strip()
    try:
        if len(raw) == 8 and raw.isdigit():
            return dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        if len(raw) == 6 and raw.isdigit():
            return dt.date(2000 + int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    except ValueError:
        pass
    findings.append(Finding(code="BAD_DATE", place=place, message=f"'{text}' is not a valid date (CCYYMMDD)"))
    return None


def parse_time(text: str, findings: list[Finding], place: str) -> dt.time | None:
    """HHMM, HHMMSS or HHMMSSd.. to a time; a finding when it is not a real time."""
    if not text:
        return None
    raw = text.strip()
    try:
        if raw.isdigit() and len(raw) >= 4:
            sec = int(raw[4:6]) if len(raw) >= 6 else 0
            return dt.time(int(raw[:2]), int(raw[2:4]), sec)
    except ValueError:
        pass
    findings.append(Finding(code="BAD_TIME", place=place, message=f"'{text}' is not a valid time (HHMM)"))
    return None


def x12_zone(code: str | None, partner_zone: dt.tzinfo, findings: list[Finding], place: str) -> dt.tzinfo:
    """The zone of an X12 time code; the partner's zone for LT, absent or unknown codes."""
    if not code or code == "LT":
        return partner_zone
    zone = X12_TIME_CODES.get(code)
    if zone is None:
        findings.append(Finding(code="UNKNOWN_TIME_CODE", severity="warning", place=place,
                                message=f"time code '{code}' is unknown; read as the partner's local time"))
        return partner_zone
    return zone


def x12_time_code(zone: ZoneInfo) -> str:
    """The X12 time code to write for times expressed in ``zone`` (UT when it has none)."""
    return _ZONE_TO_CODE.get(zone.key, "UT")


def fmt_date(value: dt.date) -> str:
    """CCYYMMDD."""
    return value.strftime("%Y%m%d")


def fmt_time(value: dt.time | dt.datetime) -> str:
    """HHMM, or HHMMSS when seconds are set."""
    return value.strftime("%H%M%S" if value.second else "%H%M")


# ---------------------------------------------------------------- GS1


def gs1_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit for the digits before it (weights 3,1,3... from the right)."""
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def check_gtin(code: str | None, findings: list[Finding], place: str) -> None:
    """Add a finding when a GTIN/UPC/EAN (8, 12, 13 or 14 digits) has a wrong check digit."""
    if not code:
        return
    if not (code.isdigit() and code.isascii() and len(code) in (8, 12, 13, 14)):
        findings.append(Finding(code="BAD_GTIN", place=place,
                                message=f"'{code}' is not a GTIN (8, 12, 13 or 14 digits)"))
    elif gs1_check_digit(code[:-1]) != code[-1]:
        findings.append(Finding(code="BAD_GTIN_CHECK_DIGIT", place=place,
                                message=f"GTIN '{code}' has check digit {code[-1]}, "
                                        f"expected {gs1_check_digit(code[:-1])}"))


def normalise_sscc(code: str | None, findings: list[Finding], place: str) -> str | None:
    """The 18-digit SSCC (AI 00 removed from a 20-digit value); a finding when malformed or wrong check digit."""
    if not code:
        return None
    raw = code.strip()
    if len(raw) == 20 and raw.startswith("00"):
        raw = raw[2:]
    if not (raw.isdigit() and raw.isascii() and len(raw) == 18):
        findings.append(Finding(code="BAD_SSCC", place=place, message=f"'{code}' is not an SSCC-18"))
        return raw
    if gs1_check_digit(raw[:-1]) != raw[-1]:
        findings.append(Finding(code="BAD_SSCC_CHECK_DIGIT", place=place,
                                message=f"SSCC '{raw}' has check digit {raw[-1]}, "
                                        f"expected {gs1_check_digit(raw[:-1])}"))
    return raw
