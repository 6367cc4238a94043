"""The Odoo connector: one client over XML-RPC, JSON-RPC and JSON-2, typed errors, caching.

Workflows talk to :class:`gateway.odoo.client.OdooClient` only; which protocol and which Odoo
version sit behind it is decided by :mod:`gateway.odoo.settings` and :mod:`gateway.odoo.versions`.
The package also holds the Odoo sandbox (:mod:`gateway.odoo.sandbox`), a stand-in server for tests.
"""
