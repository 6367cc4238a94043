"""Small valid documents in the 005010 tables' own layouts, for the sets whose 005010 table differs.

``VALID["<set>"]`` of tests/x12/test_validator_samples.py serves 004010; these serve 005010 (through
``valid(set_id, version)`` there), so the valid-sample, broken-sample and pyx12 differential tests run
each set in each release's layout. Every broken-sample change made to the 004010 sample applies here
too (each body keeps the anchor segments of tests/x12/test_validator_samples.py ``BROKEN``).
"""

from __future__ import annotations

VALID_005010: dict[str, list[str]] = {
    # A small valid 850 in the 005010 table's own layout (tools/x12maps/set_850.py ``SET_005010``).
    #
    # 005010's N9 loop carries its text in MTX (MSG is not in the 005010 850), and its N1 loop may hold
    # IN2 after N2; otherwise this is ``VALID["850"]`` of tests/x12/test_validator_samples.py, so every
    # broken-sample change made there applies here too.
    "850": [
        "ST*850*0001",
        "BEG*00*SA*PO123**20240131",
        "CUR*BY*USD",
        "REF*DP*042",
        "PER*BD*Jane Buyer*TE*5551234567",
        "FOB*PP",
        "ITD*01*3*2**10**30",
        "DTM*002*20240215",
        "TD5*O*2*UPSN*M*UPS GROUND",
        "N9*L1*NOTES",
        "MTX**Deliver to the back dock",
        "N1*ST*Store 42*92*0042",
        "N3*1 Main St",
        "N4*Springfield*IL*62701*US",
        "PO1*1*10*EA*2.50*PE*VN*ABC123*UP*012345678905",
        "PID*F****Blue widget",
        "PO4*12*1*EA",
        "SDQ*EA*92*0042*5*0043*5",
        "PO1*2*4*CA*10**VN*XYZ",
        "DTM*002*20240220",
        "CTT*2",
        "SE*22*0001",
    ],
    # A small valid 856 in the 005010 table's own layout, where it differs from the 004010 one.
    #
    # The 005010 856 table opens a TD3 loop (TD3, AT9) where 004010 has the TD3 segment alone
    # (tools/x12maps/set_856.py); this body is the 004010 sample (``VALID["856"]`` in
    # tests/x12/test_validator_samples.py) with a TD3 loop, including its AT9, after TD5.
    "856": [
        "ST*856*0001",
        "BSN*00*SHIP123*20240131*1200*0001",
        "DTM*011*20240131",
        "HL*1**S*1",
        "TD1*CTN25*2****G*28*LB",
        "TD5*B*2*UPSN*M",
        "TD3*TL**TRL123",
        "AT9*05300*110*102*T*L*15000",
        "REF*BM*BOL123",
        "N1*ST*Store 42*92*0042",
        "HL*2*1*O*1",
        "PRF*PO123",
        "HL*3*2*P*1",
        "MAN*GM*00012345678901234567",
        "HL*4*3*I*0",
        "LIN**UP*012345678905*VN*ABC123",
        "SN1**10*EA",
        "CTT*4",
        "SE*19*0001",
    ],
    # A small valid 940 in the 005010 table's own layout, where it differs from the 004010 one.
    #
    # The 005010 table (tools/x12maps/set_940.py ``SET_005010``, after bots-edi/bots-grammars
    # x12/5010/940005010.py) adds a TD3 loop (TD3, AT9) after BNX, an N9 in the LX loop before W01 and an
    # N1 loop (N1 N2 N3 N4 PER) inside the W01 loop; this body uses those, and keeps the anchors of the
    # 940 entries of ``BROKEN`` in tests/x12/test_validator_samples.py (W05, N4, W01 lines) unchanged.
    "940": [
        "ST*940*0001",
        "W05*N*ORD123*PO123",
        "N1*ST*Store 42*92*0042",
        "N3*1 Main St",
        "N4*Springfield*IL*62701",
        "G62*10*20240201",
        "W66*PP*M***UPS GROUND",
        "TD3*TL",
        "AT9*5300*110*102*G*L*15000*E*3800",
        "LX*1",
        "N9*LI*1",
        "W01*10*EA**VN*ABC123",
        "G69*Blue widget",
        "N1*BT*Bill To Inc*92*0099",
        "PER*IC*Bob*TE*5550001111",
        "W76*10",
        "SE*17*0001",
    ],
    # A small valid 945 in the 005010 table's own layout (tools/x12maps/set_945.py ``SET_005010``).
    #
    # The 005010 945 adds TD1 to the heading (after G72) and makes the W12 loop's N1 the trigger of a
    # loop with N2/N3/N4/PER; this body uses both, plus W28, and keeps the anchor lines the BROKEN cases
    # of tests/x12/test_validator_samples.py change (header N1, W12, W03).
    "945": [
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
    ],
    # A small valid 214 in the 005010 table's own layout (tools/x12maps/set_214.py ``SET_005010``).
    #
    # From 004040 on the 214's heading holds only ST, B10 and MS3: the references (L11), the weight (AT8),
    # the status (AT7 loop) and the parties (N1 loop) are all inside the LX loop, in that order.
    "214": [
        "ST*214*0001",
        "B10*PRO123*SHIP123*SCAC",
        "LX*1",
        "L11*PO123*PO",
        "L11*BOL123*BM",
        "AT8*G*L*1200*10",
        "AT7*X6*NS***20240131*1200*LT",
        "MS1*Chicago*IL*US",
        "MS2*SCAC*TRL123",
        "N1*SH*Shipper Inc",
        "N3*1 Dock Rd",
        "N4*Chicago*IL*60601",
        "SE*13*0001",
    ],
    # A small valid 210 in the 005010 table's own layout (tools/x12maps/set_210.py ``SET_005010``).
    #
    # The 005010 210 carries references in L11 where 004010 has N9 (Bots EDI grammar x12/5010/210005010.py),
    # so the 004010 sample (``VALID["210"]`` in tests/x12/test_validator_samples.py) cannot serve 005010: this
    # is the same invoice with its bill of lading in L11.
    "210": [
        "ST*210*0001",
        "B3**INV123*SHIP123*PP**20240131*12500**20240130*035*SCAC",
        "C3*USD",
        "L11*BOL123*BM",
        "G62*86*20240129",
        "N1*SH*Shipper Inc",
        "N3*1 Dock Rd",
        "N4*Chicago*IL*60601",
        "N1*CN*Consignee LLC",
        "LX*1",
        "L5*1*WIDGETS",
        "L0*1***500*G***10*CTN",
        "L1*1*25.00*PH*12500",
        "L3*500*G***12500",
        "SE*15*0001",
    ],
}
