from datetime import date

from lxml import html

from odoo.tests import tagged

from .common import RECONCILIATION_PDF, RECONCILIATION_XLSX, ReportCase


@tagged("post_install", "-at_install")
class TestReconciliationScreens(ReportCase):
    """The reconciliation as an accountant reads it (issue 14, points 8-10)."""

    def test_list_groups_add_up_no_unrelated_figures(self):
        # Grouped by material, a sum of 10,000 kg ASI in + 80 % share + 7,000 kg available
        # means nothing: no figure of the list has a group total.
        Line = self.env["asi.period.reconciliation.line"]
        lines = Line._create_from(self.p1)
        described = Line.fields_get(["value_kg", "value_t", "share"], ["aggregator"])
        for name in ("value_kg", "value_t", "share"):
            self.assertFalse(described[name].get("aggregator"), name)
        groups = Line.web_read_group(
            [("id", "in", lines.ids)],
            ["value_kg", "value_t", "share"],
            ["material_type_id"],
        )["groups"]
        self.assertTrue(groups)
        for group in groups:
            for name in ("value_kg", "value_t", "share"):
                self.assertNotIn(name, group)

    def test_pdf_tables_repeat_the_material_and_keep_rows_whole(self):
        content, _kind = self.Report._render_qweb_html(RECONCILIATION_PDF, self.p1.ids)
        tree = html.fromstring(content)
        tables = tree.xpath("//div[hasclass('o_asi_period_reconciliation')]//table")
        self.assertEqual(len(tables), 3)  # Aluminium, Eligible Pre-Consumer Scrap, Alumina
        for table in tables:
            head = table.xpath("./thead")[0].text_content()
            # The material's name is in the header that wkhtmltopdf repeats on each page.
            self.assertTrue(
                any(
                    name in head for name in ("Aluminium", "Eligible Pre-Consumer Scrap", "Alumina")
                ),
                head,
            )
        style = "".join(tree.xpath("//style/text()"))
        self.assertIn("display: table-header-group", style)
        self.assertIn("page-break-inside: avoid", style)

    def test_pdf_and_xlsx_show_the_explanation_of_the_close(self):
        # The outsourcing round trip lost 10 kg (800 kg sent, 790 kg returned).
        self.p1.action_close(explanation="10 kg anodising loss, contractor report 2026-03-05")
        text = self.pdf_text(RECONCILIATION_PDF, self.p1)
        self.assertIn("10kganodisingloss,contractorreport2026-03-05", text)
        book = self.workbook(self.xlsx(RECONCILIATION_XLSX, self.p1))
        values = [c.value for row in book["Summary"].iter_rows() for c in row if c.value]
        self.assertIn("10 kg anodising loss, contractor report 2026-03-05", values)

    def test_xlsx_ledger_in_date_order_with_the_source_document(self):
        # Posted last, dated first: the 800 kg sent to outsourcing on 2026-02-01 is posted
        # after the outputs of March; a receipt recorded against its source record.
        self.post(
            25,
            on=date(2026, 1, 15),
            res_model="res.partner",
            res_id=self.smelter.id,
            document_ref="DOC-25",
        )
        book = self.workbook(self.xlsx(RECONCILIATION_XLSX, self.p1))
        rows = list(book["Ledger Lines"].iter_rows(min_row=2, values_only=True))
        dates = [r[1].date() for r in rows]
        self.assertEqual(dates, sorted(dates))
        self.assertEqual(dates[0], date(2026, 1, 15))
        self.assertEqual(rows[0][8], 25)
        self.assertEqual(rows[0][12], "Test Smelter")
        self.assertFalse(any(isinstance(r[12], str) and "," in r[12] for r in rows))
