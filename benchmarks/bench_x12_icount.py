"""Instructions per segment of the X12 paths, counted by valgrind's callgrind (run by hand).

Wall-clock and CPU times on a shared 2-core machine move with the other jobs' load; instruction
counts do not, so this is the figure to compare before and after a change of the fast path:

    .venv/bin/python benchmarks/bench_x12_icount.py            # 20k and 60k segments
    .venv/bin/python benchmarks/bench_x12_icount.py 40000 120000
    .venv/bin/python benchmarks/bench_x12_icount.py --only gateway   # one path (quicker)

For each path (naive split loop, gateway validate + 997, reader + envelope + 997 without the map
validator) it runs one fresh ``python`` under ``valgrind --tool=callgrind`` per file size and
reports ``(Ir(large) - Ir(small)) / (segments(large) - segments(small))``: the per-segment cost
with interpreter start-up, imports and map compilation cancelled out. The files are the same
generated 004010 850 content as benchmarks/bench_x12.py (benchmarks/data/, git-ignored).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_x12 import DATA, generate  # noqa: E402

PATHS = {
    "naive split loop": "naive",
    "gateway validate + 997": "gateway",
    "reader + envelope + 997": "envelope_only",
}
CHILD = (
    "import sys; sys.path.insert(0, {root!r}); from pathlib import Path; "
    "import benchmarks.bench_x12 as b; "
    "from gateway.x12.validator import validator_for; validator_for('004010', '850', component_separator='>'); "
    "b.{fn}(Path({path!r}))"
)


def instructions(fn: str, path: Path) -> int:
    """Total instructions (Ir) of one fresh interpreter running ``bench_x12.<fn>(path)``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        code = CHILD.format(root=str(ROOT), fn=fn, path=str(path))
        # a fixed hash seed: string hashes decide dict probing, which moves the count a little
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable, "-c", code],
            capture_output=True, text=True, check=False, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"callgrind run of {fn} on {path.name} failed:\n{proc.stderr[-2000:]}")
        m = re.search(r"Collected : (\d+)", proc.stderr)
        if m is None:
            raise SystemExit(f"no 'Collected' line in callgrind's output for {fn} on {path.name}")
        return int(m.group(1))


def main() -> None:
    """Generate two files, count each path on both, print instructions per segment."""
    args = sys.argv[1:]
    only = None
    if "--only" in args:
        at = args.index("--only")
        only = args[at + 1]
        del args[at:at + 2]
    sizes = [int(a) for a in args[:2]] if len(args) > 1 else [20_000, 60_000]
    files = []
    for n in sizes:
        path = DATA / f"x12_850_icount_{n}.edi"
        files.append((path, generate(path, segments=n)))
    (small, n_small), (large, n_large) = files
    print(f"files: {n_small} and {n_large} segments; valgrind --tool=callgrind, {sys.executable}")
    for name, fn in PATHS.items():
        if only is not None and fn != only:
            continue
        a, b = instructions(fn, small), instructions(fn, large)
        print(f"{name:26s} {(b - a) / (n_large - n_small):10,.0f} instructions/segment")


if __name__ == "__main__":
    main()
