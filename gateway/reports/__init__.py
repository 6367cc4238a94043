"""Compliance reports: each partner's record against its agreement, computed from the ledger.

:func:`compliance.build_report` reads the ledger for one partner and period and returns a
:class:`compliance.ComplianceReport` (plain dataclasses, every figure a ``Decimal`` or ``int``);
:mod:`render` turns it into JSON, CSV or HTML with inline SVG charts. The CLI
(``edi-gateway report compliance``) and the console both call these two functions, so a figure
is computed in exactly one place.
"""

from gateway.reports.compliance import ComplianceReport, Period, build_report
from gateway.reports.render import render

__all__ = ["ComplianceReport", "Period", "build_report", "render"]
