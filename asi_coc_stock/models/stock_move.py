from odoo import api, fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = "stock.move"

    asi_designated = fields.Boolean(
        string="ASI",
        copy=False,
        help="The whole quantity of this line is shipped as ASI material (indivisible, V2.1 "
        "8.5, V3 6.2): it comes only from ASI lots and draws on the ASI balance.",
    )
    asi_material_type_id = fields.Many2one(
        related="product_id.product_tmpl_id.asi_material_type_id"
    )

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves.filtered(lambda m: m.state == "done" and m.asi_material_type_id)._asi_post()
        return moves

    def _asi_flow(self):
        """(direction, sign) of a move across the certification scope, or None.

        Receipts from suppliers are inputs, deliveries to customers outputs; a return
        reverses the original flow in the period of the return."""
        self.ensure_one()
        src, dest = self.location_id.usage, self.location_dest_id.usage
        if src == "supplier" and dest == "internal":
            return "input", 1
        if src == "internal" and dest == "customer":
            return "output", 1
        if src == "customer" and dest == "internal":
            return "output", -1
        if src == "internal" and dest == "supplier":
            return "input", -1
        return None

    def _asi_site(self):
        warehouse = self.warehouse_id or self.picking_type_id.warehouse_id
        return warehouse.asi_site_id

    def _asi_post(self):
        """Post every done move that crosses the scope to the ASI ledger, one line per
        move line (lots can differ in status)."""
        vals_list = []
        for move in self:
            flow = move._asi_flow()
            if not flow:
                continue
            direction, sign = flow
            date = fields.Date.context_today(move, move.date)
            for line in move.move_line_ids:
                vals = move._asi_ledger_vals(line, direction, sign, date)
                if vals:
                    vals_list.append(vals)
        if vals_list:
            self.env["asi.ledger.line"].post(vals_list)
        designated = self.filtered(lambda m: m.asi_designated and m.picking_id)
        designated.picking_id._asi_assign_document_number()

    def _asi_ledger_vals(self, line, direction, sign, date):
        product = line.product_id
        # V2.1 8.3: scrap and eligible waste count by their aluminium content.
        mass = product._asi_aluminium_kg(line.quantity, line.product_uom_id)
        if not mass:
            return None
        partner = self.picking_id.partner_id.commercial_partner_id
        certificate = self.env["asi.certificate"]
        document = self.picking_id.name
        if direction == "input" and sign > 0:
            status, certificate, reasons = line._asi_verify_receipt(date)
            document = line.asi_document_ref or document
            if line.lot_id:
                line.lot_id.write(
                    {
                        "asi_status": status,
                        "asi_certificate_id": certificate.id,
                        "asi_document_ref": line.asi_document_ref,
                        "asi_verification_note": "; ".join(reasons) or False,
                    }
                )
            if reasons:
                self._asi_ask_verification(line, reasons)
        elif direction == "output" and sign > 0:
            status = "asi" if self.asi_designated else "non_asi"
            if self.asi_designated and line.lot_id.asi_status not in ("asi", "eligible"):
                raise UserError(
                    self.env._(
                        "%(product)s is shipped as ASI material but lot %(lot)s is not ASI: "
                        "ASI material comes only from ASI lots.",
                        product=product.display_name,
                        lot=line.lot_id.name or self.env._("(none)"),
                    )
                )
        else:
            # A return reverses the flow with the status the lot had.
            status = line.lot_id.asi_status or "non_asi"
            if direction == "output":
                status = status if self.origin_returned_move_id.asi_designated else "non_asi"
        return {
            "date": date,
            "company_id": self.company_id.id,
            "site_id": self._asi_site().id,
            "material_type_id": product.asi_material_type_id.id,
            "asi_status": status,
            "direction": direction,
            "flow_type": "external",
            "mass_kg": sign * mass,
            "partner_id": partner.id,
            "certificate_id": certificate.id,
            "document_ref": document,
            "res_model": "stock.move",
            "res_id": self.id,
            "origin_line_id": self._asi_origin_ledger_line().id if sign < 0 else False,
        }

    def _asi_origin_ledger_line(self):
        origin = self.origin_returned_move_id
        return (
            self.env["asi.ledger.line"]
            .sudo()
            .search([("res_model", "=", "stock.move"), ("res_id", "=", origin.id)], limit=1)
        )

    def _asi_ask_verification(self, line, reasons):
        picking = self.picking_id
        users = self.company_id.asi_responsible_user_ids or self.env.user
        for user in users:
            picking.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._("Verify the CoC data of %s", line.product_id.display_name),
                note=self.env._(
                    "Recorded as non-ASI because: %(reasons)s. Check the supplier's CoC document "
                    "and certificate (V2.1 10.1-10.3).",
                    reasons="; ".join(reasons),
                ),
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
