"""Fixtures of the X12 tests: one pyx12 map directory per version, built once for the whole run.

Every differential test (the gateway against pyx12 on the same maps) reads these; building them
copies pyx12's bundled map folder and registers our generated maps, so it is done once per session
rather than once per test module.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def pyx12_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Copies of pyx12's map directory with our generated maps registered, per version."""
    pytest.importorskip("pyx12")
    from tests.x12.pyx12_maps import build_map_dirs

    return build_map_dirs(tmp_path_factory.mktemp("pyx12maps"))
