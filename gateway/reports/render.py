"""Render a compliance report as JSON, CSV or HTML (with inline SVG charts, no JavaScript).

All three formats show the same figures from the same :class:`ComplianceReport`: JSON keeps the
full structure (Decimals as strings so no precision is lost), CSV is one row per figure
(``section,metric,value``) for spreadsheets, HTML is a printable page for people.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, select_autoescape

from gateway.reports.model import ComplianceReport, ReportError

Format = Literal["html", "csv", "json"]
FORMATS: tuple[str, ...] = ("html", "csv", "json")
_TEMPLATES = Path(__file__).parent / "templates"


def plain(value: Any) -> Any:
    """JSON-ready form: Decimals as strings, dates and datetimes as ISO 8601, dataclasses as dicts."""
    if is_dataclass(value) and not isinstance(value, type):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def to_json(report: ComplianceReport) -> str:
    """The report as pretty-printed JSON."""
    return json.dumps(plain(report), indent=2, sort_keys=False) + "\n"


_SECTIONS = ("acks", "acceptance", "asn", "warehouse", "shipment_status", "freight", "duplicates")


def rows(report: ComplianceReport) -> list[tuple[str, str, str]]:
    """Every figure of the report as ``(section, metric, value)``; empty value means no data."""
    data = plain(report)
    out: list[tuple[str, str, str]] = [
        ("report", "partner_id", data["partner_id"]), ("report", "partner_name", data["partner_name"]),
        ("report", "period_first", data["period_first"]), ("report", "period_last", data["period_last"]),
        ("report", "as_of", data["as_of"]), ("report", "documents_in", str(data["documents_in"])),
        ("report", "documents_out", str(data["documents_out"])),
    ]
    for section in _SECTIONS:
        for key, value in data[section].items():
            if key == "overdue":
                for item in value:
                    ref = item.get("interchange_control") or item.get("group_control") or item.get("set_control")
                    out.append((section, f"overdue:{item['kind']}:{ref}", item["deadline"]))
            elif isinstance(value, dict):
                out.extend((section, f"{key}:{k}", "" if v is None else str(v)) for k, v in value.items())
            else:
                out.append((section, key, "" if value is None else str(value)))
    for rej in data["rejections"]:
        out.append(("rejections", f"code:{rej['code']}", str(rej["count"])))
    for cb in data["chargebacks"]:
        occ = "" if cb["occurrences"] is None else str(cb["occurrences"])
        out.append(("chargebacks", f"{cb['rule']}:basis", cb["basis"]))
        out.append(("chargebacks", f"{cb['rule']}:occurrences", occ))
        for key in ("cartons", "value", "unvalued", "minimums_applied", "maximums_applied"):
            out.append(("chargebacks", f"{cb['rule']}:{key}", str(cb[key])))
        out.append(("chargebacks", f"{cb['rule']}:at_risk", cb["at_risk"]))
    out.append(("chargebacks", "money_at_risk", data["money_at_risk"]))
    return out


def to_csv(report: ComplianceReport) -> str:
    """The report as CSV with a header row ``section,metric,value``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(("section", "metric", "value"))
    writer.writerows(rows(report))
    return buf.getvalue()


def bar_chart(bars: list[tuple[str, Decimal | int | None]], *, unit: str = "", width: int = 360) -> str:
    """A horizontal bar chart as inline SVG; a bar without data is drawn empty and labelled n/a."""
    from markupsafe import escape

    height = 22 * len(bars) + 4
    peak = max((Decimal(v) for _, v in bars if v is not None), default=Decimal(0)) or Decimal(1)
    parts = [f'<svg class="chart" role="img" width="{width + 200}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(bars):
        y = 4 + 22 * i
        length = 0 if value is None else int(Decimal(value) * width / peak)
        text = "n/a" if value is None else f"{value}{unit}"
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(label)}</text>'
                     f'<rect x="120" y="{y}" width="{length}" height="16" fill="#3b6ea5"/>'
                     f'<text x="{124 + length}" y="{y + 13}" font-size="12">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["na"] = lambda v, unit="": "n/a" if v is None else f"{v}{unit}"
    return env


def to_html(report: ComplianceReport, *, standalone: bool = True) -> str:
    """The report as an HTML page (``standalone``) or as a fragment for the console."""
    from markupsafe import Markup

    env = _environment()
    env.globals["svg"] = lambda bars, unit="": Markup(bar_chart(bars, unit=unit))
    return env.get_template("compliance.html").render(r=report, standalone=standalone)


def render(report: ComplianceReport, fmt: str) -> str:
    """The report in ``fmt`` (html, csv or json)."""
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "html":
        return to_html(report)
    raise ReportError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
