from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

from ..mass_balance import EPSILON
from ..tools.format import format_kg
from .asi_ledger_line import ASI_STATUSES


class AsiCocError(models.Model):
    """An error in CoC data found after shipment or receipt (V2.1 2.5, 9.6, 10.4).

    Confirming it reverses the original ledger line and posts the corrected one in the
    current open period: the closed period the error happened in does not change.
    """

    _name = "asi.coc.error"
    _description = "ASI CoC Error and Correction"
    _inherit = ["mail.thread", "mail.activity.mixin", "asi.retention.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/", index=True
    )
    date = fields.Date(
        string="Correction Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The corrections are posted in the open period of this date.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    origin_line_id = fields.Many2one(
        "asi.ledger.line",
        string="Ledger Line in Error",
        required=True,
        check_company=True,
        tracking=True,
    )
    document_ref = fields.Char(related="origin_line_id.document_ref", string="Document")
    partner_id = fields.Many2one(
        "res.partner",
        string="Counterparty",
        tracking=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
    )
    description = fields.Text(required=True, help="What was wrong and how it was found.")
    agreed_correction = fields.Text(help="The correction agreed with the counterparty.")
    preventive_action = fields.Text(help="What prevents the error from happening again.")
    corrected_asi_status = fields.Selection(
        ASI_STATUSES, string="Correct ASI Status", required=True
    )
    corrected_mass_kg = fields.Float(string="Correct Mass (kg)", digits=(16, 3), required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Corrected"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    correction_line_ids = fields.One2many("asi.ledger.line", "coc_error_id", readonly=True)

    @api.depends("origin_line_id")
    def _compute_partner_id(self):
        for error in self:
            error.partner_id = error.origin_line_id.partner_id

    @api.onchange("origin_line_id")
    def _onchange_origin_line_id(self):
        line = self.origin_line_id
        if line:
            self.corrected_asi_status = line.asi_status
            self.corrected_mass_kg = line.mass_kg

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("asi.coc.error") or "/"
        return super().create(vals_list)

    def _asi_retention_date(self):
        return self.date

    def action_confirm(self):
        """Reverse the line in error and post the corrected figures in the open period."""
        if not self.env.user.has_group("asi_coc.group_asi_coc_manager"):
            raise UserError(self.env._("Only an ASI CoC Manager can post a correction."))
        for error in self:
            if error.state != "draft":
                raise UserError(self.env._("Only a draft CoC error can be confirmed."))
            line = error.origin_line_id
            error._asi_verify_line_not_corrected_yet()
            if error.corrected_mass_kg < 0:
                raise UserError(self.env._("The correct mass cannot be negative."))
            if (
                error.corrected_asi_status == line.asi_status
                and abs(error.corrected_mass_kg - line.mass_kg) < EPSILON
            ):
                raise UserError(
                    self.env._("The correction changes nothing: give the correct status or mass.")
                )
            base = {
                "date": error.date,
                "company_id": line.company_id.id,
                "site_id": line.site_id.id,
                "material_type_id": line.material_type_id.id,
                "direction": line.direction,
                "flow_type": "correction",
                "partner_id": line.partner_id.id,
                "certificate_id": line.certificate_id.id,
                "document_ref": line.document_ref,
                "origin_line_id": line.id,
                "coc_error_id": error.id,
                "res_model": error._name,
                "res_id": error.id,
            }
            vals_list = [dict(base, asi_status=line.asi_status, mass_kg=-line.mass_kg)]
            if error.corrected_mass_kg:
                vals_list.append(
                    dict(
                        base, asi_status=error.corrected_asi_status, mass_kg=error.corrected_mass_kg
                    )
                )
            self.env["asi.ledger.line"].post(vals_list)
            error.state = "confirmed"
        return True

    def _asi_verify_line_not_corrected_yet(self):
        """A ledger line is reversed at most once (V2.1 2.5): a second correction of the
        same flow corrects the line that corrected it, otherwise the line in error would be
        reversed twice (two errors on 1,000 kg ASI: -2,000 kg ASI, +2,000 kg non-ASI)."""
        self.ensure_one()
        line = self.origin_line_id
        Line = self.env["asi.ledger.line"].sudo()
        # Row lock of the line in error: two corrections confirmed at the same time wait
        # for each other, and the second one sees the first (or fails to serialize and is
        # retried, then refused).
        Line.flush_model()
        self.env.cr.execute(
            SQL("SELECT id FROM asi_ledger_line WHERE id = %s FOR NO KEY UPDATE", line.id)
        )
        if line.origin_line_id and line.mass_kg < 0:
            raise UserError(
                self.env._(
                    "The ledger line of %(document)s (%(kg)s kg) reverses another line: "
                    "correct the line that replaced it, not the reversal.",
                    document=line.document_ref or line.coc_error_id.name or line.id,
                    kg=format_kg(line.mass_kg),
                )
            )
        done = Line.search([("origin_line_id", "=", line.id)], order="id", limit=1)
        if done:
            raise UserError(
                self.env._(
                    "The ledger line of %(document)s (%(kg)s kg, %(date)s) was already "
                    "corrected or reversed by %(by)s: correct the line that corrected it "
                    "instead, so that the %(kg)s kg are not reversed twice.",
                    document=line.document_ref or line.id,
                    kg=format_kg(line.mass_kg),
                    date=format_date(self.env, line.date),
                    by=done.coc_error_id.name or done.document_ref or done.id,
                )
            )

    def action_cancel(self):
        if self.filtered(lambda e: e.state == "confirmed"):
            raise UserError(self.env._("A confirmed correction is in the ledger: it stays."))
        self.write({"state": "cancelled"})
