from odoo import api, models


class AsiPeriodReconciliationReport(models.AbstractModel):
    """Values of the period reconciliation PDF: the same rows as the xlsx report."""

    _name = "report.asi_coc_report.report_period_reconciliation"
    _description = "ASI Period Reconciliation (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        periods = self.env["asi.accounting.period"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "asi.accounting.period",
            "docs": periods,
            "reconciliations": periods._asi_reconciliation(),
            "fmt_kg": format_kg,
            "fmt_t": format_t,
            "fmt_share": format_share,
        }


def format_kg(value):
    return "" if value is None else f"{value:,.3f}"


def format_t(value):
    return "" if value is None else f"{value / 1000.0:,.3f}"


def format_share(value):
    return "" if value is None else f"{value * 100:.1f} %"
