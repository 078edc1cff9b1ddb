from collections import namedtuple

from odoo import fields, models
from odoo.exceptions import UserError

# One move line in one ledger flow of its move (what ``stock.move._asi_flows`` says).
AsiFlowEntry = namedtuple(
    "AsiFlowEntry", "move line direction sign flow_type site date mass", module=__name__
)
# What a received line is recorded as, verified against the register (V2.1 10.1-10.3), and
# how many kg of it are credited eligible closed-loop scrap (V2.1 4.2 a i).
AsiReceiptCheck = namedtuple(
    "AsiReceiptCheck", "status certificate reasons eligible_kg cap_reason", module=__name__
)


class StockMove(models.Model):
    _inherit = "stock.move"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------------------------
    # Posting to the ledger: the shape of stock_account's valuation (_action_done, then
    # _prepare_*_vals, then create): classify, verify, prepare values, write.
    # ------------------------------------------------------------------------------------
    def _asi_post(self):
        """Post every done move that crosses the scope to the ASI ledger, one line per
        move line (lots can differ in status). Nothing is written before every received
        line is verified: a refused receipt leaves no lot, activity or ledger line."""
        entries = self._asi_ledger_entries()
        receipts = self._asi_verify_receipts(entries)
        designated = self.filtered(lambda m: m.asi_designated and m.picking_id)
        # The CoC document number is the ledger's document reference (V2.1 9.2 b).
        designated.picking_id._asi_assign_document_number()
        origins = self._asi_origin_ledger_lines()
        vals_list = [
            vals
            for entry in entries
            for vals in entry.move._asi_prepare_ledger_vals(
                entry, receipts.get(entry.line.id), origins
            )
        ]
        self._asi_record_receipts(entries, receipts)
        if vals_list:
            self.env["asi.ledger.line"].post(vals_list)

    def _asi_ledger_entries(self):
        """The ledger flows of these moves, once: one entry per move line and flow, in the
        order of the moves. Lines without aluminium (V2.1 8.3) are left out."""
        entries = []
        for move in self:
            date = fields.Date.context_today(move, move.date)
            for direction, sign, flow_type, site in move._asi_flows():
                for line in move.move_line_ids:
                    # V2.1 8.3: scrap and eligible waste count by their aluminium content.
                    mass = line.product_id._asi_aluminium_kg(line.quantity, line.product_uom_id)
                    if mass:
                        entries.append(
                            AsiFlowEntry(move, line, direction, sign, flow_type, site, date, mass)
                        )
        return entries

    def _asi_verify_receipts(self, entries):
        """{move line id: AsiReceiptCheck} of the lines received from suppliers, verified
        against the certificate register in the order of ``entries``. Refuses the whole
        validation when the company blocks unverified receipts."""
        receipt_entries = [
            e
            for e in entries
            if e.flow_type == "external" and e.direction == "input" and e.sign > 0
        ]
        if not receipt_entries:
            return {}
        lines = self.env["stock.move.line"].concat(*(e.line for e in receipt_entries))
        certificates = lines.filtered("asi_certificate_number")._asi_find_certificates()
        # Closed-loop scrap credited by earlier lines of this validation, not posted yet:
        # {"company id,partner id": kg} (V2.1 4.2 a i); plain keys, the context may be sent.
        pending = {}
        checks = {}
        for entry in receipt_entries:
            line = entry.line.with_context(asi_closed_loop_pending=pending)
            status, certificate, reasons = line._asi_verify_receipt(entry.date, certificates)
            if reasons and entry.move.company_id.asi_receipt_block_unverified:
                raise UserError(
                    self.env._(
                        "%(product)s cannot be received as ASI material: %(reasons)s. Correct "
                        "the CoC data or receive it as non-ASI.",
                        product=line.product_id.display_name,
                        reasons="; ".join(reasons),
                    )
                )
            # V2.1 4.2 a i: closed-loop scrap is credited up to the ASI aluminium shipped to
            # the partner; the rest of the receipt is still recorded, non-ASI (V2.1 8.1).
            eligible_kg, cap_reason = line._asi_closed_loop_credit(
                status, certificate, entry.mass, entry.date
            )
            checks[line.id] = AsiReceiptCheck(status, certificate, reasons, eligible_kg, cap_reason)
        return checks

    def _asi_prepare_ledger_vals(self, entry, receipt, origins):
        """The ledger values of one entry (a list: a capped receipt is recorded in an
        eligible and a non-ASI part). Reads only: nothing is written here."""
        self.ensure_one()
        line, sign = entry.line, entry.sign
        external = entry.flow_type == "external"
        certificate = self.env["asi.certificate"]
        document = self.picking_id.asi_document_number or self.picking_id.name or self.reference
        status = line.lot_id.with_company(self.company_id).asi_status or "non_asi"
        if receipt:
            status, certificate = receipt.status, receipt.certificate
            document = line.asi_document_ref or document
        elif external and entry.direction == "output" and sign > 0:
            # Mass balance, not segregation (V3 part A, V2.1 8.4-8.5): the ASI status of an
            # output comes from the accounting, not from the history of the lot shipped. Any
            # lot may go out as ASI when the balance covers the whole line; post() checks it
            # under the period's lock. The lot keeps what it was received as.
            status = self._asi_designated_status() if self.asi_designated else "non_asi"
        elif external and entry.direction == "output" and sign < 0:
            # A customer return gives back what was shipped, with the status it was shipped
            # with (V2.1 8.5), whatever the lot was received as (mass balance, V3 part A).
            origin = self.origin_returned_move_id
            status = origin._asi_designated_status() if origin.asi_designated else "non_asi"
        vals = {
            "date": entry.date,
            "company_id": self.company_id.id,
            "material_type_id": line.product_id.asi_material_type_id.id,
            "asi_status": status,
            "direction": entry.direction,
            "flow_type": entry.flow_type,
            "mass_kg": sign * entry.mass,
            "partner_id": self._asi_partner().id,
            "certificate_id": certificate.id,
            "document_ref": document,
            "res_model": "stock.move",
            "res_id": self.id,
            "site_id": entry.site.id,
        }
        if sign < 0:
            vals["origin_line_id"] = origins.get(self.origin_returned_move_id.id)
        if receipt and receipt.cap_reason:
            parts = [
                (status, receipt.eligible_kg, False),
                ("non_asi", entry.mass - receipt.eligible_kg, receipt.cap_reason),
            ]
            return [
                dict(vals, asi_status=part_status, mass_kg=sign * kg, note=note)
                for part_status, kg, note in parts
                if kg > 0
            ]
        return [vals]

    def _asi_record_receipts(self, entries, receipts):
        """Write what the verification of the received lines found: the lot's status and
        origin, an activity for each line that did not verify (V2.1 10.1-10.3) and the
        closed-loop cap on the lot (V2.1 4.2 a i)."""
        for entry in entries:
            receipt = receipts.get(entry.line.id)
            if not receipt:
                continue
            line = entry.line
            lot = line.lot_id.with_company(entry.move.company_id)
            if lot:
                lot.with_context(asi_lot_origin_write=True).write(
                    {
                        "asi_status": receipt.status,
                        "asi_certificate_id": receipt.certificate.id,
                        "asi_document_ref": line.asi_document_ref,
                        "asi_verification_note": "; ".join(receipt.reasons) or False,
                    }
                )
            if receipt.reasons:
                entry.move._asi_ask_verification(line, receipt.reasons)
            if receipt.cap_reason and lot:
                lot.message_post(body=receipt.cap_reason)

    def _asi_designated_status(self):
        """The status a designated output is shipped with: scrap and eligible waste are
        eligible material, never ASI material themselves (V2.1 8.6, V3 glossary)."""
        self.ensure_one()
        if self.asi_material_type_id.category == "eligible_input":
            return "eligible"
        return "asi"

    def _asi_origin_ledger_lines(self):
        """{returned move id: its ledger line id}, one query for all returns."""
        origins = self.origin_returned_move_id
        if not origins:
            return {}
        lines = (
            self.env["asi.ledger.line"]
            .sudo()
            .search([("res_model", "=", "stock.move"), ("res_id", "in", origins.ids)])
        )
        return {line.res_id: line.id for line in lines}

    def _asi_ask_verification(self, line, reasons):
        picking = self.picking_id
        users = self.company_id.asi_responsible_user_ids or self.env.user
        supplier = self._asi_partner().display_name
        lot = line.lot_id.name or ""
        kg = round(line.product_id._asi_aluminium_kg(line.quantity, line.product_uom_id), 3)
        for user in users:
            picking.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._(
                    "Verify the CoC data of %(product)s, lot %(lot)s",
                    product=line.product_id.display_name,
                    lot=lot,
                ),
                # V2.1 10.1-10.3, V3 3.3 note: what failed, and the three ways on.
                note=self.env._(
                    "Lot %(lot)s, %(kg)s kg of %(product)s from %(supplier)s, recorded as "
                    "non-ASI because: %(reasons)s. What you can do: ask %(supplier)s for "
                    "corrected CoC data; keep the lot non-ASI (mark this activity done); or, "
                    "once the data is corrected or the certificate is valid again in the "
                    "register, use Verify CoC Data on lot %(lot)s (V2.1 10.1-10.3).",
                    lot=lot,
                    kg=kg,
                    product=line.product_id.display_name,
                    supplier=supplier,
                    reasons="; ".join(reasons),
                ),
            )
