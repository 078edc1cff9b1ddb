from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class AsiClaim(models.Model):
    """A claim about ASI certification or ASI material (V2.1 11, V3 8): what is said, where
    (on a product, off-product, in marketing), about which products, and ASI's approval of
    the wording. Claims are CoC records kept five years after they stop being used."""

    _name = "asi.claim"
    _description = "ASI Claim"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "asi.retention.mixin",
        "asi.action.fields.mixin",
    ]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    claim_type = fields.Selection(
        [
            ("on_product", "On-product"),
            ("off_product", "Off-product"),
            ("marketing", "Marketing / corporate"),
        ],
        string="Type",
        required=True,
        default="off_product",
        tracking=True,
    )
    text = fields.Text(
        string="Claim Wording",
        required=True,
        tracking=True,
        help="The exact wording used, as approved by ASI.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        help="The products the claim is made about; an on-product claim needs at least one.",
    )
    approval_ref = fields.Char(
        string="ASI Approval Reference",
        tracking=True,
        help="ASI's reference of the approval of this claim (V2.1 11.1, V3 8.1).",
    )
    approval_date = fields.Date(string="ASI Approval Date", tracking=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    asi_mass_kg = fields.Float(
        string="ASI Mass Covered (kg)",
        digits=(16, 3),
        tracking=True,
        help="The ASI material mass the claim covers, e.g. of the products sold with it (V3 8.2).",
    )
    date_from = fields.Date(string="Used From", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="Used Until", help="Empty while the claim is in use.")
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved by ASI"), ("withdrawn", "Withdrawn")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)

    # V2.1 11.1, V3 8.1: approved only through action_approve, which checks ASI's approval.
    _asi_action_fields = ("state",)

    def _asi_action_names(self):
        return self.env._("Approve and Withdraw")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for claim in self:
            if claim.date_to and claim.date_to < claim.date_from:
                raise ValidationError(
                    self.env._("%s: the claim cannot end before it starts.", claim.name)
                )

    @api.constrains("asi_mass_kg")
    def _check_mass(self):
        for claim in self:
            if claim.asi_mass_kg < 0:
                raise ValidationError(
                    self.env._("%s: the ASI mass covered cannot be negative.", claim.name)
                )

    def _asi_retention_date(self):
        # V2.1 1.6: kept five years after the claim stopped being used.
        return self.date_to or fields.Date.context_today(self)

    def _asi_is_retained(self):
        # A draft that was never approved was never used: no CoC record yet.
        return self.state != "draft" or bool(self.approval_ref)

    def action_approve(self):
        for claim in self:
            missing = []
            if not claim.approval_ref:
                missing.append(self.env._("ASI approval reference"))
            if not claim.approval_date:
                missing.append(self.env._("ASI approval date"))
            if claim.claim_type == "on_product" and not claim.product_ids:
                missing.append(self.env._("the products it is printed on"))
            if missing:
                # V2.1 11.1, V3 8.1: claims are used only once ASI approved them.
                raise UserError(
                    self.env._(
                        "%(claim)s cannot be approved without: %(missing)s.",
                        claim=claim.name,
                        missing=", ".join(missing),
                    )
                )
        self._asi_action_write({"state": "approved"})

    def action_withdraw(self):
        today = fields.Date.context_today(self)
        for claim in self:
            claim._asi_action_write({"state": "withdrawn", "date_to": claim.date_to or today})
