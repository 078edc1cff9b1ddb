from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    asi_rule_set = fields.Selection(related="company_id.asi_rule_set", readonly=False)
    asi_certificate_id = fields.Many2one(related="company_id.asi_certificate_id", readonly=False)
    asi_responsible_user_ids = fields.Many2many(
        related="company_id.asi_responsible_user_ids", readonly=False
    )
    asi_option2_min_share = fields.Float(related="company_id.asi_option2_min_share", readonly=False)
    asi_scrap_cash_limit = fields.Monetary(
        related="company_id.asi_scrap_cash_limit",
        currency_field="asi_scrap_cash_currency_id",
        readonly=False,
    )
    asi_scrap_cash_currency_id = fields.Many2one(
        related="company_id.asi_scrap_cash_currency_id", readonly=False
    )
    asi_coc_statement = fields.Text(related="company_id.asi_coc_statement", readonly=False)
    asi_scrap_cash_window_days = fields.Integer(
        related="company_id.asi_scrap_cash_window_days", readonly=False
    )
    asi_closed_loop_window_months = fields.Integer(
        related="company_id.asi_closed_loop_window_months", readonly=False
    )
    asi_certificate_reverify_days = fields.Integer(
        related="company_id.asi_certificate_reverify_days", readonly=False
    )
