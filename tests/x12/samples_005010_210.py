"""A small valid 210 in the 005010 table's own layout (tools/x12maps/set_210.py ``SET_005010``).

The 005010 210 carries references in L11 where 004010 has N9 (Bots EDI grammar x12/5010/210005010.py),
so the 004010 sample (``VALID["210"]`` in tests/x12/test_validator_samples.py) cannot serve 005010: this
is the same invoice with its bill of lading in L11.
"""

from __future__ import annotations

BODY: list[str] | None = [
    "ST*210*0001", "B3**INV123*SHIP123*PP**20240131*12500**20240130*035*SCAC", "C3*USD", "L11*BOL123*BM",
    "G62*86*20240129", "N1*SH*Shipper Inc", "N3*1 Dock Rd", "N4*Chicago*IL*60601", "N1*CN*Consignee LLC",
    "LX*1", "L5*1*WIDGETS", "L0*1***500*G***10*CTN", "L1*1*25.00*PH*12500", "L3*500*G***12500",
    "SE*15*0001",
]
