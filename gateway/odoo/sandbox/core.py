"""The sandbox's RPC services (``common``, ``db``, ``object``), independent of HTTP.

Dispatch follows Odoo's ``odoo/service``: credentials are checked on every ``object`` call
(password or API key), private methods are refused with an ``AccessError``, unknown models with
``UserError("Object x doesn't exist")``, unknown methods with ``AttributeError``, model-level
methods get no ids and every other method takes ``args[0]`` as the ids. Each call runs in one
SQLite transaction that is committed *before* the result is marshalled, so a method returning
``None`` is committed even though XML-RPC then fails to send the answer, exactly as on Odoo.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gateway.odoo.sandbox import models  # noqa: F401 - registers the models
from gateway.odoo.sandbox.exceptions import AccessDenied, AccessError, OperationalError, UserError, missing
from gateway.odoo.sandbox.orm import Env, Model
from gateway.odoo.sandbox.seed import load_demo
from gateway.odoo.sandbox.storage import Storage

SUPPORTED_VERSIONS = (16, 17, 18, 19)
DEFAULT_API_KEY = "edigw-sandbox-api-key"
PRIVATE_METHOD = re.compile(r"^(_.*|init)$")


class SandboxCore:
    """One sandbox database and the RPC services in front of it."""

    def __init__(self, path: str | Path = ":memory:", *, version: int = 17, db_name: str = "edi",
                 login: str = "admin", password: str = "admin", api_keys: tuple[str, ...] = (DEFAULT_API_KEY,),
                 clock: Callable[[], dt.datetime] | None = None, seed: bool = True) -> None:
        if version not in SUPPORTED_VERSIONS:
            raise ValueError(f"unsupported Odoo version {version}: choose one of {SUPPORTED_VERSIONS}")
        self.version = version
        self.db_name = db_name
        self.storage = Storage(path)
        self.clock = clock
        self.lock = threading.RLock()
        self.credentials = {2: {password}}
        self.api_keys = {key: 2 for key in api_keys}
        self.login_to_uid = {login: 2}
        if seed and self.storage.get_meta("demo") is None:
            with self.storage.transaction():
                load_demo(self.env(2))
                self.storage.set_meta("demo", "loaded")
        self.calls = 0

    # -- environment --------------------------------------------------------------------------
    def env(self, uid: int, context: dict[str, Any] | None = None) -> Env:
        """An environment for one call."""
        return Env(self.storage, uid=uid, version=self.version, context=context, clock=self.clock)

    def version_info(self) -> dict[str, Any]:
        """What ``common.version()`` returns."""
        serie = f"{self.version}.0"
        return {"server_version": serie, "server_version_info": [self.version, 0, 0, "final", 0, ""],
                "server_serie": serie, "protocol_version": 1}

    # -- services -----------------------------------------------------------------------------
    def dispatch(self, service: str, method: str, params: list[Any]) -> Any:
        """Run one RPC like ``odoo.http.dispatch_rpc`` (unknown service -> KeyError)."""
        handlers = {"common": self._common, "db": self._db, "object": self._object}
        handler = handlers[service]
        self.calls += 1
        return handler(method, list(params))

    def _check_db(self, db: str) -> None:
        if db != self.db_name:
            raise OperationalError(
                f'connection to server at "127.0.0.1", port 5432 failed: FATAL:  database "{db}" does not exist\n'
            )

    def _authenticate(self, db: str, login: str, password: str) -> int | bool:
        self._check_db(db)
        uid = self.login_to_uid.get(login)
        if uid is None:
            return False
        ok = password in self.credentials.get(uid, set()) or self.api_keys.get(password) == uid
        return uid if ok else False

    def _common(self, method: str, params: list[Any]) -> Any:
        if method == "version":
            return self.version_info()
        if method == "login":
            db, login, password = params
            return self._authenticate(db, login, password)
        if method == "authenticate":
            db, login, password, _env = params
            return self._authenticate(db, login, password)
        if method == "about":
            return "See https://openerp.com" if not params or not params[0] else ["See https://openerp.com", "17.0"]
        raise Exception(f"Method not found: {method}")

    def _db(self, method: str, params: list[Any]) -> Any:
        if method == "list":
            return [self.db_name]
        if method == "server_version":
            return self.version_info()["server_version"]
        raise KeyError(method)

    def check_credentials(self, db: str, uid: int, password: str) -> None:
        """Odoo's ``security.check``: unknown uid -> MissingError, bad password/key -> AccessDenied."""
        self._check_db(db)
        uid = int(uid)
        with self.lock:
            user = self.storage.get("res.users", uid)
        if user is None:
            raise missing("res.users", [uid], uid)
        if not password or not (password in self.credentials.get(uid, set()) or self.api_keys.get(password) == uid):
            raise AccessDenied()

    def uid_for_api_key(self, key: str) -> int | None:
        """The user an API key belongs to (JSON-2 bearer authentication)."""
        return self.api_keys.get(key)

    def _object(self, method: str, params: list[Any]) -> Any:
        if method not in ("execute", "execute_kw"):
            raise NameError(f"Method not available {method}")
        db, uid, password = params[0], int(params[1]), params[2]
        self.check_credentials(db, uid, password)

        def execute_kw(db: str, uid: int, obj: str, method: str, args: list[Any], kw: dict[str, Any] | None = None) -> Any:
            return self.call_kw(uid, obj, method, list(args), dict(kw or {}))

        def execute(db: str, uid: int, obj: str, method: str, *args: Any) -> Any:
            return self.call_kw(uid, obj, method, list(args), {})

        execute_kw.__qualname__, execute.__qualname__ = "execute_kw", "execute"  # error texts read like Odoo's
        return (execute_kw if method == "execute_kw" else execute)(db, uid, *params[3:])

    # -- ORM dispatch -------------------------------------------------------------------------
    def resolve_method(self, env: Env, model: str, method: str) -> tuple[Model, Callable[..., Any], bool]:
        """The bound method to call and whether it is model-level; raises like Odoo."""
        if PRIVATE_METHOD.match(method):
            raise AccessError(f"Private methods (such as {method}) cannot be called remotely.")
        recs = env[model]
        func = getattr(type(recs), method, None)
        if not inspect.isfunction(func):
            raise AttributeError(f"The method '{method}' does not exist on the model '{model}'")
        return recs, getattr(recs, method), bool(getattr(func, "_api_model", False))

    def call_kw(self, uid: int, model: str, method: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """Call a model method in one transaction, with ids taken from ``args[0]`` when needed."""
        context = kwargs.pop("context", None) or {}
        with self.lock, self.storage.transaction():
            env = self.env(uid, context)
            _recs, bound, is_model = self.resolve_method(env, model, method)
            if is_model:
                return bound(*args, **kwargs)
            if not args:
                raise TypeError(f"{model}.{method}() missing 1 required positional argument: 'ids'")
            return bound(args[0], *args[1:], **kwargs)

    def call_named(self, uid: int, model: str, method: str, ids: list[int] | None, kwargs: dict[str, Any]) -> Any:
        """JSON-2 style call: every parameter by name, ids apart; ``create`` always takes a list."""
        context = kwargs.pop("context", None) or {}
        with self.lock, self.storage.transaction():
            env = self.env(uid, context)
            _recs, bound, is_model = self.resolve_method(env, model, method)
            if is_model and ids:
                raise UserError(f"cannot call {model}.{method} with ids")
            try:
                inspect.signature(bound).bind(*([] if is_model else [ids or []]), **kwargs)
            except TypeError as exc:
                raise UserError(str(exc)) from exc
            if method == "create" and isinstance(kwargs.get("vals_list"), dict):
                kwargs["vals_list"] = [kwargs["vals_list"]]
            result = bound(**kwargs) if is_model else bound(ids or [], **kwargs)
            if method == "message_post" and isinstance(result, int):
                result = [result]
            return result

    def close(self) -> None:
        """Release the database."""
        self.storage.close()
