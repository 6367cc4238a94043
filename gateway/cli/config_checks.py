"""The checks behind ``edi-gateway config check``: each part the gateway needs, tested for real.

A check returns :class:`CheckResult` rows (area, target, status, problem, fix) instead of raising,
so one run reports everything that is wrong at once: settings that do not load, partner profiles
that do not validate, mailboxes that cannot be reached, Odoo that refuses the login, a ledger that
is missing or behind the packaged migrations, a broker that does not answer. Every network probe
has a timeout and no retries, so a dead host costs seconds, not minutes. Nothing is created or
changed: a missing SQLite ledger is reported, never made.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from gateway.errors import GatewayError
from gateway.settings import CoreSettings, mask_url

Status = Literal["ok", "warn", "fail", "skip"]
AREAS = ("settings", "partners", "transports", "odoo", "database", "broker")
CERT_WARN_DAYS = 30


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One line of the check table: what was checked, how it went, and how to fix it."""

    area: str
    target: str
    status: Status
    detail: str = ""
    fix: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form (for ``config check --json``)."""
        return asdict(self)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def tcp_probe(host: str, port: int, timeout: float) -> str | None:
    """``None`` when ``host:port`` accepts a TCP connection within ``timeout``, else the reason."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__


# --- database -------------------------------------------------------------------------------

def check_database(core: CoreSettings) -> list[CheckResult]:
    """The ledger is reachable and at the newest schema revision."""
    from sqlalchemy.exc import SQLAlchemyError

    from gateway.ledger.db import create_engine, parse_url
    from gateway.ledger.migrate import migration_status

    url = core.resolved_database_url
    target = mask_url(url) or ""
    try:
        parsed = parse_url(url)
    except GatewayError as exc:
        return [CheckResult("database", target, "fail", _reason(exc), "set EDIGW_DATABASE_URL to a sqlite:/// "
                            "or postgresql+psycopg:// URL")]
    is_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if is_file and not Path(str(parsed.database)).exists():
        return [CheckResult("database", target, "fail", "the SQLite ledger file does not exist yet",
                                "run `edi-gateway db upgrade` (creates and migrates it)")]
    try:
        engine = create_engine(url)
        try:
            status = migration_status(engine)
        finally:
            engine.dispose()
    except (GatewayError, SQLAlchemyError, OSError) as exc:
        return [CheckResult("database", target, "fail", f"cannot connect: {mask_url(_reason(exc))}",
                            "start the database server, or fix host, port, user and password in EDIGW_DATABASE_URL")]
    if not status.up_to_date:
        return [CheckResult("database", target, "fail",
                            f"schema at {status.current or 'nothing (empty database)'}, the code needs {status.head}",
                            "run `edi-gateway db upgrade` (back up the ledger first, see docs/operations.md)")]
    return [CheckResult("database", target, "ok", f"schema at {status.head} (newest)")]


# --- broker ---------------------------------------------------------------------------------

def check_broker(core: CoreSettings, timeout: float) -> list[CheckResult]:
    """The Celery broker answers (Redis PING, or a kombu connection for other brokers)."""
    url = core.broker_url
    target = mask_url(url) or ""
    scheme = urlsplit(url).scheme
    try:
        if scheme in ("redis", "rediss", "unix"):
            import redis

            client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
            try:
                client.ping()
            finally:
                client.close()
        else:
            from kombu import Connection

            with Connection(url, connect_timeout=timeout) as conn:
                conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:  # every client library has its own errors; all mean "not reachable"
        return [CheckResult("broker", target, "fail", f"no answer: {mask_url(_reason(exc))}",
                            "start Redis, or fix EDIGW_BROKER_URL (host, port, password, database number)")]
    return [CheckResult("broker", target, "ok", "answers")]


# --- Odoo -----------------------------------------------------------------------------------

def check_odoo(timeout: float) -> list[CheckResult]:
    """Odoo settings load, the server answers and the integration user logs in."""
    from pydantic import ValidationError

    from gateway.odoo.client import OdooClient
    from gateway.odoo.settings import OdooSettings

    try:
        settings = OdooSettings(timeout=timeout, max_retries=0)  # type: ignore[call-arg]
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        return [CheckResult("odoo", "settings", "fail", f"not configured: {reasons}",
                            "set EDIGW_ODOO_URL, EDIGW_ODOO_DB, EDIGW_ODOO_USER and EDIGW_ODOO_PASSWORD "
                            "(or EDIGW_ODOO_API_KEY); see docs/configuration.md")]
    target = f"{settings.url} ({settings.protocol}, db {settings.db or '-'}, user {settings.user or '-'})"
    try:
        with OdooClient(settings, sleep=lambda _s: None) as client:
            uid = client.authenticate()
            version = client.version
    except Exception as exc:  # connector errors, httpx errors, malformed answers: all a failed check
        from gateway.odoo.errors import OdooAuthError

        if isinstance(exc, OdooAuthError):
            fix = "check EDIGW_ODOO_USER and EDIGW_ODOO_PASSWORD / EDIGW_ODOO_API_KEY (and EDIGW_ODOO_DB)"
        else:
            fix = "check EDIGW_ODOO_URL and that Odoo runs and is reachable from this host"
        return [CheckResult("odoo", target, "fail", _reason(exc), fix)]
    return [CheckResult("odoo", target, "ok", f"authenticated as uid {uid}, Odoo {version}")]


# --- partners and transports ----------------------------------------------------------------

def check_partners(directory: Path | None) -> tuple[list[Any], list[CheckResult]]:
    """Every partner profile validates; returns the good profiles and one row per problem."""
    from gateway.partners.loader import check_profiles, default_dir

    folder = directory or default_dir()
    if not folder.is_dir():
        return [], [CheckResult("partners", str(folder), "fail", "the partner profile folder does not exist",
                                "set EDIGW_PARTNERS_DIR to the folder holding <partner-id>.yaml files")]
    profiles, problems = check_profiles(folder)
    rows = [CheckResult("partners", f"{p.file}: {p.field or '(top level)'}", "fail", p.message, p.fix)
            for p in problems]
    rows += [CheckResult("partners", profile.id, "ok", f"{profile.syntax}, {len(profile.documents)} document types")
             for profile in profiles]
    if not profiles and not problems:
        rows.append(CheckResult("partners", str(folder), "warn", "no partner profiles found",
                                "add one <partner-id>.yaml per trading partner (see docs/partners.md)"))
    return profiles, rows


def _cert_rows(partner: str, mailbox: str, settings: dict[str, Any], now: datetime) -> list[CheckResult]:
    from cryptography import x509

    from gateway.observability.metrics import set_certificate_expiry

    rows = []
    for key in sorted(k for k in settings if k.endswith("_cert")):
        path = Path(str(settings[key]))
        target = f"{partner}/{mailbox} {key}"
        try:
            data = path.read_bytes()
            cert = (x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data
                    else x509.load_der_x509_certificate(data))
        except OSError as exc:
            rows.append(CheckResult("transports", target, "fail", f"{path}: cannot read ({exc.strerror or exc})",
                                    "install the certificate file or fix the path in the profile"))
            continue
        except ValueError as exc:
            rows.append(CheckResult("transports", target, "fail", f"{path}: not an X.509 certificate ({exc})",
                                    "export the certificate as PEM or DER"))
            continue
        expires = cert.not_valid_after_utc
        set_certificate_expiry(partner, key, expires, usage="as2")
        if expires <= now:
            rows.append(CheckResult("transports", target, "fail", f"expired on {expires:%Y-%m-%d}",
                                    "rotate the certificate (docs/operations.md, 'Rotating certificates and keys')"))
        elif expires - now < timedelta(days=CERT_WARN_DAYS):
            rows.append(CheckResult("transports", target, "warn", f"expires on {expires:%Y-%m-%d}",
                                    "plan the rotation with the partner now"))
        else:
            rows.append(CheckResult("transports", target, "ok", f"valid until {expires:%Y-%m-%d}"))
    return rows


def check_transport(partner: str, entry: Any, timeout: float, base_dir: Path,
                    now: datetime | None = None) -> list[CheckResult]:
    """One mailbox of one partner: its settings open, and its server or folders answer."""
    from gateway.transports.base import TransportError
    from gateway.transports.factory import MailboxConfigError, open_mailbox

    now = now or datetime.now(UTC)
    target = f"{partner}/{entry.name} ({entry.kind})"
    settings = dict(entry.settings)
    if entry.kind == "as2":
        rows = _cert_rows(partner, entry.name, settings, now)
        url = str(settings.get("url", ""))
        parts = urlsplit(url)
        if not parts.hostname:
            return [*rows, CheckResult("transports", target, "fail", "no partner AS2 url",
                                       "set settings.url to the partner's AS2 endpoint")]
        port = parts.port or (443 if parts.scheme == "https" else 80)
        reason = tcp_probe(parts.hostname, port, timeout)
        if reason:
            return [*rows, CheckResult("transports", target, "fail", f"{parts.hostname}:{port}: {reason}",
                                       "check the partner's AS2 URL, DNS and the firewall")]
        return [*rows, CheckResult("transports", target, "ok", f"{parts.hostname}:{port} accepts connections")]
    if entry.kind == "sftp":
        settings.update(retries=0, connect_timeout=timeout)
        host, port = str(settings.get("host", "")), int(settings.get("port", 22))
        if host:
            reason = tcp_probe(host, port, timeout)
            if reason:
                return [CheckResult("transports", target, "fail", f"{host}:{port}: {reason}",
                                    "check host and port in the profile, DNS, the firewall and the VPN")]
    try:
        with open_mailbox(entry.name, entry.kind, settings, dict(entry.secrets), base_dir=base_dir) as mailbox:
            waiting = len(mailbox.list())
    except MailboxConfigError as exc:
        return [CheckResult("transports", target, "fail", _reason(exc), "fix the mailbox entry in the profile")]
    except (TransportError, GatewayError, OSError) as exc:
        describe = getattr(exc, "describe", None)
        return [CheckResult("transports", target, "fail", describe() if callable(describe) else _reason(exc),
                            "check credentials (secrets env/file), pinned host key and folder permissions")]
    return [CheckResult("transports", target, "ok", f"reachable, {waiting} file(s) waiting")]


def check_transports(profiles: Iterable[Any], timeout: float, base_dir: Path) -> list[CheckResult]:
    """Every mailbox of every valid profile."""
    rows: list[CheckResult] = []
    for profile in profiles:
        for entry in profile.transports:
            rows += check_transport(profile.id, entry, timeout, base_dir)
    return rows


# --- all ------------------------------------------------------------------------------------

def run_checks(*, areas: Iterable[str] = AREAS, partners_dir: Path | None = None, timeout: float = 5.0,
               load_core: Callable[[], CoreSettings] | None = None) -> list[CheckResult]:
    """Run the checks of ``areas`` (default all) and return every row; never raises for a failed check."""
    from gateway.settings import load_core_settings

    wanted = set(areas)
    rows: list[CheckResult] = []
    try:
        core = (load_core or load_core_settings)()
    except GatewayError as exc:
        return [CheckResult("settings", "core", "fail", _reason(exc),
                            "fix the EDIGW_* variable or the settings file named in the message")]
    if "settings" in wanted:
        rows.append(CheckResult("settings", str(core.settings_file or "environment"), "ok", "core settings load"))
    profiles: list[Any] = []
    if "partners" in wanted or "transports" in wanted:
        profiles, partner_rows = check_partners(partners_dir)
        if "partners" in wanted:
            rows += partner_rows
    if "transports" in wanted:
        rows += check_transports(profiles, timeout, core.data_dir)
    if "odoo" in wanted:
        rows += check_odoo(timeout)
    if "database" in wanted:
        rows += check_database(core)
    if "broker" in wanted:
        rows += check_broker(core, timeout)
    return rows
