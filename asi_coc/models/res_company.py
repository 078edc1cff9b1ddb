from odoo import api, fields, models
from odoo.exceptions import ValidationError

RULE_SET_SELECTION = [
    ("v2_1", "ASI CoC Standard V2.1 (percentage method)"),
    ("v3_option1", "V3 draft, option 1: one balance for the entity"),
    ("v3_option2", "V3 draft, option 2: entity balance with site sourcing share"),
    ("v3_option3", "V3 draft, option 3: one balance per site"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    asi_rule_set = fields.Selection(
        RULE_SET_SELECTION,
        string="ASI Rule Set",
        default="v2_1",
        # Not required at the database level: Odoo's own at-install tests of lower modules
        # create companies with a registry that does not know this field yet.
        help="Mass-balance rules applied to material accounting periods opened from now on. "
        "Empty means V2.1, the standard in force.",
    )
    asi_certificate_id = fields.Many2one(
        "asi.certificate",
        string="Own ASI CoC Certificate",
        check_company=True,
        domain="[('certificate_type', '=', 'coc')]",
    )
    asi_responsible_user_ids = fields.Many2many(
        "res.users",
        "res_company_asi_responsible_rel",
        "company_id",
        "user_id",
        string="CoC Responsible Persons",
        help="People who are responsible for the CoC system and can verify CoC "
        "documents (V2.1 1.4, 9.2 e). They receive the CoC activities.",
    )
    asi_site_ids = fields.One2many("asi.site", "company_id", string="ASI Sites")
    asi_option2_min_share = fields.Float(
        string="Option 2 Minimum Site Sourcing (%)",
        default=10.0,
        help="Under V3 option 2, each site that ships ASI material must have ASI inputs "
        "of at least this share of its ASI outputs in the period (V3 3.3, 5.3).",
    )
    asi_scrap_cash_limit = fields.Monetary(
        string="Scrap Cash Payment Limit",
        currency_field="asi_scrap_cash_currency_id",
        default=10000.0,
        help="Cash payments to one scrap supplier above this amount are refused (V2.1 4.3).",
    )
    asi_scrap_cash_currency_id = fields.Many2one(
        "res.currency",
        string="Scrap Cash Limit Currency",
        default=lambda self: self.env.ref("base.USD", raise_if_not_found=False),
    )
    asi_scrap_cash_window_days = fields.Integer(
        string="Linked Cash Payments Window (days)",
        default=30,
        help="Cash payments to the same scrap supplier within this many days count together "
        "against the limit (linked payments, V2.1 4.3).",
    )
    asi_certificate_reverify_days = fields.Integer(
        string="Re-verify Supplier Certificates Every (days)",
        default=90,
        help="A supplier certificate used on receipts in the last 12 months is flagged for "
        "re-verification against ASI's register when its last verification is older (V2.1 "
        "10.3).",
    )
    asi_closed_loop_window_months = fields.Integer(
        string="Closed-loop Scrap Window (months)",
        default=12,
        help="Pre-consumer scrap returned by a partner is eligible as closed-loop scrap only up "
        "to the ASI aluminium this company shipped to that partner in this many months before "
        "the receipt, less the closed-loop scrap already credited from it (V2.1 4.2 a i, "
        "V3 3.2).",
    )
    asi_coc_statement = fields.Text(
        string="CoC Declaration Statement",
        translate=True,
        default=lambda self: self._default_asi_coc_statement(),
        help="Printed on CoC documents (V2.1 9.2 h).",
    )

    def _default_asi_coc_statement(self):
        # V2.1 9.2 h: the statement every CoC document carries.
        return self.env._(
            "The information provided in this CoC Document is in accordance with the "
            "ASI CoC Standard"
        )

    @api.constrains("asi_option2_min_share")
    def _check_asi_option2_min_share(self):
        for company in self:
            if not 0 <= company.asi_option2_min_share <= 100:
                raise ValidationError(
                    self.env._(
                        "The option 2 minimum site sourcing share must be between 0 and 100 %."
                    )
                )

    @api.constrains("asi_closed_loop_window_months")
    def _check_asi_closed_loop_window_months(self):
        for company in self:
            if company.asi_closed_loop_window_months < 1:
                raise ValidationError(
                    self.env._("The closed-loop scrap window must be at least one month.")
                )

    @api.constrains("asi_scrap_cash_limit")
    def _check_asi_scrap_cash_limit(self):
        for company in self:
            if company.asi_scrap_cash_limit < 0:
                raise ValidationError(
                    self.env._("The scrap cash payment limit cannot be negative.")
                )

    @api.constrains("asi_certificate_id")
    def _check_asi_certificate(self):
        for company in self.filtered("asi_certificate_id"):
            cert = company.asi_certificate_id
            if cert.company_id != company:
                raise ValidationError(
                    self.env._(
                        "Certificate %(number)s belongs to the register of %(other)s: record "
                        "the certificate in the register of %(company)s.",
                        number=cert.number,
                        other=cert.company_id.name,
                        company=company.name,
                    )
                )
            if cert.certificate_type != "coc":
                raise ValidationError(
                    self.env._(
                        "The company's own certificate must be a Chain of Custody certificate."
                    )
                )
            if cert.holder_id.commercial_partner_id != company.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Certificate %(number)s is held by %(holder)s, not by %(company)s: "
                        "choose the company's own CoC certificate.",
                        number=cert.number,
                        holder=cert.holder_id.display_name,
                        company=company.name,
                    )
                )
