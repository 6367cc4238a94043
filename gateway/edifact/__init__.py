"""UN/EDIFACT syntax engine: streaming reader, envelope and map-driven validation, CONTRL/APERAK, writer.

Entry points live in :mod:`gateway.edifact.engine` (the same shape as ``gateway.x12.engine``). This
package knows nothing about partners or Odoo.
"""
