from odoo import models

# Documents whose PDF carries an ASI claim: printing it needs a valid certificate (V2.1 11).
ASI_CLAIM_MODELS = ("sale.order", "account.move")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_html(self, report_ref, docids, data=None):
        report = self._get_report(report_ref)
        if report.model in ASI_CLAIM_MODELS and docids:
            self.env[report.model].browse(docids)._asi_verify_printable()
        return super()._render_qweb_html(report_ref, docids, data=data)
