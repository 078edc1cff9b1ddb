from odoo import api, fields, models


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

    @api.depends("period_id", "carry_forward", "mode")
    def _compute_preview_html(self):
        for wizard in self:
            if wizard.mode != "close" or not wizard.period_id:
                wizard.preview_html = False
                wizard.has_problems = False
                continue
            period = wizard.period_id
            plan = period._close_plan(wizard.carry_forward)
            problems = [
                period._problem_message(problem, item["material"])
                for item in plan
                for problem in item["problems"]
            ]
            wizard.has_problems = bool(problems)
            wizard.preview_html = self.env["ir.qweb"]._render(
                "asi_coc.asi_period_close_preview",
                {
                    "plan": plan,
                    "problems": problems,
                    "period": period,
                    # V3 5.1.4: discrepancies found outside the ledger (e.g. yields).
                    "period_warnings": period._asi_period_warnings(),
                },
            )

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "reopen":
            self.period_id.action_reopen(self.reason)
        else:
            self.period_id.action_close(carry_forward=self.carry_forward)
        return {"type": "ir.actions.act_window_close"}
