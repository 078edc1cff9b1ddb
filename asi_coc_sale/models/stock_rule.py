from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _get_custom_move_fields(self):
        # Carries sale.order.line.asi_requested to stock.move.asi_designated (V2.1 8.5).
        return super()._get_custom_move_fields() + ["asi_designated"]
