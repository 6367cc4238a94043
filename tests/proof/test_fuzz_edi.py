"""Fuzzing the X12 and EDIFACT readers, validators and acknowledgment builders with broken real files.

Every example takes a real corpus or sample document, breaks it (see :mod:`tests.proof.mutations`)
and runs the whole inbound syntax path on it: validate, walk the sets/messages, build the 997/999/TA1
or CONTRL. The promise checked: only the project's own errors (GatewayError) ever escape, each
example finishes within a time budget and a traced-memory budget, and when a report comes back the
acknowledgment can be built from it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.control_numbers import MemoryAllocator
from gateway.edifact import engine as edifact_engine
from gateway.report import FileReport
from gateway.x12 import engine as x12_engine
from gateway.x12.ack import acknowledge
from tests.proof.bounded import run_bounded
from tests.proof.conftest import seeds
from tests.proof.mutations import Mutation, apply, edifact_terminator, mutations, x12_terminator

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _x12_round(path: Path) -> str:
    report = x12_engine.validate_file(path)
    assert isinstance(report, FileReport)
    for _ in x12_engine.iter_transaction_sets(path):
        pass
    return acknowledge(report, MemoryAllocator())


def _edifact_round(path: Path) -> str:
    report = edifact_engine.validate_file(path)
    assert isinstance(report, FileReport)
    for _ in edifact_engine.iter_messages(path):
        pass
    return edifact_engine.acknowledge_file(path, policy="always")


@pytest.mark.corpus
@FUZZ
@given(pick=st.integers(min_value=0), muts=mutations)
def test_x12_mutations_get_clear_answers(corpus_dir: Path, tmp_path: Path, pick: int, muts: list[Mutation]) -> None:
    pool = seeds(corpus_dir, "x12")
    name, data = pool[pick % len(pool)]
    path = tmp_path / f"fuzz-{name}"
    path.write_bytes(apply(data, muts, x12_terminator(data)))
    out = run_bounded(lambda: _x12_round(path), what=f"{name} {muts[:1]}")
    assert isinstance(out, (str, Exception))


@pytest.mark.corpus
@FUZZ
@given(pick=st.integers(min_value=0), muts=mutations)
def test_edifact_mutations_get_clear_answers(corpus_dir: Path, tmp_path: Path, pick: int,
                                             muts: list[Mutation]) -> None:
    pool = seeds(corpus_dir, "edifact")
    name, data = pool[pick % len(pool)]
    path = tmp_path / f"fuzz-{name}"
    path.write_bytes(apply(data, muts, edifact_terminator(data)))
    out = run_bounded(lambda: _edifact_round(path), what=f"{name} {muts[:1]}")
    assert isinstance(out, (str, Exception))


@FUZZ
@given(data=st.binary(max_size=2048), head=st.sampled_from([b"", b"ISA*", b"UNA:+.? '", b"UNB+UNOA:1+"]))
def test_arbitrary_bytes_after_an_edi_head(tmp_path: Path, data: bytes, head: bytes) -> None:
    path = tmp_path / "random.edi"
    path.write_bytes(head + data)
    run_bounded(lambda: _x12_round(path), what="x12 random")
    run_bounded(lambda: _edifact_round(path), what="edifact random")
    run_bounded(lambda: edifact_engine.validate_bytes(head + data), what="edifact validate_bytes")
