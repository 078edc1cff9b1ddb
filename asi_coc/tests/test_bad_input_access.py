"""Writes by an auditor (read-only group) and by a user of another company are refused with
Odoo's access messages, and nothing is written (V2.1 1.6: records as they were)."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase

NOT_ALLOWED_TO_MODIFY = r"You are not allowed to modify 'ASI Certificate' \(asi.certificate\)"
NOT_ALLOWED_TO_CREATE = "You are not allowed to create"
OTHER_COMPANY = "stumbled upon some top-secret records"


@tagged("post_install", "-at_install")
class TestBadInputAuditor(MassBalanceCase):
    def test_auditor_cannot_suspend_a_certificate(self):
        with self.assertRaisesRegex(AccessError, NOT_ALLOWED_TO_MODIFY):
            self.cert.with_user(self.auditor).write({"state": "suspended"})
        self.cert.invalidate_recordset()
        self.assertEqual((self.cert.state, self.cert.date_invalid), ("active", False))

    def test_auditor_cannot_close_a_period(self):
        # 1,000 kg ASI in the open period: a close would lapse or carry them
        self.post(1000)
        count = self.Line.search_count([])
        with self.assertRaisesRegex(AccessError, "You are not allowed to modify"):
            self.p1.with_user(self.auditor).action_close(carry_forward=False)
        self.assertEqual(self.p1.state, "open")
        self.assertEqual(self.Line.search_count([]), count)
        self.assertEqual((self.balance()["available"], self.balance()["expired"]), (1000, 0))

    def test_auditor_cannot_record_a_coc_error(self):
        line = self.post(1000)
        Error = self.env["asi.coc.error"]
        count = Error.search_count([])
        with self.assertRaisesRegex(AccessError, NOT_ALLOWED_TO_CREATE):
            Error.with_user(self.auditor).create(
                {
                    "origin_line_id": line.id,
                    "date": date(2026, 3, 1),
                    "description": "I think it was non-ASI",
                    "corrected_asi_status": "non_asi",
                    "corrected_mass_kg": 1000,
                }
            )
        self.assertEqual(Error.search_count([]), count)
        self.assertEqual(self.balance()["asi_in"], 1000)


@tagged("post_install", "-at_install")
class TestBadInputOtherCompany(MassBalanceCase):
    """Multi-company record rules: a manager of Other Casthouse B.V. touches nothing of ours."""

    def test_other_company_cannot_withdraw_our_certificate(self):
        with self.assertRaisesRegex(AccessError, OTHER_COMPANY):
            self.cert.with_user(self.user_b).write({"state": "withdrawn"})
        self.cert.invalidate_recordset()
        self.assertEqual(self.cert.state, "active")

    def test_other_company_cannot_close_our_period(self):
        self.post(1000)
        count = self.Line.search_count([])
        with self.assertRaisesRegex(AccessError, OTHER_COMPANY):
            self.p1.with_user(self.user_b).action_close(carry_forward=False)
        self.assertEqual(self.p1.state, "open")
        self.assertEqual(self.Line.search_count([]), count)
        self.assertEqual(self.balance()["available"], 1000)
