from odoo import api, fields, models
from odoo.exceptions import UserError


class AsiForceMajeure(models.Model):
    """A force-majeure event that justifies an internal overdraft (V2.1 8.8, V3 5.2.2).

    Contracted ASI deliveries could not be covered because of an event outside the
    entity's control; the overdraft borrows from the next period, at most 20 % of the
    period's ASI inputs and at most the affected mass, and must be repaid in the next period.
    """

    _name = "asi.force.majeure"
    _description = "ASI Force-Majeure Event (Internal Overdraft)"
    _inherit = ["mail.thread", "asi.retention.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Event", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    site_id = fields.Many2one("asi.site", check_company=True, help="Option 3: the site's balance.")
    period_id = fields.Many2one(
        "asi.accounting.period", compute="_compute_period_id", store=True, index=True
    )
    material_type_id = fields.Many2one("asi.material.type", required=True, tracking=True)
    description = fields.Text(required=True, help="What happened, and why it is force majeure.")
    affected_deliveries = fields.Text(
        string="Affected Contracted Deliveries",
        required=True,
        help="The contracted ASI deliveries the event affected (orders, customers, dates).",
    )
    affected_mass_kg = fields.Float(string="Affected Mass (kg)", digits=(16, 3), required=True)
    overdraft_kg = fields.Float(
        string="Overdraft (kg)", digits=(16, 3), required=True, tracking=True
    )
    approver_id = fields.Many2one("res.users", readonly=True, tracking=True, copy=False)
    approved_on = fields.Date(readonly=True, copy=False)
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    ledger_line_ids = fields.One2many("asi.ledger.line", "force_majeure_id", readonly=True)

    @api.depends("date", "company_id", "site_id")
    def _compute_period_id(self):
        Period = self.env["asi.accounting.period"]
        for event in self:
            event.period_id = Period.search(
                [
                    ("company_id", "=", event.company_id.id),
                    ("date_from", "<=", event.date),
                    ("date_to", ">=", event.date),
                    "|",
                    ("site_id", "=", False),
                    ("site_id", "=", event.site_id.id),
                ],
                limit=1,
            )

    def _asi_retention_date(self):
        return self.period_id.date_to or self.date

    def action_approve(self):
        """Approve the event and post the overdraft into its open period."""
        if not self.env.user.has_group("asi_coc.group_asi_coc_manager"):
            raise UserError(self.env._("Only an ASI CoC Manager can approve an overdraft."))
        for event in self:
            if event.state != "draft":
                raise UserError(self.env._("Only a draft event can be approved."))
            period = self.env["asi.accounting.period"]._find_open_period(
                event.company_id, event.date, event.site_id
            )
            period._lock_for_designation()
            figures = period._figures(event.material_type_id)
            problem = period._rules().check_overdraft(
                figures, event.overdraft_kg, event.affected_mass_kg, figures.overdraft
            )
            if problem:
                raise UserError(period._problem_message(problem, event.material_type_id))
            self.env["asi.ledger.line"].post(
                [
                    {
                        "date": event.date,
                        "company_id": event.company_id.id,
                        "site_id": event.site_id.id,
                        "material_type_id": event.material_type_id.id,
                        "asi_status": "asi",
                        "direction": "input",
                        "flow_type": "overdraft",
                        "mass_kg": event.overdraft_kg,
                        "force_majeure_id": event.id,
                        "document_ref": event.name,
                        "res_model": event._name,
                        "res_id": event.id,
                    }
                ]
            )
            event.write(
                {
                    "state": "approved",
                    "approver_id": self.env.uid,
                    "approved_on": fields.Date.context_today(self),
                }
            )
        return True

    def action_cancel(self):
        if self.filtered(lambda e: e.state == "approved"):
            raise UserError(
                self.env._("An approved overdraft is in the ledger: it is repaid, not cancelled.")
            )
        self.write({"state": "cancelled"})
