from datetime import date
from unittest.mock import patch

from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestBalances(MassBalanceCase):
    """get_balances(): the figures of every material of a period from one GROUP BY, and a
    post() that locks each period once and reads its conversion factors once (issue 15)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # V3 5.1.2: alumina is accounted in the aluminium balance, 2 kg for 1 kg
        cls.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": cls.alumina.id,
                "output_material_type_id": cls.aluminium.id,
                "factor": 0.5,
                "date_from": date(2026, 1, 1),
            }
        )
        cls.post(10000)
        cls.post(4000, material=cls.alumina)
        cls.post(3000, status="non_asi")
        cls.post(1500, status="eligible", material=cls.scrap_pre)
        cls.post(5000, direction="output", on=date(2026, 3, 1))

    def counted(self, method):
        """Patches ``method`` of the period model to count its calls (still running it)."""
        Period = type(self.p1)
        original = getattr(Period, method)
        calls = []

        def counting(period, *args, **kwargs):
            calls.append(period)
            return original(period, *args, **kwargs)

        return patch.object(Period, method, counting), calls

    def test_every_material_in_worked_kg(self):
        patcher, group_bys = self.counted("_ledger_sums")
        with patcher:
            balances = self.p1.get_balances()
        self.assertEqual(len(group_bys), 1)
        # each material with ledger lines, in the materials' order (alumina 20, aluminium
        # 30, pre-consumer scrap 40)
        self.assertEqual(list(balances), [self.alumina, self.aluminium, self.scrap_pre])
        aluminium = balances[self.aluminium]
        # 10,000 kg ASI + 4,000 kg alumina x 0.5 = 12,000 kg credited; all inputs
        # 10,000 + 2,000 + 3,000 = 15,000 kg; 12,000 - 5,000 designated = 7,000 kg
        self.assertEqual(
            (aluminium["asi_in"], aluminium["non_asi_in"], aluminium["asi_in_converted"]),
            (10000, 3000, 12000),
        )
        self.assertEqual((aluminium["asi_out"], aluminium["available"]), (5000, 7000))
        self.assertAlmostEqual(aluminium["input_share"], 12000 / 15000)
        # alumina lists its own 4,000 kg and has no balance of its own
        alumina = balances[self.alumina]
        self.assertEqual((alumina["asi_in"], alumina["available"]), (4000, 0))
        scrap = balances[self.scrap_pre]
        self.assertEqual((scrap["eligible_in"], scrap["available"]), (1500, 1500))
        # get_balance() is the one-material view of the same figures
        for material, figures in balances.items():
            self.assertEqual(self.p1.get_balance(material), figures)

    def test_material_without_lines_is_all_zero(self):
        self.assertNotIn(self.env.ref("asi_coc.material_bauxite"), self.p1.get_balances())
        bauxite = self.p1.get_balance(self.env.ref("asi_coc.material_bauxite"))
        self.assertEqual((bauxite["asi_in"], bauxite["available"]), (0, 0))

    def test_post_locks_once_and_reads_the_factors_once(self):
        seq = self.p1.designation_seq
        patcher, lookups = self.counted("_conversions")
        vals = {
            "date": date(2026, 4, 1),
            "direction": "output",
            "asi_status": "asi",
            "flow_type": "external",
            "partner_id": self.smelter.id,
        }
        with patcher:
            lines = self.Line.post(
                [
                    # 1,000 kg of alumina draw 500 kg on the aluminium balance (7,000 kg)
                    dict(vals, material_type_id=self.alumina.id, mass_kg=1000),
                    dict(vals, material_type_id=self.aluminium.id, mass_kg=600),
                    dict(vals, material_type_id=self.scrap_pre.id, mass_kg=500),
                ]
            )
        self.assertEqual(len(lines), 3)
        self.assertEqual(len(lookups), 1)
        self.p1.invalidate_recordset(["designation_seq"])
        self.assertEqual(self.p1.designation_seq, seq + 1)
        # 7,000 - 500 - 600 = 5,900 kg of aluminium; 1,500 - 500 = 1,000 kg of scrap
        balances = self.p1.get_balances()
        self.assertEqual(balances[self.aluminium]["available"], 5900)
        self.assertEqual(balances[self.scrap_pre]["available"], 1000)
