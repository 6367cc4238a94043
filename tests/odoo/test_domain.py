"""The sandbox's domain language: parser errors, operators, and properties checked with hypothesis."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.odoo.sandbox import domain as dom

RECORD_FIELDS = ("a", "b", "c")


def resolve(record: dict[str, Any], leaf: dom.Leaf) -> bool:
    return dom.compare(record.get(leaf.field), leaf.operator, leaf.value)


def holds(domain: list[Any], record: dict[str, Any]) -> bool:
    return dom.evaluate(dom.parse(domain), record, resolve)


def test_implicit_and_and_prefix_operators() -> None:
    rec = {"a": 1, "b": "x", "c": False}
    assert holds([("a", "=", 1), ("b", "=", "x")], rec)
    assert not holds([("a", "=", 1), ("b", "=", "y")], rec)
    assert holds(["|", ("a", "=", 2), ("b", "=", "x")], rec)
    assert holds(["!", ("a", "=", 2)], rec)
    assert holds(["&", "|", ("a", "=", 2), ("a", "=", 1), "!", ("c", "!=", False)], rec)
    assert holds([], rec) and holds([(1, "=", 1)], rec) and not holds([(0, "=", 1)], rec)


@pytest.mark.parametrize(("value", "op", "operand", "expected"), [
    ("EDI-Order-1", "=ilike", "edi-order-1", True),
    ("EDI-Order-1", "=like", "edi-order-1", False),
    ("EDI-Order-1", "ilike", "order", True),
    ("EDI-Order-1", "like", "Order", True),
    ("EDI-Order-1", "not ilike", "order", False),
    ("EDI-Order-1", "=like", "EDI-%-_", True),
    ("50%", "=like", "50\\%", True),
    (False, "=", False, True),
    (False, "!=", False, False),
    ("", "=", False, True),
    (5, "in", [1, 5], True),
    (False, "in", [False, 3], True),
    (5, "not in", [1, 5], False),
    (3, "<", 5, True),
    (False, "<", 5, False),
    ("2026-11-26", ">=", "2026-11-01", True),
    (None, "=?", False, True),
])
def test_operators(value: Any, op: str, operand: Any, expected: bool) -> None:
    assert dom.compare(value, op, operand) is expected


@pytest.mark.parametrize("bad", [
    ["|", ("a", "=", 1)], [("a", "~", 1)], [("a", "=")], ["&"], "not a list", [42],
])
def test_malformed_domains_are_refused(bad: Any) -> None:
    with pytest.raises(ValueError):
        dom.parse(bad)


def test_normalize_and_and_domains_match_odoo() -> None:
    assert dom.normalize([("a", "=", 1), ("b", "=", 2)]) == ["&", ["a", "=", 1], ["b", "=", 2]]
    assert dom.and_domains([["x", "!=", False]], [["x", "=", "v"]]) == ["&", ["x", "!=", False], ["x", "=", "v"]]


leaves = st.tuples(st.sampled_from(RECORD_FIELDS), st.sampled_from(["=", "!=", "<", ">", "in", "not in"]),
                   st.integers(0, 3)).map(lambda t: (t[0], t[1], [t[2], t[2] + 1] if "in" in t[1] else t[2]))
domains = st.recursive(
    leaves.map(lambda leaf: [leaf]),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(lambda p: ["&", *p[0], *p[1]] if len(p[0]) == 1 and len(p[1]) == 1 else [*p[0], *p[1]]),
        st.tuples(inner, inner).map(lambda p: ["|", *p[0], *p[1]]),
        inner.map(lambda d: ["!", *d]),
    ),
    max_leaves=6,
)
records = st.fixed_dictionaries({f: st.one_of(st.integers(0, 3), st.just(False)) for f in RECORD_FIELDS})


@settings(max_examples=200, deadline=None)
@given(domains, records)
def test_negation_is_the_complement(domain: list[Any], record: dict[str, Any]) -> None:
    assert holds(["!", *dom.normalize(domain)], record) is (not holds(domain, record))


@settings(max_examples=200, deadline=None)
@given(domains, domains, records)
def test_or_and_and_combine_like_boolean_logic(d1: list[Any], d2: list[Any], record: dict[str, Any]) -> None:
    n1, n2 = dom.normalize(d1), dom.normalize(d2)
    assert holds(["|", *n1, *n2], record) is (holds(d1, record) or holds(d2, record))
    assert holds(["&", *n1, *n2], record) is (holds(d1, record) and holds(d2, record))
    assert holds(dom.and_domains(d1, d2), record) is (holds(d1, record) and holds(d2, record))


@settings(max_examples=100, deadline=None)
@given(domains)
def test_normalised_domains_mean_the_same(domain: list[Any]) -> None:
    for record in ({"a": 0, "b": 1, "c": 2}, {"a": 3, "b": False, "c": 1}):
        assert holds(dom.normalize(domain), record) is holds(domain, record)
