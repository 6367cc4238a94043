"""Hypothesis strategies that break real EDI and MIME bytes the way wires, partners and attackers do.

Each example is a seed document (a real corpus or sample file) plus a short list of mutations:
byte flips, insertions of delimiter and release characters, truncation, a duplicated segment,
a huge element, a deleted range. Positions are drawn as fractions so one strategy fits any seed.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Every character that means something in X12 or EDIFACT (or in MIME), plus line ends and NUL.
SPECIAL = [b"*", b"~", b":", b">", b"^", b"|", b"+", b"'", b"?", b"\r\n", b"\n", b"\x00", b"UNA", b"ISA",
           b"--", b"\r\n\r\n", b"=", b";", b'"']

Mutation = tuple[str, float, int, bytes]

mutation: st.SearchStrategy[Mutation] = st.tuples(
    st.sampled_from(["flip", "insert", "truncate", "duplicate", "huge", "delete"]),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    st.integers(min_value=0, max_value=255),
    st.sampled_from(SPECIAL),
)
mutations = st.lists(mutation, min_size=1, max_size=4)

HUGE = 300_000  # one element far past any standard maximum length


def _segment_bounds(data: bytes, at: int, terminator: bytes) -> tuple[int, int]:
    start = data.rfind(terminator, 0, at) + 1
    end = data.find(terminator, at)
    return start, (len(data) if end < 0 else end + len(terminator))


def apply(data: bytes, muts: list[Mutation], terminator: bytes = b"~") -> bytes:
    """Apply ``muts`` in order to ``data`` (``terminator`` is the seed's segment terminator)."""
    buf = bytearray(data)
    for kind, where, value, special in muts:
        at = min(int(where * len(buf)), max(len(buf) - 1, 0))
        if kind == "flip" and buf:
            buf[at] = value
        elif kind == "insert":
            buf[at:at] = special
        elif kind == "truncate":
            del buf[at:]
        elif kind == "duplicate" and buf:
            start, end = _segment_bounds(bytes(buf), at, terminator)
            buf[end:end] = buf[start:end]
        elif kind == "huge":
            buf[at:at] = bytes([65 + value % 26]) * HUGE
        elif kind == "delete":
            del buf[at:at + 1 + value]
    return bytes(buf)


def x12_terminator(data: bytes) -> bytes:
    """The segment terminator an ISA header declares (byte 106), or ``~`` when there is none."""
    return data[105:106] if data.startswith(b"ISA") and len(data) > 105 else b"~"


def edifact_terminator(data: bytes) -> bytes:
    """The segment terminator a UNA service string advice declares, or the default apostrophe."""
    return data[8:9] if data.startswith(b"UNA") and len(data) > 8 else b"'"
