"""``edi-gateway validate / inspect / ack`` on EDIFACT files: exit codes, JSON shape, output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from gateway.cli import main
from tests.edifact.conftest import interchange, message

Writer = Callable[..., Path]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_validate_accepted_rejected_unreadable(edi_file: Writer) -> None:
    good = edi_file(interchange())
    bad = edi_file(interchange([message(count=3)]))
    not_edi = edi_file("UNH+1+ORDERS:D:96A:UN'UNT+2+1'")
    assert run("validate", str(good)).exit_code == 0
    result = run("validate", str(bad))
    assert result.exit_code == 1 and "29" in result.output and "REJECTED" in result.output
    result = run("validate", str(not_edi))
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_validate_refuses_file_without_unb_cleanly(edi_file: Writer) -> None:
    path = edi_file("UNA:+.? '\nUNH+1+ORDERS:D:96A:UN'\nUNT+2+1'\n")
    result = run("validate", str(path))
    assert result.exit_code == 2 and "no UNB" in result.output and "Traceback" not in result.output


def test_validate_json_shape(edi_file: Writer) -> None:
    group = ["UNG+ORDERS+APPS+APPR+260101:1200+G1+UN+D:96A", *message("1", count=4), "UNE+1+G1"]
    path = edi_file(interchange([group], unz_count=1))
    result = run("validate", "--json", str(path))
    assert result.exit_code == 1
    [doc] = json.loads(result.output)
    assert doc["syntax"] == "edifact" and doc["status"] == "rejected"
    ic = doc["interchanges"][0]
    assert (ic["sender"], ic["receiver"], ic["control_number"], ic["status"]) == ("SENDER", "RECEIVER", "IC1",
                                                                                  "accepted")
    grp = ic["groups"][0]
    assert (grp["functional_id"], grp["control_number"], grp["version"]) == ("ORDERS", "G1", "D:96A:UN")
    msg = grp["transaction_sets"][0]
    assert (msg["type"], msg["control_number"], msg["status"]) == ("ORDERS", "1", "rejected")
    err = msg["errors"][0]
    assert (err["code"], err["segment_id"], err["segment_position"], err["element_position"]) == ("29", "UNT", 11, 1)


def test_inspect_shows_segments_and_errors_inline(edi_file: Writer) -> None:
    path = edi_file(interchange([message(body=["BGM+220+PO1+9", "DTM+137:20261399:102", "UNS+S"])]))
    result = run("inspect", str(path))
    assert result.exit_code == 0
    out = result.output
    assert "Message 1: ORDERS D:96A:UN" in out and "DTM+137:20261399:102" in out
    lines = out.splitlines()
    dtm = next(i for i, ln in enumerate(lines) if "DTM+137" in ln)
    assert "12" in lines[dtm + 1] and "not a valid date" in lines[dtm + 1]


def test_ack_prints_contrl_and_exits_0_even_when_rejecting(edi_file: Writer) -> None:
    path = edi_file(interchange(unz_ref="X"))
    result = run("ack", str(path))
    assert result.exit_code == 0
    assert "UNH+1+CONTRL:D:3:UN'" in result.output and "UCI+IC1+SENDER:14+RECEIVER:14+4+28+UNZ+2'" in result.output


def test_ack_prints_nothing_for_contrl_input(edi_file: Writer) -> None:
    contrl = run("ack", str(edi_file(interchange()))).output
    result = run("ack", str(edi_file(contrl)))
    assert result.exit_code == 0 and result.output == ""
