"""docs/configuration.md is generated from the settings models and must match them."""

from __future__ import annotations

import ast
from pathlib import Path

from gateway.cli.config_docs import CATALOG, describe_fields, render_markdown

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "configuration.md"


def test_configuration_doc_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render_markdown(), (
        "docs/configuration.md is stale: run `edi-gateway config docs --output docs/configuration.md`")


def test_every_option_of_every_model_is_in_the_doc() -> None:
    text = DOC.read_text(encoding="utf-8")
    for entry in CATALOG:
        for field in describe_fields(entry.load(), entry.section):
            assert f"`{field.env}`" in text, field.env
            assert field.description, f"{entry.section}.{field.name} has no description"


def _settings_classes() -> set[str]:
    """Every class in gateway/ deriving (directly) from BaseSettings, as module:Class."""
    found = set()
    for path in (REPO / "gateway").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "BaseSettings" not in source:
            continue
        tree = ast.parse(source)
        module = ".".join(path.relative_to(REPO).with_suffix("").parts)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    (isinstance(b, ast.Name) and b.id == "BaseSettings")
                    or (isinstance(b, ast.Attribute) and b.attr == "BaseSettings") for b in node.bases):
                found.add(f"{module}:{node.name}")
    return found


def test_catalog_lists_every_settings_model() -> None:
    missing = _settings_classes() - {entry.target for entry in CATALOG}
    assert not missing, (f"settings models not in gateway/cli/config_docs.py CATALOG: {sorted(missing)}; add a "
                         "ModelEntry line and regenerate docs/configuration.md")
