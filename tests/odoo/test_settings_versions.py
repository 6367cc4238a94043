"""Settings from the environment and the version table."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.odoo.settings import OdooSettings
from gateway.odoo.versions import OdooVersion


def test_settings_come_from_edigw_odoo_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDIGW_ODOO_URL", "https://erp.example.com/")
    monkeypatch.setenv("EDIGW_ODOO_DB", "prod")
    monkeypatch.setenv("EDIGW_ODOO_USER", "edi-bot")
    monkeypatch.setenv("EDIGW_ODOO_API_KEY", "k3y")
    monkeypatch.setenv("EDIGW_ODOO_PROTOCOL", "xmlrpc")
    s = OdooSettings()  # type: ignore[call-arg]
    assert (s.url, s.db, s.user, s.protocol, s.secret()) == ("https://erp.example.com", "prod", "edi-bot", "xmlrpc", "k3y")
    assert "k3y" not in repr(s)


@pytest.mark.parametrize(("values", "message"), [
    ({"url": "http://x", "db": "d", "user": "u"}, "EDIGW_ODOO_PASSWORD or EDIGW_ODOO_API_KEY"),
    ({"url": "http://x", "password": "p", "protocol": "json2"}, "needs EDIGW_ODOO_API_KEY"),
    ({"url": "ftp://x", "db": "d", "user": "u", "password": "p"}, "must start with http"),
    ({"url": "http://x", "password": "p", "protocol": "jsonrpc"}, "needs EDIGW_ODOO_DB"),
    ({"url": "http://x", "db": "d", "user": "u", "password": "p", "protocol": "soap"}, "protocol"),
])
def test_bad_settings_say_what_to_fix(values: dict, message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("URL", "DB", "USER", "PASSWORD", "API_KEY", "PROTOCOL"):
        monkeypatch.delenv(f"EDIGW_ODOO_{name}", raising=False)
    with pytest.raises(ValidationError, match=message):
        OdooSettings(**values)


@pytest.mark.parametrize(("info", "major"), [
    ({"server_version_info": [17, 0, 0, "final", 0, ""]}, 17), ({"version_info": [19, 0, 0, "final", 0, ""]}, 19),
    ("16.0+e", 16), ("saas~18.2", 18), ([18, 3, 0, "final", 0, ""], 18),
])
def test_version_parsing(info: object, major: int) -> None:
    assert OdooVersion.from_version_info(info).major == major


def test_version_differences_live_in_one_place() -> None:
    v16, v17, v18, v19 = (OdooVersion(n) for n in (16, 17, 18, 19))
    assert v16.move_line_done_vals(3) == {"qty_done": 3} and v16.move_done_vals(3) == {"quantity_done": 3}
    assert v17.move_done_vals(3) == {"quantity": 3, "picked": True} and v17.move_line_done_field == "quantity"
    assert v16.has_immediate_transfer_wizard and not v17.has_immediate_transfer_wizard
    assert v17.storable_domain() == [("type", "=", "product")] and v18.storable_domain() == [("is_storable", "=", True)]
    assert v18.is_storable({"type": "consu", "is_storable": True}) and not v17.is_storable({"type": "consu"})
    assert (v18.order_line_uom_field, v19.order_line_uom_field) == ("product_uom", "product_uom_id")
    assert (v18.sale_line_tax_field, v19.sale_line_tax_field) == ("tax_id", "tax_ids")
    assert (v18.package_model, v19.package_model) == ("stock.quant.package", "stock.package")
    assert v16.sale_locked_is_state and not v17.sale_locked_is_state
    assert v16.partner_gln_fields == [] and v19.partner_gln_fields == ["global_location_number"]
    assert OdooVersion.single_id([5]) == 5 and OdooVersion.single_id(5) == 5
    with pytest.raises(ValueError):
        OdooVersion.single_id([1, 2])
