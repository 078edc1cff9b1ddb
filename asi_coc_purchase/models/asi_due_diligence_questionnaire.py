import base64

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError


class AsiDueDiligence(models.Model):
    """The questionnaire of a due-diligence assessment (V2.1 7.1): sending it to the vendor
    with its personal link and the responsible-sourcing policy, and receiving the answers."""

    _inherit = "asi.due.diligence"

    @api.depends("user_input_id.access_token")
    def _compute_questionnaire_url(self):
        for dd in self:
            answer = dd.user_input_id.sudo()
            dd.questionnaire_url = (
                dd.get_base_url() + answer.get_start_url() if answer.access_token else False
            )

    # ------------------------------------------------------------------------------------
    # Sending the questionnaire
    # ------------------------------------------------------------------------------------
    def action_send_questionnaire(self):
        """Open Odoo's composer with the questionnaire e-mail: a personal link to the
        questionnaire and the company's responsible-sourcing policy (V2.1 7.1, PS 2.4), so
        the buyer checks the recipient and the text before sending. Sending the message
        moves the assessment to Questionnaire Sent (see :meth:`message_post`)."""
        self.ensure_one()
        self._asi_verify_can_send()
        self._asi_ensure_answer()
        template = self.env.ref("asi_coc_purchase.mail_template_asi_due_diligence_request")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send the Questionnaire"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
            },
        }

    def _asi_ensure_answer(self):
        """The vendor's personal answer (and link), created once and reused when the
        questionnaire is sent again."""
        for dd in self.filtered(lambda d: not d.user_input_id):
            dd.user_input_id = dd.survey_id.sudo()._create_answer(
                partner=dd.partner_id, check_attempts=False, asi_due_diligence_id=dd.id
            )

    def _demo_send_questionnaire(self):
        """Demo data: send the questionnaire without the composer."""
        template = self.env.ref("asi_coc_purchase.mail_template_asi_due_diligence_request")
        for dd in self:
            dd._asi_verify_can_send()
            dd._asi_ensure_answer()
            dd._post_questionnaire(template)

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        self._asi_mark_sent(message)
        return message

    def _asi_mark_sent(self, message):
        """V2.1 7.1: the questionnaire is sent when a message to the vendor that carries
        its personal link is posted (the composer, or a reply from the chatter): the
        assessment moves to Questionnaire Sent through the action path. Decided on the
        message itself, not on a context key, so no caller can skip or fake it."""
        for dd in self.filtered(lambda d: d.state in ("draft", "sent") and d.user_input_id):
            msg = message.sudo()
            token = dd.user_input_id.sudo().access_token
            if (
                token
                and dd.partner_id in msg.partner_ids
                and msg.subtype_id
                and not msg.subtype_id.internal
                and token in (msg.body or "")
            ):
                dd._asi_action_write({"state": "sent", "date_sent": fields.Date.context_today(dd)})

    def _asi_verify_can_send(self):
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "%(name)s is %(state)s: the questionnaire is sent only for a draft "
                    "assessment. Start a new assessment instead.",
                    name=self.name,
                    state=self._state_label(),
                )
            )
        if not self.partner_id.email:
            raise UserError(
                self.env._(
                    "%(vendor)s has no e-mail address: enter one on the vendor before "
                    "sending the due-diligence questionnaire.",
                    vendor=self.partner_id.display_name,
                )
            )
        company = self.company_id
        if not (company.asi_sourcing_policy or company.asi_sourcing_policy_file):
            raise UserError(
                self.env._(
                    "%(company)s has no responsible-sourcing policy: enter it or upload it "
                    "in the ASI CoC settings, it is sent with the questionnaire (PS 2.4).",
                    company=company.name,
                )
            )
        if not self.survey_id.sudo().active:
            raise UserError(
                self.env._(
                    "The questionnaire %(survey)s is archived: choose an active one.",
                    survey=self.survey_id.sudo().display_name,
                )
            )

    def _post_questionnaire(self, template):
        self.ensure_one()
        lang = template._render_lang(self.ids)[self.id]
        template = template.with_context(lang=lang)
        subject = template._render_field("subject", self.ids)[self.id]
        body = template._render_field("body_html", self.ids)[self.id]
        company = self.company_id
        attachments = []
        if company.asi_sourcing_policy_file:
            attachments.append(
                (
                    company.asi_sourcing_policy_filename or "responsible_sourcing_policy.pdf",
                    base64.b64decode(company.asi_sourcing_policy_file),
                )
            )
        self.message_post(
            body=body,
            subject=subject,
            partner_ids=self.partner_id.ids,
            attachments=attachments,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )

    # ------------------------------------------------------------------------------------
    # Answer received (called from survey.user_input._mark_done)
    # ------------------------------------------------------------------------------------
    def _asi_mark_answered(self, answer):
        today = fields.Date.context_today(self)
        for dd in self.filtered(lambda d: d.state in ("draft", "sent")):
            dd._asi_action_write(
                {
                    "state": "answered",
                    "date_answered": today,
                    "user_input_id": answer.id,
                    "answer_summary": dd._answer_summary(answer),
                }
            )
            dd.message_post(
                body=self.env._(
                    "%(vendor)s answered the due-diligence questionnaire.",
                    vendor=dd.partner_id.display_name,
                )
            )
            users = dd.company_id.asi_responsible_user_ids or dd.create_uid
            for user in users:
                dd.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Assess the due-diligence answers"),
                    note=self.env._(
                        "Record the result per criterion, the risk level and mitigation "
                        "actions, then approve or reject (V2.1 7.1)."
                    ),
                )

    @api.model
    def _answer_summary(self, answer):
        rows = Markup()
        answer = answer.sudo()
        for question in answer.predefined_question_ids or answer.survey_id.question_ids:
            if question.is_page:
                rows += Markup("<tr><th colspan='2'>%s</th></tr>") % question.title
                continue
            lines = answer.user_input_line_ids.filtered(
                lambda line, q=question: line.question_id == q
            )
            values = [line.display_name for line in lines if not line.skipped]
            rows += Markup("<tr><td>%s</td><td>%s</td></tr>") % (
                question.title,
                Markup("<br/>").join(escape(v) for v in values) if values else "-",
            )
        return Markup("<table class='table table-sm'>%s</table>") % rows

    def _demo_answer_questionnaire(self):
        """Demo data: the vendor answers every question (first choice, its name as text)."""
        for dd in self:
            answer = dd.user_input_id.sudo()
            for question in dd.survey_id.question_ids:
                if question.question_type in ("simple_choice", "multiple_choice"):
                    answer._save_lines(question, question.suggested_answer_ids[:1].id)
                elif question.question_type in ("char_box", "text_box"):
                    answer._save_lines(question, dd.partner_id.display_name)
            answer._mark_done()

    def action_view_answers(self):
        self.ensure_one()
        if not self.user_input_id:
            raise UserError(self.env._("The vendor has not answered the questionnaire yet."))
        answer = self.user_input_id.sudo()
        return {"type": "ir.actions.act_url", "target": "new", "url": answer.get_print_url()}
