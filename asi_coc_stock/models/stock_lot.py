from odoo import fields, models
from odoo.exceptions import UserError

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

    asi_supplier_id = fields.Many2one(
        "res.partner",
        string="ASI Supplier",
        compute="_compute_asi_receipt",
        help="The supplier the lot was received from.",
    )
    asi_received_kg = fields.Float(
        string="Received (kg)",
        digits="Stock Weight",
        compute="_compute_asi_receipt",
        help="Aluminium content received in the lot (V2.1 8.3).",
    )

    # The origin record of a posted ledger line (V2.1 8.1): set by the receipt or by Verify
    # CoC Data, changed afterwards only through a CoC error and its correction (V2.1 2.5).
    _ASI_ORIGIN_FIELDS = ("asi_certificate_id", "asi_document_ref")

    def _compute_asi_receipt(self):
        for lot in self:
            line = lot._asi_receipt_line() if lot.id else lot.env["stock.move.line"]
            lot.asi_supplier_id = line.picking_id.partner_id.commercial_partner_id
            lot.asi_received_kg = (
                line.product_id._asi_aluminium_kg(line.quantity, line.product_uom_id)
                if line
                else 0.0
            )

    def write(self, vals):
        if not self.env.context.get("asi_lot_origin_write") and any(
            name in vals for name in self._ASI_ORIGIN_FIELDS
        ):
            received = self.filtered(
                lambda lot: (
                    lot.asi_status
                    and any(
                        lot._fields[name].convert_to_write(lot[name], lot) != vals[name]
                        for name in self._ASI_ORIGIN_FIELDS
                        if name in vals
                    )
                )
            )
            if received:
                raise UserError(
                    self.env._(
                        "%s: the supplier certificate and CoC document of a received lot are "
                        "the origin record of its ASI ledger line and cannot be changed. Record "
                        "a CoC error and its correction, or use Verify CoC Data on a lot "
                        "recorded non-ASI.",
                        ", ".join(received.mapped("display_name")),
                    )
                )
        return super().write(vals)

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
