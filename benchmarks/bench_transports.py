"""Transport benchmark: AS2 build/open of a 3.4 MB payload, and local-folder send/fetch of 50 MB.

Run by hand (never in the test suite); results go to docs/benchmarks.md:

    .venv/bin/python benchmarks/bench_transports.py

AS2 uses throwaway RSA-2048 keys made with ``cryptography``; each figure is the best of 5 runs.
(The SFTP figures need the root-only sshd fixture: see ``test_large_file_round_trip_checksum``,
which moves 50 MB each way; its duration is printed by ``pytest --durations``.)
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from gateway.transports import LocalFolderTransport
from gateway.transports.as2 import As2Identity, As2Partner, build_message, open_message


def identity(name: str) -> As2Identity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=1)).sign(key, hashes.SHA256()))
    return As2Identity(name, key, cert)


def best(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}, "
          f"{platform.platform()}")
    alice, bob = identity("alice"), identity("bob")
    payload = (b"PO1*1*10*EA*9.25**BP*ITEM-0001*VP*V-0001~\r\n" * 80_000)[: 3_440_000]
    for label, compress in (("sign+encrypt aes256 sha256", False), ("compress+sign+encrypt", True)):
        to_bob = As2Partner("bob", (bob.cert,), bob.cert, compress=compress)
        of_alice = As2Partner("alice", (alice.cert,), alice.cert, max_size=10_000_000)
        out = build_message(payload, ours=alice, partner=to_bob, filename="po.x12")
        t_build = best(lambda p=to_bob: build_message(payload, ours=alice, partner=p, filename="po.x12"))
        t_open = best(lambda o=out, a=of_alice: open_message(o.headers, o.body, ours=bob,
                                                             find_partner=lambda n: a))
        mb = len(payload) / 1e6
        print(f"AS2 {label:28s} {mb:.2f} MB: build {t_build:.3f}s ({mb / t_build:.0f} MB/s), "
              f"open {t_open:.3f}s ({mb / t_open:.0f} MB/s)")
    with tempfile.TemporaryDirectory() as tmp:
        box = LocalFolderTransport.under(Path(tmp) / "box", "bench")
        src = Path(tmp) / "src.bin"
        src.write_bytes(os.urandom(50 * 1024 * 1024))
        t_send = best(lambda: box.send("big.x12", src), runs=3)
        os.replace(box.outbox / "big.x12", box.inbox / "big.x12")
        (f,) = box.list()
        t_fetch = best(lambda: box.fetch(f), runs=3)
        print(f"local send (write .part, fsync, rename) 50 MB: {t_send:.3f}s; fetch into memory: {t_fetch:.3f}s")


if __name__ == "__main__":
    main()
