"""Build a pyx12 map directory holding the gateway's maps, and run pyx12 on a document.

pyx12 reads everything (maps.xml, the control maps, dataele.xml, codes.xml) from one directory, so
the differential test copies pyx12's bundled ``map/`` folder into a pytest temporary directory,
adds our maps of one X12 version, registers them in its ``maps.xml`` (replacing pyx12's own
HIPAA-only 997 for the same key) and merges our data elements into its ``dataele.xml`` (ours win:
the maps are checked against our element definitions). One directory per version, because 004010
and 005010 give some elements different lengths and pyx12 has one ``dataele.xml``.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from gateway.x12.maps import MAPS_DIR

ICVN = {"004010": "00401", "005010": "00501"}
# GS08 the differential documents use per (version, set): 997 and 999 share GS01 FA, and pyx12 keys
# its index by (ISA12, GS08, GS01), so the 999 gets its own GS08.
GS08 = {("005010", "999"): "005010X231A1"}


def gs08(version: str, set_id: str) -> str:
    """GS08 for a test document of this version and set."""
    return GS08.get((version, set_id), version)


def build_map_dir(target: Path, version: str) -> Path:
    """A pyx12 map directory at ``target`` with our ``version`` maps registered; returns it."""
    import pyx12

    shutil.copytree(Path(pyx12.__file__).parent / "map", target)
    index = etree.parse(str(MAPS_DIR / "maps.xml")).getroot()
    theirs = etree.parse(str(target / "maps.xml"))
    block = theirs.getroot().find(f"version[@icvn='{ICVN[version]}']")
    assert block is not None, f"pyx12's maps.xml has no {ICVN[version]} block"
    for node in index.findall(f"version[@icvn='{ICVN[version]}']/map"):
        src = MAPS_DIR / (node.text or "").strip()
        name = f"gateway.{src.name}"
        shutil.copy(src, target / name)
        set_id, fic = node.get("abbr", ""), node.get("fic", "")
        vriic = gs08(version, set_id)
        for old in block.findall("map"):
            if old.get("vriic") == vriic and old.get("fic") == fic:
                block.remove(old)
        entry = etree.SubElement(block, "map", vriic=vriic, fic=fic, abbr=set_id)
        entry.text = name
    theirs.write(str(target / "maps.xml"))
    ours = etree.parse(str(MAPS_DIR / version / "dataele.xml")).getroot()
    merged = etree.parse(str(target / "dataele.xml"))
    root = merged.getroot()
    by_num = {d.get("ele_num"): d for d in root.findall("data_ele")}
    for d in ours.findall("data_ele"):
        old = by_num.get(d.get("ele_num"))
        if old is not None:
            root.remove(old)
        root.append(etree.fromstring(etree.tostring(d)))
    merged.write(str(target / "dataele.xml"))
    return target


@dataclass
class Pyx12Result:
    """What pyx12 said about one transaction set: ack code, AK3 (segment) and AK4 (element) codes."""

    ack: str
    segment_codes: list[tuple[str, int, str]] = field(default_factory=list)  # (segment id, position, AK304)
    element_codes: list[tuple[str, int, int, str]] = field(default_factory=list)  # (seg, pos, element, AK403)


def build_map_dirs(base: Path, versions: tuple[str, ...] = ("004010", "005010")) -> dict[str, Path]:
    """:func:`build_map_dir` for each version under ``base`` (a module fixture's temporary folder)."""
    return {v: build_map_dir(base / v, v) for v in versions}


def interchange(version: str, set_id: str, body: list[str]) -> str:
    """Wrap one set (lines '*'-separated) in ISA/GS/GE/IEA for pyx12, '~' terminated, ':' components.

    In 005010 the ST03 implementation convention reference is added when absent: pyx12 cannot
    build its 999 without it ("err_st.vriic was not set").
    """
    rep = "^" if version >= "005010" else "U"
    fic = {"850": "PO", "856": "SH", "940": "OW", "945": "SW", "214": "QM", "210": "IM", "997": "FA",
           "999": "FA"}[set_id]
    isa = "*".join(["ISA", "00", " " * 10, "00", " " * 10, "ZZ", "SENDER".ljust(15), "ZZ", "RECEIVER".ljust(15),
                    "240131", "1200", rep, ICVN[version], "000000001", "0", "P", ":"])
    gs = f"GS*{fic}*SENDER*RECEIVER*20240131*1200*1*X*{gs08(version, set_id)}"
    body = list(body)
    if version >= "005010" and body[0].count("*") == 2:
        body[0] += f"*{gs08(version, set_id)}"
    return "~\n".join([isa, gs, *body, "GE*1*1", "IEA*1*000000001"]) + "~\n"


def _sets(node: object) -> list[dict]:
    if isinstance(node, dict):
        if "trn_set_id" in node:
            return [node]
        return [s for v in node.values() for s in _sets(v)]
    if isinstance(node, list):
        return [s for v in node for s in _sets(v)]
    return []


def run_pyx12(map_dir: Path, text: str, tmp: Path) -> Pyx12Result:
    """Run pyx12's x12n_document on an interchange with one set and read its verdict (JSON output)."""
    import pyx12.params
    import pyx12.x12n_document

    src = tmp / "doc.x12"
    src.write_text(text)
    out, js = io.StringIO(), io.StringIO()
    pyx12.x12n_document.x12n_document(pyx12.params.params(), str(src), out, None, fd_json=js,
                                      map_path=str(map_dir))
    sets = _sets(json.loads(js.getvalue()))
    assert len(sets) == 1, f"pyx12 reported {len(sets)} transaction sets"
    st = sets[0]
    result = Pyx12Result(ack=st.get("ack_code") or "?")
    for seg in st.get("segments", []):
        for err in seg.get("errors", []):
            result.segment_codes.append((seg["seg_id"], seg["seg_count"], err["err_cde"]))
        for ele in seg.get("elements", []):
            for err in ele.get("errors", []):
                result.element_codes.append((seg["seg_id"], seg["seg_count"], ele["ele_pos"], err["err_cde"]))
    return result
