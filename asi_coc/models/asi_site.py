from odoo import fields, models


class AsiSite(models.Model):
    """A site in the sense of V3: co-located activities under one management control.

    Its code is the unique site identifier printed on CoC documents under option 3
    (V3 6.3.9).
    """

    _name = "asi.site"
    _description = "ASI Site"
    _inherit = ["mail.thread"]
    _order = "company_id, code"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Unique site identifier (V3 6.3.9), printed on CoC documents.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    partner_id = fields.Many2one("res.partner", string="Address", check_company=True, tracking=True)
    ps_certification_status = fields.Selection(
        [
            ("none", "Not certified"),
            ("in_progress", "In progress"),
            ("provisional", "Provisional"),
            ("certified", "Certified"),
        ],
        string="Performance Standard",
        default="none",
        required=True,
        tracking=True,
        help="ASI Performance Standard certification status of the site "
        "(optional sustainability data, V2.1 9.3).",
    )
    ps_certification_date = fields.Date(string="PS Certification Date", tracking=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The site code is the unique site identifier: it must be unique per company.",
        ),
    ]

    def _compute_display_name(self):
        for site in self:
            site.display_name = f"[{site.code}] {site.name}" if site.code else site.name
