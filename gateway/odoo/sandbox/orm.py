"""A small ORM with Odoo's external behaviour: fields, create/read/write/unlink/search, x2many commands.

Only what crosses the RPC boundary is reproduced: the shapes of values (many2one as
``[id, display_name]``, empty values as ``False``, x2many as ordered id lists), the errors (unknown
field -> ``ValueError``, missing record -> ``MissingError``, NOT NULL -> ``ValidationError``), default
ordering per model and the command tuples. Business models subclass :class:`Model`, declare
:class:`Field` attributes and add public methods (RPC-callable) and ``_hooks`` (not callable).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from gateway.odoo.sandbox.exceptions import UserError, ValidationError, missing
from gateway.odoo.sandbox.fields import RELATIONAL, Field, api_model
from gateway.odoo.sandbox.search import SearchMixin
from gateway.odoo.sandbox.storage import Storage

__all__ = ["REGISTRY", "RELATIONAL", "Env", "Field", "Model", "api_model", "register"]

REGISTRY: dict[str, type[Model]] = {}


def register(cls: type[Model]) -> type[Model]:
    """Class decorator: add a model to the registry and collect its fields (inherited too)."""
    fields: dict[str, Field] = {}
    for klass in reversed(cls.__mro__):
        for attr, value in vars(klass).items():
            if isinstance(value, Field):
                value.name = value.alias or attr
                fields[attr] = value
    cls._all_fields = fields
    REGISTRY[cls._name] = cls
    return cls


class Env:
    """One call's view of the database: user, context, server version and the clock."""

    def __init__(self, storage: Storage, *, uid: int, version: int, context: dict[str, Any] | None = None,
                 clock: Callable[[], dt.datetime] | None = None) -> None:
        self.storage = storage
        self.uid = uid
        self.version = version
        self.context = dict(context or {})
        self.memo: dict[Any, Any] = {}
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0))

    def __getitem__(self, name: str) -> Model:
        cls = REGISTRY.get(name)
        if cls is None:
            raise UserError(f"Object {name} doesn't exist")
        return cls(self)

    def with_context(self, **extra: Any) -> Env:
        """A copy of this environment with more context keys."""
        env = Env(self.storage, uid=self.uid, version=self.version, context={**self.context, **extra},
                  clock=self._clock)
        env.memo = self.memo
        return env

    def now(self) -> str:
        """Current UTC time as Odoo writes datetimes (``YYYY-MM-DD HH:MM:SS``)."""
        return self._clock().strftime("%Y-%m-%d %H:%M:%S")

    def today(self) -> str:
        """Current date as ``YYYY-MM-DD``."""
        return self._clock().strftime("%Y-%m-%d")


class Model(SearchMixin):
    """Base of every sandbox model: the ORM methods Odoo exposes over RPC."""

    _name: ClassVar[str] = ""
    _description: ClassVar[str] = ""
    _order: ClassVar[str] = "id"
    _rec_name: ClassVar[str] = "name"
    _all_fields: ClassVar[dict[str, Field]] = {}

    display_name = Field("char", "Display Name", compute="_compute_display_name", readonly=True)
    create_date = Field("datetime", "Created on", readonly=True)
    write_date = Field("datetime", "Last Updated on", readonly=True)

    def __init__(self, env: Env) -> None:
        self.env = env
        self.store = env.storage

    # -- schema -------------------------------------------------------------------------
    @property
    def _fields(self) -> dict[str, Field]:
        return self._version_fields(self.env.version)

    @classmethod
    @functools.cache
    def _version_fields(cls, version: int) -> dict[str, Field]:
        return {f.name: f for f in cls._all_fields.values() if f.versions[0] <= version <= f.versions[1]}

    def _field(self, name: str) -> Field:
        f = self._fields.get(name)
        if f is None and name != "id":
            raise ValueError(f"Invalid field {name!r} on model {self._name!r}")
        return f  # type: ignore[return-value]

    # -- raw access for business code --------------------------------------------------
    def _table(self) -> dict[int, dict[str, Any]]:
        return self.store.table(self._name)

    def _get(self, rid: int) -> dict[str, Any]:
        rec = self.store.get(self._name, rid)
        if rec is None:
            raise missing(self._name, [rid], self.env.uid)
        return rec

    def _value(self, rec: dict[str, Any], name: str) -> Any:
        """A field's value in stored form (computing it when needed)."""
        if name == "id":
            return rec["id"]
        f = self._fields[name]
        if f.compute:
            return getattr(self, f.compute)(rec)
        if f.type == "one2many":
            assert f.relation and f.inverse_name
            co = self.env[f.relation]
            return co._sorted_ids(self.store.children(f.relation, f.inverse_name, rec["id"]))
        return rec.get(name, f.empty())

    def _compute_display_name(self, rec: dict[str, Any]) -> str:
        value = rec.get(self._rec_name)
        return value if isinstance(value, str) and value else f"{self._name},{rec['id']}"

    def _display(self, rid: int | bool) -> Any:
        if not rid:
            return False
        rec = self.store.get(self._name, int(rid))
        return [rid, self._compute_display_name(rec)] if rec else False

    def _update(self, rid: int, vals: dict[str, Any]) -> None:
        """Write stored values directly (business code; no checks, no hooks)."""
        rec = dict(self._get(rid))
        rec.update(vals)
        rec["write_date"] = self.env.now()
        self.store.update(self._name, rid, rec)

    # -- ordering -----------------------------------------------------------------------
    def _sort_key_value(self, rec: dict[str, Any], name: str) -> Any:
        value = self._value(rec, name) if name in self._fields or name == "id" else rec.get(name)
        return value

    def _sorted_ids(self, ids: Iterable[int], order: str | None = None) -> list[int]:
        table = self._table()
        recs = [table[i] for i in ids if i in table]
        return [r["id"] for r in self._sort(recs, order)]

    def _sort(self, recs: list[dict[str, Any]], order: str | None = None) -> list[dict[str, Any]]:
        spec = (order or self._order).strip()
        keys = []
        for part in spec.split(","):
            words = part.split()
            if not words:
                continue
            name = words[0]
            if name != "id" and name not in self._fields:
                raise ValueError(f"Invalid field {name!r} on model {self._name!r}")
            desc = len(words) > 1 and words[1].lower() == "desc"
            keys.append((name, desc))
        result = list(recs)
        for name, desc in reversed(keys):
            def key(r: dict[str, Any], _n: str = name) -> tuple[int, Any]:
                v = self._sort_key_value(r, _n)
                if isinstance(v, list):
                    v = v[0] if v else None
                # PostgreSQL puts NULLs last ascending and first descending (sort is reversed).
                return (1, 0) if v is None or v is False else (0, v)
            result.sort(key=key, reverse=desc)
        return result

    # -- conversion ---------------------------------------------------------------------
    def _to_read(self, rec: dict[str, Any], name: str) -> Any:
        if name == "id":
            return rec["id"]
        f = self._fields[name]
        value = self._value(rec, name)
        if f.type == "many2one":
            return self.env[f.relation]._display(value) if value else False  # type: ignore[index]
        if f.type in ("one2many", "many2many"):
            return self.env[f.relation]._sorted_ids(value or [])  # type: ignore[index]
        if f.type == "float":
            return float(value or 0.0)
        if f.type in ("integer", "many2one_reference"):
            return int(value or 0)
        if f.type == "boolean":
            return bool(value)
        if value is None or (value == "" and f.type in ("char", "text", "html", "selection")):
            return False
        return value

    def _check_fields(self, names: Iterable[str]) -> None:
        for name in names:
            if name != "id" and name not in self._fields:
                raise ValueError(f"Invalid field {name!r} on model {self._name!r}")

    # -- defaults and validation ----------------------------------------------------------
    def _defaults(self, vals: dict[str, Any]) -> dict[str, Any]:
        """Field defaults plus model-specific ones (override to add computed defaults)."""
        out: dict[str, Any] = {}
        for name, f in self._fields.items():
            if not f.store or name in vals:
                continue
            ctx_default = self.env.context.get(f"default_{name}")
            if ctx_default is not None:
                out[name] = ctx_default
            elif callable(f.default):
                out[name] = f.default(self, vals)
            elif f.default is not None:
                out[name] = f.default
        return out

    def _convert(self, name: str, value: Any, *, check: bool = True) -> Any:
        f = self._fields[name]
        if value is None:
            return f.empty()
        if f.type == "many2one":
            if value is False or value == 0:
                return False
            if isinstance(value, (list, tuple)):
                value = value[0]
            rid = int(value)
            if check and self.store.get(f.relation, rid) is None:  # type: ignore[arg-type]
                raise missing(f.relation, [rid], self.env.uid)  # type: ignore[arg-type]
            return rid
        if f.type == "float":
            return float(value) if value is not False else 0.0
        if f.type in ("integer", "many2one_reference"):
            return int(value) if value is not False else 0
        if f.type == "boolean":
            return bool(value)
        return value

    @staticmethod
    def _is_unset(f: Field, value: Any) -> bool:
        if f.type in ("boolean", "float", "integer"):
            return value is None
        return value is None or value is False or value == ""

    def _mandatory_error(self, f: Field) -> ValidationError:
        return ValidationError(
            "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n"
            "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
            f"Model: {self._description} ({self._name})\nField: {f.string} ({f.name})\n"
        )

    # -- CRUD -----------------------------------------------------------------------------
    @api_model
    def create(self, vals_list: dict[str, Any] | list[dict[str, Any]]) -> int | list[int]:
        """Create one record from a dict (returns its id) or several from a list (returns ids)."""
        single = isinstance(vals_list, dict)
        items = [vals_list] if single else list(vals_list)
        ids = [self._create_one(dict(v)) for v in items]
        return ids[0] if single else ids

    def _create_one(self, vals: dict[str, Any]) -> int:
        if not isinstance(vals, dict):
            raise TypeError(f"create() expects a dict of values, got {type(vals).__name__}")
        self._check_fields(vals)
        vals = self._prepare_create(vals)
        vals = {**self._defaults(vals), **vals}
        stored: dict[str, Any] = {}
        relational_later: dict[str, Any] = {}
        for name, value in vals.items():
            if name == "id":
                continue
            f = self._fields[name]
            if f.type in ("one2many", "many2many") and f.compute is None:
                relational_later[name] = value
                continue
            if f.compute:
                continue
            stored[name] = self._convert(name, value)
        for name, f in self._fields.items():
            if f.store and f.required and self._is_unset(f, stored.get(name)):
                raise self._mandatory_error(f)
        rid = self.store.next_id(self._name)
        stored = {name: stored.get(name, f.empty()) for name, f in self._fields.items() if f.store} | {"id": rid}
        stored["create_date"] = stored["write_date"] = self.env.now()
        self.store.insert(self._name, rid, stored)
        for name, value in relational_later.items():
            self._apply_x2many(rid, name, value)
        self._post_create(rid, vals)
        return rid

    def _prepare_create(self, vals: dict[str, Any]) -> dict[str, Any]:
        """Hook: adjust values before insert (sequences, computed defaults)."""
        return vals

    def _post_create(self, rid: int, vals: dict[str, Any]) -> None:
        """Hook: checks and side effects after insert (constraints, related records)."""

    def _apply_x2many(self, rid: int, name: str, commands: Any) -> None:
        f = self._fields[name]
        co = self.env[f.relation]  # type: ignore[index]
        if commands is False or commands is None:
            commands = [[5]]
        if commands and all(isinstance(c, int) for c in commands):
            commands = [[6, 0, list(commands)]]
        current: list[int] = list(self._value(self._get(rid), name)) if f.type == "many2many" else []
        for cmd in commands:
            if not isinstance(cmd, (list, tuple)) or not cmd:
                raise ValueError(f"Invalid command {cmd!r} for field {self._name}.{name}")
            op = cmd[0]
            if op == 0:
                vals = dict(cmd[2])
                if f.type == "one2many":
                    vals[f.inverse_name] = rid  # type: ignore[index]
                    co._create_one(vals)
                else:
                    current.append(co._create_one(vals))
            elif op == 1:
                co.write([cmd[1]], cmd[2])
            elif op == 2:
                co.unlink([cmd[1]])
                if cmd[1] in current:
                    current.remove(cmd[1])
            elif op == 3:
                if f.type == "one2many":
                    co._update(cmd[1], {f.inverse_name: False})  # type: ignore[dict-item]
                elif cmd[1] in current:
                    current.remove(cmd[1])
            elif op == 4:
                if f.type == "one2many":
                    co._update(cmd[1], {f.inverse_name: rid})  # type: ignore[dict-item]
                elif cmd[1] not in current:
                    co._get(cmd[1])
                    current.append(cmd[1])
            elif op == 5:
                if f.type == "one2many":
                    for child in self._value(self._get(rid), name):
                        co._update(child, {f.inverse_name: False})  # type: ignore[dict-item]
                current = []
            elif op == 6:
                ids = [int(i) for i in cmd[2]]
                for i in ids:
                    co._get(i)
                if f.type == "one2many":
                    for child in self._value(self._get(rid), name):
                        if child not in ids:
                            co._update(child, {f.inverse_name: False})  # type: ignore[dict-item]
                    for i in ids:
                        co._update(i, {f.inverse_name: rid})  # type: ignore[dict-item]
                current = ids
            else:
                raise ValueError(f"Invalid command {cmd!r} for field {self._name}.{name}")
        if f.type == "many2many":
            self._update(rid, {name: current})

    def read(self, ids: list[int], fields: list[str] | None = None, load: str = "_classic_read") -> list[dict[str, Any]]:
        """Read records; missing ids are silently left out, as in Odoo 17."""
        names = list(fields) if fields else [n for n, f in self._fields.items() if f.type != "binary"]
        self._check_fields(names)
        table = self._table()
        out = []
        for rid in self._ids(ids):
            rec = table.get(rid)
            if rec is None:
                continue
            row: dict[str, Any] = {"id": rid}
            for name in names:
                if name != "id":
                    row[name] = self._to_read(rec, name)
            out.append(row)
        return out

    def write(self, ids: list[int], vals: dict[str, Any]) -> bool:
        """Update records; a missing id raises MissingError."""
        ids = self._ids(ids)
        if not isinstance(vals, dict):
            raise TypeError("write() expects a dict of values")
        self._check_fields(vals)
        table = self._table()
        lost = [i for i in ids if i not in table]
        if lost:
            raise missing(self._name, lost, self.env.uid)
        vals = self._prepare_write(ids, dict(vals))
        for rid in ids:
            rec = dict(table[rid])
            rec["write_date"] = self.env.now()
            later = {}
            for name, value in vals.items():
                f = self._fields[name]
                if f.compute:
                    if f.inverse:
                        later[name] = value
                    continue
                if f.type in ("one2many", "many2many"):
                    later[name] = value
                    continue
                rec[name] = self._convert(name, value)
                if f.required and self._is_unset(f, rec[name]):
                    raise self._mandatory_error(f)
            self.store.update(self._name, rid, rec)
            for name, value in later.items():
                f = self._fields[name]
                if f.compute and f.inverse:
                    getattr(self, f.inverse)(rid, value)
                else:
                    self._apply_x2many(rid, name, value)
        self._post_write(ids, vals)
        return True

    def _prepare_write(self, ids: list[int], vals: dict[str, Any]) -> dict[str, Any]:
        """Hook: check or adjust values before a write."""
        return vals

    def _post_write(self, ids: list[int], vals: dict[str, Any]) -> None:
        """Hook: side effects after a write."""

    def unlink(self, ids: list[int]) -> bool:
        """Delete records; a missing id raises MissingError."""
        ids = self._ids(ids)
        table = self._table()
        lost = [i for i in ids if i not in table]
        if lost:
            raise missing(self._name, lost, self.env.uid)
        self._check_unlink(ids)
        for rid in ids:
            for name, f in self._fields.items():
                if f.type == "one2many" and f.compute is None:
                    co = self.env[f.relation]  # type: ignore[index]
                    children = self._value(table[rid], name)
                    if children:
                        co.unlink(children)
            self.store.delete(self._name, rid)
        return True

    def _check_unlink(self, ids: list[int]) -> None:
        """Hook: refuse deletion (raise UserError)."""

    @staticmethod
    def _ids(ids: Any) -> list[int]:
        if isinstance(ids, int) and not isinstance(ids, bool):
            return [ids]
        if not isinstance(ids, (list, tuple)):
            raise TypeError(f"Expected a list of record ids, got {ids!r}")
        return [int(i) for i in ids]

    @api_model
    def default_get(self, fields_list: list[str]) -> dict[str, Any]:
        """Default values of the named fields."""
        self._check_fields(fields_list)
        defaults = self._defaults({})
        return {k: v for k, v in defaults.items() if k in fields_list}
