from odoo.tests import Form, tagged

from .common import AsiMrpCase


@tagged("post_install", "-at_install")
class TestYield(AsiMrpCase):
    """V3 5.1.2, 5.1.4: what the done MOs consumed and produced next to the standard
    conversion factor in force; a warning when the factor credits more than the plant
    yields."""

    def setUp(self):
        super().setUp()
        self.receive(self.ingot, 10000, "ING-Y", asi_status="non_asi")
        self.receive(self.scrap, 1000, "UBC-Y", asi_status="non_asi")

    def test_factor_above_the_plant_yield_warns(self):
        self.scrap_factor(0.9)  # UBC -> aluminium
        self.produce(10, "Y-1")
        # Consumed for the aluminium balance: 4,900 kg ingot + 200 kg UBC x 90 % = 180 kg,
        # 5,080 kg. Credited: 4,900 + 180 x 0.9 = 5,062 kg. Produced: 10 x 500 kg x 99 % =
        # 4,950 kg of billets (the 80 kg saw scrap has no factor: its own balance).
        # 5,062 > 4,950: the factor credits more than the plant made; yield 4,950 / 5,080.
        (row,) = self.p1._asi_yields()
        self.assertEqual(row["material"], self.aluminium)
        self.assertAlmostEqual(row["consumed_kg"], 5080)
        self.assertAlmostEqual(row["credited_kg"], 5062)
        self.assertAlmostEqual(row["produced_kg"], 4950)
        self.assertEqual(
            [(m.code, kg, f) for m, kg, f, _c in row["inputs"]],
            [("aluminium", 4900, 1.0), ("scrap_post_consumer", 180, 0.9)],
        )
        (warning,) = self.p1._asi_period_warnings()
        self.assertIn("credit 5,062 kg", warning)
        self.assertIn("produced 4,950 kg (yield 97.4 %)", warning)
        self.assertIn("Eligible Post-Consumer Scrap 0.9 (180 kg consumed)", warning)
        self.assertIn("credit 5,062 kg", self.p1.warning_html)
        # The close preview shows it too, as something to explain, not a blocker.
        wizard = Form(self.env["asi.period.close"].with_context(default_period_id=self.p1.id))
        self.assertIn("credit 5,062 kg", wizard.preview_html)
        self.assertFalse(wizard.has_problems)

    def test_factor_within_the_plant_yield_is_quiet(self):
        self.scrap_factor(0.5)
        self.scrap_factor(0.95, material=self.scrap_pre)
        self.produce(10, "Y-2")
        # Credited: 4,900 + 180 x 0.5 = 4,990 kg. Produced: 4,950 kg of billets + 80 kg saw
        # scrap, which the factor puts into the aluminium balance: 5,030 kg >= 4,990 kg.
        (row,) = self.p1._asi_yields()
        self.assertAlmostEqual(row["credited_kg"], 4990)
        self.assertAlmostEqual(row["produced_kg"], 5030)
        self.assertEqual(self.p1._asi_period_warnings(), [])
        self.assertFalse(self.p1.warning_html)

    def test_no_factor_no_row(self):
        # Ingot cast into billets without any converted input: nothing to compare.
        self.bom.bom_line_ids.filtered(lambda line: line.product_id == self.scrap).unlink()
        self.produce(2, "Y-3")
        self.assertEqual(self.p1._asi_yields(), [])
