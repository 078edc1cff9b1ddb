from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    def write(self, vals):
        if "asi_designated" in vals:
            self._asi_verify_designation_follows_request(bool(vals["asi_designated"]))
        return super().write(vals)

    def _asi_verify_designation_follows_request(self, designated):
        """V2.1 8.5, V3 6.2: a sales line is ASI as a whole. The delivery of a line follows
        its request; designating part of it (or a line the customer did not ask as ASI) would
        make the CoC document and the invoice disagree."""
        mismatch = self.filtered(
            lambda m: (
                m.sale_line_id
                and m.state not in ("done", "cancel")
                and not m.origin_returned_move_id
                and m.sale_line_id.asi_requested != designated
            )
        )
        if not mismatch:
            return
        move = mismatch[0]
        if move.sale_line_id.asi_requested:
            message = self.env._(
                "%(product)s comes from a line of %(order)s that requests ASI material: a "
                "sales line is shipped as ASI as a whole, never in part (V2.1 8.5). Remove "
                "the ASI request on the sales order line instead.",
                product=move.product_id.display_name,
                order=move.sale_line_id.order_id.name,
            )
        else:
            message = self.env._(
                "%(product)s comes from a line of %(order)s that does not request ASI "
                "material: request ASI on the sales order line, so that the order, the CoC "
                "document and the invoice say the same.",
                product=move.product_id.display_name,
                order=move.sale_line_id.order_id.name,
            )
        raise UserError(message)

    def _asi_verify_before_done(self):
        res = super()._asi_verify_before_done()
        deliveries = self.filtered(
            lambda m: (
                m.sale_line_id
                and m.location_dest_id.usage == "customer"
                and not m.origin_returned_move_id
            )
        )
        for move in deliveries.filtered(lambda m: m.asi_designated != m.sale_line_id.asi_requested):
            move._asi_verify_designation_follows_request(move.asi_designated)
        # V3 6.2: the delivery of an order that is ASI only in part is refused too.
        deliveries.sale_line_id.order_id._asi_verify_whole_transaction()
        self.filtered(
            lambda m: m.location_id.usage == "customer" and m.origin_returned_move_id.asi_designated
        )._asi_verify_asi_returns()
        return res

    def _asi_verify_asi_returns(self):
        """A customer return gives back at most what was shipped as ASI (V2.1 8.5): more
        would create ASI balance out of nothing."""
        for move in self:
            origin = move.origin_returned_move_id
            shipped = origin.product_uom._compute_quantity(origin.quantity, move.product_id.uom_id)
            earlier = origin.returned_move_ids.filtered(
                lambda m, me=move: m.state == "done" and m != me
            )
            returned = sum(
                m.product_uom._compute_quantity(m.quantity, m.product_id.uom_id)
                for m in earlier | move
            )
            rounding = move.product_id.uom_id.rounding
            if float_compare(returned, shipped, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "The return of %(product)s gives back %(returned)s %(uom)s but "
                        "%(picking)s shipped %(shipped)s %(uom)s as ASI: a return cannot "
                        "exceed what was shipped as ASI material.",
                        product=move.product_id.display_name,
                        returned=returned,
                        shipped=shipped,
                        uom=move.product_id.uom_id.name,
                        picking=origin.picking_id.asi_document_number or origin.picking_id.name,
                    )
                )
