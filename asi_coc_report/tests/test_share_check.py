from datetime import date

from odoo.tests import tagged

from odoo.addons.asi_coc.tests.common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestShareCheck(MassBalanceCase):
    """The reconciliation flags the V2.1 8.7 share exactly when the close refuses it: one
    check (the rule set's), one tolerance (issue 15)."""

    def share_flags(self, period):
        (report,) = period._asi_reconciliation()
        return [
            text
            for material in report["materials"]
            for block in material["blocks"]
            for text in block["discrepancies"]
            if "(V2.1 8.7)" in text
        ]

    def test_carried_in_balance_is_not_flagged(self):
        # p1: 1,000 kg ASI in, nothing out; the close carries 1,000 kg into p2 (V2.1 8.9)
        self.post(1000)
        self.p1.action_close()
        p2 = self.p1._next_period()
        on = date(2026, 8, 1)
        # p2: 100 kg ASI + 900 kg non-ASI in, input share 10 %; 500 kg ASI + 500 kg non-ASI
        # out, output share 50 %. 8.7 allows 1,000 x 10 % + 1,000 carried in = 1,100 kg of
        # ASI output: the 500 kg are within it.
        self.post(100, on=on)
        self.post(900, status="non_asi", on=on)
        self.post(500, direction="output", on=on)
        self.post(500, direction="output", status="non_asi", on=on)
        self.assertEqual(self.share_flags(p2), [])
        p2.action_close()
        self.assertEqual(p2.state, "closed")

    def test_share_above_inputs_is_flagged(self):
        # 100 kg ASI + 900 kg non-ASI in (10 %); 100 kg ASI + 100 kg non-ASI out (50 %):
        # 8.7 allows 200 x 10 % = 20 kg, 100 kg were designated: the close refuses it
        self.post(100)
        self.post(900, status="non_asi")
        self.post(100, direction="output")
        self.post(100, direction="output", status="non_asi")
        self.assertEqual(
            self.share_flags(self.p1),
            [
                (
                    "Entity, Aluminium: the ASI output share (50.0 %) exceeds the ASI input "
                    "share (10.0 %) (V2.1 8.7)."
                )
            ],
        )
        (item,) = self.p1._close_plan()
        self.assertEqual([problem.code for problem in item["problems"]], ["share_exceeded"])
