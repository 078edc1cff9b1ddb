import base64
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AsiPurchaseCase


@tagged("post_install", "-at_install")
class TestDueDiligence(AsiPurchaseCase):
    # ------------------------------------------------------------------------------------
    # Sending the questionnaire (V2.1 7.1)
    # ------------------------------------------------------------------------------------
    def test_send_questionnaire_mails_link_and_policy(self):
        self.company.write(
            {
                "asi_sourcing_policy_file": base64.b64encode(b"%PDF-1.4 policy"),
                "asi_sourcing_policy_filename": "policy.pdf",
            }
        )
        dd = self.new_dd(self.non_coc).with_user(self.user)
        self.assertEqual(dd.state, "draft")
        self.assertTrue(dd.name.startswith("DD/"))
        self.send(dd)
        self.assertEqual(dd.state, "sent")
        self.assertEqual(dd.date_sent, fields.Date.context_today(dd))
        answer = dd.sudo().user_input_id
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, self.non_coc)
        self.assertEqual(answer.asi_due_diligence_id, dd)
        self.assertIn(answer.access_token, dd.questionnaire_url)
        self.assertIn("/survey/start/", dd.questionnaire_url)
        message = dd.message_ids.filtered(lambda m: self.non_coc in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(dd.questionnaire_url, message.body)
        self.assertIn("responsibly sourced aluminium", message.body)
        self.assertEqual(message.attachment_ids.mapped("name"), ["policy.pdf"])
        # The e-mail itself may already be sent and deleted: its notification stays.
        notification = message.sudo().notification_ids.filtered(
            lambda n: n.res_partner_id == self.non_coc
        )
        self.assertEqual(notification.notification_type, "email")

    def test_send_again_reuses_the_link(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        answer = dd.user_input_id
        self.send(dd)
        self.assertEqual(dd.user_input_id, answer)
        self.assertEqual(
            self.env["survey.user_input"].search_count([("asi_due_diligence_id", "=", dd.id)]), 1
        )

    def test_send_without_email_is_refused_and_writes_nothing(self):
        self.non_coc.email = False
        dd = self.new_dd(self.non_coc)
        messages = len(dd.message_ids)
        with self.assertRaisesRegex(UserError, "Plain Metals Ltd has no e-mail address"):
            self.send(dd)
        self.assertEqual(dd.state, "draft")
        self.assertFalse(dd.user_input_id)
        self.assertEqual(len(dd.message_ids), messages)
        self.assertFalse(
            self.env["survey.user_input"].search([("asi_due_diligence_id", "=", dd.id)])
        )

    def test_send_without_policy_is_refused(self):
        self.company.asi_sourcing_policy = False
        dd = self.new_dd(self.non_coc)
        with self.assertRaisesRegex(UserError, "no responsible-sourcing policy"):
            self.send(dd)
        self.assertEqual(dd.state, "draft")

    def test_send_after_decision_is_refused(self):
        dd = self.approve(self.non_coc)
        with self.assertRaisesRegex(UserError, "Start a new assessment"):
            self.send(dd)
        self.assertEqual(dd.state, "approved")

    def test_contact_is_assessed_on_its_company(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.non_coc.id, "email": "b@x.example.com"}
        )
        dd = self.new_dd(contact)
        self.assertEqual(dd.partner_id, self.non_coc)

    # ------------------------------------------------------------------------------------
    # The vendor answers
    # ------------------------------------------------------------------------------------
    def test_completed_answer_moves_to_answered(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        answer = self.answer_as_vendor(dd)
        self.assertEqual(answer.state, "done")
        self.assertEqual(dd.state, "answered")
        self.assertEqual(dd.date_answered, fields.Date.context_today(dd))
        self.assertIn("Countries of origin", dd.answer_summary)
        self.assertIn("Answer to Countries of origin", dd.answer_summary)
        self.assertTrue(dd.activity_ids, "the assessor is asked to assess the answers")

    def test_unfinished_answer_stays_sent(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        question = self.survey.question_ids.filtered(lambda q: q.question_type == "char_box")[:1]
        dd.user_input_id.sudo()._save_lines(question, "Plain Metals Ltd")
        self.assertEqual(dd.state, "sent")

    def test_other_survey_answers_do_not_touch_assessments(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        other = self.survey.sudo()._create_answer(partner=self.non_coc, check_attempts=False)
        other._mark_done()
        self.assertEqual(dd.state, "sent")

    # ------------------------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------------------------
    def test_approve_sets_valid_until_twelve_months(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.answer_as_vendor(dd)
        self.assess(dd)
        dd.with_user(self.manager).action_approve()
        today = fields.Date.context_today(dd)
        self.assertEqual(dd.state, "approved")
        self.assertEqual(dd.approver_id, self.manager)
        self.assertEqual(dd.date_decision, today)
        self.assertEqual(dd.valid_until, today + relativedelta(months=12))

    def test_approve_keeps_a_chosen_valid_until(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.answer_as_vendor(dd)
        until = fields.Date.context_today(dd) + relativedelta(months=6)
        self.assess(dd, valid_until=until)
        dd.action_approve()
        self.assertEqual(dd.valid_until, until)

    def test_approve_without_answers_is_refused(self):
        dd = self.new_dd(self.non_coc)
        self.assess(dd)
        with self.assertRaisesRegex(UserError, "cannot be approved without the vendor's answers"):
            dd.action_approve()
        self.send(dd)
        with self.assertRaisesRegex(UserError, "cannot be approved without the vendor's answers"):
            dd.action_approve()
        self.assertEqual(dd.state, "sent")
        self.assertFalse(dd.approver_id)
        self.assertFalse(dd.valid_until)

    def test_approve_incomplete_assessment_is_refused(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.answer_as_vendor(dd)
        dd.criterion_cahra = "met"
        with self.assertRaisesRegex(UserError, "PS 1.2 Anti-corruption.*Risk Level"):
            dd.action_approve()
        self.assertEqual(dd.state, "answered")

    def test_high_risk_needs_mitigation(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.answer_as_vendor(dd)
        self.assess(dd, risk="high")
        with self.assertRaisesRegex(UserError, "mitigation actions"):
            dd.action_approve()
        self.assertEqual(dd.state, "answered")
        dd.mitigation_actions = "<p>Third-party audit of the collection yards.</p>"
        dd.action_approve()
        self.assertEqual(dd.state, "approved")

    def test_unmet_criterion_needs_mitigation(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.answer_as_vendor(dd)
        self.assess(dd, criterion_cahra="not_met")
        with self.assertRaisesRegex(UserError, "mitigation actions"):
            dd.action_approve()

    def test_only_managers_decide(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.answer_as_vendor(dd)
        self.assess(dd, findings="<p>ok</p>")
        with self.assertRaises(AccessError):
            dd.with_user(self.user).action_approve()
        with self.assertRaises(AccessError):
            dd.with_user(self.user).action_reject()
        self.assertEqual(dd.state, "answered")

    def test_reject_needs_findings(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        self.answer_as_vendor(dd)
        with self.assertRaisesRegex(UserError, "Record the findings"):
            dd.action_reject()
        self.assertEqual(dd.state, "answered")
        dd.findings = "<p>Refuses to name the origin of its scrap.</p>"
        dd.with_user(self.manager).action_reject()
        self.assertEqual(dd.state, "rejected")
        self.assertEqual(dd.approver_id, self.manager)
        with self.assertRaisesRegex(UserError, "can be rejected only"):
            dd.action_reject()

    def test_new_assessment_after_decision(self):
        dd = self.approve(self.non_coc)
        action = dd.action_new_assessment()
        new = self.DueDiligence.browse(action["res_id"])
        self.assertEqual((new.partner_id, new.state), (self.non_coc, "draft"))
        self.assertNotEqual(new.name, dd.name)

    # ------------------------------------------------------------------------------------
    # Expiry and review (daily cron)
    # ------------------------------------------------------------------------------------
    def test_cron_plans_review_then_expires(self):
        self.company.asi_responsible_user_ids = self.manager
        dd = self.approve(self.non_coc)
        end = dd.valid_until
        with freeze_time(end - timedelta(days=40)):
            self.DueDiligence._cron_expire_and_review()
        self.assertFalse(dd.activity_ids)
        with freeze_time(end - timedelta(days=30)):
            self.DueDiligence._cron_expire_and_review()
            self.DueDiligence._cron_expire_and_review()
        review = dd.activity_ids
        self.assertEqual(len(review), 1, "one review activity, not one per run")
        self.assertEqual(review.user_id, self.manager)
        self.assertEqual(review.date_deadline, end)
        self.assertEqual(dd.state, "approved")
        with freeze_time(end):
            self.DueDiligence._cron_expire_and_review()
        self.assertEqual(dd.state, "approved", "valid on its last day")
        with freeze_time(end + timedelta(days=1)):
            self.DueDiligence._cron_expire_and_review()
        self.assertEqual(dd.state, "expired")

    # ------------------------------------------------------------------------------------
    # Partner summary
    # ------------------------------------------------------------------------------------
    def test_partner_shows_current_assessment(self):
        vendor = self.non_coc
        self.assertFalse(vendor.asi_due_diligence_state)
        dd = self.new_dd(vendor)
        vendor.invalidate_recordset()
        self.assertEqual(vendor.asi_due_diligence_state, "draft")
        self.send(dd)
        self.answer_as_vendor(dd)
        self.assess(dd, risk="medium")
        dd.action_approve()
        vendor.invalidate_recordset()
        self.assertEqual(vendor.asi_due_diligence_state, "approved")
        self.assertEqual(vendor.asi_risk_level, "medium")
        self.assertEqual(vendor.asi_next_review_date, dd.valid_until)
        # A re-assessment in progress does not hide the approval in force.
        self.send(self.new_dd(vendor))
        vendor.invalidate_recordset()
        self.assertEqual(vendor.asi_due_diligence_state, "approved")
        self.assertEqual(vendor.asi_due_diligence_count, 2)
        contact = self.env["res.partner"].create({"name": "Clerk", "parent_id": vendor.id})
        self.assertEqual(contact.asi_due_diligence_state, "approved")
        action = vendor.action_view_asi_due_diligence()
        self.assertEqual(self.DueDiligence.search(action["domain"]), vendor.asi_due_diligence_ids)

    # ------------------------------------------------------------------------------------
    # Records, access, multi-company
    # ------------------------------------------------------------------------------------
    def test_sent_assessment_is_kept_five_years(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        with self.assertRaisesRegex(UserError, "must be kept until"):
            dd.unlink()
        self.assertTrue(dd.exists())
        draft = self.new_dd(self.trader)
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_approved_kept_five_years_after_validity(self):
        dd = self.approve(self.non_coc)
        self.assertEqual(dd._asi_retained_until(), dd.valid_until + relativedelta(years=5))

    def test_auditor_reads_only(self):
        dd = self.approve(self.non_coc)
        self.assertEqual(dd.with_user(self.auditor).state, "approved")
        with self.assertRaises(AccessError):
            dd.with_user(self.auditor).write({"risk_level": "high"})
        with self.assertRaises(AccessError):
            self.DueDiligence.with_user(self.auditor).create({"partner_id": self.trader.id})

    def test_other_company_does_not_see_assessments(self):
        dd = self.new_dd(self.non_coc)
        other = self.DueDiligence.with_user(self.user_b)
        self.assertFalse(other.search([("id", "=", dd.id)]))
        self.non_coc.invalidate_recordset()
        self.assertFalse(self.non_coc.with_user(self.user_b).asi_due_diligence_state)

    def test_questionnaire_is_shipped(self):
        titles = " ".join(self.survey.question_and_page_ids.mapped("title"))
        for expected in ("1.2", "2.4", "9.1", "9.8", "Origin of scrap", "Business location"):
            self.assertIn(expected, titles)
        self.assertEqual(self.survey.access_mode, "token")

    def test_grievances_about_the_vendor_are_on_its_assessment(self):
        dd = self.new_dd(self.scrap_dealer)
        grievance = self.env["asi.grievance"].create(
            {"concern": "Cans from a landfill fire", "supplier_id": self.scrap_dealer.id}
        )
        self.env["asi.grievance"].create({"concern": "Unrelated", "supplier_id": self.smelter.id})
        self.assertEqual(dd.grievance_ids, grievance)
        self.assertEqual(dd.grievance_count, 1)
