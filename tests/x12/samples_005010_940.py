"""A small valid 940 in the 005010 table's own layout, where it differs from the 004010 one.

The 005010 table (tools/x12maps/set_940.py ``SET_005010``, after bots-edi/bots-grammars
x12/5010/940005010.py) adds a TD3 loop (TD3, AT9) after BNX, an N9 in the LX loop before W01 and an
N1 loop (N1 N2 N3 N4 PER) inside the W01 loop; this body uses those, and keeps the anchors of the
940 entries of ``BROKEN`` in tests/x12/test_validator_samples.py (W05, N4, W01 lines) unchanged.
"""

from __future__ import annotations

BODY: list[str] | None = [
    "ST*940*0001", "W05*N*ORD123*PO123", "N1*ST*Store 42*92*0042", "N3*1 Main St",
    "N4*Springfield*IL*62701", "G62*10*20240201", "W66*PP*M***UPS GROUND", "TD3*TL",
    "AT9*5300*110*102*G*L*15000*E*3800", "LX*1", "N9*LI*1", "W01*10*EA**VN*ABC123", "G69*Blue widget",
    "N1*BT*Bill To Inc*92*0099", "PER*IC*Bob*TE*5550001111", "W76*10", "SE*17*0001",
]
