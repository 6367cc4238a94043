"""The maps folder is found beside the package, through EDIGW_MAPS_DIR, or in an installed prefix."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gateway import resources

REPO = Path(__file__).resolve().parents[1]


def test_source_checkout_uses_the_folder_beside_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EDIGW_MAPS_DIR", raising=False)
    assert resources.edi_maps_dir() == REPO / "edi_maps"


def test_environment_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EDIGW_MAPS_DIR", str(tmp_path))
    assert resources.edi_maps_dir() == tmp_path


def test_installed_prefix_is_used_when_no_folder_is_beside_the_package(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("EDIGW_MAPS_DIR", raising=False)
    fake_pkg = tmp_path / "site" / "gateway" / "resources.py"
    fake_pkg.parent.mkdir(parents=True)
    installed = tmp_path / "prefix" / "share" / "edi-gateway" / "edi_maps"
    installed.mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(fake_pkg))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    assert resources.edi_maps_dir() == installed
