import csv
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..report.asi_abstract_report_xlsx import add_formats, column, sheet_name

# The columns of the ledger export, CSV header names (stable, machine-readable).
COLUMNS = [
    "id",
    "period",
    "date",
    "site_code",
    "material_code",
    "asi_status",
    "direction",
    "flow_type",
    "mass_kg",
    "partner",
    "certificate_number",
    "document_ref",
    "source_model",
    "source_id",
    "origin_line_id",
]
# Excel's last row: a longer sheet continues on the next one.
XLSX_MAX_ROWS = 1048576


class AsiLedgerExportWizard(models.TransientModel):
    """The material accounting records of a period or a date range for the auditor (V2.1
    1.6, 8.1; V3 2.2, 5.1), every column of every ledger line, as CSV or xlsx. Each period is
    its own balance under its own rule set: the export is split by period (one sheet per
    period; in CSV a ``period`` column, rows grouped per period)."""

    _name = "asi.ledger.export.wizard"
    _inherit = ["asi.download.mixin"]
    _description = "ASI Ledger Export"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    mode = fields.Selection(
        [("period", "Period"), ("dates", "Date range")],
        string="Export",
        required=True,
        default="period",
    )
    period_id = fields.Many2one("asi.accounting.period", domain="[('company_id', '=', company_id)]")
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    file_format = fields.Selection(
        [("xlsx", "Excel workbook (xlsx)"), ("csv", "CSV")],
        string="Format",
        required=True,
        default="xlsx",
    )

    @api.onchange("period_id")
    def _onchange_period_id(self):
        if self.period_id:
            self.date_from, self.date_to = self.period_id.date_from, self.period_id.date_to

    def _asi_scope(self):
        """(periods, date_from, date_to) of the export, checked."""
        self.ensure_one()
        if self.mode == "period":
            if not self.period_id:
                raise UserError(self.env._("Choose the period to export."))
            periods = self.period_id
            date_from, date_to = periods.date_from, periods.date_to
        else:
            if not (self.date_from and self.date_to) or self.date_from > self.date_to:
                raise UserError(self.env._("Choose a date range: a start and a later end."))
            date_from, date_to = self.date_from, self.date_to
            periods = self.env["asi.accounting.period"].search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_from", "<=", date_to),
                    ("date_to", ">=", date_from),
                ]
            )
            if not periods:
                raise UserError(
                    self.env._(
                        "No material accounting period of %(company)s overlaps %(date_from)s – "
                        "%(date_to)s.",
                        company=self.company_id.name,
                        date_from=date_from,
                        date_to=date_to,
                    )
                )
        periods = periods.sorted(lambda p: (p.date_from, p.site_id.code or ""))
        periods._asi_verify_report_access()
        return periods, date_from, date_to

    def _asi_rows(self, period, date_from, date_to):
        """Batches of rows (tuples in COLUMNS order) of one period's ledger lines between two
        dates, by date (the ledger reader, ``asi.ledger.line._asi_read_batches``)."""
        name = period.name
        for rows in self.env["asi.ledger.line"]._asi_read_batches(period, date_from, date_to):
            # the reader's first 14 values are the columns of the export but the period
            yield [(row[0], name, *row[1:14]) for row in rows]

    def _asi_csv(self, periods, date_from, date_to):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for period in periods:
            for batch in self._asi_rows(period, date_from, date_to):
                writer.writerows(
                    [
                        (*r[:8], format(r[8], ".3f"), *("" if v is None else v for v in r[9:]))
                        for r in batch
                    ]
                )
        return out.getvalue().encode()

    def _asi_xlsx_columns(self):
        return [
            column(self.env._("Line"), 9),
            column(self.env._("Period"), 24),
            column(self.env._("Date"), 14),
            column(self.env._("Site"), 14),
            column(self.env._("Material"), 14),
            column(self.env._("ASI Status"), 14),
            column(self.env._("Direction"), 14),
            column(self.env._("Flow Type"), 14),
            column(self.env._("Mass (kg)"), 14),
            column(self.env._("Counterparty"), 14),
            column(self.env._("Certificate"), 14),
            column(self.env._("CoC Document"), 14),
            column(self.env._("Source Model"), 14),
            column(self.env._("Source Record"), 14),
            column(self.env._("Reverses / Corrects"), 14),
        ]

    def _asi_xlsx(self, periods, date_from, date_to):
        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
        f = add_formats(workbook)
        columns = self._asi_xlsx_columns()
        Xlsx = self.env["report.asi_coc_report.abstract_report_xlsx"]
        for period in periods:
            sheet, row, part = None, XLSX_MAX_ROWS, 0
            for batch in self._asi_rows(period, date_from, date_to):
                for values in batch:
                    if row >= XLSX_MAX_ROWS:
                        part += 1
                        sheet = workbook.add_worksheet(sheet_name(period.name, part))
                        Xlsx._asi_write_header(sheet, 0, columns, f)
                        sheet.freeze_panes(1, 0)
                        row = 1
                    sheet.write_number(row, 0, values[0])
                    sheet.write_string(row, 1, values[1])
                    sheet.write_datetime(row, 2, values[2], f["date"])
                    for col in (3, 4, 5, 6, 7):
                        if values[col]:
                            sheet.write_string(row, col, values[col])
                    sheet.write_number(row, 8, values[8], f["kg"])
                    for col in (9, 10, 11, 12):
                        if values[col]:
                            sheet.write_string(row, col, values[col])
                    for col in (13, 14):
                        if values[col]:
                            sheet.write_number(row, col, values[col])
                    row += 1
            if sheet is None:
                # A period without lines in the range still has its (empty) sheet.
                sheet = workbook.add_worksheet(sheet_name(period.name))
                Xlsx._asi_write_header(sheet, 0, columns, f, widths=False)
        workbook.close()
        return out.getvalue()

    def _asi_export(self):
        """(file name, content bytes) of the export."""
        periods, date_from, date_to = self._asi_scope()
        if self.file_format == "csv":
            content = self._asi_csv(periods, date_from, date_to)
        else:
            content = self._asi_xlsx(periods, date_from, date_to)
        name = f"asi-ledger-{self.company_id.name}-{date_from}-{date_to}.{self.file_format}"
        return name.replace("/", "-"), content

    def action_export(self):
        return self._asi_download(*self._asi_export())
