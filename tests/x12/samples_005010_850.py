"""A small valid 850 in the 005010 table's own layout (tools/x12maps/set_850.py ``SET_005010``).

005010's N9 loop carries its text in MTX (MSG is not in the 005010 850), and its N1 loop may hold
IN2 after N2; otherwise this is ``VALID["850"]`` of tests/x12/test_validator_samples.py, so every
broken-sample change made there applies here too.
"""

from __future__ import annotations

BODY: list[str] | None = [
    "ST*850*0001", "BEG*00*SA*PO123**20240131", "CUR*BY*USD", "REF*DP*042",
    "PER*BD*Jane Buyer*TE*5551234567", "FOB*PP", "ITD*01*3*2**10**30", "DTM*002*20240215",
    "TD5*O*2*UPSN*M*UPS GROUND", "N9*L1*NOTES", "MTX**Deliver to the back dock", "N1*ST*Store 42*92*0042",
    "N3*1 Main St", "N4*Springfield*IL*62701*US",
    "PO1*1*10*EA*2.50*PE*VN*ABC123*UP*012345678905", "PID*F****Blue widget", "PO4*12*1*EA",
    "SDQ*EA*92*0042*5*0043*5", "PO1*2*4*CA*10**VN*XYZ", "DTM*002*20240220", "CTT*2", "SE*22*0001",
]
