from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    asi_receipt_mass_tolerance = fields.Float(
        related="company_id.asi_receipt_mass_tolerance", readonly=False
    )
    asi_receipt_block_unverified = fields.Boolean(
        related="company_id.asi_receipt_block_unverified", readonly=False
    )
