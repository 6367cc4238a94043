"""EDIFACT benchmark (run by hand): parse + validate + CONTRL for a generated D.96A ORDERS interchange.

Usage::

    .venv/bin/python benchmarks/bench_edifact.py            # 5 MB: gateway vs naive regex vs pydifact; 20 MB gateway
    .venv/bin/python benchmarks/bench_edifact.py --mb 20 --only gateway --repeat 5

The files are written to benchmarks/data/ (git-ignored). Each measurement runs in a fresh child
process so that peak RSS (``ru_maxrss``) belongs to that run alone. Results go to
docs/benchmarks.md (## EDIFACT) by hand, with the machine and this command.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
LINES = 20


def generate(path: Path, target_mb: float) -> int:
    """Write a D.96A ORDERS interchange of about ``target_mb`` MB; return its segment count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    segments = 0
    size = 0
    n = 0
    with path.open("w", encoding="latin-1", newline="") as fh:
        head = "UNA:+.? '\nUNB+UNOC:3+5412345000013:14+4012345000009:14+260101:1200+BENCH0001++++1'\n"
        fh.write(head)
        size += len(head)
        segments += 1
        while size < target_mb * 1_000_000:
            n += 1
            ref = f"M{n}"
            body = [
                f"UNH+{ref}+ORDERS:D:96A:UN:EAN008",
                f"BGM+220+PO{n:08d}+9",
                "DTM+137:20260101:102",
                "DTM+2:20260115:102",
                f"RFF+CT:CONTRACT{n % 97}",
                "NAD+BY+5412345000013::9",
                "NAD+SU+4012345000009::9",
            ]
            for line in range(1, LINES + 1):
                body += [
                    f"LIN+{line}++{4000000000000 + line * 7 + n}:EN",
                    f"PIA+1+ART{line:05d}:SA",
                    f"IMD+F++:::WIDGET MODEL {line} BLUE?'S ?+ SIZE 10?:12",
                    f"QTY+21:{line * 3}",
                    f"PRI+AAA:{line}.{n % 100:02d}",
                ]
            body += ["UNS+S", f"CNT+2:{LINES}"]
            body.append(f"UNT+{len(body) + 1}+{ref}")
            text = "'\n".join(body) + "'\n"
            fh.write(text)
            size += len(text)
            segments += len(body)
        tail = f"UNZ+{n}+BENCH0001'\n"
        fh.write(tail)
        segments += 1
    return segments


_NAIVE_SEGMENT = re.compile(r"((?:\?.|[^?'])*)'\s*", re.S)
_NAIVE_ELEMENT = re.compile(r"(?<!\?)\+")
_NAIVE_COMPONENT = re.compile(r"(?<!\?):")
_NAIVE_RELEASE = re.compile(r"\?(.)", re.S)


def naive_tokenize(text: str) -> list[tuple[str, list[list[str]]]]:
    """A straightforward escape-aware regex tokenizer, the baseline a hand-written parser starts from.

    Segments come from one regex that honours release characters (``?'`` is data); elements and
    components are split with a one-character lookbehind, and released characters are unescaped.
    Default service characters only (the benchmark file's UNA declares them). No validation.
    """
    body = (text[9:] if text.startswith("UNA") else text).lstrip()
    out = []
    for m in _NAIVE_SEGMENT.finditer(body):
        seg = m.group(1)
        els = [[_NAIVE_RELEASE.sub(r"\1", c) if "?" in c else c for c in _NAIVE_COMPONENT.split(e)]
               for e in _NAIVE_ELEMENT.split(seg)]
        out.append((els[0][0], els[1:]))
    return out


def _child(kind: str, path: str) -> None:
    """Run one measurement in this (child) process and print JSON.

    Module imports are timed apart (``import_cpu_seconds``) and kept out of the rate, as for
    pydifact; the gateway's time includes reading the file and loading the D.96A map.
    """
    cpu_import = time.process_time()
    if kind.startswith("gateway"):
        from gateway.edifact.engine import acknowledge_file, validate_file
    cpu_import = time.process_time() - cpu_import
    start = time.perf_counter()
    cpu0 = time.process_time()
    if kind == "gateway":
        report = validate_file(path)
        status = "rejected" if report.rejected else "accepted"
        mid = time.perf_counter()
        cpu = time.process_time() - cpu0
        contrl = acknowledge_file(path)  # second pass: CONTRL is built from a fresh validation
        end = time.perf_counter()
        extra = {"status": status, "validate_s": mid - start, "contrl_s": end - mid,
                 "contrl_segments": contrl.count("'")}
        elapsed = mid - start
    elif kind == "gateway-ack":
        contrl = acknowledge_file(path)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu0
        extra = {"contrl_segments": contrl.count("'")}
    elif kind == "naive-regex":
        text = Path(path).read_text(encoding="latin-1")
        start = time.perf_counter()
        cpu0 = time.process_time()
        segs = naive_tokenize(text)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu0
        extra = {"segments_seen": len(segs)}
    elif kind == "pydifact":
        import warnings

        from pydifact.segmentcollection import Interchange

        text = Path(path).read_text(encoding="latin-1")
        start = time.perf_counter()
        cpu0 = time.process_time()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ic = Interchange.from_str(text)
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu0
        extra = {"segments_seen": sum(1 for _ in ic.segments)}
    else:
        raise SystemExit(f"unknown kind {kind}")
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"kind": kind, "seconds": elapsed, "cpu_seconds": cpu, "rss_mb": rss_kb / 1024,
                      "import_cpu_seconds": cpu_import, **extra}))


def run(kind: str, path: Path) -> dict:
    """Measure ``kind`` on ``path`` in a fresh interpreter."""
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path)], check=True,
                         capture_output=True, text=True, cwd=HERE.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    """nproc, CPU model and RAM, for the results table."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
                          if ln.startswith("MemTotal")))
    except (OSError, StopIteration):
        mem_kb = 0
    return f"nproc {os.cpu_count()}, {cpu}, RAM {mem_kb / 1024 / 1024:.1f} GiB, Python {platform.python_version()}"


LABELS = {"gateway": "gateway validate_file (parse + envelope + map validation)",
          "gateway-ack": "gateway acknowledge_file (parse + validate + CONTRL)",
          "naive-regex": "naive escape-aware regex tokenizer (no validation)",
          "pydifact": "pydifact Interchange.from_str"}


def main() -> None:
    """Generate the inputs, run each measurement in child processes, print a Markdown table.

    Every kind runs ``--repeat`` times, round-robin, so a load spike from other jobs on the machine
    hits all of them alike; the table shows the best and the median CPU time (``time.process_time``
    of the child) and the ratios to pydifact computed from the same run.
    """
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", nargs=2, metavar=("KIND", "PATH"))
    ap.add_argument("--mb", type=float, nargs="*", default=[5, 20])
    ap.add_argument("--only", choices=["gateway", "pydifact"], default=None)
    ap.add_argument("--repeat", type=int, default=3, help="runs per kind (round-robin); best and median reported")
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return
    print(machine())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| file | segments | tool | runs | CPU s best | segments/s (CPU, best) | CPU s median | "
          "segments/s (CPU, median) | wall s best | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    notes: list[str] = []
    for mb in args.mb:
        path = DATA / f"orders_d96a_{int(mb)}mb.edi"
        segs = generate(path, mb)
        kinds = ["gateway", "gateway-ack"]
        if args.only != "gateway" and mb == args.mb[0]:
            kinds += ["naive-regex", "pydifact"]
        results: dict[str, list[dict]] = {k: [] for k in kinds}
        for _ in range(args.repeat):
            for kind in kinds:
                results[kind].append(run(kind, path))
        best: dict[str, float] = {}
        median: dict[str, float] = {}
        for kind in kinds:
            cpus = [r["cpu_seconds"] for r in results[kind]]
            best[kind], median[kind] = min(cpus), statistics.median(cpus)
            wall = min(r["seconds"] for r in results[kind])
            rss = max(r["rss_mb"] for r in results[kind])
            imports = min(r["import_cpu_seconds"] for r in results[kind])
            if imports > 0.001:
                notes.append(f"{kind} {mb:g} MB: module imports {imports:.2f} s CPU (best run), not included")
            print(f"| {path.stat().st_size / 1e6:.1f} MB | {segs} | {LABELS[kind]} | {len(cpus)} | "
                  f"{best[kind]:.2f} | {segs / best[kind]:,.0f} | {median[kind]:.2f} | "
                  f"{segs / median[kind]:,.0f} | {wall:.2f} | {rss:.0f} |", flush=True)
        if "pydifact" in kinds:
            for kind in ("gateway", "gateway-ack", "naive-regex"):
                print(f"ratio pydifact / {kind} (CPU): best {best['pydifact'] / best[kind]:.1f}x, "
                      f"median {median['pydifact'] / median[kind]:.1f}x")
    for note in notes:
        print(note)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
