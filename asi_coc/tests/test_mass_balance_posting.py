from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestPosting(MassBalanceCase):
    def test_balance_figures(self):
        factor = self.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": self.scrap_pre.id,
                "output_material_type_id": self.aluminium.id,
                "factor": 0.9,
                "date_from": date(2026, 1, 1),
            }
        )
        self.post(5000)
        self.post(2000, status="eligible", material=self.scrap_pre)
        self.post(3000, status="non_asi")
        self.post(4000, direction="output")
        self.post(1000, direction="output", status="non_asi")
        self.post(300, direction="output", flow="outsourcing", status="non_asi")
        self.post(280, direction="input", flow="outsourcing", status="non_asi")
        b = self.balance()
        self.assertEqual(b["asi_in"], 5000)
        # the scrap's own 2,000 kg are listed under the scrap, credited here at 0.9
        self.assertEqual(b["eligible_in"], 0)
        self.assertEqual(self.balance(material=self.scrap_pre)["eligible_in"], 2000)
        self.assertEqual(b["non_asi_in"], 3000)
        self.assertEqual(b["asi_in_converted"], 5000 + 2000 * 0.9)
        self.assertEqual(b["out_total"], 5000)
        self.assertEqual(b["asi_out"], 4000)
        self.assertEqual(b["outsourcing_out"], 300)
        self.assertEqual(b["outsourcing_in"], 280)
        self.assertEqual(b["outsourcing_difference"], 20)
        self.assertEqual(b["available"], 6800 - 4000)
        self.assertEqual(b["closing_balance"], 2800)
        # the converted scrap is credited to aluminium only, never to its own balance too
        self.assertEqual(self.balance(material=self.scrap_pre)["asi_in_converted"], 0)
        self.assertEqual(self.balance(material=self.scrap_pre)["available"], 0)
        self.assertEqual(factor.factor, 0.9)

    def test_eligible_scrap_output_uses_the_aluminium_share(self):
        # V2.1 8.6: process scrap shipped as eligible scrap draws on the same ASI share as
        # the aluminium it comes from.
        self.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": self.scrap_pre.id,
                "output_material_type_id": self.aluminium.id,
                "factor": 0.96,
                "date_from": date(2026, 1, 1),
            }
        )
        self.post(1000)
        self.post(1000, status="non_asi")
        # 1,100 kg of scrap are 1,100 x 0.96 = 1,056 kg of aluminium (V3 5.1.2)
        with self.assertRaisesRegex(
            UserError, "Aluminium .*: 1,000 kg available, 1,056 kg requested"
        ):
            self.post(1100, direction="output", status="eligible", material=self.scrap_pre)
        self.post(250, direction="output", status="eligible", material=self.scrap_pre)
        self.post(1760, direction="output", status="non_asi")
        b = self.balance()
        # 250 x 0.96 = 240 kg of 240 + 1,760 = 2,000 kg out; 50 % allows 1,000 kg
        self.assertEqual(
            (b["asi_out_converted"], b["out_total_converted"], b["available"]), (240, 2000, 760)
        )
        self.assertEqual(self.balance(material=self.scrap_pre)["asi_out"], 250)
        self.p1.action_close(carry_forward=False)
        self.assertEqual(self.balance()["expired"], 760)

    def test_no_open_period_refused(self):
        count = self.Line.search_count([])
        with self.assertRaisesRegex(UserError, "No material accounting period of .* covers"):
            self.post(100, on=date(2025, 12, 31))
        self.assertEqual(self.Line.search_count([]), count)

    def test_designation_is_indivisible(self):
        self.post(500)
        count = self.Line.search_count([])
        with self.assertRaisesRegex(
            UserError,
            r"Not enough ASI balance for Aluminium .*: 500 kg available, 501 kg requested",
        ):
            self.post(501, direction="output")
        self.assertEqual(self.Line.search_count([]), count)
        self.post(500, direction="output")
        self.assertEqual(self.balance()["available"], 0)

    def test_several_lines_are_checked_together(self):
        self.post(500)
        vals = {
            "date": date(2026, 2, 2),
            "material_type_id": self.aluminium.id,
            "direction": "output",
            "asi_status": "asi",
            "flow_type": "external",
        }
        with self.assertRaisesRegex(UserError, "500 kg available, 600 kg requested"):
            self.Line.post([dict(vals, mass_kg=300), dict(vals, mass_kg=300)])
        self.assertEqual(self.balance()["asi_out"], 0)

    def test_inputs_of_a_batch_count_for_its_designations(self):
        vals = {
            "date": date(2026, 2, 2),
            "material_type_id": self.aluminium.id,
            "asi_status": "asi",
            "flow_type": "external",
        }
        lines = self.Line.post(
            [
                dict(vals, direction="output", mass_kg=300),
                dict(vals, direction="input", mass_kg=300),
            ]
        )
        self.assertEqual(len(lines), 2)
        with self.assertRaisesRegex(UserError, "300 kg available, 301 kg requested"):
            self.Line.post(
                [
                    dict(vals, direction="output", mass_kg=301),
                    dict(vals, direction="input", mass_kg=300),
                ]
            )
        self.assertEqual(self.balance()["asi_in"], 300)

    def test_lines_are_not_typed_by_hand(self):
        with self.assertRaisesRegex(UserError, "Ledger lines are written by the operations"):
            self.Line.create(
                {
                    "date": date(2026, 2, 1),
                    "period_id": self.p1.id,
                    "company_id": self.company.id,
                    "material_type_id": self.aluminium.id,
                    "direction": "input",
                    "asi_status": "asi",
                    "flow_type": "external",
                    "mass_kg": 1,
                }
            )
        line = self.post(100)
        with self.assertRaisesRegex(UserError, "Posted ledger lines cannot be changed"):
            line.mass_kg = 1000
        self.assertEqual(line.mass_kg, 100)
        line.note = "checked against the weighbridge ticket"

    def test_negative_mass_only_for_reversals(self):
        count = self.Line.search_count([])
        with self.assertRaisesRegex(ValidationError, "needs a positive mass"):
            self.post(-100)
        self.assertEqual(self.Line.search_count([]), count)
        original = self.post(100)
        reversal = self.post(-100, origin_line_id=original.id)
        self.assertEqual(self.balance()["asi_in"], 0)
        self.assertEqual(reversal.origin_line_id, original)
