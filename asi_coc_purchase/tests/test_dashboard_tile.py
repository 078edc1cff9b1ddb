from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AsiPurchaseCase


@tagged("post_install", "-at_install")
class TestDueDiligenceTile(AsiPurchaseCase):
    """The due-diligence tile of the ASI CoC overview, which this module adds (V2.1 7.1):
    answered questionnaires to assess and approvals that end within 60 days."""

    def tiles(self):
        return self.env["asi.coc.dashboard"].get_dashboard_data()["tiles"]

    def test_answered_and_ending_approvals_are_due(self):
        before = next(t for t in self.tiles() if t["key"] == "due_diligence")["number"]
        answered = self.new_dd(self.trader)
        self.send(answered)
        self.answer_as_vendor(answered)
        approved = self.approve(self.non_coc)  # valid 12 months: not due yet
        tiles = self.tiles()
        keys = [t["key"] for t in tiles]
        # Next to the expiring certificates, both about the suppliers.
        self.assertEqual(keys.index("due_diligence"), keys.index("certificates") + 1)
        tile = tiles[keys.index("due_diligence")]
        self.assertEqual((tile["number"], tile["level"]), (before + 1, "warning"))
        self.assertEqual(tile["params"], {"company_id": self.company.id})
        action = self.env["asi.coc.dashboard"].action_open_tile(tile["key"], tile["params"])
        self.assertEqual(action["res_model"], "asi.due.diligence")
        due = self.DueDiligence.search(action["domain"])
        self.assertIn(answered, due)
        self.assertNotIn(approved, due)
        # 59 days before the approval ends it is due too.
        with freeze_time(approved.valid_until - timedelta(days=59)):
            tile = next(t for t in self.tiles() if t["key"] == "due_diligence")
            self.assertEqual(tile["number"], before + 2)
