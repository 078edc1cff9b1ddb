from odoo import api, fields, models
from odoo.exceptions import UserError


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
        self._asi_verify_whole_transaction()
        # V2.1 11, V3 8: no ASI request is accepted without a valid certificate covering it.
        today = fields.Date.context_today(self)
        for order in self:
            materials = order.order_line.filtered("asi_requested").asi_material_type_id
            if materials:
                order.company_id._asi_verify_certificate(materials, today)
        return super().action_confirm()

    def _asi_verify_printable(self):
        """Refuse printing an ASI claim that no valid certificate backs (V2.1 11)."""
        today = fields.Date.context_today(self)
        for order in self:
            materials = order.order_line.filtered("asi_requested").asi_material_type_id
            if materials:
                order.company_id._asi_verify_certificate(materials, today)

    def write(self, vals):
        if "order_line" not in vals:
            return super().write(vals)
        # The lines are checked together once the order's lines are all written.
        res = super(SaleOrder, self.with_context(asi_whole_transaction_later=True)).write(vals)
        self.filtered(lambda o: o.state == "sale")._asi_verify_whole_transaction()
        return res

    def _asi_verify_whole_transaction(self):
        """V3 6.2: under the V3 rule sets an order is ASI as a whole: ASI is requested on
        every aluminium line (a product with an ASI material type), or on none ("不可仅适用于
        批次或订单的部分内容"). V2.1 8.5 lets each line be ASI or not."""
        for order in self:
            lines = order.order_line.filtered(
                lambda line: line.asi_material_type_id and not line.display_type
            )
            partial = order.company_id._asi_partial_transaction(lines, "asi_requested")
            if partial:
                raise UserError(
                    self.env._(
                        "%(order)s requests ASI material for only part of its aluminium "
                        "(requested: %(requested)s; not requested: %(rest)s). Under the V3 rules "
                        "a transaction is ASI as a whole (V3 6.2): request ASI on every "
                        "aluminium line of the order, or on none.",
                        order=order.name,
                        requested=partial[0],
                        rest=partial[1],
                    )
                )
