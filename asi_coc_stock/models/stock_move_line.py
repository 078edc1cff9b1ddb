from odoo import fields, models

from odoo.addons.asi_coc.models.asi_ledger_line import ASI_STATUSES


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    asi_status = fields.Selection(
        ASI_STATUSES,
        string="ASI Status",
        help="At receipt: what the supplier's CoC document claims; verified at validation.",
    )
    asi_certificate_number = fields.Char(string="Supplier Certificate No.")
    asi_document_ref = fields.Char(string="Supplier CoC Document")
    asi_material_type_id = fields.Many2one(
        related="product_id.product_tmpl_id.asi_material_type_id"
    )

    def _asi_verify_receipt(self, date):
        """Verify one received line against the certificate register (V2.1 10.1-10.3,
        V3 3.1, 6.1). Returns (status, certificate, reasons): anything that fails is recorded
        non-ASI until verified (V3 3.3 note)."""
        self.ensure_one()
        claimed = self.asi_status or "non_asi"
        if claimed == "non_asi":
            return "non_asi", self.env["asi.certificate"], []
        material = self.asi_material_type_id
        partner = self.picking_id.partner_id.commercial_partner_id
        reasons = []
        certificate = (
            self.env["asi.certificate"].search(
                [
                    ("number", "=ilike", (self.asi_certificate_number or "").strip()),
                    ("company_id", "=", self.company_id.id),
                ],
                limit=1,
            )
            if self.asi_certificate_number
            else self.env["asi.certificate"]
        )
        if not self.asi_certificate_number:
            reasons.append(self.env._("no certificate number"))
        elif not certificate:
            reasons.append(
                self.env._("certificate %s is not in the register", self.asi_certificate_number)
            )
        else:
            if certificate.holder_id.commercial_partner_id != partner:
                reasons.append(
                    self.env._(
                        "certificate %(number)s is held by %(holder)s, not by the supplier "
                        "%(supplier)s",
                        number=certificate.number,
                        holder=certificate.holder_id.display_name,
                        supplier=partner.display_name,
                    )
                )
            if not certificate.is_valid_for(material, date):
                reasons.append(
                    self.env._(
                        "certificate %(number)s is not valid for %(material)s on %(date)s",
                        number=certificate.number,
                        material=material.name,
                        date=date,
                    )
                )
        if not self.asi_document_ref:
            reasons.append(self.env._("no CoC document reference"))
        if reasons:
            return "non_asi", certificate, reasons
        return claimed, certificate, []
