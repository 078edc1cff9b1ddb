from odoo import api, fields, models
from odoo.exceptions import UserError


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    asi_material_type_id = fields.Many2one(
        related="product_id.product_tmpl_id.asi_material_type_id", string="ASI Material"
    )
    asi_period_id = fields.Many2one(
        "asi.accounting.period",
        string="ASI Period",
        compute="_compute_asi_balance",
        groups="asi_coc.group_asi_coc_user,asi_coc.group_asi_coc_auditor",
        help="The open material accounting period of the order's date and site.",
    )
    asi_available_kg = fields.Float(
        string="ASI Balance Available (kg)",
        compute="_compute_asi_balance",
        digits=(16, 3),
        groups="asi_coc.group_asi_coc_user,asi_coc.group_asi_coc_auditor",
        help="ASI output of this material that can still be designated in the open period "
        "(V2.1 8.4, V3 5.1): what the finished product can be shipped as ASI from. "
        "Production itself does not post to the ledger: it stays inside the scope.",
    )

    @api.depends("product_id", "company_id", "picking_type_id", "date_start")
    def _compute_asi_balance(self):
        Period = self.env["asi.accounting.period"].sudo()
        # Only orders of ASI products look at the ledger: Manufacturing of anything else is
        # not slowed down.
        asi = self.filtered("asi_material_type_id")
        (self - asi).asi_period_id = False
        (self - asi).asi_available_kg = 0.0
        cache = {}
        for production in asi:
            date = fields.Date.context_today(production, production.date_start)
            site = production.picking_type_id.warehouse_id.asi_site_id
            company = production.company_id or self.env.company
            key = (company, date, site)
            if key not in cache:
                try:
                    cache[key] = Period._find_open_period(company, date, site)
                except UserError:
                    cache[key] = Period
            period = cache[key]
            production.asi_period_id = period
            production.asi_available_kg = (
                period._figures(
                    period._asi_balance_material(production.asi_material_type_id)
                ).available
                if period
                else 0.0
            )
