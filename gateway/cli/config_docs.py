"""The catalogue of settings models, and docs/configuration.md generated from it.

Each room owns its settings model; this module only lists them (:data:`CATALOG`) so that
``edi-gateway config show`` can display every option and ``edi-gateway config docs`` can write
``docs/configuration.md`` from the models themselves: names, environment variables, types,
defaults and descriptions come from the code, so the document cannot drift. A test regenerates the
page and compares; another fails when a ``BaseSettings`` model in ``gateway/`` is missing here.
Add a model by adding one :class:`ModelEntry` line, then run
``edi-gateway config docs --output docs/configuration.md``.
"""

from __future__ import annotations

import importlib
import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, SecretBytes, SecretStr
from pydantic_core import PydanticUndefined


@dataclass(frozen=True, slots=True)
class ModelEntry:
    """One settings model: its section name, where it lives and which file section it reads."""

    section: str
    target: str  # "module:Class"
    file_section: str | None  # table of EDIGW_SETTINGS_FILE it reads; None = top level; "-" = environment only
    summary: str

    def load(self) -> type[BaseModel]:
        """Import the model class."""
        module, _, name = self.target.partition(":")
        cls = getattr(importlib.import_module(module), name)
        assert isinstance(cls, type) and issubclass(cls, BaseModel), self.target
        return cls


CATALOG: tuple[ModelEntry, ...] = (
    ModelEntry("core", "gateway.settings:CoreSettings", None,
               "Where data lives, the ledger database, the Celery broker, environment and log format."),
    ModelEntry("observability", "gateway.observability.settings:ObservabilitySettings", "observability",
               "Log level, the metrics port of workers and beat, optional OpenTelemetry tracing."),
    ModelEntry("odoo", "gateway.odoo.settings:OdooSettings", "-",
               "How to reach and log in to Odoo. Secrets: prefer EDIGW_ODOO_API_KEY over a password."),
    ModelEntry("web", "gateway.web.settings:WebSettings", "-",
               "The operations console: cookie signing key, sessions, exception webhook."),
)

#: Variables read outside the settings models (documented with them).
EXTRA_VARIABLES: tuple[tuple[str, str, str], ...] = (
    ("EDIGW_SETTINGS_FILE", "(none)", "TOML or YAML settings file; top-level keys are core settings, "
                                      "tables such as [observability] belong to the other models."),
    ("EDIGW_PARTNERS_DIR", "trading_partners/ of the installation",
     "Folder of partner profiles, one <partner-id>.yaml each."),
    ("PROMETHEUS_MULTIPROC_DIR", "(none)", "Empty, writable folder per host; set it for Celery prefork workers "
                                           "so /metrics adds up all child processes."),
)


#: Descriptions for fields whose model gives none (keyed "section.field"); the model's own wins.
FALLBACK_DESCRIPTIONS: dict[str, str] = {
    "odoo.password": "Password of the integration user (XML-RPC/JSON-RPC); an API key also works here.",
    "odoo.api_key": "API key of the integration user; required by JSON-2, preferred everywhere.",
    "odoo.protocol": "xmlrpc, jsonrpc (Odoo 16-18) or json2 (Odoo 19's JSON-2 API).",
    "web.secret_key": "Signs session cookies and CSRF tokens; default: random per process (set it when several "
                      "console processes run, or sessions end at each restart).",
    "web.page_size": "Rows per page in the console's lists (1-500).",
}


@dataclass(frozen=True, slots=True)
class FieldDoc:
    """One option as documented and shown."""

    name: str
    env: str
    type: str
    default: str
    description: str
    secret: bool


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(annotation)).replace("'", '"')
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_type_name(a) for a in typing.get_args(annotation))
    if annotation is type(None):
        return "none"
    return getattr(annotation, "__name__", str(annotation))


def _is_secret(annotation: Any) -> bool:
    if annotation in (SecretStr, SecretBytes):
        return True
    return any(_is_secret(a) for a in typing.get_args(annotation))


def describe_fields(cls: type[BaseModel], section: str = "") -> list[FieldDoc]:
    """Every field of a settings model with its environment variable, type, default and description."""
    prefix = str(cls.model_config.get("env_prefix", ""))
    docs = []
    for name, info in cls.model_fields.items():
        if info.default is not PydanticUndefined:
            default = "(none)" if info.default is None else repr(info.default) if info.default == "" else str(info.default)
        elif info.default_factory is not None:
            default = "(computed)"
        else:
            default = "(required)"
        docs.append(FieldDoc(name, f"{prefix}{name}".upper(), _type_name(info.annotation), default,
                             (info.description or FALLBACK_DESCRIPTIONS.get(f"{section}.{name}", "")).strip(),
                             _is_secret(info.annotation)))
    return docs


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def render_markdown() -> str:
    """The full text of docs/configuration.md."""
    out = [
        "# Configuration",
        "",
        "<!-- Generated by `edi-gateway config docs --output docs/configuration.md` from the settings models;"
        " do not edit by hand (tests/observability/test_config_docs.py fails when it is stale). -->",
        "",
        "Every option is read, highest priority first, from keyword arguments (tests), `EDIGW_*` environment",
        "variables, the settings file named by `EDIGW_SETTINGS_FILE` (TOML or YAML) and the defaults below.",
        "The defaults run the embedded mode out of the box (SQLite under `./var`, Redis on 127.0.0.1).",
        "Secrets (marked **secret**) are never shown by `edi-gateway config show` and never logged; URLs have",
        "their password masked. Partner transport settings live in the partner profiles (docs/partners.md),",
        "which name secrets by environment variable or file, never by value.",
        "",
        "`edi-gateway config show` prints the values in force; `edi-gateway config check` tests them.",
        "",
        "## Variables outside the models",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    out += [f"| `{name}` | {_cell(default)} | {_cell(text)} |" for name, default, text in EXTRA_VARIABLES]
    for entry in CATALOG:
        cls = entry.load()
        where = ("top-level keys of the settings file" if entry.file_section is None
                 else "environment only" if entry.file_section == "-"
                 else f"the `[{entry.file_section}]` table of the settings file")
        out += ["", f"## {entry.section}", "", f"{entry.summary} Model `{entry.target}`; read from the environment "
                f"and {where}." if entry.file_section != "-" else f"{entry.summary} Model `{entry.target}`; "
                "read from the environment only.", "",
                "| option | environment variable | type | default | meaning |", "|---|---|---|---|---|"]
        for f in describe_fields(cls, entry.section):
            meaning = ("**secret** " if f.secret else "") + f.description
            out.append(f"| `{f.name}` | `{f.env}` | {_cell(f.type)} | {_cell(f.default)} | {_cell(meaning)} |")
    return "\n".join(out) + "\n"
