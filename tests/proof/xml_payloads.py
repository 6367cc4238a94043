"""Hostile XML documents: entity expansion ("billion laughs") and external entities (XXE)."""

from __future__ import annotations

from pathlib import Path

SECRET_TEXT = "TOP-SECRET-XXE-CANARY-7731"


def billion_laughs(root: str = "map") -> bytes:
    """Ten levels of ten-fold entity references: 10**9 copies of "lol" if a parser expands them."""
    lines = ['<?xml version="1.0"?>', f"<!DOCTYPE {root} [", '  <!ENTITY lol0 "lol">']
    for i in range(1, 10):
        refs = "".join(f"&lol{i - 1};" for _ in range(10))
        lines.append(f'  <!ENTITY lol{i} "{refs}">')
    lines += ["]>", f"<{root}>&lol9;</{root}>"]
    return "\n".join(lines).encode()


def external_entity(secret: Path, root: str = "map") -> bytes:
    """A document that pulls ``secret`` in through a SYSTEM entity."""
    return (f'<?xml version="1.0"?>\n<!DOCTYPE {root} [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>\n'
            f"<{root}>&xxe;</{root}>").encode()


def xmlrpc_bomb() -> bytes:
    """An XML-RPC method response whose string value is a billion laughs."""
    doc = billion_laughs("methodResponse").decode()
    return doc.replace("<methodResponse>&lol9;</methodResponse>",
                       "<methodResponse><params><param><value><string>&lol9;</string></value></param></params>"
                       "</methodResponse>").encode()
