"""Partner profiles: the shipped examples load; bad ones are refused naming file, field and fix."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from gateway.partners import (
    PartnerRegistry,
    ProfileError,
    check_profiles,
    compile_overlay,
    load_profile,
    load_profiles,
)

PARTNERS = Path(__file__).resolve().parents[2] / "trading_partners"
BASE = yaml.safe_load((PARTNERS / "acme-retail.yaml").read_text())


def _write(tmp_path: Path, data: dict, name: str = "acme-retail") -> Path:  # type: ignore[type-arg]
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _problems(tmp_path: Path, data: dict, name: str = "acme-retail"):  # type: ignore[no-untyped-def,type-arg]
    path = _write(tmp_path, data, name)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    for p in info.value.problems:
        assert p.file == str(path)
    return info.value.problems


def test_shipped_partners_load_and_cover_the_four_roles() -> None:
    profiles = {p.id: p for p in load_profiles(PARTNERS)}
    assert set(profiles) >= {"acme-retail", "northstar-3pl", "roadrunner-freight", "euromarkt-gmbh"}
    acme = profiles["acme-retail"]
    assert acme.document("850", "inbound").version == "004010"
    assert acme.document("856", "outbound") and acme.document("997", "outbound") and acme.document("997", "inbound")
    ns = profiles["northstar-3pl"]
    assert ns.document("940", "outbound").version == "005010" and ns.document("945", "inbound")
    rr = profiles["roadrunner-freight"]
    assert rr.document("214", "inbound") and rr.document("210", "inbound")
    em = profiles["euromarkt-gmbh"]
    assert em.syntax == "edifact" and em.document("ORDERS", "inbound").version == "D96A"
    assert em.document("DESADV", "outbound") and em.document("INVOIC", "outbound") and em.acks.contrl


def test_misspelt_setting(tmp_path: Path) -> None:
    data = {**BASE, "timezon": "America/Chicago"}
    [p] = _problems(tmp_path, data)
    assert p.field == "timezon" and "remove 'timezon' or correct its spelling" in p.fix


def test_missing_required_field(tmp_path: Path) -> None:
    data = {k: v for k, v in BASE.items() if k != "name"}
    [p] = _problems(tmp_path, data)
    assert p.field == "name" and p.fix == "add 'name' (it is required)"


def test_unsupported_version_names_the_document(tmp_path: Path) -> None:
    data = {**BASE, "documents": [{"type": "850", "direction": "inbound", "version": "004011"}]}
    [p] = _problems(tmp_path, data)
    assert p.field == "documents[0]"
    assert "004011" in p.message and p.fix == "use one of 004010, 005010"


def test_wrong_choice_lists_the_allowed_values(tmp_path: Path) -> None:
    data = {**BASE, "acks": {"functional": "998"}, "duplicates": "ignore"}
    problems = {p.field: p for p in _problems(tmp_path, data)}
    assert set(problems) == {"acks.functional", "duplicates"}
    assert "'997', '999' or 'none'" in problems["acks.functional"].fix
    assert "'reject', 'warn' or 'process'" in problems["duplicates"].fix


def test_inline_secret_is_refused(tmp_path: Path) -> None:
    data = {**BASE, "transports": [{"name": "x", "kind": "sftp", "settings": {"host": "h", "password": "hunter2"}}]}
    [p] = _problems(tmp_path, data)
    assert p.field == "transports[0].settings"
    assert "inline secret" in p.message and "{env: VARIABLE}" in p.fix
    assert "hunter2" not in p.describe()


def test_secret_reference_needs_exactly_one_source(tmp_path: Path) -> None:
    data = {**BASE, "transports": [{"name": "x", "kind": "sftp", "secrets": {"password": {"env": "A", "file": "/b"}}}]}
    [p] = _problems(tmp_path, data)
    assert p.field == "transports[0].secrets.password" and "exactly one" in p.fix


def test_bad_time_zone_and_delimiters(tmp_path: Path) -> None:
    data = {**BASE, "timezone": "Chicago", "envelope": {"delimiters": {"element": "*", "component": "*"}}}
    problems = {p.field: p for p in _problems(tmp_path, data)}
    assert "IANA" in problems["timezone"].fix
    assert "must all differ" in problems["envelope.delimiters"].message


def test_x12_partner_without_identities(tmp_path: Path) -> None:
    data = {**BASE, "identities": {"edifact": {"unb_id": "1"}, "our_edifact": {"unb_id": "2"}}}
    [p] = _problems(tmp_path, data)
    assert "identities.x12" in p.message


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    [p] = info.value.problems
    assert p.field.startswith("line ") and "YAML" in p.message


def test_id_must_match_file_name(tmp_path: Path) -> None:
    [p] = _problems(tmp_path, BASE, name="acme")
    assert p.field == "id" and "rename the file to acme-retail.yaml" in p.fix


def test_check_reports_every_file_and_duplicate_identities(tmp_path: Path) -> None:
    for f in PARTNERS.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    twin = {**BASE, "id": "acme-twin"}
    _write(tmp_path, twin, "acme-twin")
    _write(tmp_path, {**BASE, "id": "bad-one", "syntax": "as2"}, "bad-one")
    profiles, problems = check_profiles(tmp_path)
    assert [p.file for p in problems] == [str(tmp_path / "bad-one.yaml")]
    with pytest.raises(ProfileError, match="claimed by another partner"):
        PartnerRegistry(profiles)


def test_registry_finds_partners_from_envelope_ids() -> None:
    reg = PartnerRegistry.from_dir(PARTNERS)
    assert reg.find_x12("ZZ", "ACMERETAIL     ", "ACMERETAIL").id == "acme-retail"
    assert reg.find_x12("01", "078742035").id == "northstar-3pl"
    assert reg.find_x12("ZZ", "NOBODY") is None
    assert reg.find_x12("01", "ACMERETAIL") is None  # the qualifier is part of the identity
    assert reg.find_edifact("4012345000009", "14").id == "euromarkt-gmbh"
    assert reg.find_edifact("4012345000009", "ZZZ") is None


def test_cross_references_and_calendar() -> None:
    acme = load_profile(PARTNERS / "acme-retail.yaml")
    assert acme.odoo_product({"upc": "012345000034"}) == "GADGET-10"
    assert acme.odoo_product({"buyer_part": "ACM-3000"}) == "GIZMO-XL"
    assert acme.odoo_product({"upc": "999"}) is None
    assert acme.location("0042").odoo_partner == "ACME Store 0042 (Dallas)"
    assert acme.calendar.is_business_day(dt.date(2026, 11, 25))
    assert not acme.calendar.is_business_day(dt.date(2026, 11, 26))  # Thanksgiving
    assert not acme.calendar.is_business_day(dt.date(2026, 11, 28))  # Saturday


def test_overlay_compiles_to_checks_with_standard_codes() -> None:
    acme = load_profile(PARTNERS / "acme-retail.yaml")
    overlay = compile_overlay(acme, "856")
    assert len(overlay.rules) == 3 and overlay.syntax == "x12"
    segments = [["ST", "856", "0001"], ["BSN", "00", "1", "20261127", "1200"], ["TD5", "B", "2", "FAKE"],
                ["MAN", "AA", "000123456000000012"], ["SE", "5", "0001"]]
    issues = overlay.check(segments)
    got = sorted((i.segment_id, i.code, i.segment_position, i.element_position) for i in issues)
    assert got == [("MAN", "7", 4, 1), ("REF", "3", None, None), ("TD5", "7", 3, 3)]
    assert all("acme-retail" in i.message for i in issues)
    em = load_profile(PARTNERS / "euromarkt-gmbh.yaml")
    [missing] = compile_overlay(em, "ORDERS").check([["UNH", "1"], ["NAD", "BY", "123"], ["UNT", "3", "1"]])
    assert missing.code == "13" and missing.segment_id == "NAD"


def test_two_files_with_one_id(tmp_path: Path) -> None:
    shutil.copy(PARTNERS / "acme-retail.yaml", tmp_path / "acme-retail.yaml")
    shutil.copy(PARTNERS / "acme-retail.yaml", tmp_path / "acme-retail.yml")
    profiles, [problem] = check_profiles(tmp_path)
    assert len(profiles) == 1
    assert problem.file == str(tmp_path / "acme-retail.yml") and problem.field == "id"
    assert "also used by" in problem.message
