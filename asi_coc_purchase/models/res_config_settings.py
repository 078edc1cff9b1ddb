from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    asi_sourcing_policy = fields.Html(related="company_id.asi_sourcing_policy", readonly=False)
    asi_sourcing_policy_file = fields.Binary(
        related="company_id.asi_sourcing_policy_file", readonly=False
    )
    asi_sourcing_policy_filename = fields.Char(
        related="company_id.asi_sourcing_policy_filename", readonly=False
    )
