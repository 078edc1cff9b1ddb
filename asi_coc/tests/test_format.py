from odoo.tests import TransactionCase, tagged

from odoo.addons.asi_coc.tools import format_kg, format_share, format_t


@tagged("post_install", "-at_install")
class TestFormat(TransactionCase):
    """The one kg format of the suite (issue 15): screens and messages, and report columns."""

    def test_kg_on_screens_without_trailing_zeros(self):
        # 1,000 kg and 500 g: grams kept, no trailing zeros, thousands separated
        self.assertEqual(format_kg(1000.5), "1,000.5")
        self.assertEqual(format_kg(12000), "12,000")
        self.assertEqual(format_kg(0.0004), "0")  # below a gram: 0, not -0 or 0.000
        self.assertEqual(format_kg(-0.0004), "0")
        self.assertEqual(format_kg(-250.25), "-250.25")
        self.assertEqual(format_kg(None), "")

    def test_kg_tonnes_and_shares_in_report_columns(self):
        # report columns line up: always 3 decimals; 1,500 kg = 1.500 t; 6,000 / 24,000 = 25 %
        self.assertEqual(format_kg(1000.5, fixed=True), "1,000.500")
        self.assertEqual(format_kg(None, fixed=True), "")
        self.assertEqual(format_t(1500), "1.500")
        self.assertEqual(format_t(None), "")
        self.assertEqual(format_share(6000 / 24000), "25.0 %")
        self.assertEqual(format_share(None), "")
