"""A stand-in Odoo server for tests and demos: Odoo's external API over HTTP, backed by SQLite.

It is NOT Odoo. It reproduces the models, methods, return values, state transitions, wizard flows
and error shapes that the gateway's distribution workflows use, as recorded from a real Odoo 17
server (see docs/odoo-sandbox.md for every deliberate difference). Start it with
``edi-gateway odoo-sandbox --port N`` or in-process with :func:`start_sandbox`.
"""

from gateway.odoo.sandbox.core import DEFAULT_API_KEY, SandboxCore
from gateway.odoo.sandbox.server import FaultPlan, SandboxServer, start_sandbox

__all__ = ["DEFAULT_API_KEY", "FaultPlan", "SandboxCore", "SandboxServer", "start_sandbox"]
