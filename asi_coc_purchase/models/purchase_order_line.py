from odoo import api, fields, models

from odoo.addons.asi_coc.models.asi_ledger_line import ASI_STATUSES


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    asi_material_type_id = fields.Many2one(
        related="product_id.product_tmpl_id.asi_material_type_id"
    )
    asi_status = fields.Selection(
        ASI_STATUSES,
        string="Expected ASI Status",
        compute="_compute_asi_expected",
        store=True,
        readonly=False,
        precompute=True,
        help="What the vendor is expected to deliver, from its ASI role and certificate. "
        "The receipt starts with it; the receipt verifies it (V2.1 10, V3 3.1).",
    )
    asi_certificate_number = fields.Char(
        string="Expected Certificate No.",
        compute="_compute_asi_expected",
        store=True,
        readonly=False,
        precompute=True,
        help="The CoC certificate the vendor's CoC documents are expected to carry.",
    )

    @api.depends("product_id", "order_id.partner_id", "order_id.date_order")
    def _compute_asi_expected(self):
        for line in self:
            material = line.asi_material_type_id
            if not material:
                line.asi_status = False
                line.asi_certificate_number = False
                continue
            status, certificate = line._asi_expected_from_vendor(material)
            line.asi_status = status
            line.asi_certificate_number = certificate.number or False

    def _asi_expected_from_vendor(self, material):
        """(status, certificate) the vendor's role and register suggest for ``material``."""
        vendor = self.order_id.partner_id.commercial_partner_id
        Certificate = self.env["asi.certificate"]
        date = fields.Date.to_date(self.order_id.date_order) or fields.Date.context_today(self)
        eligible_input = material.category == "eligible_input"
        if vendor.asi_role == "coc_entity":
            holders = vendor
        elif vendor.asi_role == "trader":
            # V3 3.1.2: ASI material via a trader carries the originating entity's certificate.
            holders = vendor.asi_source_partner_ids
        elif vendor.asi_role == "scrap_supplier" and eligible_input:
            return "eligible", Certificate
        else:
            return "non_asi", Certificate
        valid = holders.asi_certificate_ids.filtered(lambda c: c.is_valid_for(material, date))
        if len(valid) != 1 and vendor.asi_role == "trader":
            # Several originating entities: the receipt records which one it was.
            return ("eligible" if eligible_input else "asi") if valid else "non_asi", Certificate
        if not valid:
            return "non_asi", Certificate
        return ("eligible" if eligible_input else "asi"), valid[:1]

    def _prepare_stock_move_vals(self, picking, price_unit, product_uom_qty, product_uom):
        vals = super()._prepare_stock_move_vals(picking, price_unit, product_uom_qty, product_uom)
        if self.asi_material_type_id:
            vals["asi_status"] = self.asi_status
            vals["asi_certificate_number"] = self.asi_certificate_number
        return vals
