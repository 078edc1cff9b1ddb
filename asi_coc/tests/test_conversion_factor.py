from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestConversionFactor(AsiCocCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Factor = cls.env["asi.conversion.factor"]
        cls.factor_2026 = cls.Factor.create(
            {
                "input_material_type_id": cls.alumina.id,
                "output_material_type_id": cls.aluminium.id,
                "factor": 0.529,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )

    def test_get_factor(self):
        self.assertEqual(
            self.Factor.get_factor(self.alumina, self.aluminium, date(2026, 6, 1)), 0.529
        )
        self.assertEqual(
            self.Factor.get_factor(self.aluminium, self.aluminium, date(2026, 6, 1)), 1.0
        )

    def test_missing_factor_is_a_clear_error(self):
        with self.assertRaisesRegex(
            UserError, "No conversion factor from Alumina to Aluminium is valid on 2027-01-05"
        ):
            self.Factor.get_factor(self.alumina, self.aluminium, date(2027, 1, 5))

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
        # the next year is fine
        nxt = self.Factor.create(
            {
                "input_material_type_id": self.alumina.id,
                "output_material_type_id": self.aluminium.id,
                "factor": 0.53,
                "date_from": date(2027, 1, 1),
            }
        )
        self.assertEqual(
            self.Factor.get_factor(self.alumina, self.aluminium, date(2027, 1, 5)), 0.53
        )
        self.assertTrue(nxt)

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
