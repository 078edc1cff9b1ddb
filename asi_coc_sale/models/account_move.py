from odoo import api, fields, models
from odoo.exceptions import UserError

ASI_LINE_FIELDS = [
    "asi_designated",
    "asi_material_type_id",
    "asi_mass_kg",
    "asi_picking_ids",
    "asi_document_numbers",
]


class AccountMove(models.Model):
    _inherit = "account.move"

    asi_has_coc = fields.Boolean(string="ASI Material", compute="_compute_asi_has_coc")
    asi_origin_document_numbers = fields.Char(
        string="Original CoC Document No.",
        compute="_compute_asi_origin_document_numbers",
        help="On a credit note: the CoC document number(s) of the deliveries it credits.",
    )

    @api.depends("invoice_line_ids.asi_designated")
    def _compute_asi_has_coc(self):
        for move in self:
            move.asi_has_coc = any(move.invoice_line_ids.mapped("asi_designated"))

    @api.depends("move_type", "invoice_line_ids.asi_document_numbers", "reversed_entry_id")
    def _compute_asi_origin_document_numbers(self):
        for move in self:
            numbers = []
            if move.move_type == "out_refund":
                sources = move.invoice_line_ids | move.reversed_entry_id.invoice_line_ids
                for line in sources.filtered("asi_designated"):
                    numbers += line.asi_picking_ids.mapped("asi_document_number")
            move.asi_origin_document_numbers = ", ".join(dict.fromkeys(numbers)) or False

    # ------------------------------------------------------------------------------------
    # CoC data printed on the invoice (V3 6.3, V2.1 9.2)
    # ------------------------------------------------------------------------------------
    def _asi_pickings(self):
        # Whoever may read the invoice may read the CoC data it prints (e.g. billing users
        # without inventory rights).
        return self.invoice_line_ids.filtered("asi_designated").sudo().asi_picking_ids

    def _asi_invoice_coc_data(self):
        """The invoice's CoC data, taken from the deliveries' CoC documents as issued (the
        same dict as on the delivery slip, V2.1 1.6): the company's certificate and the
        customer's certificate valid on each date of transfer of control, the statement, the
        responsible person. A change of master data after the issue changes none of them."""
        self.ensure_one()
        documents = [picking._asi_coc_data() for picking in self._asi_pickings()]

        def unique(key):
            return ", ".join(dict.fromkeys(d[key] for d in documents if d[key])) or None

        return {
            "document_numbers": unique("document_number"),
            "transfer_dates": unique("transfer_date"),
            "issuer_name": unique("issuer_name"),
            "issuer_certificate": unique("issuer_certificate"),
            "receiver_name": unique("receiver_name"),
            "receiver_certificate": unique("receiver_certificate"),
            "responsible_person": unique("responsible_person"),
            "statement": documents[0]["statement"] if documents else None,
            "origin_document_numbers": self.asi_origin_document_numbers,
        }

    def _asi_verify_printable(self):
        """Printing an ASI claim needs the certificate valid on the date of transfer of
        control (V3 6.3.3, 6.3.5); without it the claim is refused (V2.1 11). Checked
        against the register as it is now: a certificate withdrawn afterwards with effect
        before the transfer no longer backs the claim printed on the CoC document."""
        for move in self.filtered("asi_has_coc"):
            for picking in move._asi_pickings():
                if not picking._asi_coc_issuer_certificate():
                    raise UserError(
                        self.env._(
                            "%(invoice)s claims ASI material of %(document)s, but %(company)s "
                            "had no valid ASI CoC certificate on the date of transfer of "
                            "control: the ASI claim cannot be printed.",
                            invoice=move.name,
                            document=picking.asi_document_number,
                            company=move.company_id.name,
                        )
                    )

    def _post(self, soft=True):
        customer = self.filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))
        customer._asi_verify_entity()
        posted = super()._post(soft=soft)
        # The CoC fields are stored as they are when the invoice is issued.
        customer.line_ids.flush_recordset(ASI_LINE_FIELDS)
        return posted

    def _asi_verify_entity(self):
        """The certified entity that shipped the ASI material is the one that invoices it,
        or a company of the same certified entity (V2.1 9.1, 11)."""
        for move in self:
            lines = move.invoice_line_ids
            pickings = (
                self.env["stock.picking"]
                .sudo()
                .union(*(line._asi_coc_pickings().sudo() for line in lines))
            )
            for picking in pickings:
                transfer = fields.Date.context_today(move, picking.date_done)
                if not move.company_id._asi_same_certified_entity(picking.company_id, transfer):
                    raise UserError(
                        self.env._(
                            "%(invoice_company)s invoices goods that %(ship_company)s shipped "
                            "as ASI material under CoC document %(document)s: only the "
                            "certified entity that shipped them (or a company under the same "
                            "CoC certificate) may invoice ASI material. Invoice from "
                            "%(ship_company)s.",
                            invoice_company=move.company_id.name,
                            ship_company=picking.company_id.name,
                            document=picking.asi_document_number,
                        )
                    )
