"""Where the gateway's data files live: the transaction-set maps in ``edi_maps/``.

In a source checkout (and an editable install) ``edi_maps/`` sits beside the package, as the design
card's top level wants. A wheel installs it as data under ``<prefix>/share/edi-gateway/edi_maps``
(setup.cfg ``data_files``). ``EDIGW_MAPS_DIR`` overrides both, for a site that keeps its maps
elsewhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def edi_maps_dir() -> Path:
    """The ``edi_maps`` folder to read maps from."""
    configured = os.environ.get("EDIGW_MAPS_DIR")
    if configured:
        return Path(configured)
    beside = Path(__file__).resolve().parents[1] / "edi_maps"
    if beside.is_dir():
        return beside
    installed = Path(sys.prefix) / "share" / "edi-gateway" / "edi_maps"
    return installed if installed.is_dir() else beside
