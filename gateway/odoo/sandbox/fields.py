"""Field definitions of the sandbox ORM, and the marker for model-level (``@api.model``) methods."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

RELATIONAL = ("many2one", "one2many", "many2many")


@dataclass
class Field:
    """One field of a sandbox model; ``compute`` fields are evaluated on read, never stored."""

    type: str
    string: str = ""
    relation: str | None = None
    inverse_name: str | None = None
    required: bool = False
    readonly: bool = False
    selection: list[tuple[str, str]] | None = None
    default: Any = None
    compute: str | None = None
    inverse: str | None = None
    help: str | None = None
    versions: tuple[int, int] = (16, 19)
    alias: str | None = None
    model_field: str | None = None
    name: str = field(default="", init=False)

    @property
    def store(self) -> bool:
        """Whether the value lives in storage (computed fields do not)."""
        return self.compute is None and self.type != "one2many"

    def empty(self) -> Any:
        """The stored value of an empty field."""
        return [] if self.type == "many2many" else 0.0 if self.type == "float" else (
            0 if self.type == "integer" else False
        )


def api_model(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a method as model-level (called without ids), like ``@api.model``."""
    func._api_model = True  # type: ignore[attr-defined]
    return func
