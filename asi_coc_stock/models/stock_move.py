from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.asi_coc.models.asi_ledger_line import ASI_STATUSES


class StockMove(models.Model):
    _inherit = "stock.move"

    asi_designated = fields.Boolean(
        string="ASI",
        copy=False,
        help="The whole quantity of this line is shipped as ASI material (indivisible, V2.1 "
        "8.5, V3 6.2): it draws on the ASI balance of the period, whatever lots it is "
        "picked from (mass balance, V3 part A).",
    )
    asi_material_type_id = fields.Many2one(
        related="product_id.product_tmpl_id.asi_material_type_id"
    )

    asi_receipt_status = fields.Selection(
        ASI_STATUSES,
        string="Recorded As",
        compute="_compute_asi_receipt_status",
        help="What the received lines are recorded as: verified against the certificate "
        "register before validation, the lots' status after (V2.1 10.1-10.3). Non-ASI when "
        "any line is.",
    )

    @api.depends("move_line_ids.asi_expected_status")
    def _compute_asi_receipt_status(self):
        for move in self:
            statuses = set(move.move_line_ids.mapped("asi_expected_status")) - {False}
            status = False
            for candidate in ("non_asi", "eligible", "asi"):
                if candidate in statuses:
                    status = candidate
                    break
            move.asi_receipt_status = status

    def _action_done(self, cancel_backorder=False):
        # Refusals that need no ledger come first: nothing is done when they fail.
        asi_moves = self.filtered(lambda m: m.asi_material_type_id and m.state != "done")
        asi_moves._asi_verify_before_done()
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves.filtered(lambda m: m.state == "done" and m.asi_material_type_id)._asi_post()
        return moves

    def _prepare_move_split_vals(self, qty):
        vals = super()._prepare_move_split_vals(qty)
        # The backorder of a line shipped as ASI is still shipped as ASI: the designation is
        # of the whole line (V2.1 8.5, V3 6.2).
        if self.asi_designated:
            vals["asi_designated"] = True
        return vals

    def _prepare_merge_moves_distinct_fields(self):
        # A line shipped as ASI and one that is not stay two lines (V2.1 8.5): merged, one
        # designation would cover both.
        return super()._prepare_merge_moves_distinct_fields() + ["asi_designated"]

    # ------------------------------------------------------------------------------------
    # Which flow a move is
    # ------------------------------------------------------------------------------------
    def _asi_flows(self):
        """The ledger flows of a move across or inside the certification scope: a list of
        (direction, sign, flow_type, site). Receipts from suppliers are inputs, deliveries to
        customers outputs; a return reverses the original flow in the period of the return;
        material sent to and returned by an outsourcing contractor is an outsourcing flow
        (V2.1 2, V3 7); a transfer between warehouses of two sites is an intra-entity
        transfer, out of one site and into the other (V2.1 1.7 g)."""
        self.ensure_one()
        src, dest = self.location_id, self.location_dest_id
        src_site, dest_site = src.warehouse_id.asi_site_id, dest.warehouse_id.asi_site_id
        outside = ("supplier", "customer")
        contractor = self._asi_partner().asi_role == "outsourcing_contractor"
        if src.usage == "internal" and dest.usage in outside:
            if contractor:
                return [("output", 1, "outsourcing", src_site)]
            if dest.usage == "customer":
                return [("output", 1, "external", src_site)]
            return [("input", -1, "external", src_site)]
        if src.usage in outside and dest.usage == "internal":
            if contractor:
                return [("input", 1, "outsourcing", dest_site)]
            if src.usage == "supplier":
                return [("input", 1, "external", dest_site)]
            return [("output", -1, "external", dest_site)]
        if src.usage == "internal" and dest.usage == "internal" and src_site != dest_site:
            return [
                ("output", 1, "intra_entity", src_site),
                ("input", 1, "intra_entity", dest_site),
            ]
        # Inter-warehouse resupply goes through a transit location: out of the sending
        # site when it leaves, into the receiving site when it arrives.
        if src.usage == "internal" and dest.usage == "transit" and src_site:
            return [("output", 1, "intra_entity", src_site)]
        if src.usage == "transit" and dest.usage == "internal" and dest_site:
            return [("input", 1, "intra_entity", dest_site)]
        return []

    def _asi_partner(self):
        return (self.picking_id.partner_id or self.partner_id).commercial_partner_id

    def _asi_site(self):
        warehouse = self.warehouse_id or self.picking_type_id.warehouse_id
        return warehouse.asi_site_id

    # ------------------------------------------------------------------------------------
    # Checks before the move is done
    # ------------------------------------------------------------------------------------
    def _asi_verify_before_done(self):
        untracked = self.product_id.filtered(lambda p: p.tracking == "none")
        if untracked:
            # ASI status travels with the lot: without lots, ASI and non-ASI material of one
            # product cannot be told apart in stock (V2.1 8.5, V3 6.2).
            raise UserError(
                self.env._(
                    "%s: ASI material is traced by lot. Set the product's tracking to "
                    "'By Lots' before moving it.",
                    ", ".join(untracked.mapped("display_name")),
                )
            )
        outsourcing = self.filtered(
            lambda m: (
                m._asi_partner().asi_role == "outsourcing_contractor"
                and any(flow[2] == "outsourcing" for flow in m._asi_flows())
            )
        )
        for partner in outsourcing._asi_partner():
            if not partner.asi_outsourcing_identifier:
                raise UserError(
                    self.env._(
                        "%s is an outsourcing contractor without an identifier: enter its "
                        "Outsourcing Contractor ID on the partner (V2.1 2, V3 7).",
                        partner.display_name,
                    )
                )
        returns = outsourcing.filtered(lambda m: m.location_dest_id.usage == "internal")
        if returns:
            returns._asi_verify_outsourcing_returns()
        today = fields.Date.context_today(self)
        shipped = self.filtered(
            lambda m: (
                m.asi_designated
                and m.location_dest_id.usage == "customer"
                and not m.origin_returned_move_id
            )
        )
        # V2.1 11, V3 6.3.3: only a certified entity ships ASI material, under the
        # certificate valid on the date of transfer of control (checked once per company).
        for company in shipped.company_id:
            materials = shipped.filtered(lambda m, c=company: m.company_id == c)
            company._asi_verify_certificate(materials.asi_material_type_id, today)
        self._asi_verify_whole_transaction()

    def _asi_verify_whole_transaction(self):
        """V3 6.2: under the V3 rule sets a delivery is ASI as a whole: every aluminium line
        (a product with an ASI material type) is designated, or none is. V2.1 8.5 keeps the
        designation per line."""
        deliveries = self.filtered(
            lambda m: (
                m.picking_id
                and m.location_dest_id.usage == "customer"
                and not m.origin_returned_move_id
            )
        )
        for picking in deliveries.picking_id:
            lines = picking.move_ids.filtered(
                lambda m: (
                    m.asi_material_type_id
                    and m.state != "cancel"
                    and m.location_dest_id.usage == "customer"
                    and not m.origin_returned_move_id
                )
            )
            partial = picking.company_id._asi_partial_transaction(lines, "asi_designated")
            if partial:
                raise UserError(
                    self.env._(
                        "%(picking)s designates only part of its aluminium as ASI (designated: "
                        "%(designated)s; not designated: %(rest)s). Under the V3 rules a "
                        "transaction is ASI as a whole (V3 6.2): designate every aluminium line "
                        "of the delivery as ASI, or none.",
                        picking=picking.display_name,
                        designated=partial[0],
                        rest=partial[1],
                    )
                )

    def _asi_verify_outsourcing_returns(self):
        """V2.1 2, V3 7: an outsourcing contractor returns the material type it was sent. One
        that changes it (e.g. remelts scrap into ingot) is a supplier, not a contractor."""
        sent = defaultdict(float)
        Line = self.env["asi.ledger.line"].sudo()
        groups = Line._read_group(
            [
                ("flow_type", "=", "outsourcing"),
                ("partner_id", "in", self._asi_partner().ids),
                ("company_id", "in", self.company_id.ids),
            ],
            ["partner_id", "material_type_id", "direction"],
            ["mass_kg:sum"],
        )
        for partner, material, direction, kg in groups:
            sent[partner, material] += kg if direction == "output" else -kg
        for move in self:
            partner, material = move._asi_partner(), move.asi_material_type_id
            if sent[partner, material] <= 0:
                raise UserError(
                    self.env._(
                        "%(contractor)s returns %(material)s but no %(material)s was sent to it: "
                        "a contractor that changes the material type is not an outsourcing "
                        "contractor (V2.1 2, V3 7). Receive it as a purchase from a supplier.",
                        contractor=partner.display_name,
                        material=material.name,
                    )
                )

    @api.onchange("asi_designated")
    def _onchange_asi_designated(self):
        if self.asi_designated and not self.asi_material_type_id:
            self.asi_designated = False
            return {
                "warning": {
                    "title": self.env._("Not ASI material"),
                    "message": self.env._("%s has no ASI material type.", self.product_id.name),
                }
            }
