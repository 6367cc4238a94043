"""Odoo's domain language for the sandbox: a parser to a tree and an evaluator over records.

Odoo domains are lists in Polish (prefix) notation: ``['|', ('a', '=', 1), '!', ('b', 'in', [2, 3])]``,
with an implicit ``&`` between consecutive terms. The sandbox parses them into a small tree once
(so malformed domains fail with a clear ``ValueError`` like Odoo's) and evaluates the tree against
each record through a field resolver supplied by the ORM, which knows about many2one paths,
x2many "any" semantics and display names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Union

OPERATORS = (
    "=", "!=", "<>", "<", ">", "<=", ">=", "in", "not in", "like", "not like", "ilike", "not ilike",
    "=like", "=ilike", "child_of", "parent_of", "=?",
)
TRUE_LEAF = (1, "=", 1)
FALSE_LEAF = (0, "=", 1)


@dataclass(frozen=True, slots=True)
class Leaf:
    """One condition: ``field`` (possibly a dotted path) ``operator`` ``value``."""

    field: str
    operator: str
    value: Any


@dataclass(frozen=True, slots=True)
class Not:
    """Negation of a sub-tree."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """Both sub-trees must hold."""

    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Or:
    """Either sub-tree must hold."""

    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Const:
    """A constant truth value (Odoo's TRUE_LEAF / FALSE_LEAF)."""

    value: bool


Node = Union[Leaf, Not, And, Or, Const]  # noqa: UP007 - used at runtime in dataclass annotations


def _as_leaf(term: Any) -> Leaf | Const:
    if not isinstance(term, (list, tuple)) or len(term) != 3:
        raise ValueError(f"Invalid leaf {term!r}")
    left, op, right = term
    if tuple(term) == TRUE_LEAF:
        return Const(True)
    if tuple(term) == FALSE_LEAF:
        return Const(False)
    if not isinstance(left, str) or not left:
        raise ValueError(f"Invalid leaf {term!r}")
    if not isinstance(op, str) or op.lower() not in OPERATORS:
        raise ValueError(f"Invalid leaf {tuple(term)!r}")
    op = op.lower()
    if op == "<>":
        op = "!="
    return Leaf(left, op, right)


def parse(domain: Sequence[Any] | None) -> Node:
    """Parse an Odoo domain into a tree; an empty domain is always true.

    Raises ``ValueError`` for unknown operators, malformed leaves and operator/operand count
    mismatches, which is what Odoo does (fault 1 over XML-RPC).
    """
    if not domain:
        return Const(True)
    if not isinstance(domain, (list, tuple)):
        raise ValueError(f"Invalid domain {domain!r}")
    items = list(domain)
    pos = 0

    def term() -> Node:
        nonlocal pos
        if pos >= len(items):
            raise ValueError(f"Invalid domain {domain!r}: missing operand")
        tok = items[pos]
        pos += 1
        if tok == "!":
            return Not(term())
        if tok == "&":
            left = term()
            return And(left, term())
        if tok == "|":
            left = term()
            return Or(left, term())
        return _as_leaf(tok)

    nodes: list[Node] = []
    while pos < len(items):
        nodes.append(term())
    tree = nodes[-1]
    for node in reversed(nodes[:-1]):
        tree = And(node, tree)
    return tree


def leaves(tree: Node) -> list[Leaf]:
    """Every leaf of a tree, left to right (used to check field names before evaluating)."""
    if isinstance(tree, Leaf):
        return [tree]
    if isinstance(tree, Not):
        return leaves(tree.child)
    if isinstance(tree, (And, Or)):
        return leaves(tree.left) + leaves(tree.right)
    return []


def normalize(domain: Sequence[Any] | None) -> list[Any]:
    """The domain in explicit prefix form (every implicit ``&`` written out), like Odoo's."""
    if not domain:
        return [list(TRUE_LEAF)]
    result: list[Any] = []
    expected = 1
    for tok in domain:
        if expected == 0:
            result[0:0] = ["&"]
            expected = 1
        if isinstance(tok, (list, tuple)):
            expected -= 1
            tok = list(tok)
        elif tok in ("&", "|"):
            expected += 1
        result.append(tok)
    return result


def and_domains(*domains: Sequence[Any]) -> list[Any]:
    """Conjunction of domains in normalised prefix form (Odoo's ``expression.AND``)."""
    parts = [normalize(d) for d in domains if d]
    if not parts:
        return [list(TRUE_LEAF)]
    out: list[Any] = ["&"] * (len(parts) - 1)
    for part in parts:
        out.extend(part)
    return out


_like_cache: dict[tuple[str, bool], re.Pattern[str]] = {}


def like_pattern(pattern: str, *, insensitive: bool) -> re.Pattern[str]:
    """SQL LIKE pattern (``%`` any run, ``_`` one character, ``\\`` escape) as a regex."""
    key = (pattern, insensitive)
    cached = _like_cache.get(key)
    if cached is not None:
        return cached
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    compiled = re.compile("".join(out) + r"\Z", re.DOTALL | (re.IGNORECASE if insensitive else 0))
    _like_cache[key] = compiled
    return compiled


def _empty(value: Any) -> bool:
    return value is None or value is False or value == "" or value == []


def compare(value: Any, op: str, operand: Any) -> bool:
    """Compare one scalar field value with an operand under Odoo's operator semantics."""
    if op == "=?":
        return True if _empty(operand) else compare(value, "=", operand)
    if op in ("=", "!="):
        if operand is False or operand is None:
            result = _empty(value)
        else:
            result = not _empty(value) and value == operand
        return result if op == "=" else not result
    if op in ("in", "not in"):
        items = list(operand) if isinstance(operand, (list, tuple, set)) else [operand]
        hit = (not _empty(value) and value in items) or (_empty(value) and (False in items or None in items))
        return hit if op == "in" else not hit
    if op in ("like", "not like", "ilike", "not ilike", "=like", "=ilike"):
        negate = op.startswith("not")
        base = op.replace("not ", "")
        if operand is False or operand is None:
            hit = _empty(value)
        elif _empty(value):
            hit = False
        else:
            pattern = str(operand)
            if base in ("like", "ilike"):
                pattern = f"%{pattern}%"
            hit = bool(like_pattern(pattern, insensitive=base.endswith("ilike")).match(str(value)))
        return not hit if negate else hit
    if op in ("<", ">", "<=", ">="):
        if _empty(value) or operand is None or operand is False:
            return False
        try:
            if op == "<":
                return value < operand
            if op == ">":
                return value > operand
            if op == "<=":
                return value <= operand
            return value >= operand
        except TypeError:
            return False
    raise ValueError(f"Unsupported operator {op!r}")


Resolver = Callable[[dict[str, Any], Leaf], bool]


def evaluate(tree: Node, record: dict[str, Any], resolve: Resolver) -> bool:
    """Truth of ``tree`` for one record; ``resolve`` decides each leaf (it knows the schema)."""
    if isinstance(tree, Const):
        return tree.value
    if isinstance(tree, Leaf):
        return resolve(record, tree)
    if isinstance(tree, Not):
        return not evaluate(tree.child, record, resolve)
    if isinstance(tree, And):
        return evaluate(tree.left, record, resolve) and evaluate(tree.right, record, resolve)
    return evaluate(tree.left, record, resolve) or evaluate(tree.right, record, resolve)
