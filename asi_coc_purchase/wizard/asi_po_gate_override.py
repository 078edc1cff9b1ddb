from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class AsiPoGateOverride(models.TransientModel):
    """An ASI CoC Manager confirms an aluminium purchase order although the vendor's ASI
    onboarding is incomplete, and records why (kept in the order's tracked history)."""

    _name = "asi.po.gate.override"
    _description = "Override the ASI vendor onboarding check of a purchase order"

    order_id = fields.Many2one("purchase.order", required=True, ondelete="cascade")
    issues = fields.Text(string="What Is Missing", compute="_compute_issues")
    reason = fields.Text(required=True)

    @api.depends("order_id")
    def _compute_issues(self):
        for wizard in self:
            wizard.issues = "\n".join(wizard.order_id._asi_gate_issues())

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("asi_coc.group_asi_coc_manager"):
            raise AccessError(
                self.env._("Only an ASI CoC Manager can override the vendor onboarding check.")
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the override."))
        order = self.order_id
        issues = order._asi_gate_issues()
        order.write({"asi_gate_override_reason": reason, "asi_gate_override_uid": self.env.uid})
        order.message_post(
            body=self.env._(
                "ASI onboarding check overridden by %(user)s. Missing: %(issues)s. Reason: "
                "%(reason)s",
                user=self.env.user.name,
                issues="; ".join(issues) or "-",
                reason=reason,
            )
        )
        if order.state in ("draft", "sent"):
            order.button_confirm()
        elif order.state == "to approve":
            order.button_approve()
        return {"type": "ir.actions.act_window_close"}
