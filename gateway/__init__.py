"""EDI/B2B gateway for distributors that run Odoo.

Reads, validates, acknowledges and writes X12 and UN/EDIFACT, translates documents to and from
Odoo operations, and keeps a ledger so that nothing received is lost or posted twice.
"""

__version__ = "0.1.0"
