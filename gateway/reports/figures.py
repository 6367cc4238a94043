"""Small arithmetic helpers shared by the compliance measures: rates, averages, time spans.

Every figure in a report is a ``Decimal`` rounded half-up to one decimal place (percentages,
minutes, hours) or two (money), so JSON, CSV and HTML show the same value and tests can assert
it exactly. ``None`` means "no data" (a rate over zero cases), never zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ONE_PLACE = Decimal("0.1")
CENTS = Decimal("0.01")


def dec(value: Any) -> Decimal:
    """A Decimal from a canonical JSON number or string (``None`` and blanks count as zero)."""
    if value is None or value == "":
        return Decimal(0)
    return Decimal(str(value))


def rate(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part / whole`` as a percentage with one decimal, or None when ``whole`` is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def average(values: Iterable[Decimal]) -> Decimal | None:
    """Mean with one decimal, or None for no values."""
    items = list(values)
    if not items:
        return None
    return (sum(items, Decimal(0)) / len(items)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def maximum(values: Iterable[Decimal]) -> Decimal | None:
    """Largest value with one decimal, or None for no values."""
    items = list(values)
    return max(items).quantize(ONE_PLACE, rounding=ROUND_HALF_UP) if items else None


def minutes(span: timedelta) -> Decimal:
    """A time span in minutes (exact Decimal, rounded later by the aggregate)."""
    return Decimal(int(span.total_seconds())) / 60


def hours(span: timedelta) -> Decimal:
    """A time span in hours (exact Decimal, rounded later by the aggregate)."""
    return Decimal(int(span.total_seconds())) / 3600


def money(value: Decimal) -> Decimal:
    """Money rounded half-up to cents."""
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


def parse_time(value: Any) -> datetime | None:
    """An aware datetime from an ISO string (as stored in JSON columns), or None."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else None
