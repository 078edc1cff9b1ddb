from odoo import fields, models


class AsiReceiptConfirm(models.TransientModel):
    """The confirmation step of a receipt with lines claimed ASI that the certificate
    register does not back: the warehouse user validates them knowingly as non-ASI
    (V2.1 10.1-10.3; V3 3.3 note: they can be verified later), or goes back."""

    _name = "asi.receipt.confirm"
    _description = "Confirm a receipt recorded partly as non-ASI"

    picking_ids = fields.Many2many("stock.picking", readonly=True)
    warning = fields.Text(readonly=True)

    def action_validate_non_asi(self):
        self.ensure_one()
        return self.picking_ids.with_context(
            asi_receipt_confirmed=True, button_validate_picking_ids=self.picking_ids.ids
        ).button_validate()
