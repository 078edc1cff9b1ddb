import io
import re
import zipfile
from datetime import date

import openpyxl

from odoo.tools.pdf import PdfReader

from odoo.addons.asi_coc.tests.common_mass_balance import MassBalanceCase

RECONCILIATION_XLSX = "asi_coc_report.action_report_period_reconciliation_xlsx"
RECONCILIATION_PDF = "asi_coc_report.action_report_period_reconciliation_pdf"
ANNUAL_XLSX = "asi_coc_report.action_report_annual_xlsx"
ANNUAL_PDF = "asi_coc_report.action_report_annual_pdf"


def squash(text):
    """Text without whitespace: PDF text extraction breaks lines and spaces at will."""
    return re.sub(r"\s+", "", text)


class ReportCase(MassBalanceCase):
    """p1 (V2.1, 2026 H1) with ASI, eligible (converted alumina) and non-ASI inputs, ASI and
    non-ASI outputs and an outsourcing round trip that lost 10 kg."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["ir.actions.report"]
        cls.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": cls.alumina.id,
                "output_material_type_id": cls.aluminium.id,
                "factor": 0.5,
                "date_from": date(2025, 1, 1),
            }
        )
        cls.post(10000)
        cls.post(4000, material=cls.alumina)  # 2,000 kg of aluminium after conversion
        cls.post(3000, status="non_asi")
        cls.post(1500, status="eligible", material=cls.scrap_pre)
        cls.post(5000, direction="output", on=date(2026, 3, 1))
        cls.post(2000, direction="output", status="non_asi", on=date(2026, 3, 2))
        cls.post(800, direction="output", status="non_asi", flow="outsourcing")
        cls.post(790, status="non_asi", flow="outsourcing", on=date(2026, 3, 5))

    def xlsx(self, report, records, env=None):
        content, kind = (env or self.env)["ir.actions.report"]._render_xlsx(report, records.ids, {})
        self.assertEqual(kind, "xlsx")
        return content

    def workbook(self, content):
        return openpyxl.load_workbook(io.BytesIO(content))

    def xlsx_parts(self, content):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def pdf_text(self, report, records):
        pdf, kind = self.Report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report, records.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))

    @staticmethod
    def rows_by_key(sheet, key_column):
        """{key: row number} of a sheet whose ``key_column`` (letter) holds the figure keys."""
        return {
            cell.value: cell.row
            for cell in sheet[key_column]
            if isinstance(cell.value, str) and re.fullmatch(r"[a-z_]+", cell.value)
        }
