from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiPurchaseCase


@tagged("post_install", "-at_install")
class TestDueDiligenceStateByActionsOnly(AsiPurchaseCase):
    """V2.1 7.1-7.2: an assessment is approved only through its action, which checks the
    vendor's answers, every criterion and the mitigation of risks. An administrator writing
    ``state`` (as a JSON-RPC ``write`` does, with any context) is refused."""

    def test_state_and_decision_are_not_written_directly(self):
        admin = self.env.ref("base.user_admin")
        dd = self.new_dd(self.non_coc).with_user(admin).with_context(install_mode=True)
        message = "change only through Send, Approve, Reject and Reset to Draft"
        for vals in (
            {"state": "approved"},
            {"state": "answered"},
            {"approver_id": admin.id},
            {"date_decision": "2026-01-01"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, message):
                dd.write(vals)
        with self.assertRaisesRegex(UserError, message):
            dd.create({"partner_id": self.non_coc.id, "state": "approved"})
        # nothing written: still a draft, no decision
        dd.invalidate_recordset()
        self.assertEqual(
            (dd.state, dd.approver_id, dd.date_decision), ("draft", admin.browse(), False)
        )
        # the actions still move it: sent, answered, assessed, approved
        self.send(dd)
        self.answer_as_vendor(dd)
        self.assertEqual(dd.state, "answered")
        self.assess(dd)
        dd.action_approve()
        self.assertEqual((dd.state, dd.approver_id), ("approved", admin))
        with self.assertRaisesRegex(UserError, message):
            dd.write({"state": "draft"})
        self.assertEqual(dd.state, "approved")
