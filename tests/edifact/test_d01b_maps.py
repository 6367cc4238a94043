"""D.01B branching diagrams: completeness against the directory, and D.01B-only structure.

The tables below are the D.01B segment tables of ORDERS, DESADV, INVOIC, IFTSTA and APERAK
(segment tags, and for every group: number, parent group, trigger segment, status, maximum
repeat), written here from the UN/EDIFACT D.01B message directory independently of the YAML maps,
so a map edit that drifts from the directory fails. The behaviour tests show that a segment or
group that only D.01B has is accepted in a D.01B message and refused (0085 code 15, or 36/13 where
only a repeat or status changed) in the same message declared D.96A.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gateway.edifact import maps
from gateway.edifact.engine import validate_file
from tests.edifact.conftest import ORDERS_BODY, interchange, message

Writer = Callable[..., Path]

# Groups as "number:parent:trigger:status:max" ("-" = message level), in directory order.
GROUPS = {
    "ORDERS": """
        1:-:RFF:C:9999 2:-:NAD:C:99 3:2:RFF:C:99 4:2:DOC:C:5 5:2:CTA:C:5 6:-:TAX:C:5 7:-:CUX:C:5
        8:-:PAT:C:10 9:8:MOA:C:9999 10:-:TDT:C:10 11:10:LOC:C:10 12:-:TOD:C:5 13:-:PAC:C:99
        14:13:PCI:C:5 15:-:EQD:C:10 16:-:SCC:C:10 17:16:QTY:C:10 18:-:APR:C:25 19:-:ALC:C:99
        20:19:QTY:C:1 21:19:PCD:C:1 22:19:MOA:C:2 23:19:RTE:C:1 24:19:TAX:C:5 25:-:RCS:C:999
        26:-:DGS:C:999 27:26:CTA:C:99 28:-:LIN:C:200000 29:28:CCI:C:999 30:28:PAT:C:10 31:30:MOA:C:9999
        32:28:PRI:C:25 33:28:RFF:C:9999 34:28:PAC:C:99 35:34:RFF:C:1 36:34:PCI:C:5 37:28:LOC:C:9999
        38:28:TAX:C:10 39:28:NAD:C:999 40:39:RFF:C:99 41:39:DOC:C:5 42:39:CTA:C:5 43:28:ALC:C:99
        44:43:QTY:C:1 45:43:PCD:C:1 46:43:MOA:C:2 47:43:RTE:C:1 48:43:TAX:C:5 49:28:TDT:C:10
        50:49:LOC:C:10 51:28:TOD:C:5 52:28:EQD:C:10 53:28:SCC:C:100 54:53:QTY:C:10 55:28:RCS:C:999
        56:28:STG:C:10 57:56:QTY:C:3 58:28:DGS:C:999 59:58:CTA:C:99 60:-:ALC:C:10""",
    "DESADV": """
        1:-:RFF:C:10 2:-:NAD:C:99 3:2:RFF:C:10 4:2:CTA:C:10 5:-:TOD:C:10 6:-:TDT:C:10 7:6:LOC:C:10
        8:-:EQD:C:10 9:8:HAN:C:10 10:-:CPS:C:9999 11:10:PAC:C:9999 12:11:HAN:C:10 13:11:PCI:C:1000
        14:13:GIR:C:99 15:13:GIN:C:99 16:11:COD:C:99 17:10:LIN:C:9999 18:17:RFF:C:99 19:17:DGS:C:9999
        20:17:LOC:C:100 21:17:SGP:C:1000 22:17:PCI:C:9999 23:22:GIN:C:10 24:22:HAN:C:10
        25:17:QVR:C:10""",
    "INVOIC": """
        1:-:RFF:C:9999 2:-:NAD:C:99 3:2:RFF:C:9999 4:2:DOC:C:5 5:2:CTA:C:5 6:-:TAX:C:5 7:-:CUX:C:99
        8:-:PAT:C:10 9:-:TDT:C:10 10:9:LOC:C:10 11:9:RFF:C:9999 12:-:TOD:C:5 13:-:EQD:C:99
        14:-:PAC:C:1000 15:14:PCI:C:5 16:-:ALC:C:9999 17:16:RFF:C:5 18:16:QTY:C:1 19:16:PCD:C:1
        20:16:MOA:C:2 21:16:RTE:C:1 22:16:TAX:C:5 23:-:RCS:C:100 24:-:AJT:C:1 25:-:INP:C:1
        26:-:LIN:C:9999 27:26:MOA:C:99 28:26:PAT:C:10 29:26:PRI:C:25 30:26:RFF:C:10 31:26:PAC:C:10
        32:31:PCI:C:10 33:26:LOC:C:9999 34:26:TAX:C:99 35:26:NAD:C:99 36:35:RFF:C:5 37:35:DOC:C:5
        38:35:CTA:C:5 39:26:ALC:C:30 40:39:QTY:C:1 41:39:PCD:C:1 42:39:MOA:C:2 43:39:RTE:C:1
        44:39:TAX:C:5 45:26:TDT:C:10 46:45:LOC:C:10 47:26:TOD:C:5 48:26:RCS:C:100 49:26:GIS:C:10
        50:-:MOA:M:100 51:50:RFF:C:1 52:-:TAX:C:10 53:-:ALC:C:15""",
    "IFTSTA": """
        1:-:NAD:C:9 2:1:CTA:C:9 3:-:RFF:C:9 4:-:CNI:C:9999 5:4:STS:M:99 6:5:NAD:C:9 7:6:CTA:C:9
        8:5:TDT:C:99 9:8:LOC:C:9 10:5:EQD:C:99 11:10:EQA:C:99 12:5:GID:C:99 13:12:MEA:C:99
        14:12:DIM:C:99 15:12:PCI:C:99""",
    "APERAK": "1:-:DOC:C:99 2:-:RFF:C:9 3:-:NAD:C:9 4:-:ERC:C:9999 5:4:RFF:C:9",
}

TAGS = {
    "ORDERS": """ALC ALI APR BGM CAV CCI CNT COM CTA CUX DGS DOC DTM EQD FII FTX GIN GIR GIS HAN IMD LIN
                 LOC MEA MOA MTD NAD PAC PAI PAT PCD PCI PIA PRI QTY QVR RCS RFF RJL RNG RTE SCC STG TAX
                 TDT TOD UNH UNS UNT""",
    "DESADV": """ALI BGM CNT COD COM CPS CTA CUX DGS DLM DTM EQA EQD FTX GIN GIR HAN IMD LIN LOC MEA MOA
                 NAD PAC PCD PCI PIA QTY QVR RFF SEL SGP TDT TMD TOD UNH UNT""",
    "INVOIC": """AJT ALC ALI APR BGM CNT COM CTA CUX DGS DOC DTM EQD FII FTX GIN GIR GIS IMD INP LIN LOC
                 MEA MOA NAD PAC PAI PAT PCD PCI PGI PIA PRI QTY QVR RCS RFF RNG RTE SEL TAX TDT TOD TSR
                 UNH UNS UNT""",
    "IFTSTA": """BGM CNI CNT COM CTA DGS DIM DOC DTM EQA EQD EQN FTX GID GIN HAN LOC MEA NAD PCI RFF SEL
                 SGP STS TDT TMD TPL TSR UNH UNT""",
    "APERAK": "BGM CNT COM CTA DOC DTM ERC FTX NAD RFF UNH UNT",
}


def _shape(mmap: maps.MessageMap) -> tuple[list[str], set[str]]:
    """The map's groups in the GROUPS notation and the set of its segment tags."""
    groups: list[str] = []
    tags: set[str] = set()

    def walk(node: maps.Node, parent: str) -> None:
        for child in node.children:
            if child.is_group:
                number = child.name[2:]
                status = "M" if child.mandatory else "C"
                groups.append(f"{number}:{parent}:{child.tag}:{status}:{child.max_repeat}")
                walk(child, number)
            else:
                tags.add(child.tag)

    walk(mmap.root, "-")
    return groups, tags


@pytest.mark.parametrize("message_type", sorted(GROUPS))
def test_d01b_map_matches_the_directory(message_type: str) -> None:
    groups, tags = _shape(maps.load_message("D01B", message_type))
    assert groups == GROUPS[message_type].split()
    assert tags == set(TAGS[message_type].split())


@pytest.mark.parametrize("message_type", sorted(GROUPS))
def test_d01b_diagram_is_not_the_d96a_layout(message_type: str) -> None:
    assert _shape(maps.load_message("D01B", message_type)) != _shape(maps.load_message("D96A", message_type))


def _errors(edi_file: Writer, body: list[str], msg_id: str) -> list[tuple[str, str | None, int | None]]:
    report = validate_file(edi_file(interchange([message(body=body, msg_id=msg_id)]))).all_sets()[0]
    return [(i.code, i.segment_id, i.segment_position) for i in report.issues if i.severity == "error"]


def _both(edi_file: Writer, body: list[str], message_type: str) -> tuple[list, list]:
    """Errors of the same body declared D.01B and D.96A."""
    return (
        _errors(edi_file, body, f"{message_type}:D:01B:UN"),
        _errors(edi_file, body, f"{message_type}:D:96A:UN"),
    )


def test_orders_d01b_only_segments(edi_file: Writer) -> None:
    # Header GIR, SG9 (MOA + RJL under PAT) and the line's MTD exist in D.01B only.
    body = [
        *ORDERS_BODY[:2],
        "GIR+1+SN1:BN",
        *ORDERS_BODY[2:4],
        "PAT+1",
        "MOA+9:100",
        "RJL+J1",
        *ORDERS_BODY[4:6],
        "MTD+AB",
        *ORDERS_BODY[6:],
    ]
    d01b, d96a = _both(edi_file, body, "ORDERS")
    assert d01b == []
    assert [e for e in d96a if e[0] == "15"] == [("15", "GIR", 4), ("15", "RJL", 9), ("15", "MTD", 12)]
    assert _both(edi_file, ORDERS_BODY, "ORDERS") == ([], [])


DESADV_BODY = [
    "BGM+351+DN1+9",
    "DTM+137:20260101:102",
    "CPS+1",
    "PAC+1++PK",
    "LIN+1++4000862141404:EN",
    "QTY+12:10",
    "CNT+2:1",
]


def test_desadv_d01b_only_segments(edi_file: Writer) -> None:
    # CUX in the header and SG16 COD (component details) under the package exist in D.01B only.
    body = [*DESADV_BODY[:2], "CUX+2:EUR:4", *DESADV_BODY[2:4], "COD+AB", *DESADV_BODY[4:]]
    d01b, d96a = _both(edi_file, body, "DESADV")
    assert d01b == []
    assert [e for e in d96a if e[0] == "15"] == [("15", "CUX", 4), ("15", "COD", 7)]
    assert _both(edi_file, DESADV_BODY, "DESADV") == ([], [])


INVOIC_BODY = [
    "BGM+380+INV1+9",
    "DTM+137:20260101:102",
    "NAD+BY+5412345000013::9",
    "LIN+1++4000862141404:EN",
    "QTY+47:10",
    "UNS+S",
    "MOA+86:125",
]


def test_invoic_d01b_only_group_and_mandatory_summary(edi_file: Writer) -> None:
    # SG25 INP (parties and instruction) exists in D.01B only.
    body = [*INVOIC_BODY[:3], "INP+BY:SU", *INVOIC_BODY[3:]]
    d01b, d96a = _both(edi_file, body, "INVOIC")
    assert d01b == []
    assert [e for e in d96a if e[0] == "15"] == [("15", "INP", 5)]
    assert _both(edi_file, INVOIC_BODY, "INVOIC") == ([], [])
    # The summary MOA group SG50 is mandatory in D.01B (SG48 was conditional in D.96A).
    d01b, d96a = _both(edi_file, INVOIC_BODY[:-1], "INVOIC")
    assert [e[0] for e in d01b] == ["13"] and d96a == []


IFTSTA_BODY = ["BGM+23+ST1+9", "CNI+1+CONS1", "STS+1+21", "EQD+CN+ABCU1234567"]


def test_iftsta_d01b_only_segments_and_mandatory_status(edi_file: Writer) -> None:
    # TMD in the equipment group SG10 exists in D.01B only.
    d01b, d96a = _both(edi_file, [*IFTSTA_BODY, "TMD+3"], "IFTSTA")
    assert d01b == []
    assert [e for e in d96a if e[0] == "15"] == [("15", "TMD", 6)]
    # Header references are a group (RFF + DTM) in D.01B; D.96A has a lone RFF there.
    d01b, d96a = _both(
        edi_file, [IFTSTA_BODY[0], "RFF+CU:1", "DTM+171:20260101:102", *IFTSTA_BODY[1:]], "IFTSTA"
    )
    assert d01b == [] and ("15", "DTM", 4) in d96a
    # The status group SG5 (STS) is mandatory in each consignment in D.01B.
    d01b, d96a = _both(edi_file, IFTSTA_BODY[:2], "IFTSTA")
    assert [e[0] for e in d01b] == ["13"] and d96a == []


def test_aperak_d01b_repeats(edi_file: Writer) -> None:
    # Same layout in both directories; D.01B allows 9 SG5 (RFF) per error, D.96A one.
    body = ["BGM+313+AP1+27", "ERC+10", "RFF+ACW:1", "RFF+ON:2"]
    d01b, d96a = _both(edi_file, body, "APERAK")
    assert d01b == [] and d96a == [("36", "RFF", 5)]
