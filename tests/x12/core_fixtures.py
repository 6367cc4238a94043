"""Small X12 documents written inline for the engine-core tests, and a fake set validator.

``interchange`` builds a complete ISA..IEA with correct counts and control numbers, so each test
can then break exactly one thing. ``FakeValidator`` stands in for the map-driven validator so the
envelope and acknowledgment tests do not depend on the maps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gateway.errors import Issue
from gateway.x12.delimiters import X12Delimiters


def isa(*, e: str = "*", c: str = ":", r: str = "U", version: str = "00401", control: str = "000000001",
        sender: str = "SENDER", receiver: str = "RECEIVER", ack: str = "0", usage: str = "P",
        date: str = "240131", time: str = "1200") -> str:
    """An ISA segment (without terminator) padded to the standard widths."""
    fields = ["ISA", "00", " " * 10, "00", " " * 10, "ZZ", sender.ljust(15), "ZZ", receiver.ljust(15),
              date, time, r, version, control, ack, usage, c]
    return e.join(fields)


def body_850(n: int = 1) -> list[str]:
    """A small 850 body (between ST and SE) with ``n`` PO1 lines."""
    segs = ["BEG*00*SA*PO1001**20240131", "N1*ST*STORE 12"]
    for i in range(1, n + 1):
        segs += [f"PO1*{i}*{i * 2}*EA*9.95**VN*ITEM{i}", f"PID*F****WIDGET {i}"]
    segs.append(f"CTT*{n}")
    return segs


def group(sets: list[list[str]], *, fid: str = "PO", control: str = "1", version: str = "004010",
          set_ids: list[str] | None = None, first_st: int = 1) -> list[str]:
    """GS..GE around ``sets`` (each a body list) with ST/SE counts and control numbers right."""
    out = [f"GS*{fid}*APPSEND*APPRECV*20240131*1200*{control}*X*{version}"]
    for n, body in enumerate(sets):
        set_id = (set_ids or ["850"] * len(sets))[n]
        ctl = f"{first_st + n:04d}"
        out.append(f"ST*{set_id}*{ctl}")
        out += body
        out.append(f"SE*{len(body) + 2}*{ctl}")
    out.append(f"GE*{len(sets)}*{control}")
    return out


def interchange(groups: list[list[str]] | None = None, *, control: str = "000000001", leading: list[str] | None = None,
                **isa_kw: str) -> list[str]:
    """Segments of a whole interchange (element separator '*'; join with the terminator you want)."""
    groups = [group([body_850()])] if groups is None else groups
    segs = [isa(control=control, **isa_kw), *(leading or [])]
    for g in groups:
        segs += g
    segs.append(f"IEA*{len(groups)}*{control}")
    return segs


def text(segments: list[str], term: str = "~", suffix: str = "\n", e: str = "*") -> str:
    """Join segments; the '*' in non-ISA segments is replaced by ``e`` when another separator is wanted."""
    if e != "*":
        segments = [s if s.startswith("ISA") else s.replace("*", e) for s in segments]
    return "".join(s + term + suffix for s in segments)


@dataclass
class FakeValidator:
    """Records what the envelope feeds it and returns the issues it was given."""

    issues: list[Issue] = field(default_factory=list)
    fed: list[tuple[str, int]] = field(default_factory=list)
    delimiters: X12Delimiters | None = None

    def feed(self, elements: list[str], position: int) -> None:
        self.fed.append((elements[0], position))

    def finish(self) -> list[Issue]:
        return list(self.issues)


class FakeFactory:
    """A validator factory: a FakeValidator per set, with issues per ST02 when configured."""

    def __init__(self, issues_by_set: dict[str, list[Issue]] | None = None, supported: tuple[str, ...] = ()) -> None:
        self.issues_by_set = issues_by_set or {}
        self.supported = supported
        self.made: list[FakeValidator] = []
        self._count = 0

    def __call__(self, version: str, set_id: str, delimiters: X12Delimiters) -> FakeValidator | None:
        if self.supported and set_id not in self.supported:
            return None
        self._count += 1
        v = FakeValidator(issues=self.issues_by_set.get(f"{self._count:04d}", []), delimiters=delimiters)
        self.made.append(v)
        return v


def element_issue(position: int, *, segment: str = "PO1", element: int = 2, code: str = "6", bad: str = "1O",
                  de: str = "330", message: str = "quantity '1O' is not a number", loop: str | None = "PO1") -> Issue:
    """An element-level issue as the map validator reports it."""
    return Issue(level="element", code=code, message=message, segment_id=segment, segment_position=position,
                 loop_id=loop, element_position=element, data_element=de, bad_value=bad)
