"""The :class:`Runtime`: everything a pipeline step needs, built once per process.

The ledger, the partner registry, the Odoo client (lazily opened, so steps that never touch Odoo
work without one), the mailboxes by name, the retry policy and the actor name written on events.
Embedded mode, the demo, the tests and the Celery worker each build one and pass it to the steps.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from gateway.ledger import Ledger
from gateway.odoo.cache import MasterDataCache
from gateway.odoo.client import OdooClient
from gateway.partners.model import PartnerProfile
from gateway.partners.registry import PartnerRegistry
from gateway.pipeline.failures import RetryPolicy, StepFailure
from gateway.transports.base import Transport

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Shared state of the pipeline steps in one process."""

    ledger: Ledger
    registry: PartnerRegistry
    work_dir: Path
    odoo_factory: Callable[[], OdooClient] | None = None
    transports: dict[str, Transport] = field(default_factory=dict)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    actor: str = "pipeline"
    alerts: list[str] = field(default_factory=list)
    _odoo: OdooClient | None = None
    _cache: MasterDataCache | None = None

    def odoo(self) -> tuple[OdooClient, MasterDataCache]:
        """The Odoo client and its master-data cache (opened on first use)."""
        if self._odoo is None:
            if self.odoo_factory is None:
                raise StepFailure("internal", "no Odoo connection is configured (set EDIGW_ODOO_URL)")
            self._odoo = self.odoo_factory()
            self._cache = MasterDataCache(self._odoo)
        assert self._cache is not None
        return self._odoo, self._cache

    def profile(self, partner_id: str) -> PartnerProfile:
        """The partner's profile, or an internal failure naming it."""
        profile = self.registry.get(partner_id)
        if profile is None:
            raise StepFailure("internal", f"partner {partner_id!r} has no profile in trading_partners/")
        return profile

    def outbound_mailbox(self, partner_id: str) -> str:
        """The mailbox name we send to for ``partner_id`` (its first transport)."""
        profile = self.profile(partner_id)
        for transport in profile.transports:
            if transport.name in self.transports:
                return transport.name
        if partner_id in self.transports:
            return partner_id
        if profile.transports:
            return profile.transports[0].name
        return partner_id

    def alert(self, message: str) -> None:
        """Raise an operations alert: logged, kept for the console, and POSTed to EDIGW_ALERT_WEBHOOK if set."""
        self.alerts.append(message)
        log.warning("ALERT: %s", message)
        url = os.environ.get("EDIGW_ALERT_WEBHOOK")
        if url:
            try:
                httpx.post(url, json={"text": message, "source": "edi-gateway"}, timeout=5.0)
            except httpx.HTTPError as exc:
                log.warning("alert webhook %s failed: %s", url, exc)

    def close(self) -> None:
        """Close the Odoo client and the transports."""
        if self._odoo is not None:
            self._odoo.close()
        for transport in self.transports.values():
            transport.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
