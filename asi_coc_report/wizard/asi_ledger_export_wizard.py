import base64
import csv
import io
from urllib.parse import quote

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..report.asi_period_reconciliation_xlsx import BATCH, KG

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
    data = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

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
        periods._asi_check_report_access()
        return periods, date_from, date_to

    def _asi_rows(self, period, date_from, date_to):
        """Batches of rows (tuples in COLUMNS order) of one period's ledger lines between two
        dates, by date: keyset pagination, names joined in the same query."""
        self.env["asi.ledger.line"].flush_model()
        last = (date_from, 0)
        while True:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT l.id, l.date, s.code, m.code, l.asi_status, l.direction,
                           l.flow_type, l.mass_kg, p.name, c.number, l.document_ref,
                           l.res_model, l.res_id, l.origin_line_id
                      FROM asi_ledger_line l
                      JOIN asi_material_type m ON m.id = l.material_type_id
                 LEFT JOIN asi_site s ON s.id = l.site_id
                 LEFT JOIN res_partner p ON p.id = l.partner_id
                 LEFT JOIN asi_certificate c ON c.id = l.certificate_id
                     WHERE l.period_id = %s AND l.date BETWEEN %s AND %s
                       AND (l.date, l.id) > (%s, %s)
                  ORDER BY l.date, l.id
                     LIMIT %s
                    """,
                    period.id,
                    date_from,
                    date_to,
                    last[0],
                    last[1],
                    BATCH,
                )
            )
            if not rows:
                return
            yield [(r[0], period.name, *r[1:]) for r in rows]
            last = (rows[-1][1], rows[-1][0])

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

    def _asi_xlsx_headers(self):
        return [
            self.env._("Line"),
            self.env._("Period"),
            self.env._("Date"),
            self.env._("Site"),
            self.env._("Material"),
            self.env._("ASI Status"),
            self.env._("Direction"),
            self.env._("Flow Type"),
            self.env._("Mass (kg)"),
            self.env._("Counterparty"),
            self.env._("Certificate"),
            self.env._("CoC Document"),
            self.env._("Source Model"),
            self.env._("Source Record"),
            self.env._("Reverses / Corrects"),
        ]

    def _asi_xlsx(self, periods, date_from, date_to):
        out = io.BytesIO()
        workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
        header = workbook.add_format({"bold": True, "bottom": 1, "bg_color": "#E8EEF4"})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        kg_format = workbook.add_format({"num_format": KG})
        headers = self._asi_xlsx_headers()
        for period in periods:
            sheet, row, part = None, XLSX_MAX_ROWS, 0
            for batch in self._asi_rows(period, date_from, date_to):
                for values in batch:
                    if row >= XLSX_MAX_ROWS:
                        part += 1
                        name = period.name.replace("–", "-").replace(" ", "")
                        sheet = workbook.add_worksheet(
                            name[:31] if part == 1 else f"{name[:27]} ({part})"
                        )
                        sheet.set_column(0, 0, 9)
                        sheet.set_column(1, 1, 24)
                        sheet.set_column(2, len(headers) - 1, 14)
                        sheet.write_row(0, 0, headers, header)
                        sheet.freeze_panes(1, 0)
                        row = 1
                    sheet.write_number(row, 0, values[0])
                    sheet.write_string(row, 1, values[1])
                    sheet.write_datetime(row, 2, values[2], date_format)
                    for col in (3, 4, 5, 6, 7):
                        if values[col]:
                            sheet.write_string(row, col, values[col])
                    sheet.write_number(row, 8, values[8], kg_format)
                    for col in (9, 10, 11, 12):
                        if values[col]:
                            sheet.write_string(row, col, values[col])
                    for col in (13, 14):
                        if values[col]:
                            sheet.write_number(row, col, values[col])
                    row += 1
            if sheet is None:
                # A period without lines in the range still has its (empty) sheet.
                name = period.name.replace("–", "-").replace(" ", "")
                sheet = workbook.add_worksheet(name[:31])
                sheet.write_row(0, 0, headers, header)
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
        self.ensure_one()
        name, content = self._asi_export()
        self.write({"data": base64.b64encode(content), "filename": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/data/{quote(name)}?download=true",
            "target": "download",
        }
