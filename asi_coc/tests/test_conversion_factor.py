from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestConversionFactor(MassBalanceCase):
    """Alumina converts into aluminium at 0.5 (V3 5.1.2): 2 kg of alumina make 1 kg of
    aluminium, and every flow of alumina is charged to the aluminium balance through it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Factor = cls.env["asi.conversion.factor"]
        cls.factor_2026 = cls.Factor.create(
            {
                "input_material_type_id": cls.alumina.id,
                "output_material_type_id": cls.aluminium.id,
                "factor": 0.5,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )

    def overdraft(self, kg, site=None, on=date(2026, 3, 1)):
        return self.env["asi.force.majeure"].create(
            {
                "name": "Potline outage",
                "date": on,
                "material_type_id": self.aluminium.id,
                "site_id": site.id if site else False,
                "description": "Power cut",
                "affected_deliveries": "SO 12",
                "affected_mass_kg": 5000,
                "overdraft_kg": kg,
            }
        )

    def test_inputs_are_credited_through_the_factor(self):
        self.post(10000)
        self.post(4000, material=self.alumina)
        al = self.balance()
        # each material lists its own raw kg; the balance is in aluminium:
        # 10,000 + 4,000 x 0.5 = 12,000 kg
        self.assertEqual(al["asi_in"], 10000)
        self.assertEqual(al["asi_in_converted"], 12000)
        self.assertEqual(al["available"], 12000)
        alumina = self.balance(material=self.alumina)
        self.assertEqual(alumina["asi_in"], 4000)
        self.assertEqual((alumina["asi_in_converted"], alumina["available"]), (0, 0))
        # the period's balance table lists both materials
        self.p1.invalidate_recordset(["balance_html"])
        self.assertIn("Alumina", self.p1.balance_html)
        self.assertIn("12,000", self.p1.balance_html)

    def test_output_of_converted_material_is_charged_through_the_factor(self):
        self.post(10000)
        self.post(4000, material=self.alumina)
        # 2,000 kg of ASI alumina sold = 1,000 kg of aluminium: 12,000 - 1,000 = 11,000
        self.post(2000, direction="output", material=self.alumina)
        self.assertEqual(self.balance()["available"], 11000)
        self.assertEqual(self.balance()["asi_out"], 0)
        self.assertEqual(self.balance(material=self.alumina)["asi_out"], 2000)
        # 11,000 kg of aluminium cover 22,000 kg of alumina, not one kg more
        count = self.Line.search_count([])
        with self.assertRaisesRegex(
            UserError, r"Aluminium .*: 11,000 kg available, 11,000.5 kg requested"
        ):
            self.post(22001, direction="output", material=self.alumina)
        self.assertEqual(self.Line.search_count([]), count)
        self.post(22000, direction="output", material=self.alumina)
        self.assertEqual(self.balance()["available"], 0)

    def test_overdraft_limit_is_20_percent_of_converted_input(self):
        # V2.1 8.8 a: 20 % of the CoC material input in aluminium: (10,000 + 4,000 x 0.5) x
        # 20 % = 2,400 kg (not 20 % of the raw 14,000 kg = 2,800 kg)
        self.post(10000)
        self.post(4000, material=self.alumina)
        event = self.overdraft(2401)
        with self.assertRaisesRegex(UserError, r"\(12,000 kg, so at most 2,400 kg"):
            event.action_approve()
        self.assertEqual(self.balance()["overdraft"], 0)
        event.overdraft_kg = 2400
        event.action_approve()
        self.assertEqual(self.balance()["overdraft"], 2400)

    def test_v2_1_share_in_aluminium(self):
        # 1,000 kg ASI aluminium + 4,000 kg non-ASI alumina (2,000 kg Al): input share
        # 1,000 / 3,000 = 33.3 %; 3,000 kg aluminium out allow 1,000 kg ASI
        self.post(1000)
        self.post(4000, status="non_asi", material=self.alumina)
        self.post(1000, direction="output")
        self.post(2000, direction="output", status="non_asi")
        self.assertAlmostEqual(self.balance()["input_share"], 1 / 3)
        self.p1.action_close()
        self.assertEqual(self.p1.state, "closed")

    def test_option3_transfer_of_converted_material_between_sites(self):
        self.company.asi_rule_set = "v3_option3"
        north = self.env["asi.site"].create({"name": "North", "code": "N"})
        south = self.env["asi.site"].create({"name": "South", "code": "S"})
        self.p1.action_close()
        dates = {"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31)}
        pn = self.Period.create(dict(dates, site_id=north.id))
        ps = self.Period.create(dict(dates, site_id=south.id))
        on = date(2026, 7, 10)
        self.post(4000, material=self.alumina, site=north, on=on)
        self.assertEqual(self.balance(pn)["available"], 2000)
        # moving all 4,000 kg of alumina moves 2,000 kg of aluminium balance
        self.post(
            4000, direction="output", flow="intra_entity", material=self.alumina, site=north, on=on
        )
        self.post(
            4000, direction="input", flow="intra_entity", material=self.alumina, site=south, on=on
        )
        self.assertEqual(self.balance(pn)["available"], 0)
        self.assertEqual(self.balance(ps)["available"], 2000)
        with self.assertRaisesRegex(UserError, "0 kg available, 0.5 kg requested"):
            self.post(
                1, direction="output", flow="intra_entity", material=self.alumina, site=north, on=on
            )

    def test_outsourcing_of_converted_material_reconciled_in_aluminium(self):
        self.post(4000, material=self.alumina)
        self.post(1000, direction="output", flow="outsourcing", material=self.alumina)
        self.post(960, direction="input", flow="outsourcing", material=self.alumina)
        b = self.balance()
        # 1,000 kg alumina = 500 kg Al sent, 960 kg = 480 kg Al back: 20 kg of aluminium
        self.assertEqual(
            (b["outsourcing_out_converted"], b["outsourcing_in_converted"]), (500, 480)
        )
        self.assertEqual(self.balance(material=self.alumina)["outsourcing_out"], 1000)
        (item,) = [i for i in self.p1._close_plan() if i["material"] == self.aluminium]
        self.assertEqual(
            item["warnings"],
            [
                (
                    "Aluminium: 500 kg sent to outsourcing contractors, 480 kg returned; "
                    "explain the difference of 20 kg (V2.1 2.4)."
                )
            ],
        )

    def test_factor_of_the_period_applies(self):
        # 2027 uses 0.53: a period is converted with the factor valid at its start
        self.Factor.create(
            {
                "input_material_type_id": self.alumina.id,
                "output_material_type_id": self.aluminium.id,
                "factor": 0.53,
                "date_from": date(2027, 1, 1),
            }
        )
        self.p1.action_close()
        p2 = self.Period.create({"date_from": date(2027, 1, 1), "date_to": date(2027, 6, 30)})
        self.post(1000, material=self.alumina, on=date(2027, 1, 5))
        self.assertEqual(self.balance(p2)["asi_in_converted"], 530)

    def test_overlap_refused(self):
        count = self.Factor.search_count([])
        with self.assertRaisesRegex(ValidationError, "overlaps these dates"):
            self.Factor.create(
                {
                    "input_material_type_id": self.alumina.id,
                    "output_material_type_id": self.aluminium.id,
                    "factor": 0.53,
                    "date_from": date(2026, 12, 1),
                }
            )
        self.assertEqual(self.Factor.search_count([]), count)

    def test_bad_values_refused(self):
        vals = {
            "input_material_type_id": self.scrap_pre.id,
            "output_material_type_id": self.aluminium.id,
            "date_from": date(2026, 1, 1),
        }
        with self.assertRaisesRegex(ValidationError, "greater than zero"):
            self.Factor.create(dict(vals, factor=0))
        with self.assertRaisesRegex(ValidationError, "two different materials"):
            self.Factor.create(dict(vals, factor=1, output_material_type_id=self.scrap_pre.id))
        with self.assertRaisesRegex(ValidationError, "cannot be before its start date"):
            self.Factor.create(dict(vals, factor=0.9, date_to=date(2025, 1, 1)))
        self.assertFalse(self.Factor.search([("input_material_type_id", "=", self.scrap_pre.id)]))
