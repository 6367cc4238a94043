"""The sandbox's Odoo models; importing this package registers all of them."""

from gateway.odoo.sandbox.models import account, base, purchase, sale, stock, stock_move, stock_picking

__all__ = ["account", "base", "purchase", "sale", "stock", "stock_move", "stock_picking"]
