from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestPeriods(MassBalanceCase):
    def test_period_copies_rule_set_and_names_itself(self):
        self.assertEqual(self.p1.rule_set, "v2_1")
        self.assertEqual(self.p1.name, "2026-01-01 – 2026-06-30")
        self.assertEqual(self.p1.state, "open")

    def test_overlapping_period_refused(self):
        count = self.Period.search_count([])
        with self.assertRaisesRegex(ValidationError, "overlaps period 2026-01-01 – 2026-06-30"):
            self.Period.create({"date_from": date(2026, 6, 1), "date_to": date(2026, 12, 31)})
        self.assertEqual(self.Period.search_count([]), count)

    def test_period_longer_than_12_months_refused(self):
        count = self.Period.search_count([])
        with self.assertRaisesRegex(ValidationError, "at most 12 months"):
            self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2027, 7, 1)})
        self.assertEqual(self.Period.search_count([]), count)
        twelve = self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2027, 6, 30)})
        self.assertTrue(twelve)

    def test_period_ending_before_start_refused(self):
        count = self.Period.search_count([])
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self.Period.create({"date_from": date(2026, 9, 1), "date_to": date(2026, 8, 1)})
        self.assertEqual(self.Period.search_count([]), count)

    def test_option3_periods_belong_to_a_site(self):
        count = self.Period.search_count([])
        with self.assertRaisesRegex(ValidationError, "Under V3 option 3 every period belongs"):
            self.Period.create(
                {
                    "date_from": date(2026, 7, 1),
                    "date_to": date(2026, 12, 31),
                    "rule_set": "v3_option3",
                }
            )
        self.assertEqual(self.Period.search_count([]), count)

    def test_period_deletable_only_while_empty(self):
        empty = self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31)})
        empty.unlink()
        self.assertFalse(empty.exists())
        self.post(100)
        with self.assertRaisesRegex(UserError, "must be kept until 2031-06-30"):
            self.p1.unlink()
        self.assertTrue(self.p1.exists())

    def test_dates_fixed_once_lines_exist(self):
        self.post(100)
        with self.assertRaisesRegex(UserError, "fixed once it has ledger lines"):
            self.p1.date_to = date(2026, 5, 31)
        self.assertEqual(self.p1.date_to, date(2026, 6, 30))
