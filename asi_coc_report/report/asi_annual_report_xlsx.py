from odoo import models

from .asi_abstract_report_xlsx import column


class AsiAnnualReportXlsx(models.AbstractModel):
    """The annual report to the ASI Secretariat as a workbook: one sheet per scope (the
    entity, or each site under V3 option 3) with the clause, the figure and each material
    in kg and t, and a sheet of the periods used. Same figures as the PDF: both render
    ``asi.annual.report.wizard._asi_annual_data()``."""

    _name = "report.asi_coc_report.annual_report_xlsx"
    _inherit = "report.asi_coc_report.abstract_report_xlsx"
    _description = "ASI Annual Report to the Secretariat (xlsx)"

    def generate_xlsx_report(self, workbook, data, objects):
        f = self._asi_formats(workbook)
        for wizard in objects:
            report = wizard._asi_annual_data()
            for block in report["blocks"]:
                sheet = workbook.add_worksheet(block["label"][:31])
                self._asi_write_block(sheet, report, block, f)
            sheet = workbook.add_worksheet(self.env._("Periods"))
            sheet.write_string(0, 0, report["title"], f["title"])
            self._asi_write_header(sheet, 2, self._asi_period_columns(), f)
            sheet.freeze_panes(3, 0)
            for row, period in enumerate(report["periods"], start=3):
                sheet.write_string(row, 0, period["name"])
                sheet.write_string(row, 1, period["site"])
                sheet.write_datetime(row, 2, period["date_from"], f["date"])
                sheet.write_datetime(row, 3, period["date_to"], f["date"])
                sheet.write_string(row, 4, period["rule_set"])
                sheet.write_string(row, 5, period["state"])
                if not period["used"]:
                    used = self.env._("no: not closed")
                elif period["partial"]:
                    # V2.1 1.7: a period beyond the year counts with its lines of the year.
                    used = self.env._("yes: its lines dated in %(year)s only", year=report["year"])
                else:
                    used = self.env._("yes")
                sheet.write_string(row, 6, used)

    def _asi_period_columns(self):
        return [
            column(self.env._("Period"), 18),
            column(self.env._("Site"), 18),
            column(self.env._("Start"), 18),
            column(self.env._("End"), 18),
            column(self.env._("Rule Set"), 18),
            column(self.env._("Status"), 18),
            column(self.env._("Used"), 18),
        ]

    def _asi_write_block(self, sheet, report, block, f):
        materials = block["materials"]
        sheet.write_string(0, 0, f"{report['title']} · {block['label']}", f["title"])
        sheet.write_string(
            1,
            0,
            self.env._(
                "%(clauses)s · due %(due)s · built from the closed periods listed on the "
                "Periods sheet; scrap and eligible waste at aluminium content (V2.1 8.3)",
                clauses=block["clauses"],
                due=report["due"].isoformat(),
            ),
            f["muted"],
        )
        header = [column(self.env._("Clause"), 10), column(self.env._("Figure"), 42)]
        for item in materials:
            name = item["material"].name
            header += [column(f"{name} (kg)", 15), column(f"{name} (t)", 15)]
        header.append(column(self.env._("Key")))
        self._asi_write_header(sheet, 3, header, f)
        sheet.freeze_panes(4, 2)
        row = 4
        for clause, key, label in block["rows"]:
            sheet.write_string(row, 0, clause)
            sheet.write_string(row, 1, label)
            for index, item in enumerate(materials):
                value = item["figures"][key]
                sheet.write_number(row, 2 + 2 * index, value, f["kg"])
                sheet.write_number(row, 3 + 2 * index, value / 1000.0, f["t"])
            sheet.write_string(row, 2 + 2 * len(materials), key, f["muted"])
            row += 1
        if block["conversions"]:
            row += 1
            sheet.write_row(
                row,
                0,
                [
                    "2.3.2",
                    self.env._("Conversion factors"),
                    self.env._("Input"),
                    self.env._("Output"),
                    self.env._("Factor"),
                ],
                f["header"],
            )
            row += 1
            for conversion in block["conversions"]:
                sheet.write_string(row, 2, conversion["input"])
                sheet.write_string(row, 3, conversion["output"])
                sheet.write_number(row, 4, conversion["factor"])
                row += 1
        for statement in block["statements"]:
            row += 1
            sheet.write_string(row, 0, statement)
