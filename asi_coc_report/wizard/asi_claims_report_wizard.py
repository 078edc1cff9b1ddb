from odoo import api, fields, models


class AsiClaimsReportWizard(models.TransientModel):
    """Choose the material accounting period of the claims report (V3 8.2)."""

    _name = "asi.claims.report.wizard"
    _description = "ASI Claims Report"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    period_id = fields.Many2one(
        "asi.accounting.period",
        required=True,
        domain="[('company_id', '=', company_id)]",
        default=lambda self: self._default_period(),
    )

    @api.model
    def _default_period(self):
        return self.env["asi.accounting.period"].search(
            [("company_id", "=", self.env.company.id)], order="date_from desc", limit=1
        )

    def action_print_xlsx(self):
        self.ensure_one()
        return self.period_id.action_print_claims_xlsx()

    def action_print_pdf(self):
        self.ensure_one()
        return self.period_id.action_print_claims_pdf()
