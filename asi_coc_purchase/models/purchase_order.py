from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    asi_gate_override_reason = fields.Text(
        string="ASI Onboarding Override",
        tracking=True,
        copy=False,
        readonly=True,
        help="Why an ASI CoC Manager let this order be confirmed although the vendor's ASI "
        "onboarding was incomplete.",
    )
    asi_gate_override_uid = fields.Many2one(
        "res.users", string="Override By", copy=False, readonly=True, tracking=True
    )
    asi_material_count = fields.Integer(compute="_compute_asi_material_count")

    def _compute_asi_material_count(self):
        for order in self:
            order.asi_material_count = len(
                order.order_line.product_id.product_tmpl_id.filtered("asi_material_type_id")
            )

    def write(self, vals):
        if (
            {"asi_gate_override_reason", "asi_gate_override_uid"} & set(vals)
            and not self.env.su
            and not self.env.user.has_group("asi_coc.group_asi_coc_manager")
        ):
            raise AccessError(
                self.env._("Only an ASI CoC Manager can override the vendor onboarding check.")
            )
        return super().write(vals)

    def button_confirm(self):
        # V2.1 7.1-7.3, V3 3.1.2, 4.1: aluminium is bought only from onboarded vendors.
        self.filtered(lambda o: o.state in ("draft", "sent"))._asi_check_vendor_gate()
        return super().button_confirm()

    def button_approve(self, force=False):
        # Second-level approval: the vendor may have lost its approval meanwhile.
        self.filtered(lambda o: o.state == "to approve")._asi_check_vendor_gate()
        return super().button_approve(force=force)

    def _asi_gate_issues(self):
        """What is missing in the vendor's ASI onboarding for this order's aluminium-related
        products; empty for orders without them (a no-op for other purchases)."""
        self.ensure_one()
        materials = self.order_line.product_id.product_tmpl_id.asi_material_type_id
        if not materials or self.asi_gate_override_reason:
            return []
        date = fields.Date.context_today(self)
        return self.partner_id.with_company(self.company_id)._asi_onboarding_issues(materials, date)

    def _asi_check_vendor_gate(self):
        for order in self:
            issues = order._asi_gate_issues()
            if issues:
                raise UserError(
                    self.env._(
                        "%(order)s contains aluminium-related products and cannot be "
                        "confirmed: %(issues)s. Complete the vendor's ASI onboarding, or ask "
                        "an ASI CoC Manager to override with a reason.",
                        order=order.name,
                        issues="; ".join(issues),
                    )
                )

    def action_asi_gate_override(self):
        self.ensure_one()
        if not self.env.user.has_group("asi_coc.group_asi_coc_manager"):
            raise AccessError(
                self.env._("Only an ASI CoC Manager can override the vendor onboarding check.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override ASI Onboarding Check"),
            "res_model": "asi.po.gate.override",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }
