from odoo import api, fields, models


class ReportLedgerIntegrity(models.AbstractModel):
    """The result of Check Ledger Integrity as a PDF, as Odoo's ``account`` prints its
    hash integrity report (``account.report_hash_integrity``)."""

    _name = "report.asi_coc.report_ledger_integrity"
    _description = "ASI Ledger Integrity Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        periods = self.env["asi.accounting.period"].browse(docids)
        results = {}
        for period in periods:
            result = period.asi_check_integrity()
            line = self.env["asi.ledger.line"].sudo().browse(result["first_broken_line_id"])
            results[period.id] = dict(
                result,
                broken_line=line,
                closed_hash_ok=(
                    period.state != "closed"
                    or not period.close_hash_line_id
                    or period.close_hash == period.close_hash_line_id.sudo().inalterable_hash
                ),
            )
        return {
            "doc_ids": docids,
            "doc_model": "asi.accounting.period",
            "docs": periods,
            "results": results,
            "printing_date": fields.Datetime.now(),
        }
