import base64

from lxml import etree

from odoo import fields
from odoo.tests import Form, tagged

from .common import AsiPurchaseCase


@tagged("post_install", "-at_install")
class TestOnboardingScreens(AsiPurchaseCase):
    """Vendor onboarding as a buyer meets it without help (issue 14, point 7)."""

    def test_board_follows_the_workflow(self):
        # Columns in the order an assessment moves through them, every column shown even
        # when empty; the end states rejected and expired folded.
        self.new_dd(self.non_coc)
        groups = self.env["asi.due.diligence"].web_read_group([], ["state"], ["state"])["groups"]
        self.assertEqual(
            [(g["state"], g.get("__fold", False)) for g in groups],
            [
                ("draft", False),
                ("sent", False),
                ("answered", False),
                ("approved", False),
                ("rejected", True),
                ("expired", True),
            ],
        )

    def test_assessment_fields_required_when_answered(self):
        arch = self.env["asi.due.diligence"].get_view(view_type="form")["arch"]
        doc = etree.fromstring(arch)
        for name in (
            "criterion_anti_corruption",
            "criterion_responsible_sourcing",
            "criterion_human_rights",
            "criterion_cahra",
            "risk_level",
        ):
            node = doc.xpath(f"//field[@name='{name}']")[0]
            self.assertEqual(node.get("required"), "state == 'answered'", name)
            self.assertTrue(node.get("placeholder"), name)

    def test_send_opens_the_composer_then_marks_sent(self):
        self.company.write(
            {
                "asi_sourcing_policy_file": base64.b64encode(b"%PDF-1.4 policy"),
                "asi_sourcing_policy_filename": "policy.pdf",
            }
        )
        dd = self.new_dd(self.non_coc).with_user(self.user)
        action = dd.action_send_questionnaire()
        # Nothing is sent before the buyer has checked the message.
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(dd.state, "draft")
        self.assertFalse(dd.message_ids.filtered(lambda m: self.non_coc in m.partner_ids))
        composer = Form(
            self.env["mail.compose.message"].with_user(self.user).with_context(**action["context"])
        )
        self.assertEqual(composer.partner_ids[:], self.non_coc)
        self.assertIn(dd.questionnaire_url, composer.body)
        self.assertIn("responsibly sourced aluminium", composer.body)
        self.assertEqual(composer.attachment_ids[:].mapped("name"), ["policy.pdf"])
        composer.save().action_send_mail()
        self.assertEqual(dd.state, "sent")
        self.assertEqual(dd.date_sent, fields.Date.context_today(dd))
        message = dd.message_ids.filtered(lambda m: self.non_coc in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(dd.questionnaire_url, message.body)
        self.assertEqual(message.attachment_ids.mapped("name"), ["policy.pdf"])

    def test_discarded_composer_leaves_the_assessment_draft(self):
        dd = self.new_dd(self.non_coc)
        dd.action_send_questionnaire()
        # A note without the link, or a message to someone else, sends nothing.
        dd.message_post(body="Call the vendor first.", partner_ids=self.non_coc.ids)
        dd.message_post(
            body=dd.questionnaire_url, message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(dd.state, "draft")
        self.assertFalse(dd.date_sent)

    def test_rfq_warns_before_confirm_and_links_the_assessment(self):
        dd = self.new_dd(self.non_coc)
        order = self.make_po(self.non_coc)
        form = Form(order)
        self.assertIn("needs an approved due-diligence assessment", form.asi_gate_warning)
        self.assertIn(dd.name, form.asi_gate_warning)
        self.assertEqual(form.asi_gate_due_diligence_id, dd)
        action = order.action_asi_open_due_diligence()
        self.assertEqual((action["res_model"], action["res_id"]), ("asi.due.diligence", dd.id))
        # The blocking message names the assessment too.
        with self.assertRaisesRegex(Exception, dd.name):
            order.button_confirm()
        # Approved: no banner.
        self.send(dd)
        self.answer_as_vendor(dd)
        self.assess(dd)
        dd.action_approve()
        order.invalidate_recordset()
        self.assertFalse(order.asi_gate_warning)
        self.assertFalse(order.asi_gate_due_diligence_id)

    def test_rfq_without_aluminium_has_no_banner(self):
        order = self.make_po(self.non_coc, product=self.silicon)
        self.assertFalse(order.asi_gate_warning)
