"""A small valid 945 in the 005010 table's own layout, where it differs from the 004010 one.

``BODY`` is None while the 005010 table has the 004010 layout: the 004010 sample
(``VALID["945"]`` in tests/x12/test_validator_samples.py) then serves both versions.
"""

from __future__ import annotations

BODY: list[str] | None = None
