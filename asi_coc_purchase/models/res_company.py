from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # PS 2.4 / V2.1 7.1: the policy sent to vendors with the due-diligence questionnaire.
    asi_sourcing_policy = fields.Html(
        string="Responsible Sourcing Policy",
        translate=True,
        help="Sent to vendors with the due-diligence questionnaire (PS 2.4, V2.1 7.1).",
    )
    asi_sourcing_policy_file = fields.Binary(
        string="Responsible Sourcing Policy (file)",
        attachment=True,
        help="Attached to the due-diligence questionnaire e-mail.",
    )
    asi_sourcing_policy_filename = fields.Char()
