from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AsiPurchaseCase


@tagged("post_install", "-at_install")
class TestPurchaseGate(AsiPurchaseCase):
    """Aluminium is bought only from vendors onboarded for their ASI role (V2.1 7.1-7.3,
    4.3; V3 3.1.2, 4.1)."""

    def assertRefused(self, order, *fragments):
        with self.assertRaises(UserError) as ctx:
            order.button_confirm()
        message = str(ctx.exception)
        self.assertIn(order.name, message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)

    def test_no_aluminium_is_not_gated(self):
        vendor = self.env["res.partner"].create({"name": "Office Supplies"})
        order = self.make_po(vendor, self.silicon)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_vendor_without_role_is_refused(self):
        vendor = self.env["res.partner"].create(
            {"name": "Unknown Metals", "email": "u@x.example.com"}
        )
        self.assertRefused(self.make_po(vendor), "has no supplier ASI role")

    def test_non_coc_supplier_needs_approved_due_diligence(self):
        order = self.make_po(self.non_coc)
        self.assertRefused(order, "needs an approved due-diligence assessment", "no assessment")
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.assertRefused(order, "Questionnaire Sent")
        self.answer_as_vendor(dd)
        self.assertRefused(order, "Answered")
        self.assess(dd)
        dd.action_approve()
        order.with_user(self.purchaser).button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_rejected_and_expired_are_refused(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.answer_as_vendor(dd)
        dd.findings = "<p>No policy.</p>"
        dd.action_reject()
        self.assertRefused(self.make_po(self.non_coc), "Rejected")
        approved = self.approve(self.non_coc)
        approved.valid_until = date(2020, 1, 1)
        approved._cron_expire_and_review()
        self.assertEqual(approved.state, "expired")
        self.assertRefused(self.make_po(self.non_coc), "Expired")

    def test_approval_of_another_company_does_not_count(self):
        dd = self.approve(self.non_coc)
        dd.company_id = self.company_b
        self.assertRefused(self.make_po(self.non_coc), "no assessment")

    def test_trader_needs_sources_and_due_diligence(self):
        self.trader.asi_source_partner_ids = False
        order = self.make_po(self.trader)
        self.assertRefused(
            order, "has not identified the CoC entities", "V3 3.1.2", "due-diligence"
        )
        self.approve(self.trader)
        self.assertRefused(order, "has not identified the CoC entities")
        self.trader.asi_source_partner_ids = self.smelter
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_coc_entity_needs_valid_certificate_for_the_material(self):
        order = self.make_po(self.smelter, self.scrap)
        self.assertRefused(order, "without a CoC certificate valid", self.scrap_post.name)
        order = self.make_po(self.smelter, self.ingot)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        self.cert.action_suspend()
        self.assertRefused(self.make_po(self.smelter), "without a CoC certificate valid")

    def test_scrap_supplier_identity_before_first_purchase(self):
        self.approve(self.scrap_dealer)
        self.scrap_dealer.write(
            {"asi_identity_ref": False, "asi_responsible_person": False, "street": False}
        )
        self.assertRefused(
            self.make_po(self.scrap_dealer, self.scrap),
            "identity or registration number",
            "responsible person",
            "business location (street, city, country)",
            "V2.1 4.3",
        )
        self.scrap_dealer.write(
            {
                "asi_identity_ref": "KVK 1234",
                "asi_responsible_person": "Piet de Vries",
                "street": "Havenweg 1",
            }
        )
        order = self.make_po(self.scrap_dealer, self.scrap)
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def test_double_validation_checks_again(self):
        self.company.write({"po_double_validation": "two_step", "po_double_validation_amount": 1})
        dd = self.approve(self.non_coc)
        order = self.make_po(self.non_coc).with_user(self.purchaser)
        order.button_confirm()
        self.assertEqual(order.state, "to approve")
        dd.valid_until = date(2020, 1, 1)
        dd._cron_expire_and_review()
        with self.assertRaisesRegex(UserError, "Expired"):
            order.with_user(self.purchase_manager).button_approve()
        self.assertEqual(order.state, "to approve")

    # ------------------------------------------------------------------------------------
    # Manager override
    # ------------------------------------------------------------------------------------
    def test_manager_overrides_with_reason(self):
        order = self.make_po(self.non_coc)
        self.cr.flush()  # changes of a record created in the same flush are not tracked
        action = order.with_user(self.purchase_manager).action_asi_gate_override()
        wizard_form = Form(
            self.env[action["res_model"]]
            .with_user(self.purchase_manager)
            .with_context(**action["context"])
        )
        self.assertIn("due-diligence", wizard_form.issues)
        wizard_form.reason = "Emergency order approved by the CoC committee, assessment due in May."
        wizard_form.save().action_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.asi_gate_override_uid, self.purchase_manager)
        self.assertIn("Emergency order", order.asi_gate_override_reason)
        self.cr.flush()  # tracking values are written at flush
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "purchase.order"),
                ("mail_message_id.res_id", "=", order.id),
                ("field_id.name", "=", "asi_gate_override_reason"),
            ]
        )
        self.assertTrue(tracked, "the reason is in the tracked history")
        self.assertTrue(
            any("Emergency order" in m.body for m in order.message_ids if m.body),
            "the override is posted on the order",
        )

    def test_override_needs_a_reason(self):
        order = self.make_po(self.non_coc)
        action = order.action_asi_gate_override()
        wizard_form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard_form.reason = "  "
        wizard = wizard_form.save()
        with self.assertRaisesRegex(UserError, "Give the reason"):
            wizard.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.asi_gate_override_reason)

    def test_override_is_for_managers_only(self):
        order = self.make_po(self.non_coc, user=self.purchaser)
        with self.assertRaises(AccessError):
            order.with_user(self.purchaser).action_asi_gate_override()
        with self.assertRaises(AccessError):
            self.env["asi.po.gate.override"].with_user(self.purchaser).create(
                {"order_id": order.id, "reason": "I want it"}
            )
        with self.assertRaises(AccessError):
            order.with_user(self.purchaser).write({"asi_gate_override_reason": "I want it"})
        self.assertFalse(order.asi_gate_override_reason)
        self.assertRefused(order.with_user(self.purchaser), "due-diligence")
