from odoo import api, fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Taken from the delivered moves, never typed: quote, delivery and invoice cannot drift.
    # Stored and recomputed when the invoice is posted, so a posted invoice keeps the data it
    # was issued with.
    asi_designated = fields.Boolean(
        string="ASI",
        compute="_compute_asi_coc",
        store=True,
        help="The goods of this line were delivered as ASI material (whole line).",
    )
    asi_material_type_id = fields.Many2one(
        "asi.material.type",
        string="ASI Material Type",
        compute="_compute_asi_coc",
        store=True,
    )
    asi_mass_kg = fields.Float(
        string="ASI Mass (kg)",
        compute="_compute_asi_coc",
        store=True,
        digits="Stock Weight",
        help="Aluminium mass of the invoiced quantity (V3 6.3.7, V2.1 8.3).",
    )
    asi_picking_ids = fields.Many2many(
        "stock.picking",
        "account_move_line_asi_picking_rel",
        "line_id",
        "picking_id",
        string="ASI Deliveries",
        compute="_compute_asi_coc",
        store=True,
        help="The deliveries whose CoC document covers this line.",
    )
    asi_document_numbers = fields.Char(
        string="CoC Document No.",
        compute="_compute_asi_coc",
        store=True,
        help="CoC document number(s) of the deliveries (V3 6.3.1, V2.1 9.2 b); on a credit "
        "note, those of the original deliveries.",
    )

    @api.depends("sale_line_ids", "product_id", "quantity", "product_uom_id", "parent_state")
    def _compute_asi_coc(self):
        for line in self:
            pickings = line._asi_coc_pickings()
            line.asi_designated = bool(pickings)
            line.asi_picking_ids = pickings
            line.asi_document_numbers = ", ".join(pickings.mapped("asi_document_number")) or False
            material = line.product_id.product_tmpl_id.asi_material_type_id
            line.asi_material_type_id = material if pickings else False
            line.asi_mass_kg = (
                line.product_id._asi_aluminium_kg(abs(line.quantity), line.product_uom_id)
                if pickings
                else 0.0
            )

    def _asi_coc_pickings(self):
        """The validated deliveries that shipped this line's goods as ASI material; for a
        credit note, the deliveries its returns (or the reversed invoice) came from."""
        self.ensure_one()
        move_type = self.move_id.move_type
        if (
            move_type not in ("out_invoice", "out_refund")
            or self.display_type != "product"
            or not self.product_id.product_tmpl_id.asi_material_type_id
        ):
            return self.env["stock.picking"]
        # The deliveries may belong to another company of the entity: read them as superuser.
        moves = self.sudo().sale_line_ids.move_ids.filtered(lambda m: m.state == "done")
        delivered = moves.filtered(
            lambda m: (
                m.asi_designated
                and m.location_dest_id.usage == "customer"
                and not m.origin_returned_move_id
            )
        )
        if move_type == "out_refund":
            returned = moves.filtered(
                lambda m: (
                    m.location_id.usage == "customer" and m.origin_returned_move_id.asi_designated
                )
            ).origin_returned_move_id
            delivered = returned or delivered
        pickings = delivered.picking_id.filtered("asi_document_number").sorted("id")
        return pickings.with_env(self.env)
