from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .asi_due_diligence import DD_ROLES


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
    asi_gate_warning = fields.Text(
        string="ASI Onboarding Warning",
        compute="_compute_asi_gate_warning",
        help="Why this order cannot be confirmed yet: what is missing in the vendor's ASI "
        "onboarding for its aluminium-related products.",
    )
    asi_gate_due_diligence_id = fields.Many2one(
        "asi.due.diligence",
        string="Vendor Assessment",
        compute="_compute_asi_gate_warning",
        help="The vendor's due-diligence assessment to complete before confirming.",
    )

    def _compute_asi_material_count(self):
        for order in self:
            order.asi_material_count = len(
                order.order_line.product_id.product_tmpl_id.filtered("asi_material_type_id")
            )

    @api.depends(
        "partner_id", "order_line.product_id", "asi_gate_override_reason", "company_id", "state"
    )
    def _compute_asi_gate_warning(self):
        # Said on the RFQ before Confirm, not only when Confirm refuses (V2.1 7.1).
        for order in self:
            issues = []
            if order.state in ("draft", "sent", "to approve") and order.partner_id:
                issues = order._asi_gate_issues()
            order.asi_gate_warning = "; ".join(issues) or False
            vendor = order.partner_id.commercial_partner_id.with_company(order.company_id)
            order.asi_gate_due_diligence_id = (
                vendor.asi_due_diligence_id if issues and vendor.asi_role in DD_ROLES else False
            )

    def action_asi_open_due_diligence(self):
        self.ensure_one()
        dd = self.asi_gate_due_diligence_id
        action = {
            "type": "ir.actions.act_window",
            "res_model": "asi.due.diligence",
            "view_mode": "form",
            "views": [(False, "form")],
        }
        if dd:
            action["res_id"] = dd.id
        else:
            action["context"] = {
                "default_partner_id": self.partner_id.commercial_partner_id.id,
                "default_company_id": self.company_id.id,
            }
        return action

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
        self.filtered(lambda o: o.state in ("draft", "sent"))._asi_verify_vendor_gate()
        return super().button_confirm()

    def button_approve(self, force=False):
        # Second-level approval: the vendor may have lost its approval meanwhile.
        self.filtered(lambda o: o.state == "to approve")._asi_verify_vendor_gate()
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

    def _asi_verify_vendor_gate(self):
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
