"""Shared fixtures: where the real-world corpus and the Odoo transcripts live.

The files in ../shared stay there (they are other projects' files under their own licences); tests
read them in place and skip with a clear message when the folder is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EDIGW_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
ODOO_CONTRACT = SHARED / "odoo-contract"
SAMPLE_DOCS = REPO / "sample_docs"


def require_dir(path: Path, what: str) -> Path:
    """Skip the calling test with a clear reason when ``path`` is not there."""
    if not path.is_dir():
        pytest.skip(f"{what} not found at {path} (set EDIGW_SHARED to the shared/ folder)")
    return path


@pytest.fixture
def corpus_dir() -> Path:
    """The real-world EDI corpus in ../shared/corpus."""
    return require_dir(CORPUS, "real-world corpus")


@pytest.fixture
def odoo_contract_dir() -> Path:
    """The recorded Odoo 17 transcripts in ../shared/odoo-contract."""
    return require_dir(ODOO_CONTRACT, "Odoo contract transcripts")
