from odoo import fields, models

from odoo.addons.asi_coc.models.asi_ledger_line import ASI_STATUSES


class StockMove(models.Model):
    _inherit = "stock.move"

    # Expected CoC data of a receipt from a purchase order; its move lines start with it.
    asi_status = fields.Selection(ASI_STATUSES, string="Expected ASI Status", copy=False)
    asi_certificate_number = fields.Char(string="Expected Certificate No.", copy=False)

    def _prepare_move_line_vals(self, quantity=None, reserved_quant=None):
        vals = super()._prepare_move_line_vals(quantity=quantity, reserved_quant=reserved_quant)
        if self.asi_status:
            vals.setdefault("asi_status", self.asi_status)
        if self.asi_certificate_number:
            vals.setdefault("asi_certificate_number", self.asi_certificate_number)
        return vals
