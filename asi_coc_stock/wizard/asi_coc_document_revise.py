from odoo import fields, models


class AsiCocDocumentRevise(models.TransientModel):
    """Revise the CoC document of a delivery (V2.1 1.6, 2.5, 9.2): the first issue is kept as
    it was; the revision is issued from the master data of now and references it."""

    _name = "asi.coc.document.revise"
    _description = "Revise a CoC Document"

    picking_id = fields.Many2one("stock.picking", string="Delivery", required=True, readonly=True)
    document_id = fields.Many2one(related="picking_id.asi_coc_document_id", string="Current")
    reason = fields.Text(required=True, help="Why the CoC document as issued is corrected.")

    def action_revise(self):
        self.ensure_one()
        document = self.picking_id._asi_coc_revise(self.reason)
        return {
            "type": "ir.actions.act_window",
            "res_model": "asi.coc.document",
            "res_id": document.id,
            "view_mode": "form",
            "target": "current",
        }
