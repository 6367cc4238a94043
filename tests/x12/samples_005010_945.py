"""A small valid 945 in the 005010 table's own layout (tools/x12maps/set_945.py ``SET_005010``).

The 005010 945 adds TD1 to the heading (after G72) and makes the W12 loop's N1 the trigger of a
loop with N2/N3/N4/PER; this body uses both, plus W28, and keeps the anchor lines the BROKEN cases
of tests/x12/test_validator_samples.py change (header N1, W12, W03).
"""

from __future__ import annotations

BODY: list[str] | None = [
    "ST*945*0001",
    "W06*F*ORD123*20240203*SHIP123",
    "N1*ST*Store 42*92*0042",
    "W27*M*UPSN",
    "W28*C*1200*G*L",
    "TD1*CTN25*10****G*120*LB",
    "LX*1",
    "W12*CC*10*10**EA**VN*ABC123",
    "N1*BY*Buyer Co*92*0099",
    "N3*9 Dock Rd",
    "N4*Chicago*IL*60601",
    "W03*10",
    "SE*13*0001",
]
