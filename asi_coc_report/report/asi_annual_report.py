from odoo import api, models

from .asi_period_reconciliation import format_kg, format_t


class AsiAnnualReport(models.AbstractModel):
    """Values of the annual report PDF: the same figures as the xlsx report."""

    _name = "report.asi_coc_report.report_annual"
    _description = "ASI Annual Report to the Secretariat (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["asi.annual.report.wizard"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "asi.annual.report.wizard",
            "docs": wizards,
            "reports": [wizard._asi_annual_data() for wizard in wizards],
            "fmt_kg": format_kg,
            "fmt_t": format_t,
        }
