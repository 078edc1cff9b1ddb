from odoo import models

from .asi_abstract_report_xlsx import column, sheet_name


class AsiClaimsReportXlsx(models.AbstractModel):
    """Claims report as a workbook (V3 8.2): one sheet per period, the claims and the totals
    per claim type. The figures are those of the PDF: both come from
    ``asi.accounting.period._asi_claims_report()``."""

    _name = "report.asi_coc_report.claims_report_xlsx"
    _inherit = "report.asi_coc_report.abstract_report_xlsx"
    _description = "ASI Claims Report (xlsx)"

    def _asi_claim_columns(self):
        return [
            column(self.env._("Claim"), 30),
            column(self.env._("Type"), 22),
            column(self.env._("Products"), 36),
            column(self.env._("ASI Approval Reference"), 14),
            column(self.env._("ASI Approval Date"), 14),
            column(self.env._("In Use From"), 14),
            column(self.env._("In Use Until"), 14),
            column(self.env._("ASI-designated output (kg)"), 18),
            column(self.env._("ASI mass declared by the claim (kg)"), 18),
        ]

    def generate_xlsx_report(self, workbook, data, objects):
        f = self._asi_formats(workbook)
        for report in objects._asi_claims_report():
            sheet = workbook.add_worksheet(sheet_name(report["period"].name))
            self._asi_write_period(sheet, report, f)

    def _asi_write_period(self, sheet, report, f):
        columns = self._asi_claim_columns()
        title = f["title_provisional"] if report["provisional"] else f["title"]
        sheet.write_string(0, 0, report["title"], title)
        sheet.write_string(
            1,
            0,
            self.env._(
                "%(company)s · V3 8.2 · ASI-designated output of the claim's products while "
                "it was in use (a claim without products: all ASI output)",
                company=report["company"].name,
            ),
            f["muted"],
        )
        self._asi_write_header(sheet, 3, columns, f)
        row = 4
        for line in report["claims"]:
            sheet.write_string(row, 0, line["name"])
            sheet.write_string(row, 1, line["type"])
            sheet.write_string(row, 2, line["products"])
            sheet.write_string(row, 3, line["approval_ref"])
            sheet.write_datetime(row, 4, line["approval_date"], f["date"])
            sheet.write_datetime(row, 5, line["date_from"], f["date"])
            sheet.write_datetime(row, 6, line["date_to"], f["date"])
            sheet.write_number(row, 7, line["output_kg"], f["kg"])
            sheet.write_number(row, 8, line["declared_kg"], f["kg"])
            row += 1
        if not report["claims"]:
            sheet.write_string(
                row, 0, self.env._("No approved claim was in use in this period."), f["muted"]
            )
            row += 1
        row += 1
        sheet.write_string(row, 0, self.env._("Per claim type"), f["bold"])
        row += 1
        sheet.write_row(
            row,
            0,
            [
                self.env._("Type"),
                self.env._("Claims"),
                self.env._("ASI-designated output (kg)"),
                self.env._("ASI mass declared by the claims (kg)"),
            ],
            f["header"],
        )
        row += 1
        for line in report["types"]:
            sheet.write_string(row, 0, line["type"])
            sheet.write_number(row, 1, line["count"])
            sheet.write_number(row, 2, line["output_kg"], f["kg"])
            sheet.write_number(row, 3, line["declared_kg"], f["kg"])
            row += 1
        row += 1
        sheet.write_string(row, 0, self.env._("ASI-designated output of the period"), f["bold"])
        sheet.write_number(row, 2, report["asi_output_kg"], f["bold_kg"])
