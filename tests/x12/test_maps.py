"""The X12 maps in edi_maps/x12: valid against pyx12's schemas, loadable, and right where it matters.

Spot checks pin the definitions partners depend on (PO1 and its paired notes, BEG05, the 856 HL
loop, W12, AT7, L1/L3, 997 AK1 for a PO group) and the places where 005010 differs from 004010.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from lxml import etree

from gateway.x12 import maps
from gateway.x12.maps import CompositeDef, ElementDef, LoopDef, MapError, SegmentDef, TransactionMap

MAPS = maps.MAPS_DIR
MAP_FILES = sorted(p for p in MAPS.glob("*/*.xml") if p.name != "dataele.xml")
ALL_SETS = [("004010", s) for s in ("850", "856", "940", "945", "214", "210", "997")] + [
    ("005010", s) for s in ("850", "856", "940", "945", "214", "210", "997", "999")]


def _pyx12_xsd(name: str) -> etree.XMLSchema:
    pyx12 = pytest.importorskip("pyx12")
    return etree.XMLSchema(etree.parse(str(Path(pyx12.__file__).parent / "map" / name)))


def find(loop: LoopDef, *path: str) -> LoopDef | SegmentDef:
    """Follow loop ids / segment tags from a loop (siblings are unique), e.g. find(root, "LX", "W12")."""
    node: LoopDef | SegmentDef = loop
    for step in path:
        assert isinstance(node, LoopDef)
        (node,) = [c for c in node.children if (c.loop_id if isinstance(c, LoopDef) else c.tag) == step]
    return node


def element(seg: SegmentDef, pos: int) -> ElementDef:
    e = seg.elements[pos - 1]
    assert isinstance(e, ElementDef)
    return e


@pytest.fixture(scope="module")
def m850() -> TransactionMap:
    m = maps.get_map("004010", "850")
    assert m is not None
    return m


@pytest.mark.parametrize("path", MAP_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_map_validates_against_pyx12_map_xsd(path: Path) -> None:
    schema = _pyx12_xsd("map.xsd")
    assert schema.validate(etree.parse(str(path))), schema.error_log


@pytest.mark.parametrize("version", ["004010", "005010"])
def test_dataele_validates_against_pyx12_dataele_xsd(version: str) -> None:
    schema = _pyx12_xsd("dataele.xsd")
    assert schema.validate(etree.parse(str(MAPS / version / "dataele.xml"))), schema.error_log


def test_index_validates_against_pyx12_maps_xsd_and_lists_every_set() -> None:
    schema = _pyx12_xsd("maps.xsd")
    assert schema.validate(etree.parse(str(MAPS / "maps.xml"))), schema.error_log
    assert maps.available_maps() == sorted(ALL_SETS)


@pytest.mark.parametrize(("version", "set_id"), ALL_SETS)
def test_every_map_loads_and_compiles(version: str, set_id: str) -> None:
    m = maps.get_map(version, set_id)
    assert m is not None and m.set_id == set_id and m.version == version
    first, last = m.root.children[0], m.root.children[-1]
    assert isinstance(first, SegmentDef) and first.tag == "ST"
    assert isinstance(last, SegmentDef) and last.tag == "SE"
    st01 = element(first, 1)
    assert st01.codes == frozenset({set_id})


def test_version_lookup_uses_first_six_characters() -> None:
    assert maps.get_map("004010VICS", "850") is maps.get_map("004010", "850")
    assert maps.get_map("005010X231A1", "999") is not None
    assert maps.get_map("004010", "999") is None  # 999 exists from 005010 only
    assert maps.get_map("003060", "856") is None
    assert maps.get_map("004010", "855") is None


def test_po1_elements_and_paired_notes(m850: TransactionMap) -> None:
    loop = find(m850.root, "PO1")
    assert isinstance(loop, LoopDef) and loop.required and loop.max_repeat == 100000
    po1 = loop.trigger
    assert po1.tag == "PO1" and po1.required and po1.max_use == 1
    assert (element(po1, 2).data_element, element(po1, 2).data_type, element(po1, 2).max_len) == ("330", "R", 15)
    assert element(po1, 3).data_element == "355" and element(po1, 3).data_type == "ID"
    assert (element(po1, 4).data_element, element(po1, 4).data_type) == ("212", "R")
    assert [element(po1, p).data_element for p in (6, 7)] == ["235", "234"]
    assert len(po1.elements) == 25
    notes = {n.text for n in po1.syntax}
    assert {"P0607", "P0809", "P2425", "C0302", "C0504"} <= notes


def test_beg05_is_an_eight_digit_date(m850: TransactionMap) -> None:
    beg = find(m850.root, "BEG")
    assert isinstance(beg, SegmentDef) and beg.required
    b5 = element(beg, 5)
    assert (b5.data_element, b5.data_type, b5.min_len, b5.max_len, b5.required) == ("373", "DT", 8, 8, True)


def test_856_hl_loop() -> None:
    m = maps.get_map("004010", "856")
    assert m is not None
    hl = find(m.root, "HL")
    assert isinstance(hl, LoopDef) and hl.required and hl.max_repeat == 200000
    tags = [c.tag if isinstance(c, SegmentDef) else c.loop_id for c in hl.children]
    assert tags[0] == "HL"
    for tag in ("LIN", "SN1", "PRF", "TD1", "TD5", "REF", "MAN", "DTM", "N1"):
        assert tag in tags
    assert element(hl.trigger, 4).codes == frozenset({"0", "1"})
    ctt = find(m.root, "CTT")
    assert isinstance(ctt, SegmentDef) and not ctt.required


def test_945_w12_inside_lx_loop() -> None:
    m = maps.get_map("004010", "945")
    assert m is not None
    w12_loop = find(m.root, "LX", "W12")
    assert isinstance(w12_loop, LoopDef)
    w12 = w12_loop.trigger
    assert [element(w12, p).data_element for p in (2, 3)] == ["330", "382"]
    assert isinstance(find(m.root, "W06"), SegmentDef) and isinstance(find(m.root, "W03"), SegmentDef)
    w27 = find(m.root, "W27")
    assert isinstance(w27, SegmentDef) and not w27.required  # optional in the 004010 and 005010 tables


def test_214_at7_loop_and_elements() -> None:
    m = maps.get_map("004010", "214")
    assert m is not None
    at7_loop = find(m.root, "LX", "AT7")
    assert isinstance(at7_loop, LoopDef)
    at7 = at7_loop.trigger
    assert [element(at7, p).data_element for p in (1, 2, 5, 6, 7)] == ["1650", "1651", "373", "337", "623"]
    assert {"P0102", "P0304"} <= {n.text for n in at7.syntax}
    b10 = find(m.root, "B10")
    assert isinstance(b10, SegmentDef) and element(b10, 3).required and element(b10, 3).data_element == "140"


def test_210_l1_and_l3() -> None:
    m = maps.get_map("004010", "210")
    assert m is not None
    l1 = find(m.root, "LX", "L1")
    assert isinstance(l1, SegmentDef) and l1.max_use == 10
    assert (element(l1, 4).data_element, element(l1, 4).data_type) == ("58", "N2")
    assert element(l1, 8).data_element == "150"
    l3 = find(m.root, "L3")
    assert isinstance(l3, SegmentDef) and not l3.required
    assert (element(l3, 5).data_element, element(l3, 5).data_type) == ("58", "N2")


def test_997_ak1_accepts_po_groups_and_ak4_has_c030() -> None:
    m = maps.get_map("004010", "997")
    assert m is not None
    ak1 = find(m.root, "AK1")
    assert isinstance(ak1, SegmentDef)
    codes = element(ak1, 1).codes
    assert codes is not None and {"PO", "SH", "OW", "SW", "QM", "IM", "FA"} <= codes
    ak4 = find(m.root, "AK2", "AK3", "AK4")
    assert isinstance(ak4, SegmentDef)
    c030 = ak4.elements[0]
    assert isinstance(c030, CompositeDef) and [c.data_element for c in c030.components] == ["722", "1528"]


def test_005010_differences() -> None:
    m4, m5 = maps.get_map("004010", "850"), maps.get_map("005010", "850")
    assert m4 is not None and m5 is not None
    st4, st5 = m4.root.children[0], m5.root.children[0]
    assert isinstance(st4, SegmentDef) and isinstance(st5, SegmentDef)
    assert len(st4.elements) == 2 and len(st5.elements) == 3  # ST03 implementation convention
    ref4, ref5 = find(m4.root, "REF"), find(m5.root, "REF")
    assert isinstance(ref4, SegmentDef) and isinstance(ref5, SegmentDef)
    assert (element(ref4, 2).max_len, element(ref5, 2).max_len) == (30, 50)
    n4_5 = find(m5.root, "N1", "N4")
    assert isinstance(n4_5, SegmentDef) and element(n4_5, 7).data_element == "1715"
    ak4 = find(maps.get_map("005010", "997").root, "AK2", "AK3", "AK4")  # type: ignore[union-attr]
    assert isinstance(ak4, SegmentDef)
    assert "12" in (element(ak4, 3).codes or ()) and isinstance(ak4.elements[0], CompositeDef)
    assert len(ak4.elements[0].components) == 3  # 5010 adds the repetition position


def test_committed_xml_matches_the_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The XML is generated from tools/x12maps; an edit of one without the other fails here."""
    from tools.x12maps import build

    monkeypatch.setattr(build, "OUT", tmp_path)
    build.main()
    generated = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.xml"))
    committed = sorted(p.relative_to(MAPS) for p in MAPS.rglob("*.xml"))
    assert generated == committed
    _, mismatch, errors = filecmp.cmpfiles(tmp_path, MAPS, [str(p) for p in generated], shallow=False)
    assert mismatch == [] and errors == []


# ---------------------------------------------------------------- broken maps name file, place, problem

GOOD = """<transaction xid="850"><name>t</name>
<loop xid="ISA_LOOP" type="explicit"><name>i</name><usage>R</usage><pos>001</pos><repeat>&gt;1</repeat>
<loop xid="GS_LOOP" type="explicit"><name>g</name><usage>R</usage><pos>020</pos><repeat>&gt;1</repeat>
<loop xid="ST_LOOP" type="explicit"><name>s</name><usage>R</usage><pos>020</pos><repeat>&gt;1</repeat>
<segment xid="ST"><name>ST</name><usage>R</usage><pos>005</pos><max_use>1</max_use>
 <element xid="ST01"><data_ele>143</data_ele><name>a</name><usage>R</usage><seq>01</seq></element></segment>
<loop xid="HEADER" type="wrapper"><name>h</name><usage>R</usage><pos>010</pos><repeat>1</repeat>
{body}
</loop>
<segment xid="SE"><name>SE</name><usage>R</usage><pos>080</pos><max_use>1</max_use>
 <element xid="SE01"><data_ele>96</data_ele><name>a</name><usage>R</usage><seq>01</seq></element></segment>
</loop></loop></loop></transaction>"""

BEG_OK = """<segment xid="BEG"><name>BEG</name><usage>R</usage><pos>020</pos><max_use>1</max_use>{notes}
 <element xid="BEG01"><data_ele>{ele}</data_ele><name>a</name><usage>R</usage><seq>01</seq></element></segment>"""


def _compile(tmp_path: Path, body: str) -> TransactionMap:
    path = tmp_path / "broken.xml"
    path.write_text(GOOD.format(body=body))
    dataele = maps.data_elements_for(MAPS / "004010")
    return maps.compile_map(maps.parse_map(path), dataele, path, "004010")


def test_a_good_minimal_map_compiles(tmp_path: Path) -> None:
    m = _compile(tmp_path, BEG_OK.format(notes="", ele="353"))
    assert [c.tag for c in m.root.children if isinstance(c, SegmentDef)] == ["ST", "BEG", "SE"]


@pytest.mark.parametrize(("body", "place", "problem"), [
    (BEG_OK.format(notes="", ele="99999"), "BEG/BEG01", "data element 99999 is not in dataele.xml"),
    (BEG_OK.format(notes="<syntax>P0102</syntax>", ele="353"), "BEG", "names element(s) [2]"),
    ('<loop xid="N1"><name>n</name><usage>S</usage><pos>030</pos><repeat>1</repeat>'
     + BEG_OK.format(notes="", ele="353").replace("<usage>R</usage><pos>020", "<usage>S</usage><pos>020")
     + "</loop>", "N1", "must be mandatory"),
    (BEG_OK.format(notes="", ele="353") + BEG_OK.format(notes="", ele="353"), "HEADER", "appears twice"),
])
def test_broken_map_errors_name_file_place_and_problem(tmp_path: Path, body: str, place: str,
                                                        problem: str) -> None:
    with pytest.raises(MapError) as info:
        _compile(tmp_path, body)
    err = info.value
    assert err.source.endswith("broken.xml")
    assert place in err.place
    assert problem in err.problem
    assert "broken.xml" in str(err)


def test_schema_violation_is_reported_with_the_line(tmp_path: Path) -> None:
    pytest.importorskip("pyx12")
    path = tmp_path / "bad.xml"
    path.write_text(GOOD.format(body=BEG_OK.format(notes="", ele="353")).replace("<max_use>1</max_use>", "", 1))
    with pytest.raises(MapError) as info:
        maps.parse_map(path)
    assert "map.xsd" in info.value.problem and info.value.place.startswith("line ")


def test_unreadable_map_is_a_map_error(tmp_path: Path) -> None:
    path = tmp_path / "notxml.xml"
    path.write_text("<transaction")
    with pytest.raises(MapError, match="cannot be read as XML"):
        maps.parse_map(path)


def test_maps_load_without_pyx12(monkeypatch: pytest.MonkeyPatch) -> None:
    """Production does not need pyx12: without its schema only our own structural checks run."""
    monkeypatch.setattr(maps, "pyx12_map_schema", lambda: None)
    path = MAPS / "004010" / "856.4010.xml"
    tree = maps.parse_map(path)
    assert maps.check_schema(tree, path) is False
    m = maps.compile_map(tree, maps.data_elements_for(path.parent), path, "004010")
    assert m.set_id == "856" and "HL" in m.segment_tags()
