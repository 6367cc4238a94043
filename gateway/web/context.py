"""What every request handler needs, built once per application."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gateway.ledger import Ledger
from gateway.partners.registry import PartnerRegistry
from gateway.web.metrics import Metrics
from gateway.web.settings import WebSettings

if TYPE_CHECKING:
    from collections.abc import Callable

    from gateway.pipeline.context import Runtime


@dataclass
class AppContext:
    """The ledger, the partners, the settings, the pipeline runtime (optional) and the metrics."""

    ledger: Ledger
    registry_loader: Callable[[], PartnerRegistry]
    settings: WebSettings
    metrics: Metrics
    runtime: Runtime | None = None

    @property
    def registry(self) -> PartnerRegistry:
        """The partner profiles as they are on disk now (a fixed cross-reference shows at once)."""
        return self.registry_loader()

    def pipeline(self) -> Runtime | None:
        """The pipeline runtime with today's profiles (a resubmission uses the fixed cross-reference)."""
        if self.runtime is not None:
            self.runtime.registry = self.registry_loader()
        return self.runtime
