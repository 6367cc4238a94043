"""Run one fuzz example under a time and memory budget, and allow only the project's own errors.

Hypothesis' ``deadline`` measures wall time but is switched off in the proof tests because
tracemalloc slows every allocation; instead each example is timed here and its peak traced memory
is read, and the example fails when either exceeds its budget. Any exception that is not a
:class:`gateway.errors.GatewayError` (transport errors derive from it) is a bug: bad input must get a
clear answer, never a traceback.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

from gateway.errors import GatewayError

T = TypeVar("T")

SECONDS = 5.0  # generous for a loaded 2-core CI box; a hang or quadratic blow-up goes far past it
MEGABYTES = 96


def run_bounded(fn: Callable[[], T], *, seconds: float = SECONDS, megabytes: int = MEGABYTES,
                what: str = "input") -> T | GatewayError:
    """Call ``fn``; return its result or the GatewayError it raised; fail on anything else or overrun."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result: T | GatewayError = fn()
    except GatewayError as exc:
        result = exc
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed <= seconds, f"{what}: took {elapsed:.2f}s (budget {seconds}s)"
    assert peak <= megabytes * 1024 * 1024, f"{what}: peak {peak / 1e6:.1f} MB (budget {megabytes} MB)"
    if isinstance(result, GatewayError):
        assert str(result).strip(), f"{what}: {type(result).__name__} with an empty message"
    return result
