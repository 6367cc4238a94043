"""The scrubber masks passwords, API keys, tokens and private keys, in a real run's log output too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gateway.observability.scrub import MASK, is_secret_key, scrub_secrets, scrub_text, scrub_value

REPO = Path(__file__).resolve().parents[2]
_secret_chars = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.~", min_size=6,
                        max_size=40).filter(lambda s: s.strip(".-_~"))


@given(_secret_chars)
def test_url_password_never_survives(secret: str) -> None:
    for url in (f"postgresql+psycopg://gateway:{secret}@db:5432/ledger", f"redis://:{secret}@redis:6379/0"):
        out = scrub_text(f"cannot connect to {url} (timeout)")
        assert secret not in out and MASK in out


@given(_secret_chars)
def test_secret_pairs_and_bearer_never_survive(secret: str) -> None:
    for text in (f"password={secret}", f'{{"api_key": "{secret}"}}', f"Authorization: Bearer {secret}",
                 f"token: {secret} rejected", f"db_password='{secret}'"):
        assert secret not in scrub_text(text), text


def test_pem_private_key_block_is_masked_but_certificates_are_not() -> None:
    key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAAB3NzaC1yc2E=\n-----END OPENSSH PRIVATE KEY-----"
    cert = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----"
    out = scrub_text(f"loaded {key} and {cert}")
    assert "b3BlbnNzaC1rZXktdjEAAAAA" not in out and "OPENSSH PRIVATE KEY" in out
    assert "MIIBszCCAVmgAwIBAgIU" in out


def test_keys_nested_values_and_secretstr() -> None:
    from pydantic import SecretStr

    event = {"event": "settings", "odoo": {"url": "https://erp", "password": "hunter22", "api_key": SecretStr("k1")},
             "sftp": [{"username": "ourdistco", "private_key_passphrase": "pp"}], "password_env": "ODOO_PW",
             "client_secret": "cs", "tokens_used": 3}
    out = scrub_secrets(None, "info", dict(event))
    assert out["odoo"] == {"url": "https://erp", "password": MASK, "api_key": MASK}
    assert out["sftp"] == [{"username": "ourdistco", "private_key_passphrase": MASK}]
    assert out["client_secret"] == MASK
    assert out["password_env"] == "ODOO_PW"  # a reference, not the secret: kept for troubleshooting
    assert scrub_value(SecretStr("x")) == MASK


def test_is_secret_key() -> None:
    assert all(map(is_secret_key, ("password", "DB_PASSWORD", "apiKey", "api-key", "private_key", "authorization",
                                   "access_token", "passphrase", "x-api-key")))
    assert not any(map(is_secret_key, ("user", "partner", "password_env", "private_key_file", "token_count", 3)))


RUN = textwrap.dedent('''
    import logging
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from gateway.observability import bind_correlation, get_logger, setup_observability
    from gateway.odoo.settings import OdooSettings
    from gateway.settings import load_core_settings

    setup_observability()
    log = get_logger("gateway.run")
    core = load_core_settings()
    odoo = OdooSettings()
    pem = ed25519.Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    with bind_correlation(interchange_id=1):
        log.info("startup", database_url=core.database_url, broker=core.broker_url, odoo=odoo.model_dump())
        log.info("odoo.settings", settings=repr(odoo), headers={"Authorization": "Bearer " + odoo.secret()})
        log.warning("sftp.key_loaded", detail="key is " + pem)
        logging.getLogger("httpx").warning("POST https://erp/json/2?api_key=%s failed", odoo.secret())
        try:
            raise ConnectionError("could not connect to " + core.database_url)
        except ConnectionError:
            log.exception("ledger.unreachable")
    print("PEMBODY=" + pem.splitlines()[1])
''')


def test_real_run_log_output_has_no_secrets(tmp_path: Path) -> None:
    """A child process configured like production logs settings, URLs, keys and a traceback: no secret leaks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDIGW_")}
    env.update(EDIGW_ENVIRONMENT="prod", EDIGW_DATA_DIR=str(tmp_path),
               EDIGW_DATABASE_URL="postgresql+psycopg://gateway:Db-Pa55word@127.0.0.1:5432/ledger",
               EDIGW_BROKER_URL="redis://:Br0kerSecret@127.0.0.1:6379/0",
               EDIGW_ODOO_URL="https://erp.example.com", EDIGW_ODOO_DB="prod", EDIGW_ODOO_USER="edi-bot",
               EDIGW_ODOO_API_KEY="0dooApiKeyValue123")
    proc = subprocess.run([sys.executable, "-c", RUN], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    pem_body = proc.stdout.split("PEMBODY=", 1)[1].strip()
    lines = [json.loads(line) for line in proc.stderr.splitlines() if line.strip()]
    events = {row["event"] for row in lines}
    assert {"startup", "odoo.settings", "sftp.key_loaded", "ledger.unreachable"} <= events
    assert any("api_key=***" in row["event"] for row in lines)
    for secret in ("Db-Pa55word", "Br0kerSecret", "0dooApiKeyValue123", pem_body):
        assert secret not in proc.stderr, f"{secret!r} leaked into the log"
    assert proc.stderr.count(MASK) >= 6
    startup = next(row for row in lines if row["event"] == "startup")
    assert startup["database_url"] == "postgresql+psycopg://gateway:***@127.0.0.1:5432/ledger"
    assert startup["odoo"]["user"] == "edi-bot" and startup["interchange_id"] == 1
