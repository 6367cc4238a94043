"""Metrics are exposed under the documented names and labels, and the helpers record what they say."""

from __future__ import annotations

import datetime as dt

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from gateway.observability import metrics


def _families() -> dict[str, object]:
    text, content_type = metrics.render_metrics()
    assert content_type.startswith("text/plain")
    return {f.name: f for f in text_string_to_metric_families(text.decode())}


def _value(metric: str, /, **labels: str) -> float:
    value = REGISTRY.get_sample_value(metric, labels)
    return 0.0 if value is None else value


def test_every_documented_metric_is_exposed_with_its_labels() -> None:
    metrics.count_document("acme", "850", "inbound", "posted")
    metrics.set_queue_depth("inbound", 4)
    metrics.record_mailbox_poll("acme", "acme-sftp", ok=True)
    metrics.set_certificate_expiry("euromarkt", "partner_cert", dt.datetime(2030, 1, 1, tzinfo=dt.UTC), "as2")
    families = _families()
    exposed = {sample.name for family in families.values() for sample in family.samples}  # type: ignore[attr-defined]
    for name in metrics.METRIC_NAMES:
        family = name.removesuffix("_total")
        assert family in families, name
    assert "edigw_documents_processed_total" in exposed
    doc = next(s for s in families["edigw_documents_processed"].samples if s.name == "edigw_documents_processed_total")  # type: ignore[attr-defined]
    assert set(doc.labels) == {"partner", "doc_type", "direction", "status"}
    assert families["edigw_step_duration_seconds"].type == "histogram"  # type: ignore[attr-defined]


def test_count_document_and_direction_check() -> None:
    before = _value("edigw_documents_processed_total", partner="northstar", doc_type="945", direction="inbound", status="posted")
    metrics.count_document("northstar", "945", "inbound", "posted")
    metrics.count_document("northstar", "945", "inbound", "posted")
    assert _value("edigw_documents_processed_total", partner="northstar", doc_type="945", direction="inbound",
                  status="posted") == before + 2
    with pytest.raises(ValueError, match="direction"):
        metrics.count_document("northstar", "945", "sideways", "posted")  # type: ignore[arg-type]


def test_time_step_records_ok_and_error() -> None:
    labels = {"step": "validate", "direction": "outbound"}
    ok_before = _value("edigw_step_duration_seconds_count", **labels, outcome="ok")
    err_before = _value("edigw_step_duration_seconds_count", **labels, outcome="error")
    with metrics.time_step("validate", "outbound"):
        pass
    with pytest.raises(KeyError), metrics.time_step("validate", "outbound"):
        raise KeyError("x")
    assert _value("edigw_step_duration_seconds_count", **labels, outcome="ok") == ok_before + 1
    assert _value("edigw_step_duration_seconds_count", **labels, outcome="error") == err_before + 1


def test_odoo_call_latency_and_errors() -> None:
    labels = {"model": "stock.picking", "method": "button_validate"}
    calls = _value("edigw_odoo_call_duration_seconds_count", **labels)
    errors = _value("edigw_odoo_call_errors_total", **labels, error="TimeoutError")
    with metrics.time_odoo_call(**labels):
        pass
    with pytest.raises(TimeoutError), metrics.time_odoo_call(**labels):
        raise TimeoutError
    assert _value("edigw_odoo_call_duration_seconds_count", **labels) == calls + 2
    assert _value("edigw_odoo_call_errors_total", **labels, error="TimeoutError") == errors + 1


def test_gauges_for_acks_dead_letters_and_queue() -> None:
    metrics.set_overdue_acks("acme", 3)
    metrics.set_dead_letters("acme", 2)
    metrics.record_dead_letter("acme", "master_data")
    metrics.set_queue_depth("outbound", 11)
    assert _value("edigw_partner_acks_overdue", partner="acme") == 3
    assert _value("edigw_partner_dead_letters", partner="acme") == 2
    assert _value("edigw_dead_letters_total", partner="acme", category="master_data") >= 1
    assert _value("edigw_queue_depth", queue="outbound") == 11


def test_mailbox_poll_health() -> None:
    labels = {"partner": "roadrunner", "mailbox": "rr-sftp"}
    metrics.record_mailbox_poll(**labels, ok=True, now=1_000.0)
    metrics.record_mailbox_poll(**labels, ok=False)
    metrics.record_mailbox_poll(**labels, ok=False)
    assert _value("edigw_mailbox_consecutive_failures", **labels) == 2
    assert _value("edigw_mailbox_last_success_timestamp_seconds", **labels) == 1_000.0
    assert _value("edigw_mailbox_polls_total", **labels, outcome="error") >= 2
    metrics.record_mailbox_poll(**labels, ok=True, now=2_000.0)
    assert _value("edigw_mailbox_consecutive_failures", **labels) == 0
    assert _value("edigw_mailbox_last_success_timestamp_seconds", **labels) == 2_000.0


def test_certificate_expiry_from_a_real_certificate() -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "EUROMARKT")])
    not_after = dt.datetime(2031, 6, 30, 12, 0, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(dt.datetime(2025, 1, 1, tzinfo=dt.UTC)).not_valid_after(not_after)
            .sign(key, hashes.SHA256()))
    for data in (cert.public_bytes(serialization.Encoding.PEM), cert.public_bytes(serialization.Encoding.DER)):
        assert metrics.observe_certificate("euromarkt", "partner_cert", data, usage="as2-encrypt") == not_after
    assert _value("edigw_certificate_expiry_timestamp_seconds", partner="euromarkt", name="partner_cert",
                  usage="as2-encrypt") == not_after.timestamp()
    with pytest.raises(ValueError, match="timezone"):
        metrics.set_certificate_expiry("x", "y", dt.datetime(2030, 1, 1))


def test_metrics_http_server_serves_exposition() -> None:
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    metrics.start_metrics_server(port)
    body = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    assert 'edigw_build_info{version="' in body
