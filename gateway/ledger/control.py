"""Durable control numbers: allocated atomically per partner, direction and level, never reused.

:class:`LedgerAllocator` implements :class:`gateway.control_numbers.ControlNumberAllocator`. Each
call runs in its own short transaction and commits before returning, so a number handed out is
never handed out again, even if the caller's own work then rolls back (a gap is harmless; a
reuse is a duplicate at the partner). The counter row is locked for the read-modify-write
(``SELECT ... FOR UPDATE`` on PostgreSQL; ``BEGIN IMMEDIATE`` on SQLite, see ``db.py``), which makes
the allocation safe across threads, processes and machines.

Running out of numbers is an explicit policy per counter, never a silent wrap: by default the
allocator refuses with :class:`ControlNumberExhausted`; with ``wrap=True`` it starts again at
``min_value``, but only if the cycle that just ended lasted at least ``reuse_window`` (so the
first numbers of the old cycle are at least that old when they come back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, case, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from gateway.control_numbers import ControlLevel
from gateway.errors import GatewayError
from gateway.ledger.models import ControlCounter
from gateway.ledger.types import UtcDateTime, utcnow

LEVELS: tuple[str, ...] = ("interchange", "group", "set")
# X12: ISA13 N0 9/9, GS06 N0 1/9, ST02 AN 4/9. EDIFACT allows 14 characters; 9 digits suit both.
STANDARD_MAX = 999_999_999


class ControlNumberExhausted(GatewayError):
    """A counter reached its maximum and its policy does not allow wrapping now."""


@dataclass(frozen=True, slots=True)
class ControlPolicy:
    """How a new counter is set up: range, whether it may wrap, and the minimum cycle length."""

    min_value: int = 1
    max_value: int = STANDARD_MAX
    wrap: bool = False
    reuse_window: timedelta = timedelta(days=90)

    def __post_init__(self) -> None:
        if not 0 <= self.min_value < self.max_value:
            raise ValueError(f"control-number range {self.min_value}..{self.max_value} is empty or negative")


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown control-number level {level!r} (one of {', '.join(LEVELS)})")


def _ensure_counter(session: Session, partner: str, direction: str, level: str, policy: ControlPolicy) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    stmt = insert(ControlCounter).values(
        partner_id=partner, direction=direction, level=level,
        next_value=policy.min_value, min_value=policy.min_value, max_value=policy.max_value,
        wrap=policy.wrap, reuse_window_seconds=int(policy.reuse_window.total_seconds()),
        cycle=0, cycle_started_at=now, updated_at=now,
    )
    session.execute(stmt.on_conflict_do_nothing(index_elements=["partner_id", "direction", "level"]))


def _locked_counter(session: Session, partner: str, direction: str, level: str,
                    policy: ControlPolicy) -> ControlCounter:
    counter = _select_locked(session, partner, direction, level)
    if counter is None:
        _ensure_counter(session, partner, direction, level, policy)
        counter = _select_locked(session, partner, direction, level)
    assert counter is not None
    return counter


def _select_locked(session: Session, partner: str, direction: str, level: str) -> ControlCounter | None:
    # populate_existing: the fast path below changes the row without the ORM, so a counter object
    # already in this session's identity map must be refreshed, never trusted.
    return session.scalars(
        select(ControlCounter)
        .where(ControlCounter.partner_id == partner, ControlCounter.direction == direction,
               ControlCounter.level == level)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one_or_none()


def _take_next(session: Session, partner: str, direction: str, level: str) -> int | None:
    """The common case in one statement: an existing counter below its maximum moves on by one.

    ``UPDATE ... RETURNING`` is atomic on both databases (the row lock is taken by the UPDATE
    itself). ``None`` when the counter does not exist yet or is at its maximum: the caller then
    takes the full path (create, wrap or refuse).
    """
    c = ControlCounter.__table__.c
    stmt = (update(ControlCounter.__table__)
            .where(c.partner_id == partner, c.direction == direction, c.level == level,
                   c.next_value <= c.max_value)
            .values(next_value=c.next_value + 1, updated_at=utcnow())
            .returning(c.next_value))
    taken = session.connection().execute(stmt).scalar_one_or_none()
    return None if taken is None else int(taken) - 1


_LEVEL_ORDER = {level: n for n, level in enumerate(LEVELS)}


def _take_many(session: Session, partner: str, direction: str, levels: tuple[str, ...]) -> dict[str, int]:
    """:func:`_take_next` for several levels of one partner in one statement: ``{level: number}``.

    Levels whose counter is missing or at its maximum are left out (the caller takes the full
    path for those). The rows are locked in the order interchange, group, set, the order the
    one-at-a-time path takes them, so two transactions cannot lock them crosswise.
    """
    rows = session.connection().execute(_TAKE_MANY, {"b_partner": partner, "b_direction": direction,
                                                     "b_levels": list(levels), "b_now": utcnow()})
    return {level: int(value) - 1 for level, value in rows}


def _take_many_statement() -> Any:
    c = ControlCounter.__table__.c
    mine = (c.partner_id == bindparam("b_partner"), c.direction == bindparam("b_direction"))
    locked = (select(c.level).where(*mine, c.level.in_(bindparam("b_levels", expanding=True)),
                                    c.next_value <= c.max_value)
              .order_by(case(_LEVEL_ORDER, value=c.level)).with_for_update())
    return (update(ControlCounter.__table__).where(*mine, c.level.in_(locked.scalar_subquery()))
            .values(next_value=c.next_value + 1, updated_at=bindparam("b_now", type_=UtcDateTime))
            .returning(c.level, c.next_value))


_TAKE_MANY = _take_many_statement()


def allocate(session: Session, partner: str, level: str, direction: str = "outbound",
             policy: ControlPolicy | None = None) -> int:
    """Allocate the next number inside the caller's transaction (commit it before using it)."""
    _check_level(level)
    taken = _take_next(session, partner, direction, level)
    if taken is not None:
        return taken
    counter = _locked_counter(session, partner, direction, level, policy or ControlPolicy())
    now = utcnow()
    value = counter.next_value
    if value > counter.max_value:
        where = f"control numbers for partner {partner!r}, {direction} {level}"
        if not counter.wrap:
            raise ControlNumberExhausted(
                f"{where} reached the maximum {counter.max_value}; the counter's policy does not allow "
                "wrapping (set wrap=True with configure_counter if the partner accepts reuse after a window)"
            )
        window = timedelta(seconds=counter.reuse_window_seconds)
        if now - counter.cycle_started_at < window:
            raise ControlNumberExhausted(
                f"{where} reached the maximum {counter.max_value} less than {window} after the cycle "
                f"started ({counter.cycle_started_at.isoformat()}): wrapping now would reuse numbers "
                "inside the reuse window"
            )
        value = counter.min_value
        counter.cycle += 1
        counter.cycle_started_at = now
    counter.next_value = value + 1
    counter.updated_at = now
    session.flush()
    return value


def configure_counter(
    session: Session,
    partner: str,
    level: str,
    direction: str = "outbound",
    *,
    policy: ControlPolicy,
    start: int | None = None,
) -> ControlCounter:
    """Set a counter's policy and optionally its next number (a partner's agreed start).

    ``start`` may only move the counter forward once numbers were handed out: moving it back
    would hand them out again.
    """
    _check_level(level)
    counter = _locked_counter(session, partner, direction, level, policy)
    if start is not None:
        untouched = counter.cycle == 0 and counter.next_value == counter.min_value
        if start < counter.next_value and not untouched:
            raise ValueError(
                f"start {start} is below the next unused number {counter.next_value}: it would reuse numbers"
            )
        if not policy.min_value <= start <= policy.max_value:
            raise ValueError(f"start {start} is outside {policy.min_value}..{policy.max_value}")
        counter.next_value = start
    counter.min_value = policy.min_value
    counter.max_value = policy.max_value
    counter.wrap = policy.wrap
    counter.reuse_window_seconds = int(policy.reuse_window.total_seconds())
    counter.updated_at = utcnow()
    session.flush()
    return counter


class LedgerAllocator:
    """The durable allocator: one committed transaction per number, safe across processes."""

    def __init__(self, session_factory: sessionmaker[Session], policy: ControlPolicy | None = None) -> None:
        self._session_factory = session_factory
        self._policy = policy or ControlPolicy()

    def next(self, partner: str, level: ControlLevel, direction: str = "outbound") -> int:
        """Return a number never returned before for the same partner, level and direction."""
        with self._session_factory.begin() as session:
            return allocate(session, partner, level, direction, self._policy)


class SessionAllocator:
    """An allocator bound to the caller's open transaction (numbers commit or roll back with it).

    For a step that builds an interchange and stores it in the same transaction (our acks): the
    numbers are used only once that transaction commits, so allocating inside it is safe and saves
    one committed transaction per number. Never hand numbers from it to anything outside the
    transaction before it commits.
    """

    def __init__(self, session: Session, policy: ControlPolicy | None = None,
                 with_interchange: tuple[str, ...] = ()) -> None:
        self._session = session
        self._policy = policy or ControlPolicy()
        self._with_interchange = tuple(level for level in with_interchange if level != "interchange")
        self._taken: dict[tuple[str, str, str], int] = {}

    def next(self, partner: str, level: ControlLevel, direction: str = "outbound") -> int:
        """Return a number never returned before, once the caller's transaction commits.

        With ``with_interchange`` (e.g. ``("group", "set")`` for an X12 ack), asking for an
        interchange number also takes one number of each of those levels in the same statement,
        kept for the calls that follow; a number taken and not asked for is a gap (harmless).
        """
        key = (partner, direction, level)
        if key in self._taken:
            return self._taken.pop(key)
        if level == "interchange" and self._with_interchange:
            for lvl, value in _take_many(self._session, partner, direction,
                                         ("interchange", *self._with_interchange)).items():
                self._taken[(partner, direction, lvl)] = value
            if key in self._taken:
                return self._taken.pop(key)
        return allocate(self._session, partner, level, direction, self._policy)
