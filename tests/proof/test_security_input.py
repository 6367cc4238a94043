"""Hostile input that is not EDI: XML entity attacks, path traversal in names, oversized files.

The gateway reads XML in two places: the X12 implementation maps (``gateway/x12/maps.py``, lxml)
and XML-RPC answers from Odoo (``gateway/odoo/transport.py``, the standard library's expat). Both
must refuse or ignore entity expansion and external entities. File names from partners must never
leave the mailbox folders, and files above the configured limit must be refused, not read.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from gateway.errors import GatewayError
from gateway.odoo.transport import XmlRpcTransport
from gateway.transports.base import FileTooLargeError, MailboxPolicy, UnsafeNameError
from gateway.transports.local import LocalFolderTransport
from gateway.transports.names import check_name
from gateway.x12.maps import MapError, load_data_elements, parse_map
from tests.proof.bounded import run_bounded
from tests.proof.xml_payloads import SECRET_TEXT, billion_laughs, external_entity, xmlrpc_bomb


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET_TEXT)
    return path


@pytest.mark.parametrize("loader", [parse_map, load_data_elements], ids=["map", "dataele"])
def test_x12_map_loading_refuses_entity_expansion(tmp_path: Path, loader: object) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(billion_laughs("map" if loader is parse_map else "dataele"))
    got = run_bounded(lambda: loader(bomb), seconds=2.0, megabytes=32, what="billion laughs")  # type: ignore[operator]
    if isinstance(got, GatewayError):
        assert isinstance(got, MapError) and "bomb.xml" in str(got)
    else:  # parsed: then the entities must have stayed unexpanded
        text = etree.tostring(got) if not isinstance(got, dict) else repr(got).encode()
        assert b"lollollol" not in text


@pytest.mark.parametrize("loader", [parse_map, load_data_elements], ids=["map", "dataele"])
def test_x12_map_loading_never_reads_external_entities(tmp_path: Path, secret: Path, loader: object) -> None:
    doc = tmp_path / "xxe.xml"
    doc.write_bytes(external_entity(secret, "map" if loader is parse_map else "dataele"))
    got = run_bounded(lambda: loader(doc), what="xxe")  # type: ignore[operator]
    if not isinstance(got, GatewayError):
        text = etree.tostring(got) if not isinstance(got, dict) else repr(got).encode()
        assert SECRET_TEXT.encode() not in text


class _Bomb(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = xmlrpc_bomb()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def bomb_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Bomb)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_odoo_xmlrpc_answer_with_entity_bomb_is_a_clear_odoo_error(bomb_server: str) -> None:
    transport = XmlRpcTransport(bomb_server, timeout=5)
    got = run_bounded(lambda: transport.execute_kw("db", 1, "pw", "sale.order", "search", [[]], None),
                      seconds=5.0, megabytes=64, what="xmlrpc bomb")
    assert isinstance(got, GatewayError), f"an entity bomb was accepted as an answer: {str(got)[:80]!r}"
    transport.close()


@pytest.mark.parametrize("name", ["../escape.edi", "..", "/etc/passwd", "sub/dir.edi", "..\\win.edi",
                                  "C:evil.edi", "a\x00b.edi", "bad\nname.edi", "", "\u202eexe.edi"])
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(UnsafeNameError) as err:
        check_name(name, mailbox="acme")
    assert "acme" in str(err.value)


def test_sending_under_a_traversing_name_writes_nothing_outside(tmp_path: Path) -> None:
    box = LocalFolderTransport.under(tmp_path / "box", "acme")
    before = sorted(p for p in tmp_path.rglob("*"))
    for name in ("../../escape.edi", "../outbox2/x.edi", "/tmp/abs.edi"):
        with pytest.raises(UnsafeNameError):
            box.send(name, b"ISA*")
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "escape.edi").exists()


def test_oversized_file_is_refused_at_the_configured_limit(tmp_path: Path) -> None:
    box = LocalFolderTransport.under(tmp_path / "box", "acme", MailboxPolicy(max_size=1000))
    (box.inbox / "small.edi").write_bytes(b"x" * 1000)
    (box.inbox / "big.edi").write_bytes(b"x" * 1001)
    files = {f.name: f for f in box.list()}
    assert box.fetch(files["small.edi"]) == b"x" * 1000
    with pytest.raises(FileTooLargeError) as err:
        box.fetch(files["big.edi"])
    assert "1000" in str(err.value) and "big.edi" in str(err.value)
    assert (box.inbox / "big.edi").exists()  # refused, not lost
