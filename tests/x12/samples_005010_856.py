"""A small valid 856 in the 005010 table's own layout, where it differs from the 004010 one.

The 005010 856 table opens a TD3 loop (TD3, AT9) where 004010 has the TD3 segment alone
(tools/x12maps/set_856.py); this body is the 004010 sample (``VALID["856"]`` in
tests/x12/test_validator_samples.py) with a TD3 loop, including its AT9, after TD5.
"""

from __future__ import annotations

BODY: list[str] | None = [
    "ST*856*0001", "BSN*00*SHIP123*20240131*1200*0001", "DTM*011*20240131", "HL*1**S*1",
    "TD1*CTN25*2****G*28*LB", "TD5*B*2*UPSN*M", "TD3*TL**TRL123", "AT9*05300*110*102*T*L*15000",
    "REF*BM*BOL123", "N1*ST*Store 42*92*0042", "HL*2*1*O*1", "PRF*PO123", "HL*3*2*P*1",
    "MAN*GM*00012345678901234567", "HL*4*3*I*0", "LIN**UP*012345678905*VN*ABC123", "SN1**10*EA", "CTT*4",
    "SE*19*0001",
]
