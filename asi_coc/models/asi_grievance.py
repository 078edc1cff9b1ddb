from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext
from odoo.tools.mail import email_split, email_split_and_format


class AsiGrievance(models.Model):
    """The grievance mechanism (V2.1 7.3): anyone can raise a concern about the company's
    responsible sourcing or a supplier; each one is recorded, answered and closed. A concern
    can arrive by e-mail: the mail gateway creates it from a message to the grievance alias."""

    _name = "asi.grievance"
    _description = "ASI Grievance"
    _inherit = ["mail.thread", "mail.activity.mixin", "asi.retention.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index=True
    )
    date = fields.Date(string="Received On", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    complainant_id = fields.Many2one("res.partner", tracking=True)
    complainant_email = fields.Char(tracking=True)
    anonymous = fields.Boolean(help="The complainant asked not to be named to the supplier.")
    concern = fields.Text(required=True, help="What the complainant raises, in their words.")
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier Concerned",
        tracking=True,
        index=True,
        help="The supplier the concern is about, if any; the grievance then belongs to that "
        "supplier's due-diligence record (V2.1 7.1, 7.3).",
    )
    response = fields.Text(help="The answer given to the complainant and what was done.")
    state = fields.Selection(
        [
            ("new", "Received"),
            ("in_progress", "Under Review"),
            ("responded", "Responded"),
            ("closed", "Closed"),
        ],
        default="new",
        required=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Handled By", tracking=True, default=lambda self: self.env.user
    )
    active = fields.Boolean(default=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("asi.grievance") or "/"
        return super().create(vals_list)

    def _asi_retention_date(self):
        # V2.1 1.6: kept five years after it was received.
        return self.date

    def action_start_review(self):
        self.write({"state": "in_progress"})

    def action_respond(self):
        for grievance in self:
            if not grievance.response:
                raise UserError(
                    self.env._(
                        "%s: write the response to the complainant before marking it responded.",
                        grievance.name,
                    )
                )
        self.write({"state": "responded"})

    def action_close(self):
        for grievance in self.filtered(lambda g: g.state != "responded"):
            raise UserError(
                self.env._(
                    "%s: only a grievance that was responded to can be closed.", grievance.name
                )
            )
        self.write({"state": "closed"})

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A message to the grievance alias opens a grievance (V2.1 7.3)."""
        sender = email_split_and_format(msg_dict.get("email_from") or "")
        email = msg_dict.get("email_from") or ""
        partner = self.env["res.partner"]
        if sender:
            partner = partner.search([("email", "=ilike", email_split(email)[0])], limit=1)
        subject = msg_dict.get("subject") or ""
        body = html2plaintext(msg_dict.get("body") or "")
        values = {
            "concern": f"{subject}\n\n{body}".strip(),
            "complainant_email": sender[0] if sender else email,
            "complainant_id": partner.id,
        }
        values.update(custom_values or {})
        return super().message_new(msg_dict, custom_values=values)
