"""Export the JSON Schema of every canonical document to ``docs/schemas/``.

Run ``python -m gateway.documents.schemas`` after changing a model; a test fails when the
committed schemas differ from what the models produce, so integrators always read current ones.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gateway.documents import DOCUMENT_TYPES

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "docs" / "schemas"


def schema_texts() -> dict[str, str]:
    """File name -> JSON Schema text for every document type (stable formatting)."""
    return {
        f"{name}.schema.json": json.dumps(model.model_json_schema(mode="validation"), indent=2, sort_keys=True)
        + "\n"
        for name, model in sorted(DOCUMENT_TYPES.items())
    }


def export(directory: Path = DEFAULT_DIR) -> list[Path]:
    """Write every schema file into ``directory`` and return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in export(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR):
        print(p)
