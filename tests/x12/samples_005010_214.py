"""A small valid 214 in the 005010 table's own layout (tools/x12maps/set_214.py ``SET_005010``).

From 004040 on the 214's heading holds only ST, B10 and MS3: the references (L11), the weight (AT8),
the status (AT7 loop) and the parties (N1 loop) are all inside the LX loop, in that order.
"""

from __future__ import annotations

BODY: list[str] | None = [
    "ST*214*0001", "B10*PRO123*SHIP123*SCAC", "LX*1", "L11*PO123*PO", "L11*BOL123*BM", "AT8*G*L*1200*10",
    "AT7*X6*NS***20240131*1200*LT", "MS1*Chicago*IL*US", "MS2*SCAC*TRL123", "N1*SH*Shipper Inc",
    "N3*1 Dock Rd", "N4*Chicago*IL*60601", "SE*13*0001",
]
