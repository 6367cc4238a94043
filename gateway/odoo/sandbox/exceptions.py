"""The sandbox's copies of Odoo's exception classes, named exactly as Odoo names them.

The RPC layer turns these into XML-RPC fault codes and JSON-RPC ``error.data.name`` values, so the
class paths (``odoo.exceptions.UserError``...) must read like the real server's. Python's own
exceptions (ValueError, TypeError, ...) are raised as they are and become fault 1 with a traceback,
as on a real server.
"""

from __future__ import annotations


class UserError(Exception):
    """A business rule refused the call (fault 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ValidationError(UserError):
    """A constraint failed (fault 2)."""


class MissingError(UserError):
    """A record does not exist or has been deleted (fault 2)."""


class RedirectWarning(UserError):
    """A warning with an action (fault 2)."""


class AccessError(UserError):
    """Access rights forbid the operation, or a private method was called (fault 4)."""


class AccessDenied(UserError):
    """Bad login, password or API key (fault 3)."""

    def __init__(self, message: str = "Access Denied") -> None:
        super().__init__(message)


class OperationalError(Exception):
    """Stand-in for psycopg2's error when the database does not exist (fault 1)."""


for _cls in (UserError, ValidationError, MissingError, RedirectWarning, AccessError, AccessDenied):
    _cls.__module__ = "odoo.exceptions"
OperationalError.__module__ = "psycopg2"


def exception_name(exc: BaseException) -> str:
    """Dotted class path as Odoo's ``serialize_exception`` writes it (``builtins.ValueError``)."""
    cls = type(exc)
    return f"{cls.__module__}.{cls.__qualname__}"


def missing(model: str, ids: list[int] | tuple[int, ...], uid: int) -> MissingError:
    """The exact MissingError Odoo raises for records that do not exist."""
    joined = ", ".join(str(i) for i in ids)
    return MissingError(
        f"Record does not exist or has been deleted.\n(Record: {model}({joined},), User: {uid})"
    )


def recordset_repr(model: str, ids: list[int] | tuple[int, ...]) -> str:
    """``stock.picking(37, 38)`` / ``stock.picking(37,)`` as Python's repr of a recordset."""
    if len(ids) == 1:
        return f"{model}({ids[0]},)"
    return f"{model}({', '.join(str(i) for i in ids)})"
