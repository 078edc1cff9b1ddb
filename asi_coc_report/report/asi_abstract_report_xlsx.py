from odoo import models

# Number formats of every workbook of the suite.
KG = "#,##0.000"
TONNES = '#,##0.000 "t"'
SHARE = "0.0 %"
DATE = "yyyy-mm-dd"
# The cell formats, defined once for every workbook (reports and exports): name -> properties.
FORMATS = {
    "title": {"bold": True, "font_size": 14},
    "title_provisional": {"bold": True, "font_size": 14, "font_color": "#B00020"},
    "muted": {"italic": True, "font_color": "#666666"},
    "header": {"bold": True, "bottom": 1, "bg_color": "#E8EEF4", "text_wrap": True},
    "section": {"bold": True, "italic": True},
    "bold": {"bold": True},
    "kg": {"num_format": KG},
    "bold_kg": {"num_format": KG, "bold": True},
    "t": {"num_format": TONNES},
    "share": {"num_format": SHARE},
    "flag": {"font_color": "#B00020"},
    "date": {"num_format": DATE},
}


def add_formats(workbook):
    """{name: format} of FORMATS, added to ``workbook`` (an xlsxwriter workbook)."""
    return {name: workbook.add_format(properties) for name, properties in FORMATS.items()}


def sheet_name(name, part=1):
    """A worksheet name from a record name (e.g. a period's "2026-01-01 – 2026-06-30"):
    Excel allows 31 characters; ``part`` > 1 numbers the sheets a long list continues on."""
    name = name.replace("–", "-").replace(" ", "")
    return name[:31] if part == 1 else f"{name[:27]} ({part})"


def column(header, width=None):
    """A column of a sheet: its header and its width (in characters; None: Excel's)."""
    return {"header": header, "width": width}


class AsiAbstractReportXlsx(models.AbstractModel):
    """The one base of the suite's workbooks (the OCA account_financial_report pattern):
    the formats are defined once (FORMATS, ``_asi_formats``), and the columns of a sheet are
    described with their header and width (``column``) and written by ``_asi_write_header``.
    The figures come from the report's abstract model (``report/``), the same dicts as the
    PDF.

    A new workbook inherits this model::

        class AsiLedgerIntegrityXlsx(models.AbstractModel):
            _name = "report.asi_coc_report.ledger_integrity_xlsx"
            _inherit = "report.asi_coc_report.abstract_report_xlsx"
            _description = "ASI Ledger Integrity (xlsx)"

            def generate_xlsx_report(self, workbook, data, objects):
                f = self._asi_formats(workbook)
                sheet = workbook.add_worksheet(self.env._("Checks"))
                self._asi_write_header(
                    sheet, 0, [column(self.env._("Check"), 40), column(self.env._("kg"), 14)], f
                )
                ...

    Workbooks are written in constant_memory mode (rows in order, flat memory)."""

    _name = "report.asi_coc_report.abstract_report_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "ASI CoC Abstract Workbook"

    def get_workbook_options(self):
        # Each row is flushed to a temporary file once the next one starts (rows are
        # written in order), so a ledger of any size fits in flat memory.
        return {"constant_memory": True, "default_date_format": DATE}

    def _asi_formats(self, workbook):
        return add_formats(workbook)

    def _asi_write_header(self, sheet, row, columns, formats, widths=True):
        """Writes the header row of ``columns`` (see ``column``) at ``row``, and sets their
        widths unless ``widths`` is False (a sheet that repeats its header)."""
        if widths:
            self._asi_set_widths(sheet, columns)
        sheet.write_row(row, 0, [c["header"] for c in columns], formats["header"])

    @staticmethod
    def _asi_set_widths(sheet, columns):
        """Sets the width of each of ``columns``; neighbours of one width in one call."""
        start = 0
        for index in range(1, len(columns) + 1):
            if index == len(columns) or columns[index]["width"] != columns[start]["width"]:
                if columns[start]["width"] is not None:
                    sheet.set_column(start, index - 1, columns[start]["width"])
                start = index
