from odoo import fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    asi_site_id = fields.Many2one(
        "asi.site",
        string="ASI Site",
        check_company=True,
        help="The ASI site this warehouse belongs to; its flows post to that site's figures.",
    )
