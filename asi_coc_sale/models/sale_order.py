from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    asi_requested = fields.Boolean(
        string="ASI Material Requested", compute="_compute_asi_requested"
    )
    asi_certificate_id = fields.Many2one(
        "asi.certificate",
        string="ASI CoC Certificate",
        compute="_compute_asi_requested",
        help="The company's CoC certificate valid today that covers the ASI material "
        "requested on the order: printed on the quotation (V2.1 11).",
    )

    @api.depends("order_line.asi_requested", "order_line.product_id", "company_id")
    @api.depends_context("date")
    def _compute_asi_requested(self):
        today = fields.Date.context_today(self)
        for order in self:
            requested = order.order_line.filtered("asi_requested")
            order.asi_requested = bool(requested)
            order.asi_certificate_id = False
            materials = requested.asi_material_type_id
            if materials:
                certificates = [
                    order.company_id._asi_valid_certificate(material, today)
                    for material in materials
                ]
                if all(certificates):
                    order.asi_certificate_id = certificates[0]

    def action_confirm(self):
        # V2.1 11, V3 8: no ASI request is accepted without a valid certificate covering it.
        today = fields.Date.context_today(self)
        for order in self:
            materials = order.order_line.filtered("asi_requested").asi_material_type_id
            if materials:
                order.company_id._asi_check_certificate(materials, today)
        return super().action_confirm()

    def _asi_check_printable(self):
        """Refuse printing an ASI claim that no valid certificate backs (V2.1 11)."""
        today = fields.Date.context_today(self)
        for order in self:
            materials = order.order_line.filtered("asi_requested").asi_material_type_id
            if materials:
                order.company_id._asi_check_certificate(materials, today)
