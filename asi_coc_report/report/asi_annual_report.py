from odoo import models


class AsiAnnualReport(models.AbstractModel):
    """Values of the annual report PDF: the same figures as the xlsx report (both render
    ``asi.annual.report.wizard._asi_annual_data()``)."""

    _name = "report.asi_coc_report.report_annual"
    _inherit = "report.asi_coc_report.abstract_report"
    _description = "ASI Annual Report to the Secretariat (PDF)"
    _asi_doc_model = "asi.annual.report.wizard"
    _asi_data_key = "reports"

    def _asi_report_data(self, docs):
        return [wizard._asi_annual_data() for wizard in docs]
