import io
import unicodedata

from odoo.tests import tagged
from odoo.tools.pdf import PdfReader

from odoo.addons.asi_coc.tests.common import new_company_user

from .common import RECONCILIATION_PDF, ReportCase, squash


@tagged("post_install", "-at_install")
class TestZhCnPdf(ReportCase):
    """The reconciliation PDF of a Chinese-speaking accountant is in Simplified Chinese (the
    suite ships a complete zh_CN translation of every module, README "Modules")."""

    def test_reconciliation_pdf_in_zh_cn(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["asi_coc", "asi_coc_stock", "asi_coc_report"], ["zh_CN"], overwrite=True
        )
        accountant = new_company_user(
            self.env,
            "asi_zh_accountant",
            "base.group_user,asi_coc.group_asi_coc_user",
            self.company,
            lang="zh_CN",
        )
        env = self.env(user=accountant, context=dict(self.env.context, lang="zh_CN"))
        # NFKC: the PDF text of some CJK glyphs comes out as Kangxi radicals (U+2F00...).
        text = unicodedata.normalize(
            "NFKC",
            squash(
                "".join(
                    page.extract_text() for page in self.pdf_pages(env, RECONCILIATION_PDF, self.p1)
                )
            ),
        )
        for expected in (
            f"核算期核对{squash(self.p1.name)}(临时)",  # Period reconciliation (provisional)
            "数值",  # Figure
            "实体",  # Entity
            "ASI输入",  # ASI input
            "差异",  # Discrepancies
            "4,000.000",  # alumina, its own kg (V3 5.1.2)
            "10,000.000",  # aluminium
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Periodreconciliation", text)

    def pdf_pages(self, env, report, records):
        pdf, kind = (
            env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        return PdfReader(io.BytesIO(pdf)).pages
