from odoo import api, models

from .asi_period_reconciliation import format_kg


class AsiClaimsReport(models.AbstractModel):
    """Values of the claims report PDF (V3 8.2): the same rows as the xlsx report."""

    _name = "report.asi_coc_report.report_claims"
    _description = "ASI Claims Report (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        periods = self.env["asi.accounting.period"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "asi.accounting.period",
            "docs": periods,
            "reports": periods._asi_claims_report(),
            "fmt_kg": format_kg,
        }
