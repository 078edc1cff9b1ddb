from odoo import api, fields, models
from odoo.exceptions import UserError

from ..coc_data import MASS_BASES


class AsiReceiptVerify(models.TransientModel):
    """Verify later (V3 3.3 note): a received line claimed ASI that failed verification was
    recorded non-ASI. Once the CoC responsible has the supplier's correct CoC data, the lot
    becomes ASI in the open period through a correction of the ledger."""

    _name = "asi.receipt.verify"
    _description = "Verify the CoC data of a receipt"

    lot_id = fields.Many2one("stock.lot", required=True, readonly=True)
    move_line_id = fields.Many2one("stock.move.line", required=True, readonly=True)
    picking_id = fields.Many2one(related="move_line_id.picking_id")
    partner_id = fields.Many2one(related="move_line_id.picking_id.partner_id")
    asi_status = fields.Selection(
        [("asi", "ASI"), ("eligible", "Eligible")], string="Claimed Status", required=True
    )
    certificate_number = fields.Char(string="Supplier Certificate No.", required=True)
    document_ref = fields.Char(string="Supplier CoC Document", required=True)
    declared_mass_kg = fields.Float(
        string="Declared ASI Mass (kg)", digits="Stock Weight", required=True
    )
    declared_mass_basis = fields.Selection(MASS_BASES, required=True, default="aluminium_content")
    transfer_date = fields.Date(string="Transfer of Control", required=True)
    note = fields.Text(related="lot_id.asi_verification_note", string="Why it was not ASI")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        lot = self.env["stock.lot"].browse(
            values.get("lot_id") or self.env.context.get("active_id")
        )
        line = lot._asi_receipt_line()
        if not line:
            raise UserError(
                self.env._(
                    "Lot %s was not received from a supplier: there is nothing to verify.",
                    lot.name,
                )
            )
        values.update(
            lot_id=lot.id,
            move_line_id=line.id,
            asi_status=line.asi_status if line.asi_status in ("asi", "eligible") else "asi",
            certificate_number=line.asi_certificate_number,
            document_ref=line.asi_document_ref,
            declared_mass_kg=line.asi_declared_mass_kg,
            declared_mass_basis=line.asi_declared_mass_basis or "aluminium_content",
            transfer_date=line.asi_transfer_date or fields.Date.context_today(line, line.date),
        )
        return values

    def action_verify(self):
        self.ensure_one()
        line = self.move_line_id
        lot = self.lot_id.with_company(line.company_id)
        if lot.asi_status in ("asi", "eligible"):
            raise UserError(self.env._("Lot %s is already accepted as ASI input.", lot.name))
        line.write(
            {
                "asi_status": self.asi_status,
                "asi_certificate_number": self.certificate_number,
                "asi_document_ref": self.document_ref,
                "asi_declared_mass_kg": self.declared_mass_kg,
                "asi_declared_mass_basis": self.declared_mass_basis,
                "asi_transfer_date": self.transfer_date,
            }
        )
        status, certificate, reasons = line._asi_verify_receipt(self.transfer_date)
        if reasons:
            # Raising rolls back the write above: nothing changes until the data verifies.
            # Not a dead end: say what can be done (V3 3.3 note).
            raise UserError(
                self.env._(
                    "The CoC data still does not verify: %(reasons)s.\n\nAsk %(supplier)s for "
                    "corrected CoC data, or keep lot %(lot)s non-ASI. A suspended or expired "
                    "certificate verifies here once it is valid again in the register for the "
                    "date of transfer of control.",
                    reasons="; ".join(reasons),
                    supplier=line.picking_id.partner_id.commercial_partner_id.display_name,
                    lot=lot.name,
                )
            )
        move = line.move_id
        mass = line.product_id._asi_aluminium_kg(line.quantity, line.product_uom_id)
        # V2.1 4.2 a i: closed-loop scrap is credited up to its cap, the rest stays non-ASI.
        credited, cap_reason = line._asi_closed_loop_credit(
            status, certificate, mass, self.transfer_date
        )
        base = {
            "company_id": move.company_id.id,
            "site_id": line.location_dest_id.warehouse_id.asi_site_id.id,
            "material_type_id": line.product_id.asi_material_type_id.id,
            "direction": "input",
            "flow_type": "correction",
            "partner_id": move._asi_partner().id,
            "certificate_id": certificate.id,
            "document_ref": self.document_ref,
            "res_model": "stock.move",
            "res_id": move.id,
        }
        original = (
            self.env["asi.ledger.line"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "stock.move"),
                    ("res_id", "=", move.id),
                    ("direction", "=", "input"),
                    ("flow_type", "=", "external"),
                    ("mass_kg", ">", 0),
                ],
                limit=1,
            )
        )
        # The verified input moves from non-ASI to ASI in the open period (V3 3.3 note).
        self.env["asi.ledger.line"].post(
            [
                dict(base, asi_status="non_asi", mass_kg=-credited, origin_line_id=original.id),
                dict(base, asi_status=status, mass_kg=credited, note=cap_reason),
            ]
        )
        lot.with_context(asi_lot_origin_write=True).write(
            {
                "asi_status": status,
                "asi_certificate_id": certificate.id,
                "asi_document_ref": self.document_ref,
                "asi_verification_note": False,
            }
        )
        lot.message_post(
            body=self.env._(
                "CoC data verified: %(kg)s kg accepted as %(status)s input with certificate "
                "%(number)s.",
                kg=round(credited, 3),
                status=status,
                number=certificate.number,
            )
        )
        if cap_reason:
            lot.message_post(body=cap_reason)
        picking = line.picking_id
        lots = picking.move_line_ids.lot_id.with_company(picking.company_id)
        if not lots.filtered("asi_verification_note"):
            picking.activity_feedback(
                ["mail.mail_activity_data_todo"],
                feedback=self.env._("CoC data verified."),
            )
        return {"type": "ir.actions.act_window_close"}
