"""The 856 HL hierarchy: HL01 unique and sequential, HL02 an earlier HL, HL03 consistent with BSN05.

X12 has no dedicated AK4 code for hierarchy errors; they are reported as element errors with code
7 (invalid code value) on HL01, HL02 or HL03, with a message that says what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# BSN05 hierarchical structure codes -> level order (T, tare, may sit between order and pack).
STRUCTURES: dict[str, str] = {
    "0001": "SOTPI",  # Shipment, Order, (Tare,) Packaging, Item
    "0002": "SOTIP",  # Shipment, Order, (Tare,) Item, Packaging
    "0004": "SOI",    # Shipment, Order, Item
}


@dataclass(frozen=True, slots=True)
class HlProblem:
    """One hierarchy problem on one HL element."""

    position: int
    bad_value: str
    what: str
    hint: str


@dataclass(slots=True)
class HierarchyChecker:
    """Follows the HL segments of one 856 and reports hierarchy problems as they arrive."""

    structure: str | None = None
    code: str = ""
    levels: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def set_structure(self, bsn05: str) -> None:
        """Remember BSN05 (only known structure codes are enforced)."""
        self.structure = STRUCTURES.get(bsn05)
        self.code = bsn05

    def feed(self, elements: list[str]) -> list[HlProblem]:
        """Check one HL segment's HL01-HL03 against the HL segments seen so far."""
        out: list[HlProblem] = []
        self.count += 1
        hl01 = elements[1] if len(elements) > 1 else ""
        hl02 = elements[2] if len(elements) > 2 else ""
        hl03 = elements[3] if len(elements) > 3 else ""
        if hl01:
            if hl01 in self.levels:
                out.append(HlProblem(1, hl01, f"hierarchical ID '{hl01}' is used twice",
                                     "number the HL segments 1, 2, 3, ... without repeats"))
            elif hl01 != str(self.count):
                out.append(HlProblem(1, hl01, f"hierarchical ID '{hl01}' is out of sequence (expected "
                                              f"'{self.count}')", "number the HL segments 1, 2, 3, ... in order"))
        if hl02 and hl02 not in self.levels:
            out.append(HlProblem(2, hl02, f"parent ID '{hl02}' is not an earlier HL",
                                 "HL02 must name the HL01 of an HL that comes before this one"))
        if self.structure and hl03:
            order = self.structure
            if hl03 not in order:
                out.append(HlProblem(3, hl03, f"level '{hl03}' is not part of structure {self.code} "
                                              f"({', '.join(order)})",
                                     f"use one of the levels {', '.join(order)} or change BSN05"))
            else:
                parent_level = self.levels.get(hl02) if hl02 else None
                if parent_level is None and not hl02 and order.index(hl03) != 0:
                    out.append(HlProblem(3, hl03, f"level '{hl03}' has no parent but structure {self.code} "
                                                  f"starts with '{order[0]}'",
                                         "give this HL a parent in HL02 or start with the shipment level"))
                elif parent_level and parent_level in order and order.index(hl03) <= order.index(parent_level):
                    out.append(HlProblem(3, hl03, f"level '{hl03}' cannot be under level '{parent_level}' in "
                                                  f"structure {self.code} ({', '.join(order)})",
                                         "fix HL02 to point at a higher level, or HL03"))
        if hl01 and hl01 not in self.levels:
            self.levels[hl01] = hl03
        return out
