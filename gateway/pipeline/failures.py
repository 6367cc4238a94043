"""Failure categories and the retry policy shared by every pipeline step.

A step that cannot finish raises :class:`StepFailure` with one of the ledger's error categories
and a plain-language reason; ``transient`` failures (Odoo or a mailbox down) are retried with
exponential backoff and jitter, everything else waits for an operator. Keeping the policy here
(not in Celery) means the embedded runner and the workers retry the same way.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from gateway.errors import GatewayError, Issue
from gateway.ledger.documents import ErrorCategory


class StepFailure(GatewayError):
    """A pipeline step failed: category, reason, optional issues, and whether a retry may help."""

    def __init__(self, category: ErrorCategory | str, reason: str, *, transient: bool = False,
                 issues: Sequence[Issue | dict[str, Any]] = ()) -> None:
        self.category = ErrorCategory(category)
        self.reason = reason
        self.transient = transient
        self.issues = list(issues)
        super().__init__(f"{self.category.value}: {reason}")


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter: attempt n waits up to ``base * 2**(n-1)``, capped."""

    max_attempts: int = 5
    base_seconds: float = 30.0
    cap_seconds: float = 3600.0
    rand: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, attempt: int) -> timedelta:
        """How long to wait after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.cap_seconds, self.base_seconds * (2 ** max(0, attempt - 1)))
        return timedelta(seconds=ceiling * (0.5 + 0.5 * self.rand()))

    def next_attempt(self, attempt: int, now: datetime) -> datetime | None:
        """When to try again after failed attempt ``attempt``; ``None`` when it was the last."""
        if attempt >= self.max_attempts:
            return None
        return now + self.delay(attempt)
