"""X12 transaction-set maps: load pyx12-schema map XML and compile it into typed definitions.

The maps in ``edi_maps/x12/`` are data written in pyx12's map XML schema, so pyx12 can check the
same input against the same definitions in the differential test. This module reads them (with
entity expansion and network access off), checks each file against pyx12's ``map.xsd`` when pyx12
is installed (the schema is pyx12's; we never ship a copy), always runs our own structural checks,
and compiles the ``ST_LOOP`` into frozen dataclasses (:class:`LoopDef`, :class:`SegmentDef`,
:class:`ElementDef`, :class:`CompositeDef`) that the validator turns into its state machine.

A broken map raises :class:`MapError` naming the file, the element and the problem. Partner
overlays (an implementation guide tightening a base map) will be applied as a transformation of
the parsed XML tree between :func:`parse_map` and :func:`compile_map`; nothing here assumes the
base map is final.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

from gateway.errors import GatewayError
from gateway.resources import edi_maps_dir

MAPS_DIR = Path(os.environ.get("EDIGW_X12_MAPS") or edi_maps_dir() / "x12")
UNBOUNDED = 1 << 30
SYNTAX_NOTE = re.compile(r"^([PRECL])((?:\d\d){2,20})$")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)


class MapError(GatewayError):
    """A map file that cannot be used: names the file, the place in it and the problem."""

    def __init__(self, source: Path | str, place: str, problem: str) -> None:
        self.source = str(source)
        self.place = place
        self.problem = problem
        super().__init__(f"{self.source}: {place}: {problem}")


@dataclass(frozen=True, slots=True)
class SyntaxNote:
    """An X12 relational condition on a segment or composite (e.g. ``P0607``), positions 1-based."""

    kind: str
    positions: tuple[int, ...]

    @property
    def text(self) -> str:
        """The note as written in the standard, e.g. ``P0607``."""
        return self.kind + "".join(f"{p:02d}" for p in self.positions)


@dataclass(frozen=True, slots=True)
class ElementDef:
    """A simple data element at one position of a segment or composite."""

    xid: str
    position: int
    data_element: str
    name: str
    required: bool
    data_type: str
    min_len: int
    max_len: int
    codes: frozenset[str] | None = None
    repeat: int = 1


@dataclass(frozen=True, slots=True)
class CompositeDef:
    """A composite data element (e.g. C040) at one position of a segment."""

    xid: str
    position: int
    data_element: str
    name: str
    required: bool
    components: tuple[ElementDef, ...]
    syntax: tuple[SyntaxNote, ...] = ()
    repeat: int = 1


@dataclass(frozen=True, slots=True)
class SegmentDef:
    """A segment at one position of a loop: usage, max use, elements and syntax notes."""

    tag: str
    name: str
    required: bool
    max_use: int
    pos: int
    elements: tuple[ElementDef | CompositeDef, ...]
    syntax: tuple[SyntaxNote, ...] = ()

    @property
    def is_loop(self) -> bool:
        """Always False: lets tree walkers tell segments from loops without isinstance."""
        return False


@dataclass(frozen=True, slots=True)
class LoopDef:
    """A loop: its children in order; the first child is the trigger segment."""

    loop_id: str
    name: str
    required: bool
    max_repeat: int
    pos: int
    children: tuple[LoopDef | SegmentDef, ...] = field(default_factory=tuple)

    @property
    def is_loop(self) -> bool:
        """Always True (see :attr:`SegmentDef.is_loop`)."""
        return True

    @property
    def trigger(self) -> SegmentDef:
        """The segment that starts an occurrence of this loop."""
        first = self.children[0]
        assert isinstance(first, SegmentDef)
        return first


@dataclass(frozen=True, slots=True)
class TransactionMap:
    """One compiled transaction-set map: the ST..SE loop of one set in one version."""

    set_id: str
    version: str
    name: str
    root: LoopDef
    source: str

    def segment_tags(self) -> frozenset[str]:
        """Every segment tag the set defines, anywhere."""
        tags: set[str] = set()

        def walk(loop: LoopDef) -> None:
            for child in loop.children:
                if isinstance(child, LoopDef):
                    walk(child)
                else:
                    tags.add(child.tag)

        walk(self.root)
        return frozenset(tags)


# --------------------------------------------------------------------------- schema


_schema_lock = threading.Lock()


@lru_cache(maxsize=1)
def pyx12_map_schema() -> etree.XMLSchema | None:
    """pyx12's ``map.xsd`` as an lxml schema, or None when pyx12 is not installed."""
    spec = importlib.util.find_spec("pyx12")
    if spec is None or not spec.submodule_search_locations:
        return None
    xsd = Path(next(iter(spec.submodule_search_locations))) / "map" / "map.xsd"
    if not xsd.is_file():
        return None
    with _schema_lock:
        return etree.XMLSchema(etree.parse(str(xsd), _PARSER))


def check_schema(tree: etree._ElementTree, source: Path | str) -> bool:
    """Validate a parsed map against pyx12's map.xsd; False when pyx12 is absent (nothing checked)."""
    schema = pyx12_map_schema()
    if schema is None:
        return False
    if not schema.validate(tree):
        err = schema.error_log.last_error
        raise MapError(source, f"line {err.line}", f"does not match pyx12's map.xsd: {err.message}")
    return True


# --------------------------------------------------------------------------- loading


def parse_map(path: Path) -> etree._ElementTree:
    """Parse one map file safely and check it against pyx12's schema when available."""
    try:
        tree = etree.parse(str(path), _PARSER)
    except (OSError, etree.XMLSyntaxError) as exc:
        raise MapError(path, "file", f"cannot be read as XML: {exc}") from None
    check_schema(tree, path)
    return tree


def load_data_elements(path: Path) -> dict[str, tuple[str, int, int, str]]:
    """Read a ``dataele.xml``: element number -> (data type, min length, max length, name)."""
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise MapError(path, "file", f"cannot be read as XML: {exc}") from None
    table: dict[str, tuple[str, int, int, str]] = {}
    for node in root.iter("data_ele"):
        num = node.get("ele_num", "")
        try:
            lo, hi = int(node.get("min_len", "")), int(node.get("max_len", ""))
        except ValueError:
            raise MapError(path, f"data_ele {num}", "min_len/max_len are not integers") from None
        dtype = node.get("data_type", "")
        if not re.fullmatch(r"AN|ID|DT|TM|R|B|N|N\d", dtype):
            raise MapError(path, f"data_ele {num}", f"unknown data_type {dtype!r}")
        if lo > hi or hi < 1:
            raise MapError(path, f"data_ele {num}", f"min_len {lo} / max_len {hi} are inconsistent")
        table[num] = (dtype, lo, hi, node.get("name", ""))
    return table


def _text(node: etree._Element, tag: str, source: Path | str, where: str) -> str:
    value = node.findtext(tag)
    if value is None:
        raise MapError(source, where, f"missing <{tag}>")
    return value.strip()


def _count(value: str, source: Path | str, where: str) -> int:
    if value.startswith(">"):
        return UNBOUNDED
    try:
        n = int(value)
    except ValueError:
        raise MapError(source, where, f"repeat/max_use {value!r} is not a number or '>1'") from None
    if n < 1:
        raise MapError(source, where, f"repeat/max_use {n} must be at least 1")
    return n


def _notes(node: etree._Element, count: int, source: Path | str, where: str) -> tuple[SyntaxNote, ...]:
    notes = []
    for s in node.findall("syntax"):
        m = SYNTAX_NOTE.match((s.text or "").strip())
        if not m:
            raise MapError(source, where, f"syntax note {s.text!r} is not P/R/E/C/L followed by positions")
        positions = tuple(int(m.group(2)[i:i + 2]) for i in range(0, len(m.group(2)), 2))
        bad = [p for p in positions if not 1 <= p <= count]
        if bad:
            raise MapError(source, where, f"syntax note {s.text} names element(s) {bad} the segment lacks")
        notes.append(SyntaxNote(m.group(1), positions))
    return tuple(notes)


def _element(node: etree._Element, dataele: dict[str, tuple[str, int, int, str]], source: Path | str,
             where: str) -> ElementDef:
    xid = node.get("xid", "?")
    here = f"{where}/{xid}"
    num = _text(node, "data_ele", source, here)
    if num not in dataele:
        raise MapError(source, here, f"data element {num} is not in dataele.xml")
    dtype, lo, hi, _ = dataele[num]
    codes_node = node.find("valid_codes")
    codes = None
    if codes_node is not None:
        codes = frozenset((c.text or "").strip() for c in codes_node.findall("code"))
        if dtype != "ID":
            raise MapError(source, here, f"valid codes on a {dtype} element (only ID elements carry codes)")
        long_codes = [c for c in codes if not lo <= len(c) <= hi]
        if long_codes:
            raise MapError(source, here, f"codes {sorted(long_codes)} do not fit the length {lo}/{hi}")
    repeat = _count(node.findtext("repeat") or "1", source, here)
    return ElementDef(xid, int(_text(node, "seq", source, here)), num, _text(node, "name", source, here),
                      _text(node, "usage", source, here) == "R", dtype, lo, hi, codes, repeat)


def _segment(node: etree._Element, dataele: dict[str, tuple[str, int, int, str]], source: Path | str,
             where: str) -> SegmentDef:
    tag = node.get("xid", "")
    here = f"{where}/{tag}"
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,2}", tag):
        raise MapError(source, here, "segment id must be 2-3 upper-case letters or digits")
    elements: list[ElementDef | CompositeDef] = []
    for child in node:
        if child.tag == "element":
            elements.append(_element(child, dataele, source, here))
        elif child.tag == "composite":
            seq = int(_text(child, "seq", source, here))
            cwhere = f"{here}/{tag}{seq:02d}"
            comps = tuple(_element(c, dataele, source, cwhere) for c in child.findall("element"))
            if [c.position for c in comps] != list(range(1, len(comps) + 1)):
                raise MapError(source, cwhere, "component seq numbers must run 1, 2, 3, ...")
            elements.append(CompositeDef(f"{tag}{seq:02d}", seq, _text(child, "data_ele", source, cwhere),
                                         _text(child, "name", source, cwhere),
                                         _text(child, "usage", source, cwhere) == "R", comps,
                                         _notes(child, len(comps), source, cwhere),
                                         _count(child.findtext("repeat") or "1", source, cwhere)))
    if [e.position for e in elements] != list(range(1, len(elements) + 1)):
        raise MapError(source, here, "element seq numbers must run 1, 2, 3, ...")
    return SegmentDef(tag, _text(node, "name", source, here), _text(node, "usage", source, here) == "R",
                      _count(_text(node, "max_use", source, here), source, here),
                      int(_text(node, "pos", source, here)), tuple(elements),
                      _notes(node, len(elements), source, here))


def _loop(node: etree._Element, dataele: dict[str, tuple[str, int, int, str]], source: Path | str,
          where: str, flatten_wrappers: bool = False) -> LoopDef:
    loop_id = node.get("xid", "")
    here = f"{where}/{loop_id}"
    children: list[LoopDef | SegmentDef] = []
    for child in node:
        if child.tag == "segment":
            children.append(_segment(child, dataele, source, here))
        elif child.tag == "loop":
            if flatten_wrappers and child.get("type") == "wrapper":
                # HEADER/DETAIL/FOOTER are table markers, not loops: their content belongs to ST_LOOP.
                table = _loop(child, dataele, source, here)
                children.extend(table.children)
            else:
                children.append(_loop(child, dataele, source, here))
    if not flatten_wrappers and node.get("type") != "wrapper":
        if not children or not isinstance(children[0], SegmentDef):
            raise MapError(source, here, "a loop must start with its trigger segment")
        if not children[0].required:
            raise MapError(source, here, f"the loop's first segment {children[0].tag} must be mandatory (R)")
    seen: dict[str, str] = {}
    for c in children:
        tag = c.tag if isinstance(c, SegmentDef) else c.trigger.tag
        if tag in seen:
            raise MapError(source, here, f"{tag} appears twice at one level ({seen[tag]} and {here}); "
                                         "the validator matches by segment id, so siblings must differ")
        seen[tag] = here
    return LoopDef(loop_id, _text(node, "name", source, here), _text(node, "usage", source, here) == "R",
                   _count(_text(node, "repeat", source, here), source, here),
                   int(_text(node, "pos", source, here)), tuple(children))


def compile_map(tree: etree._ElementTree, dataele: dict[str, tuple[str, int, int, str]],
                source: Path | str, version: str) -> TransactionMap:
    """Compile a parsed map's ST_LOOP into a :class:`TransactionMap` (wrappers flattened)."""
    root = tree.getroot()
    st_loop = root.find(".//loop[@xid='ST_LOOP']")
    if st_loop is None:
        raise MapError(source, "transaction", "no ST_LOOP (pyx12 layout: ISA_LOOP/GS_LOOP/ST_LOOP)")
    loop = _loop(st_loop, dataele, source, "GS_LOOP", flatten_wrappers=True)
    tags = [c.tag for c in loop.children if isinstance(c, SegmentDef)]
    if not tags or tags[0] != "ST" or tags[-1] != "SE":
        raise MapError(source, "ST_LOOP", "must start with segment ST and end with segment SE")
    set_id = root.get("xid", "")
    st01 = loop.children[0].elements[0] if isinstance(loop.children[0], SegmentDef) else None
    if st01 is not None and isinstance(st01, ElementDef) and st01.codes and set_id not in st01.codes:
        raise MapError(source, "ST_LOOP/ST/ST01", f"valid codes {sorted(st01.codes)} do not include {set_id}")
    root_loop = LoopDef("ST_LOOP", loop.name, True, 1, loop.pos, loop.children)
    return TransactionMap(set_id, version, _text(root, "name", source, "transaction"), root_loop, str(source))


# --------------------------------------------------------------------------- index


@lru_cache(maxsize=4)
def map_index(maps_dir: Path = MAPS_DIR) -> dict[tuple[str, str], Path]:
    """``maps.xml``: (version as 6 characters, transaction set id) -> map file."""
    path = maps_dir / "maps.xml"
    try:
        root = etree.parse(str(path), _PARSER).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise MapError(path, "file", f"cannot be read as XML: {exc}") from None
    index: dict[tuple[str, str], Path] = {}
    for version in root.findall("version"):
        for node in version.findall("map"):
            vriic, abbr = node.get("vriic", ""), node.get("abbr", "")
            target = maps_dir / (node.text or "").strip()
            if not target.is_file():
                raise MapError(path, f"map {abbr} {vriic}", f"file {target} does not exist")
            index[(vriic[:6], abbr)] = target
    return index


@lru_cache(maxsize=8)
def data_elements_for(folder: Path) -> dict[str, tuple[str, int, int, str]]:
    """The ``dataele.xml`` next to a version's maps (cached)."""
    return load_data_elements(folder / "dataele.xml")


def get_map(version: str, set_id: str, maps_dir: Path = MAPS_DIR) -> TransactionMap | None:
    """The compiled map for a GS08 version (first 6 characters are used) and set, or None (cached)."""
    return _get_map(version[:6], set_id, maps_dir)


@lru_cache(maxsize=64)
def _get_map(version: str, set_id: str, maps_dir: Path) -> TransactionMap | None:
    path = map_index(maps_dir).get((version, set_id))
    if path is None:
        return None
    tree = parse_map(path)
    return compile_map(tree, data_elements_for(path.parent), path, version[:6])


def available_maps(maps_dir: Path = MAPS_DIR) -> list[tuple[str, str]]:
    """Every (version, set id) the index lists, sorted."""
    return sorted(map_index(maps_dir))
