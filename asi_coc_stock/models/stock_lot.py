from odoo import fields, models

from odoo.addons.asi_coc.models.asi_ledger_line import ASI_STATUSES


class StockLot(models.Model):
    _inherit = "stock.lot"

    # A lot of a product shared between companies is one record in Odoo; its ASI status is what
    # each company verified at its own receipt, so the ASI fields are per company.

    asi_status = fields.Selection(
        ASI_STATUSES,
        string="ASI Status",
        tracking=True,
        company_dependent=True,
        help="Set at goods receipt after the supplier's CoC data was verified.",
    )
    asi_material_type_id = fields.Many2one(
        related="product_id.product_tmpl_id.asi_material_type_id", store=True, string="ASI Material"
    )
    asi_certificate_id = fields.Many2one(
        "asi.certificate", string="Supplier Certificate", tracking=True, company_dependent=True
    )
    asi_document_ref = fields.Char(
        string="Supplier CoC Document", tracking=True, company_dependent=True
    )
    asi_verification_note = fields.Text(
        string="ASI Verification",
        company_dependent=True,
        help="Why the receipt was not accepted as ASI (V2.1 10, V3 6.1).",
    )

    def _asi_receipt_line(self):
        """The done move line that received this lot from a supplier."""
        self.ensure_one()
        return self.env["stock.move.line"].search(
            [
                ("lot_id", "=", self.id),
                ("state", "=", "done"),
                ("location_id.usage", "=", "supplier"),
            ],
            order="date desc, id desc",
            limit=1,
        )

    def action_asi_verify_receipt(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Verify CoC Data"),
            "res_model": "asi.receipt.verify",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lot_id": self.id, "active_id": self.id},
        }
