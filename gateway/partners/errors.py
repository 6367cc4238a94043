"""Profile errors that name the file, the field and the fix.

pydantic's own messages are precise but written for programmers; :func:`problems_from_validation`
turns each into a :class:`ProfileProblem` with a dotted field path as it appears in the YAML
(``documents[2].version``) and a plain instruction for the person editing the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from gateway.errors import GatewayError


@dataclass(frozen=True, slots=True)
class ProfileProblem:
    """One problem in one profile file."""

    file: str
    field: str
    message: str
    fix: str

    def describe(self) -> str:
        """``file: field: message (fix: ...)``."""
        return f"{self.file}: {self.field or '(top level)'}: {self.message} (fix: {self.fix})"


class ProfileError(GatewayError):
    """One or more profiles could not be loaded."""

    def __init__(self, problems: list[ProfileProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.describe() for p in problems))


def field_path(loc: tuple[Any, ...]) -> str:
    """``('documents', 2, 'version')`` -> ``documents[2].version``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "literal[", "union[")) or part in ("str", "int"):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


_BOUNDS = {"greater_than": "above", "greater_than_equal": "of at least", "less_than": "below",
           "less_than_equal": "of at most"}


def _fix(err: dict[str, Any], field: str) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    name = field.rsplit(".", 1)[-1] if field else "the value"
    if kind == "missing":
        return f"add '{name}' (it is required)"
    if kind == "extra_forbidden":
        return f"remove '{name}' or correct its spelling; it is not a known setting here"
    if kind == "literal_error":
        return f"use one of {ctx.get('expected', 'the allowed values')}"
    if kind in ("string_too_short", "string_too_long"):
        lo, hi = ctx.get("min_length"), ctx.get("max_length")
        return f"give '{name}' a length within the limits ({'at least ' + str(lo) if lo is not None else ''}" \
               f"{'at most ' + str(hi) if hi is not None else ''})"
    if kind == "string_pattern_mismatch":
        return f"make '{name}' match {ctx.get('pattern')} (lower-case letters, digits and dashes)"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"give '{name}' a value of the right type ({err.get('msg', '').lower()})"
    if kind in _BOUNDS:
        limit = next((ctx[k] for k in ("gt", "ge", "lt", "le") if k in ctx), "the limit")
        return f"give '{name}' a value {_BOUNDS[kind]} {limit}"
    if kind == "value_error":
        msg = str(ctx.get("error", err.get("msg", "")))
        if "; " in msg:
            return msg.split("; ", 1)[1]
        return f"correct '{name}': {msg}"
    return f"correct '{name}'"


def problems_from_validation(file: str, exc: ValidationError) -> list[ProfileProblem]:
    """One :class:`ProfileProblem` per pydantic error, with a readable field path and a fix."""
    problems = []
    for err in exc.errors(include_url=False):
        field = field_path(tuple(err.get("loc", ())))
        message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        if "; " in message and err.get("type") == "value_error":
            message = message.split("; ", 1)[0]
        problems.append(ProfileProblem(file=file, field=field, message=message, fix=_fix(err, field)))
    return problems
