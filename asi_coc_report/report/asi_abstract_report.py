from functools import partial

from odoo import api, models

from odoo.addons.asi_coc.tools import format_kg, format_share, format_t


class AsiAbstractReport(models.AbstractModel):
    """The one base of the suite's PDF reports (the OCA account_financial_report pattern):
    the report's data is built by its abstract model, in ``report/``, and both the PDF
    (QWeb, through ``_get_report_values``) and the workbook (the xlsx model calls
    ``_asi_report_data``) print the same dicts, so that the two cannot differ.

    A new report inherits this model and sets two class attributes and one method::

        class AsiLedgerIntegrityReport(models.AbstractModel):
            _name = "report.asi_coc_report.report_ledger_integrity"  # report_name of the PDF
            _inherit = "report.asi_coc_report.abstract_report"
            _description = "ASI Ledger Integrity (PDF)"
            _asi_doc_model = "asi.accounting.period"  # the records the report is printed on
            _asi_data_key = "checks"  # what the QWeb template iterates

            def _asi_report_data(self, docs):
                return [...]  # one dict per record of ``docs``

    The template receives ``docs``, ``<_asi_data_key>`` and the formatters ``fmt_kg``,
    ``fmt_t`` and ``fmt_share`` (asi_coc/tools/format.py; kg with 3 decimals in columns).
    """

    _name = "report.asi_coc_report.abstract_report"
    _description = "ASI CoC Abstract Report"

    # The model of the records the report is printed on, and the key of the template values
    # that holds the report's data.
    _asi_doc_model = None
    _asi_data_key = "reports"

    def _asi_report_data(self, docs):
        """What the report prints for ``docs`` (a list of dicts): PDF and xlsx alike."""
        raise NotImplementedError()

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._asi_doc_model].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": self._asi_doc_model,
            "docs": docs,
            self._asi_data_key: self._asi_report_data(docs),
            # Figures in the columns of a report line up: always 3 decimals.
            "fmt_kg": partial(format_kg, fixed=True),
            "fmt_t": format_t,
            "fmt_share": format_share,
        }
