from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    asi_document_number = fields.Char(
        string="CoC Document No.",
        copy=False,
        readonly=True,
        index="btree_not_null",
        tracking=True,
        help="Unique shipment identifier of the CoC document (V3 6.3.1, V2.1 9.2 b), set when "
        "a delivery with ASI material is validated.",
    )

    def _asi_assign_document_number(self):
        for picking in self.filtered(lambda p: not p.asi_document_number):
            picking.asi_document_number = self.env["ir.sequence"].next_by_code("asi.coc.document")
