"""Field checks of an ISA segment, each problem with its TA105 note code (element I18).

Padding is never an error (real partners send unpadded or NBSP-padded ISAs); what is checked is
what the codes are for: qualifiers, ids, date, time, version, control number, the acknowledgment
and usage flags, ISA11 and the delimiters. ``WARN_ONLY_TA105`` are the codes that accept the
interchange with errors (TA104 E) instead of rejecting it.
"""

from __future__ import annotations

import datetime as dt

from gateway.x12.delimiters import IsaHeader

AUTH_QUALIFIERS = frozenset({"00", "01", "02", "03", "04", "05", "06"})
SECURITY_QUALIFIERS = frozenset({"00", "01"})
ID_QUALIFIERS = frozenset({f"{n:02d}" for n in range(1, 39)} | {"AM", "NR", "SA", "SN", "ZZ"})
WARN_ONLY_TA105 = frozenset({"014", "015", "019", "020"})

Problem = tuple[str, str, str]


def valid_date(value: str, fmt: str) -> bool:
    """True when ``value`` is a real calendar date in ``fmt`` (e.g. ``%y%m%d``)."""
    try:
        dt.datetime.strptime(value, fmt)
    except ValueError:
        return False
    return True


def valid_time(value: str) -> bool:
    """True for HHMM, HHMMSS, HHMMSSD or HHMMSSDD with hours < 24, minutes and seconds < 60."""
    if not value.isdigit() or len(value) not in (4, 6, 7, 8):
        return False
    hh, mm = int(value[:2]), int(value[2:4])
    ss = int(value[4:6]) if len(value) >= 6 else 0
    return hh < 24 and mm < 60 and ss < 60


def _show(value: str) -> str:
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def check_isa(isa: IsaHeader) -> list[Problem]:
    """Problems found in the ISA fields: (TA105 code, message, "error" or "warning")."""
    def f(n: int) -> str:
        return _show(isa.field(n))

    d = isa.delimiters
    checks: list[tuple[bool, str, str]] = [
        (f(1) in AUTH_QUALIFIERS, "010", f"ISA01 authorization qualifier {f(1)!r} is not a valid code"),
        (f(3) in SECURITY_QUALIFIERS, "012", f"ISA03 security qualifier {f(3)!r} is not a valid code"),
        (f(5) in ID_QUALIFIERS, "005", f"ISA05 sender ID qualifier {f(5)!r} is not a valid code"),
        (bool(f(6)), "006", "ISA06 sender ID is empty"),
        (f(7) in ID_QUALIFIERS, "007", f"ISA07 receiver ID qualifier {f(7)!r} is not a valid code"),
        (bool(f(8)), "008", "ISA08 receiver ID is empty"),
        (len(f(9)) == 6 and valid_date(f(9), "%y%m%d"), "014", f"ISA09 date {f(9)!r} is not a valid YYMMDD date"),
        (len(f(10)) == 4 and valid_time(f(10)), "015", f"ISA10 time {f(10)!r} is not a valid HHMM time"),
        (len(f(13)) in range(1, 10) and f(13).isdigit(), "018",
         f"ISA13 control number {f(13)!r} must be up to 9 digits"),
        (f(14) in ("0", "1"), "019", f"ISA14 acknowledgment requested {f(14)!r} must be 0 or 1"),
        (f(15) in ("P", "T"), "020", f"ISA15 usage indicator {f(15)!r} must be P (production) or T (test)"),
    ]
    version = f(12)
    if not (len(version) == 5 and version.isdigit()):
        checks.append((False, "017", f"ISA12 version {version!r} is not a 5-digit version number"))
    elif not 200 <= int(version) <= 899:
        checks.append((False, "003", f"ISA12 version {version!r} is not a known X12 interchange version"))
    found: list[Problem] = [(code, message, "error") for ok, code, message in checks if not ok]
    isa11 = f(11)
    if version.isdigit() and int(version) >= 501:
        if d.repetition is None:
            found.append(("016", f"ISA11 {isa11!r} should be the repetition separator for version {version}; "
                          "repetitions will not be recognised", "warning"))
    elif isa11 != "U":
        if len(isa11) == 1 and not isa11.isalnum():
            found.append(("016", f"ISA11 is {isa11!r}; version {version} expects the standards identifier 'U' "
                          "(the value is ignored)", "warning"))
        else:
            found.append(("016", f"ISA11 standards identifier {isa11!r} is not 'U'", "error"))
    comp = d.component
    if comp.isalnum() or comp in " \t\r\n" or comp in (d.element, d.segment, d.repetition):
        found.append(("027", f"ISA16 component separator {comp!r} is a letter, digit or blank, or equals "
                      "another delimiter", "error"))
    if d.repetition is not None and d.repetition in (d.element, d.segment):
        found.append(("026", f"the repetition separator {d.repetition!r} equals another delimiter", "error"))
    return found
