from datetime import timedelta

from dateutil.relativedelta import relativedelta

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

    This file: the record, the decision and the daily expiry; sending the questionnaire and
    receiving the answers: asi_due_diligence_questionnaire.py.
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

    # ------------------------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------------------------
    def _asi_verify_manager(self):
        if not self.env.user.has_group("asi_coc.group_asi_coc_manager"):
            raise AccessError(
                self.env._("Only an ASI CoC Manager can approve or reject due diligence.")
            )

    def action_approve(self):
        self._asi_verify_manager()
        today = fields.Date.context_today(self)
        for dd in self:
            dd._asi_verify_can_approve()
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

    def _asi_verify_can_approve(self):
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
        self._asi_verify_manager()
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
