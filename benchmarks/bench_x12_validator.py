"""Time the map-driven X12 validator alone on a generated big 004010 850 (run by hand).

    .venv/bin/python benchmarks/bench_x12_validator.py [segments] [--profile] [--feed]

Segments are pre-split in memory, so the figure is the validator's own share of the pipeline
(the reader, envelope checks and 997 writer are timed by the engine benchmark). By default the
body segments go through ``SetValidator.consume`` as the envelope hands them; ``--feed`` times
one ``feed`` call per segment instead (the API other callers use).
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time

from gateway.x12.validator import validator_for


def make_850(lines: int, n: int) -> list[list[str]]:
    """One 850 with ``lines`` PO1+PID+... line items: a realistic mix of header and detail segments."""
    segs = [["ST", "850", f"{n:04d}"], ["BEG", "00", "SA", f"PO{n}", "", "20240131"],
            ["REF", "DP", "042"], ["DTM", "002", "20240215"], ["N1", "ST", "Store 42", "92", "0042"],
            ["N3", "1 Main St"], ["N4", "Springfield", "IL", "62701"]]
    for i in range(1, lines + 1):
        k = n * lines + i  # unique per line across the file, so no two PO1 segments are the same
        segs.append(["PO1", str(i), str(k % 97 + 1), "EA", f"{k % 1000}.{k % 100:02d}", "PE", "VN", f"V{k:08d}",
                     "UP", f"{k:012d}"])
        segs.append(["PID", "F", "", "", "", f"WIDGET {('RED', 'BLUE', 'GREEN', 'STEEL')[k % 4]} {k % 50} MM"])
        segs.append(["PO4", str(k % 24 + 1), str(k % 5 + 1), "EA"])
    segs.append(["CTT", str(lines)])
    segs.append(["SE", str(len(segs) + 1), f"{n:04d}"])
    return segs


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 700_000
    sets = []
    count = 0
    n = 0
    while count < total:
        n += 1
        s = make_850(100, n)
        sets.append(s)
        count += len(s)
    validator_for("004010", "850", component_separator=">")  # compile outside the timing

    per_segment = "--feed" in sys.argv
    stop = frozenset({"SE"})
    raw = [[(seg, i, 0) for i, seg in enumerate(s, start=1)] for s in sets]

    def run() -> int:
        issues = 0
        for s, r in zip(sets, raw, strict=True):
            v = validator_for("004010", "850", component_separator=">")
            assert v is not None
            if per_segment:
                for pos, seg in enumerate(s, start=1):
                    v.feed(seg, pos)
            else:
                pending, count = v.consume(iter(r), 0, stop)
                assert pending is not None
                v.feed(pending[0], count + 1)
            issues += len(v.finish())
        return issues

    if "--profile" in sys.argv:
        cProfile.runctx("run()", globals(), {"run": run}, "/tmp/validator.prof")
        pstats.Stats("/tmp/validator.prof").sort_stats("tottime").print_stats(12)
        return
    t0, c0 = time.perf_counter(), time.process_time()
    issues = run()
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"{count} segments in {len(sets)} sets: wall {dt:.2f} s ({count / dt:,.0f} segments/s), "
          f"cpu {cpu:.2f} s ({count / cpu:,.0f} segments/s per core), {issues} issues")


if __name__ == "__main__":
    main()
