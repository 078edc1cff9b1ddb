from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestCocErrorCorrectsOnce(MassBalanceCase):
    """V2.1 2.5, 9.6, 10.4: a CoC error reverses the line in error once and posts the correct
    figures; a second error about the same flow corrects the correction, never the original
    line again."""

    def error(self, line, status="non_asi", kg=1000, on=date(2026, 3, 1)):
        return self.env["asi.coc.error"].create(
            {
                "origin_line_id": line.id,
                "date": on,
                "description": "Supplier withdrew the CoC document",
                "corrected_asi_status": status,
                "corrected_mass_kg": kg,
            }
        )

    def test_line_corrected_twice_is_refused(self):
        line = self.post(1000)
        first, second = self.error(line), self.error(line)
        first.action_confirm()
        # 1,000 kg ASI - 1,000 kg reversal = 0 kg ASI; +1,000 kg non-ASI
        self.assertEqual((self.balance()["asi_in"], self.balance()["non_asi_in"]), (0, 1000))
        with self.assertRaisesRegex(
            UserError,
            r"already corrected or reversed by .*COCERR/.*: correct the line that corrected it",
        ):
            second.action_confirm()
        # nothing written: still 0 kg ASI and 1,000 kg non-ASI, not -1,000 / +2,000
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.correction_line_ids)
        self.assertEqual((self.balance()["asi_in"], self.balance()["non_asi_in"]), (0, 1000))

    def test_a_further_correction_corrects_the_correction(self):
        line = self.post(1000)
        first = self.error(line)
        first.action_confirm()
        corrected = first.correction_line_ids.filtered(lambda c: c.mass_kg > 0)
        self.assertEqual((corrected.asi_status, corrected.mass_kg), ("non_asi", 1000))
        # the supplier's new CoC document covers 400 kg as ASI after all
        again = self.error(corrected, status="asi", kg=400)
        again.action_confirm()
        # ASI: 1,000 - 1,000 + 400 = 400 kg; non-ASI: 1,000 - 1,000 = 0 kg
        self.assertEqual((self.balance()["asi_in"], self.balance()["non_asi_in"]), (400, 0))
        # the reversal line itself is not a flow to correct
        reversal = first.correction_line_ids.filtered(lambda c: c.mass_kg < 0)
        with self.assertRaisesRegex(UserError, "reverses another line"):
            self.error(reversal, status="asi", kg=1000).action_confirm()
        self.assertEqual((self.balance()["asi_in"], self.balance()["non_asi_in"]), (400, 0))

    def test_line_reversed_by_a_return_cannot_be_corrected(self):
        line = self.post(1000)
        # a return of 300 kg to the supplier reverses part of the receipt
        self.post(300, direction="output", origin_line_id=line.id, document_ref="RET/0001")
        with self.assertRaisesRegex(UserError, "already corrected or reversed by RET/0001"):
            self.error(line, kg=1000).action_confirm()
        self.assertEqual((self.balance()["asi_in"], self.balance()["non_asi_in"]), (1000, 0))
