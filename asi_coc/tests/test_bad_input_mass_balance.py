"""Bad input to the mass-balance engine that had no test of its own: each is refused with
its message and nothing is written (the README table "Bad input the suite refuses")."""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestBadInputCorrections(MassBalanceCase):
    """V2.1 2.5, 9.6, 10.4: a CoC error posts a real correction, once, and stays."""

    def error(self, line, status="non_asi", kg=1000):
        return self.env["asi.coc.error"].create(
            {
                "origin_line_id": line.id,
                "date": date(2026, 3, 1),
                "description": "Weighbridge ticket misread",
                "corrected_asi_status": status,
                "corrected_mass_kg": kg,
            }
        )

    def test_correction_that_changes_nothing_refused(self):
        # 1,000 kg ASI received; the "correction" says 1,000 kg ASI again
        line = self.post(1000)
        count = self.Line.search_count([])
        error = self.error(line, status="asi", kg=1000)
        with self.assertRaisesRegex(
            UserError, "The correction changes nothing: give the correct status or mass."
        ):
            error.action_confirm()
        self.assertEqual(error.state, "draft")
        self.assertFalse(error.correction_line_ids)
        self.assertEqual(self.Line.search_count([]), count)
        self.assertEqual((self.balance()["asi_in"], self.balance()["non_asi_in"]), (1000, 0))

    def test_negative_correct_mass_refused(self):
        line = self.post(1000)
        count = self.Line.search_count([])
        error = self.error(line, kg=-50)
        with self.assertRaisesRegex(UserError, "The correct mass cannot be negative."):
            error.action_confirm()
        self.assertEqual(error.state, "draft")
        self.assertEqual(self.Line.search_count([]), count)
        self.assertEqual(self.balance()["asi_in"], 1000)

    def test_confirmed_correction_is_not_cancelled(self):
        # 1,000 kg ASI corrected to 1,000 kg non-ASI: 1,000 - 1,000 = 0 kg ASI, 1,000 non-ASI
        error = self.error(self.post(1000))
        error.action_confirm()
        with self.assertRaisesRegex(
            UserError, "A confirmed correction is in the ledger: it stays."
        ):
            error.action_cancel()
        self.assertEqual(error.state, "confirmed")
        self.assertEqual(len(error.correction_line_ids), 2)
        self.assertEqual((self.balance()["asi_in"], self.balance()["non_asi_in"]), (0, 1000))


@tagged("post_install", "-at_install")
class TestBadInputOverdraft(MassBalanceCase):
    """V2.1 8.8: an internal overdraft is a manager's decision, in the ledger, repaid."""

    def event(self, overdraft_kg=2000):
        return self.env["asi.force.majeure"].create(
            {
                "name": "Potline outage",
                "date": date(2026, 3, 1),
                "material_type_id": self.aluminium.id,
                "description": "Power cut",
                "affected_deliveries": "SO 12",
                "affected_mass_kg": 5000,
                "overdraft_kg": overdraft_kg,
            }
        )

    def test_overdraft_approved_by_a_user_refused(self):
        # 10,000 kg ASI in: 20 % allows 2,000 kg, but only a manager approves it
        self.post(10000)
        event = self.event()
        with self.assertRaisesRegex(UserError, "Only an ASI CoC Manager can approve an overdraft."):
            event.with_user(self.user).action_approve()
        self.assertEqual(event.state, "draft")
        self.assertFalse(event.ledger_line_ids)
        self.assertEqual((self.balance()["overdraft"], self.balance()["available"]), (0, 10000))

    def test_approved_overdraft_is_not_cancelled(self):
        # 10,000 kg in + 2,000 kg overdraft = 12,000 kg available; the 2,000 kg stay owed
        self.post(10000)
        event = self.event()
        event.action_approve()
        with self.assertRaisesRegex(
            UserError, "An approved overdraft is in the ledger: it is repaid, not cancelled."
        ):
            event.action_cancel()
        self.assertEqual(event.state, "approved")
        self.assertEqual((self.balance()["overdraft"], self.balance()["available"]), (2000, 12000))


@tagged("post_install", "-at_install")
class TestBadInputPeriods(MassBalanceCase):
    """V2.1 8.2, 1.6: periods close once, in order; only a manager reopens one."""

    def test_closing_a_closed_period_again_refused(self):
        self.post(1000)
        self.p1.action_close(carry_forward=False)
        closed_on, count = self.p1.closed_on, self.Line.search_count([])
        with self.assertRaisesRegex(UserError, "is already closed."):
            self.p1.action_close(carry_forward=False)
        self.assertEqual((self.p1.state, self.p1.closed_on), ("closed", closed_on))
        # the 1,000 kg lapsed once, not twice
        self.assertEqual(self.Line.search_count([]), count)
        self.assertEqual(self.balance()["expired"], 1000)

    def test_reopen_by_a_user_refused(self):
        self.post(1000)
        self.p1.action_close()
        p2 = self.p1._next_period()
        with self.assertRaisesRegex(UserError, "Only an ASI CoC Manager can reopen a period."):
            self.p1.with_user(self.user).action_reopen("late weighbridge ticket")
        self.assertEqual((self.p1.state, self.p1.reopen_reason), ("closed", False))
        # the 1,000 kg are still carried into the next period
        self.assertEqual(self.balance(p2)["carried_in"], 1000)
