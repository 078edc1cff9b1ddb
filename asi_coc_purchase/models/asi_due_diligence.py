import base64
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

# Default validity of an approval, and how long before its end a review is planned.
VALIDITY_MONTHS = 12
REVIEW_DAYS = 30
# V2.1 7.1: the vendor roles whose material needs due diligence before it is bought.
DD_ROLES = ("trader", "scrap_supplier", "non_coc_supplier")
DD_STATES = [
    ("draft", "Draft"),
    ("sent", "Questionnaire Sent"),
    ("answered", "Answered"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
]
# End states, folded on the board.
FOLDED_STATES = ("rejected", "expired")
RISK_LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
CRITERION_RESULTS = [
    ("met", "Met"),
    ("partial", "Partially met"),
    ("not_met", "Not met"),
    ("not_applicable", "Not applicable"),
]


class AsiDueDiligence(models.Model):
    """One due-diligence assessment of one vendor (V2.1 7.1-7.3, V3 4.1).

    The vendor answers the shipped questionnaire (an Odoo survey) through a personal link;
    the assessor records the result per criterion of the Performance Standard (PS 1.2
    anti-corruption, 2.4 responsible sourcing, 9.1 human-rights due diligence, 9.8
    conflict-affected and high-risk areas), the risk level, findings and mitigation; a CoC
    manager approves or rejects. An approval is valid until ``valid_until``.
    """

    _name = "asi.due.diligence"
    _description = "ASI Supplier Due Diligence"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "asi.retention.mixin",
        "asi.action.fields.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        index=True,
        tracking=True,
        help="The vendor's commercial entity.",
    )
    grievance_ids = fields.Many2many(
        "asi.grievance",
        string="Grievances",
        compute="_compute_grievance_ids",
        help="Grievances raised about this vendor (V2.1 7.3).",
    )
    grievance_count = fields.Integer(compute="_compute_grievance_ids")
    asi_role = fields.Selection(related="partner_id.asi_role", string="ASI Role")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    state = fields.Selection(
        DD_STATES,
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
        group_expand="_group_expand_states",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Questionnaire",
        required=True,
        default=lambda self: self.env.ref(
            "asi_coc_purchase.survey_asi_due_diligence", raise_if_not_found=False
        ),
    )
    user_input_id = fields.Many2one(
        "survey.user_input", string="Answers", copy=False, readonly=True, index="btree_not_null"
    )
    questionnaire_url = fields.Char(compute="_compute_questionnaire_url")
    answer_summary = fields.Html(
        string="Questionnaire Answers",
        readonly=True,
        copy=False,
        sanitize=True,
        help="Copy of the vendor's answers, kept with the assessment as CoC record.",
    )
    date_sent = fields.Date(readonly=True, copy=False)
    date_answered = fields.Date(readonly=True, copy=False)
    # V2.1 7.1 with the Performance Standard criteria it refers to.
    criterion_anti_corruption = fields.Selection(
        CRITERION_RESULTS, string="PS 1.2 Anti-corruption", tracking=True
    )
    criterion_responsible_sourcing = fields.Selection(
        CRITERION_RESULTS, string="PS 2.4 Responsible Sourcing", tracking=True
    )
    criterion_human_rights = fields.Selection(
        CRITERION_RESULTS, string="PS 9.1 Human Rights Due Diligence", tracking=True
    )
    criterion_cahra = fields.Selection(
        CRITERION_RESULTS,
        string="PS 9.8 Conflict-Affected and High-Risk Areas",
        tracking=True,
    )
    risk_level = fields.Selection(RISK_LEVELS, tracking=True)
    findings = fields.Html()
    mitigation_actions = fields.Html(
        help="What is agreed with the vendor to mitigate the risks found (V2.1 7.2)."
    )
    approver_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    date_decision = fields.Date(string="Decision Date", readonly=True, copy=False)
    valid_until = fields.Date(
        tracking=True,
        copy=False,
        help="End of the approval. Empty at approval: twelve months from the approval.",
    )
    active = fields.Boolean(default=True)

    # V2.1 7.1-7.2: an assessment moves on only through its actions, which check the
    # vendor's answers, the criteria and the mitigation of risks before a decision.
    _asi_action_fields = ("state", "approver_id", "date_decision", "date_sent", "date_answered")

    def _asi_action_names(self):
        return self.env._("Send, Approve, Reject and Reset to Draft")

    # ------------------------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("asi.due.diligence") or "/"
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        return super().create(vals_list)

    def _asi_current(self):
        """Of one vendor's assessments: the approval in force (the one that runs longest),
        otherwise the latest assessment."""
        approved = self.filtered(lambda d: d.state == "approved")
        if approved:
            return approved.sorted(lambda d: (d.valid_until or fields.Date.today(), d.id))[-1]
        return self.sorted(lambda d: d.id)[-1:]

    @api.model
    def _group_expand_states(self, states, domain):
        # The board shows every state as a column, in the order of the workflow.
        return [key for key, _label in DD_STATES]

    @api.model
    def _read_group_fill_results(
        self, domain, groupby, annoted_aggregates, read_group_result, read_group_order=None
    ):
        # Odoo folds columns only for many2one groups: fold the end states an assessment
        # does not leave (rejected, expired) so the board shows the work in progress.
        result = super()._read_group_fill_results(
            domain, groupby, annoted_aggregates, read_group_result, read_group_order
        )
        if groupby == "state":
            for line in result:
                line["__fold"] = line["state"] in FOLDED_STATES
        return result

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _asi_retention_date(self):
        # V2.1 1.6: kept five years after the end of the approval it documents.
        return self.valid_until or super()._asi_retention_date()

    def _asi_is_retained(self):
        return self.state != "draft"

    @api.depends("partner_id")
    def _compute_grievance_ids(self):
        # V2.1 7.3: grievances about the vendor belong to its due-diligence record.
        grievances = self.env["asi.grievance"].search(
            [("supplier_id", "in", self.partner_id.commercial_partner_id.ids)]
        )
        for dd in self:
            dd.grievance_ids = grievances.filtered(
                lambda g, p=dd.partner_id.commercial_partner_id: g.supplier_id == p
            )
            dd.grievance_count = len(dd.grievance_ids)

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
        self._check_can_send()
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
            dd._check_can_send()
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

    def _check_can_send(self):
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

    # ------------------------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------------------------
    def _check_manager(self):
        if not self.env.user.has_group("asi_coc.group_asi_coc_manager"):
            raise AccessError(
                self.env._("Only an ASI CoC Manager can approve or reject due diligence.")
            )

    def action_approve(self):
        self._check_manager()
        today = fields.Date.context_today(self)
        for dd in self:
            dd._check_can_approve()
        for dd in self:
            dd._asi_action_write(
                {
                    "state": "approved",
                    "approver_id": self.env.uid,
                    "date_decision": today,
                    "valid_until": dd.valid_until
                    if dd.valid_until and dd.valid_until > today
                    else today + relativedelta(months=VALIDITY_MONTHS),
                }
            )
            dd.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _check_can_approve(self):
        self.ensure_one()
        if self.state != "answered" or not self.user_input_id or self.user_input_id.state != "done":
            raise UserError(
                self.env._(
                    "%(name)s cannot be approved without the vendor's answers: send the "
                    "questionnaire and wait until %(vendor)s has completed it.",
                    name=self.name,
                    vendor=self.partner_id.display_name,
                )
            )
        missing = [
            self._fields[fname].get_description(self.env)["string"]
            for fname in (
                "criterion_anti_corruption",
                "criterion_responsible_sourcing",
                "criterion_human_rights",
                "criterion_cahra",
                "risk_level",
            )
            if not self[fname]
        ]
        if missing:
            raise UserError(
                self.env._(
                    "%(name)s cannot be approved before the assessment is complete. "
                    "Missing: %(missing)s.",
                    name=self.name,
                    missing=", ".join(missing),
                )
            )
        concerns = any(
            self[f] == "not_met"
            for f in (
                "criterion_anti_corruption",
                "criterion_responsible_sourcing",
                "criterion_human_rights",
                "criterion_cahra",
            )
        )
        if (self.risk_level == "high" or concerns) and not _has_text(self.mitigation_actions):
            raise UserError(
                self.env._(
                    "%(name)s has a high risk or an unmet criterion: record the mitigation "
                    "actions agreed with the vendor before approving (V2.1 7.2).",
                    name=self.name,
                )
            )

    def action_reject(self):
        self._check_manager()
        for dd in self:
            if dd.state not in ("sent", "answered"):
                raise UserError(
                    self.env._(
                        "%(name)s can be rejected only while its questionnaire is sent or "
                        "answered.",
                        name=dd.name,
                    )
                )
            if not _has_text(dd.findings):
                raise UserError(
                    self.env._("Record the findings that lead to rejecting %(name)s.", name=dd.name)
                )
        self._asi_action_write(
            {
                "state": "rejected",
                "approver_id": self.env.uid,
                "date_decision": fields.Date.context_today(self),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_reset_draft(self):
        for dd in self:
            if dd.state not in ("sent", "rejected"):
                raise UserError(
                    self.env._(
                        "Only a sent or rejected assessment can go back to draft (%(name)s).",
                        name=dd.name,
                    )
                )
        self._asi_action_write({"state": "draft"})
        return True

    def action_new_assessment(self):
        """Start the next assessment of the same vendor (periodic review, V2.1 7.1)."""
        self.ensure_one()
        new = self.create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "survey_id": self.survey_id.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------------------------
    # Daily: expiry and review
    # ------------------------------------------------------------------------------------
    @api.model
    def _cron_expire_and_review(self):
        """Expire approvals past ``valid_until`` and plan a review before the end."""
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", "approved"), ("valid_until", "<", today)])
        if expired:
            expired._asi_action_write({"state": "expired"})
            for dd in expired:
                dd.message_post(
                    body=self.env._(
                        "The approval ended on %(date)s: %(vendor)s needs a new assessment "
                        "before aluminium is bought from it again.",
                        date=dd.valid_until,
                        vendor=dd.partner_id.display_name,
                    )
                )
        soon = self.search(
            [
                ("state", "=", "approved"),
                ("valid_until", ">=", today),
                ("valid_until", "<=", today + timedelta(days=REVIEW_DAYS)),
            ]
        )
        soon._schedule_review()

    def _schedule_review(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for dd in self:
            users = dd.company_id.asi_responsible_user_ids or dd.approver_id or dd.create_uid
            planned = dd.activity_ids.filtered(lambda a: a.activity_type_id == todo).user_id
            for user in users - planned:
                dd.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=dd.valid_until,
                    user_id=user.id,
                    summary=self.env._(
                        "Review the due diligence of %(vendor)s before %(date)s",
                        vendor=dd.partner_id.display_name,
                        date=dd.valid_until,
                    ),
                    note=self.env._(
                        "Start a new assessment and send the questionnaire again (V2.1 7.1)."
                    ),
                )


def _has_text(html):
    return not is_html_empty(html)
