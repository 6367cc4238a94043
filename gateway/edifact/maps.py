"""Load the UN/EDIFACT directory data in ``edi_maps/edifact/`` and compile it for the validator.

A directory folder (``D96A``, ``D01B``) holds ``segments.yaml`` (data elements, composites,
segments, code lists; a directory may name a ``base`` and list only its differences) and one file
per message with its branching diagram. Loading turns them into frozen specs and one tree of
:class:`Node` per message; each group node memoises "from child i, which child takes tag T", so the
state machine does one dictionary lookup per segment after warm-up. Maps are loaded once per
process and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from gateway.errors import GatewayError
from gateway.resources import edi_maps_dir

MAPS_DIR = edi_maps_dir() / "edifact"
_FORMAT = re.compile(r"^(an|a|n)(\.\.)?(\d+)$")
_ENTRY = re.compile(r"^([A-Z0-9]{3}|SG\d+)\s+([MC])\s+(\d+)$")
_GROUP = re.compile(r"^SG\d+$")

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


class MapError(GatewayError):
    """A map file is malformed: names the file and the entry."""


@dataclass(frozen=True, slots=True)
class ElementSpec:
    """A simple data element at one position: id, status, representation and code list."""

    id: str
    mandatory: bool
    kind: str  # "a", "n" or "an"
    min_len: int
    max_len: int
    codes: frozenset[str] | None = None
    closed: bool = False


@dataclass(frozen=True, slots=True)
class CompositeSpec:
    """A composite data element at one position with its components."""

    id: str
    mandatory: bool
    components: tuple[ElementSpec, ...]


Entry = ElementSpec | CompositeSpec


@dataclass(frozen=True, slots=True)
class SegmentSpec:
    """A segment's elements in order, an optional semantic check (``date`` for DTM) and its notes.

    ``notes`` are the directory's dependency notes (ISO 9735 / UNTDID ``D1``..``D7``) as
    ``(type, element indexes)`` with 0-based indexes into ``elements``; a violation is 0085 code 48.
    """

    tag: str
    elements: tuple[Entry, ...]
    check: str | None = None
    notes: tuple[tuple[str, tuple[int, ...]], ...] = ()


@dataclass(eq=False, slots=True)
class Node:
    """A segment or segment group in a message's branching diagram."""

    name: str  # segment tag or "SGn"
    tag: str  # the segment tag that opens it (trigger segment for groups)
    mandatory: bool
    max_repeat: int
    children: list[Node] = field(default_factory=list)
    _lookup: dict[tuple[int, str], int] = field(default_factory=dict)
    mandatory_before: list[int] = field(default_factory=list)  # mandatory children in [0, k)

    tables: list[dict[str, int]] = field(default_factory=list)  # tables[start][tag] -> first child >= start

    def __post_init__(self) -> None:
        acc = [0]
        for child in self.children:
            acc.append(acc[-1] + (1 if child.mandatory else 0))
        self.mandatory_before = acc
        tables: list[dict[str, int]] = [{}]
        for i in range(len(self.children) - 1, -1, -1):
            table = dict(tables[0])
            table[self.children[i].tag] = i
            tables.insert(0, table)
        self.tables = tables

    @property
    def is_group(self) -> bool:
        """True for a segment group."""
        return bool(self.children)

    def find(self, start: int, tag: str) -> int:
        """Index of the first child at or after ``start`` that takes ``tag``, or -1."""
        key = (start, tag)
        hit = self._lookup.get(key)
        if hit is None:
            hit = -1
            for i in range(max(start, 0), len(self.children)):
                if self.children[i].tag == tag:
                    hit = i
                    break
            self._lookup[key] = hit
        return hit


@dataclass(slots=True)
class MessageMap:
    """One message of one directory: its structure tree and the segment specs it uses."""

    message: str
    directory: str
    root: Node
    segments: dict[str, SegmentSpec]
    source: str
    _patterns: dict[tuple[Any, str], dict[str, Any]] = field(default_factory=dict)

    def patterns(self, chars: Any, decimals: str) -> dict[str, Any]:
        """Whole-segment regexes per tag for these service characters (built once per map)."""
        key = (chars, decimals)
        got = self._patterns.get(key)
        if got is None:
            from gateway.edifact.elements import fast_pattern

            got = {tag: fast_pattern(spec, chars, decimals) for tag, spec in self.segments.items()}
            self._patterns[key] = got
        return got

    def hot_patterns(self, chars: Any, decimals: str) -> dict[str, Any]:
        """The same regexes in the shape the validator's per-segment loop wants, built once per map.

        tag -> ``(fullmatch, code sets of the captured groups in order, has a semantic check)``.
        Captures are numbered in pattern order, so ``Match.groups()`` lines up with the code sets;
        every capture has a code list (lengths are enforced inside the regex).
        """
        key = ("hot", (chars, decimals))
        got = self._patterns.get(key)
        if got is None:
            got = {}
            for tag, (pattern, checks) in self.patterns(chars, decimals).items():
                if [g for g, _, _ in checks] != list(range(1, len(checks) + 1)) or any(
                        codes is None for _, codes, _ in checks):
                    raise MapError(f"{self.source}: fast pattern for {tag} has unexpected captures")
                spec = self.segments[tag]
                got[tag] = (pattern.fullmatch, tuple(codes for _, codes, _ in checks),
                            bool(spec.check or spec.notes))
            self._patterns[key] = got
        return got


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = yaml.load(fh, Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise MapError(f"{path}: cannot read map: {exc}") from None
    if not isinstance(data, dict):
        raise MapError(f"{path}: a map file must hold a mapping at the top level")
    return data


def _parse_format(fmt: str, where: str) -> tuple[str, int, int]:
    m = _FORMAT.match(str(fmt))
    if not m:
        raise MapError(f"{where}: element format {fmt!r} is not a / n / an with a length")
    kind, dots, length = m.group(1), m.group(2), int(m.group(3))
    return kind, (0 if dots else length), length


@dataclass(slots=True)
class _Directory:
    elements: dict[str, tuple[str, int, int]]
    composites: dict[str, list[str]]
    segments: dict[str, list[str]]
    codes: dict[str, tuple[frozenset[str], bool]]
    checks: dict[str, str]
    notes: dict[str, list[str]] = field(default_factory=dict)


_NOTE = re.compile(r"^(D[1-7])\((\d{3}(?:,\d{3})+)\)$")


def _parse_notes(tag: str, raw: list[str], n_elements: int, where: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """``["D5(010,020)"]`` -> ``(("D5", (0, 1)),)``; positions are the directory's 010, 020, ..."""
    out = []
    for text in raw:
        m = _NOTE.match(text.replace(" ", ""))
        if not m:
            raise MapError(f"{where}: dependency note {text!r} of {tag} must look like 'D5(010,020)'")
        idx = []
        for posn in m.group(2).split(","):
            number = int(posn)
            if number % 10 or not 1 <= number // 10 <= n_elements:
                raise MapError(f"{where}: dependency note {text!r}: {tag} has no position {posn}")
            idx.append(number // 10 - 1)
        out.append((m.group(1), tuple(idx)))
    return tuple(out)


def _load_directory(name: str, base_dir: Path, seen: tuple[str, ...] = ()) -> _Directory:
    if name in seen:
        raise MapError(f"{base_dir / name}: directory base chain loops: {' -> '.join((*seen, name))}")
    path = base_dir / name / "segments.yaml"
    data = _load_yaml(path)
    if data.get("base"):
        dirdata = _load_directory(str(data["base"]), base_dir, (*seen, name))
        dirdata = _Directory(dict(dirdata.elements), dict(dirdata.composites), dict(dirdata.segments),
                             dict(dirdata.codes), dict(dirdata.checks), dict(dirdata.notes))
    else:
        dirdata = _Directory({}, {}, {}, {}, {})
    for key in ("elements", "extra_elements"):
        for eid, fmt in (data.get(key) or {}).items():
            dirdata.elements[str(eid)] = _parse_format(fmt, f"{path}: element {eid}")
    for cid, comps in (data.get("composites") or {}).items():
        dirdata.composites[str(cid)] = [str(c) for c in comps]
    for tag, els in (data.get("segments") or {}).items():
        dirdata.segments[str(tag)] = [str(e) for e in els]
    for eid, spec in (data.get("codes") or {}).items():
        raw_values = spec.get("values", [])
        if any(isinstance(v, bool) for v in raw_values):
            raise MapError(f"{path}: code list {eid} holds a YAML boolean (quote ON, NO, YES, Y, N, OFF)")
        values = frozenset(str(v) for v in raw_values)
        dirdata.codes[str(eid)] = (values, bool(spec.get("closed", False)))
    for tag, check in (data.get("checks") or {}).items():
        dirdata.checks[str(tag)] = str(check)
    for tag, notes in (data.get("notes") or {}).items():
        if not isinstance(notes, list):
            raise MapError(f"{path}: notes of {tag} must be a list such as ['D5(010,020)']")
        dirdata.notes[str(tag)] = [str(n) for n in notes]
    return dirdata


def _element(d: _Directory, ref: str, where: str) -> Entry:
    parts = ref.split()
    if len(parts) != 2 or parts[1] not in ("M", "C"):
        raise MapError(f"{where}: entry {ref!r} must be 'ID M' or 'ID C'")
    eid, mandatory = parts[0], parts[1] == "M"
    if eid in d.composites:
        comps = []
        for cref in d.composites[eid]:
            sub = _element(d, cref, f"{where} {eid}")
            if not isinstance(sub, ElementSpec):
                raise MapError(f"{where}: composite {eid} contains composite {cref}")
            comps.append(sub)
        return CompositeSpec(eid, mandatory, tuple(comps))
    if eid not in d.elements:
        raise MapError(f"{where}: data element {eid} has no format in the directory")
    kind, lo, hi = d.elements[eid]
    codes = d.codes.get(eid)
    return ElementSpec(eid, mandatory, kind, lo, hi, codes[0] if codes else None, codes[1] if codes else False)


def _structure(entries: list[Any], where: str) -> list[Node]:
    nodes: list[Node] = []
    for entry in entries:
        if isinstance(entry, str):
            m = _ENTRY.match(entry.strip())
            if not m or _GROUP.match(m.group(1)):
                raise MapError(f"{where}: segment entry {entry!r} must be 'TAG M|C MAXREPEAT'")
            nodes.append(Node(m.group(1), m.group(1), m.group(2) == "M", int(m.group(3))))
        elif isinstance(entry, dict) and len(entry) == 1:
            head, children = next(iter(entry.items()))
            m = _ENTRY.match(str(head).strip())
            if not m or not _GROUP.match(m.group(1)) or not isinstance(children, list) or not children:
                raise MapError(f"{where}: group entry {head!r} must be 'SGn M|C MAXREPEAT' with a list")
            kids = _structure(children, f"{where} {m.group(1)}")
            if kids[0].is_group or not kids[0].mandatory or kids[0].max_repeat != 1:
                raise MapError(f"{where}: group {m.group(1)} must start with a mandatory segment used once")
            nodes.append(Node(m.group(1), kids[0].tag, m.group(2) == "M", int(m.group(3)), kids))
        else:
            raise MapError(f"{where}: cannot read structure entry {entry!r}")
    return nodes


@lru_cache(maxsize=64)
def load_message(directory: str, message: str, base_dir: Path = MAPS_DIR) -> MessageMap:
    """Load and compile one message map (cached per process)."""
    path = base_dir / directory / f"{message}.yaml"
    data = _load_yaml(path)
    dirdata = _load_directory(directory, base_dir)
    children = _structure(data.get("structure") or [], str(path))
    root = Node(message, "UNH", True, 1, children)
    specs: dict[str, SegmentSpec] = {}

    def collect(node: Node) -> None:
        for child in node.children:
            if child.is_group:
                collect(child)
            elif child.tag not in specs and child.tag in dirdata.segments:
                els = tuple(_element(dirdata, ref, f"{path}: {child.tag}") for ref in dirdata.segments[child.tag])
                notes = _parse_notes(child.tag, dirdata.notes.get(child.tag, []), len(els), str(path))
                specs[child.tag] = SegmentSpec(child.tag, els, dirdata.checks.get(child.tag), notes)

    collect(root)
    return MessageMap(message, directory, root, specs, str(path))


@lru_cache(maxsize=1)
def _aliases(base_dir: Path) -> dict[tuple[str, str], str]:
    """Message version aliases (``CONTRL`` ``D:3`` -> ``D96A``) declared in the map files."""
    out: dict[tuple[str, str], str] = {}
    if not base_dir.is_dir():
        return out
    for path in sorted(base_dir.glob("*/*.yaml")):
        if path.name == "segments.yaml":
            continue
        with path.open("rb") as fh:
            head = fh.read(2048).decode("utf-8", "replace")
        if "aliases:" not in head:
            continue
        data = _load_yaml(path)
        for alias in data.get("aliases") or []:
            out.setdefault((str(data.get("message")), str(alias)), path.parent.name)
    return out


_MAP_ID = re.compile(r"[A-Za-z0-9]{1,6}")
_MAP_PART = re.compile(r"[A-Za-z0-9]{0,6}")


def directory_for(message: str, version: str, release: str, base_dir: Path = MAPS_DIR) -> str | None:
    """The map directory for a message id, or ``None`` when no map covers it.

    The ids come from the partner's UNH, so anything but short alphanumeric codes (an..6, an..3)
    is refused before it becomes part of a path: no traversal, no over-long names.
    """
    if not (_MAP_ID.fullmatch(message) and _MAP_PART.fullmatch(version) and _MAP_PART.fullmatch(release)):
        return None
    name = f"{version}{release}".upper()
    if (base_dir / name / f"{message}.yaml").is_file():
        return name
    return _aliases(base_dir).get((message, f"{version}:{release}"))


def find_map(message: str, version: str, release: str, base_dir: Path = MAPS_DIR) -> MessageMap | None:
    """The compiled map for a message id (``ORDERS``, ``D``, ``96A``), or ``None`` when there is none."""
    key = (message, version, release, base_dir)
    found = _FOUND.get(key)
    if found is not None:
        return found
    directory = directory_for(message, version, release, base_dir)
    if directory is None:
        return None  # not remembered: a map added later is found on the next message
    found = _FOUND[key] = load_message(directory, message, base_dir)
    return found


# Maps found per message id, so a file of thousands of messages does not look on disk per message.
_FOUND: dict[tuple[str, str, str, Path], MessageMap] = {}


def available() -> list[tuple[str, str]]:
    """Every (directory, message) pair that has a map, for docs and tests."""
    return sorted(
        (p.parent.name, p.stem) for p in MAPS_DIR.glob("*/*.yaml") if p.name != "segments.yaml"
    )
