from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.format import format_kg


class AsiPeriodClose(models.TransientModel):
    """Confirmation of a period close (what will be carried forward, expire or be repaid,
    and what blocks the close) or of a reopening, with its reason."""

    _name = "asi.period.close"
    _description = "Close or Reopen a Material Accounting Period"

    period_id = fields.Many2one("asi.accounting.period", required=True, ondelete="cascade")
    mode = fields.Selection(
        [("close", "Close"), ("reopen", "Reopen")], default="close", required=True
    )
    carry_forward = fields.Boolean(
        string="Carry Positive Balances Forward",
        default=True,
        help="A positive balance carries into the next period (V2.1 8.9, V3 5.2.1); otherwise "
        "it lapses at the close.",
    )
    reason = fields.Text(string="Reason for Reopening")
    preview_html = fields.Html(compute="_compute_preview_html", sanitize=False)
    has_problems = fields.Boolean(compute="_compute_preview_html")
    has_warnings = fields.Boolean(compute="_compute_preview_html")
    ends_later = fields.Boolean(
        string="Period Not Ended",
        compute="_compute_ends_later",
        help="The period ends today or later: closing it now locks it before its end.",
    )
    confirm_early_close = fields.Boolean(
        string="Close Before the End of the Period",
        help="Receipts and deliveries dated up to the end of the period can no longer be "
        "posted into it once it is closed.",
    )
    close_explanation = fields.Text(
        string="Explanation of Differences",
        compute="_compute_close_explanation",
        store=True,
        readonly=False,
        help="Why the differences listed above are what they are (V2.1 2.4, V3 5.1.4); kept "
        "on the closed period and shown in its reconciliation.",
    )

    @api.depends("period_id")
    def _compute_ends_later(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            wizard.ends_later = bool(wizard.period_id) and wizard.period_id.date_to >= today

    @api.depends("period_id")
    def _compute_close_explanation(self):
        # A reopened period closed again starts from the explanation of its last close.
        for wizard in self:
            wizard.close_explanation = wizard.period_id.close_explanation

    def _early_close_message(self):
        return self.env._(
            "Period %(period)s runs until %(end)s: once closed, no receipt or delivery dated "
            "up to %(end)s can be posted into it.",
            period=self.period_id.name,
            end=self.period_id.date_to.isoformat(),
        )

    @api.depends("period_id", "carry_forward", "mode")
    def _compute_preview_html(self):
        for wizard in self:
            if wizard.mode != "close" or not wizard.period_id:
                wizard.preview_html = False
                wizard.has_problems = False
                wizard.has_warnings = False
                continue
            period = wizard.period_id
            plan = period._close_plan(wizard.carry_forward)
            problems = [
                period._problem_message(problem, item["material"])
                for item in plan
                for problem in item["problems"]
            ]
            # V3 5.1.4: discrepancies found outside the ledger (e.g. yields).
            period_warnings = period._asi_period_warnings()
            wizard.has_problems = bool(problems)
            wizard.has_warnings = bool(period_warnings or any(item["warnings"] for item in plan))
            wizard.preview_html = self.env["ir.qweb"]._render(
                "asi_coc.asi_period_close_preview",
                {
                    "plan": plan,
                    "problems": problems,
                    "period": period,
                    "period_warnings": period_warnings,
                    "early_close": wizard.ends_later and wizard._early_close_message(),
                    "kg": format_kg,
                },
            )

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "reopen":
            self.period_id.action_reopen(self.reason)
        else:
            if self.ends_later and not self.confirm_early_close:
                raise UserError(
                    self.env._(
                        "%(warning)s Tick “Close Before the End of the Period” to close it now.",
                        warning=self._early_close_message(),
                    )
                )
            if self.has_warnings and not (self.close_explanation or "").strip():
                raise UserError(
                    self.env._(
                        "Explain the differences listed in the close of period %(period)s "
                        "before closing it: the explanation is kept with the closed period "
                        "for the auditor (V2.1 2.4, V3 5.1.4).",
                        period=self.period_id.name,
                    )
                )
            self.period_id.action_close(
                carry_forward=self.carry_forward, explanation=self.close_explanation
            )
        return {"type": "ir.actions.act_window_close"}
