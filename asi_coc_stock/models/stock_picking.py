from odoo import api, fields, models
from odoo.exceptions import UserError

from .. import coc_data

# V3 6.3.8: the CoC model printed under site option 3 (site-level mass balance).
COC_MODEL_SITE = "site_mass_balance"
COC_FILE_FORMATS = {
    "json": (coc_data.to_json, "application/json"),
    "csv": (coc_data.to_csv, "text/csv"),
}


def _one_line(partner):
    """The postal address of ``partner`` on one line (without its name)."""
    lines = partner._display_address(without_company=True).splitlines()
    return ", ".join(" ".join(line.split()) for line in lines if line.strip()) or None


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
    asi_document_user_id = fields.Many2one(
        "res.users",
        string="CoC Document Issued By",
        copy=False,
        readonly=True,
        help="The user who validated the delivery and so issued its CoC document; printed as "
        "the responsible person when the company names none (V2.1 9.2 e).",
    )

    asi_coc_document_ids = fields.One2many(
        "asi.coc.document",
        "picking_id",
        string="CoC Documents",
        readonly=True,
        copy=False,
        help="The CoC document as issued when the delivery was validated, and its revisions "
        "(V2.1 1.6, 9.2). The slip, the invoice and the CoC data files read the latest.",
    )
    asi_coc_document_id = fields.Many2one(
        "asi.coc.document",
        string="CoC Document",
        compute="_compute_asi_coc_document_id",
        help="The latest revision of the CoC document as issued.",
    )

    asi_receipt_warning = fields.Text(
        string="Recorded as Non-ASI",
        compute="_compute_asi_receipt_warning",
        help="The lines of this receipt claimed ASI or eligible that the certificate register "
        "does not back today: validated now, they are recorded non-ASI (V2.1 10.1-10.3, V3 "
        "3.3 note).",
    )

    @api.depends(
        "state",
        "picking_type_code",
        "move_line_ids.asi_expected_status",
        "move_line_ids.asi_expected_reason",
    )
    def _compute_asi_receipt_warning(self):
        for picking in self:
            lines = picking.move_line_ids.filtered(
                lambda ml: ml.asi_expected_reason and ml.state != "done"
            )
            if picking.picking_type_code != "incoming" or picking.state in ("done", "cancel"):
                lines = lines.browse()
            picking.asi_receipt_warning = (
                "\n".join(line._asi_receipt_warning_text() for line in lines) or False
            )

    def _pre_action_done_hook(self):
        # The warehouse user sees which lines will be recorded non-ASI, and why, before the
        # receipt is validated (V2.1 10.1-10.3). Asked by the Validate button of the form.
        if self.env.context.get("asi_receipt_check") and not self.env.context.get(
            "asi_receipt_confirmed"
        ):
            warned = self.filtered("asi_receipt_warning")
            if warned:
                return {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Recorded as Non-ASI"),
                    "res_model": "asi.receipt.confirm",
                    "view_mode": "form",
                    "target": "new",
                    "context": dict(
                        self.env.context,
                        default_picking_ids=self.ids,
                        default_warning="\n".join(warned.mapped("asi_receipt_warning")),
                    ),
                }
        return super()._pre_action_done_hook()

    @api.depends("asi_coc_document_ids.revision")
    def _compute_asi_coc_document_id(self):
        for picking in self:
            documents = picking.sudo().asi_coc_document_ids.sorted("revision")
            picking.asi_coc_document_id = documents[-1:].with_env(self.env)

    def _action_done(self):
        res = super()._action_done()
        # V2.1 9.2 a, V3 6.3.5: the CoC document is issued when control passes; it is kept as
        # issued (V2.1 1.6).
        self.filtered(
            lambda p: p._asi_has_coc_data() and not p.sudo().asi_coc_document_ids
        )._asi_issue_coc_document()
        return res

    def _asi_assign_document_number(self):
        for picking in self.filtered(lambda p: not p.asi_document_number):
            picking.asi_document_number = self.env["ir.sequence"].next_by_code("asi.coc.document")
            picking.asi_document_user_id = self.env.user

    # ------------------------------------------------------------------------------------
    # CoC data of a delivery (V3 6.3, V2.1 9.2): one dict for the slip and the CoC data file
    # ------------------------------------------------------------------------------------
    def _asi_coc_moves(self):
        """The done moves shipped as ASI material."""
        return self.move_ids.filtered(lambda m: m.asi_designated and m.state == "done")

    def _asi_has_coc_data(self):
        """A validated delivery of ASI material: it carries a CoC document."""
        self.ensure_one()
        return bool(
            self.state == "done"
            and self.picking_type_code == "outgoing"
            and self.asi_document_number
            and self._asi_coc_moves()
        )

    def _asi_coc_certificate(self, holder, on_date, preferred=None):
        """The CoC certificate of ``holder`` valid on ``on_date`` in the company's register
        (``preferred`` first), or an empty recordset."""
        return self.env["asi.certificate"]._asi_find_coc(
            self.company_id, holder, on_date, preferred=preferred
        )

    def _asi_shipment_kg(self):
        """Total mass of the shipment in kg, ASI or not (V2.1 9.2 i). Goods whose quantity
        cannot be turned into a mass (no weight) do not count."""
        kg = self.env.ref("uom.product_uom_kgm")
        total = 0.0
        for move in self.move_ids.filtered(lambda m: m.state == "done"):
            if move.product_uom.category_id == kg.category_id or move.product_id.weight > 0:
                total += move.product_id._asi_quantity_to_kg(move.quantity, move.product_uom)
        return total

    def _asi_verify_has_coc_data(self):
        self.ensure_one()
        if not self._asi_has_coc_data():
            raise UserError(
                self.env._(
                    "%(picking)s is not a validated delivery of ASI material: only those carry "
                    "a CoC document.",
                    picking=self.display_name,
                )
            )

    def _asi_coc_data(self):
        """The CoC data points of this delivery as issued (V3 6.3, V2.1 9.2-9.3).

        Returns the dict that ``coc_data.to_json`` / ``coc_data.to_csv`` take: the header
        fields and ``lines`` (one per lot of each ASI line), as frozen in the latest revision
        of its CoC document (V2.1 1.6). The delivery slip prints this same dict, so the
        printed document and the file cannot differ, and a change of master data after the
        issue changes neither.
        """
        self.ensure_one()
        self._asi_verify_has_coc_data()
        document = self.sudo().asi_coc_document_id
        if document:
            return document._asi_data()
        # A delivery validated before CoC documents were kept: built from the master data.
        return self._asi_coc_data_build()

    def _asi_coc_issuer_certificate(self):
        """The company's CoC certificate valid on the date of transfer of control in the
        register as it is now (a certificate withdrawn afterwards with effect before that
        date is not): the printed claim must still be backed by it (V2.1 11)."""
        self.ensure_one()
        transfer_date = fields.Date.context_today(self, self.date_done)
        issuer = self.company_id.partner_id.commercial_partner_id
        return self._asi_coc_certificate(issuer, transfer_date, self.company_id.asi_certificate_id)

    def _asi_coc_data_build(self):
        """The CoC data points built from the master data of now, in the language of the
        environment (statement, product names): what is frozen when the CoC document is
        issued or revised."""
        self.ensure_one()
        self._asi_verify_has_coc_data()
        company = self.company_id
        # V3 6.3.5: control passes when the delivery is validated; the CoC document is
        # issued at that moment (V2.1 9.2 a).
        transfer_date = fields.Date.context_today(self, self.date_done)
        receiver = self.partner_id.commercial_partner_id
        issuer = company.partner_id.commercial_partner_id
        own_certificate = self._asi_coc_certificate(
            issuer, transfer_date, company.asi_certificate_id
        )
        receiver_certificate = self._asi_coc_certificate(receiver, transfer_date)
        ledger = (
            self.env["asi.ledger.line"]
            .sudo()
            .search([("res_model", "=", "stock.move"), ("res_id", "in", self.move_ids.ids)])
        )
        # V2.1 9.2 b: the reference under which the shipment is in the material accounting.
        refs = list(dict.fromkeys(ref for ref in ledger.mapped("document_ref") if ref))
        # V2.1 9.2 e: who can verify the document.
        responsible = company.asi_responsible_user_ids.mapped("name") or [
            (self.asi_document_user_id or self.write_uid).name
        ]
        # V3 6.3.8-6.3.9: under option 3 (site-level mass balance) the CoC model and the site.
        rule_set = ledger.period_id[:1].rule_set or company.asi_rule_set
        option3 = rule_set == "v3_option3"
        site = self.picking_type_id.warehouse_id.asi_site_id
        data = {
            "document_number": self.asi_document_number,
            "issue_date": fields.Date.to_string(transfer_date),
            "transfer_date": fields.Date.to_string(transfer_date),
            "issuer_name": issuer.name,
            "issuer_address": _one_line(issuer),
            "issuer_certificate": own_certificate.number or None,
            "receiver_name": receiver.name,
            "receiver_address": _one_line(receiver),
            "receiver_certificate": receiver_certificate.number or None,
            "responsible_person": ", ".join(responsible),
            "ledger_ref": ", ".join(refs) or self.name,
            "coc_model": COC_MODEL_SITE if option3 else None,
            "site_code": site.code if option3 and site else None,
            "total_mass_kg": round(self._asi_shipment_kg(), 3),
            "statement": company.asi_coc_statement or company._default_asi_coc_statement(),
            "lines": [],
        }
        for move in self._asi_coc_moves():
            tmpl = move.product_id.product_tmpl_id
            ps_status = move._asi_site().ps_certification_status
            for line in move.move_line_ids.sorted("id"):
                data["lines"].append(
                    {
                        "line_number": len(data["lines"]) + 1,
                        "product_code": move.product_id.default_code or None,
                        "product_name": move.product_id.name,
                        "lot": line.lot_id.name or None,
                        "material_type": tmpl.asi_material_type_id.code,
                        # Scrap shipped from the balance is eligible material (V2.1 8.6).
                        "asi_status": move._asi_designated_status(),
                        # V3 6.3.7: the mass posted to the ledger (aluminium content, V2.1 8.3).
                        "asi_mass_kg": round(
                            move.product_id._asi_aluminium_kg(line.quantity, line.product_uom_id),
                            3,
                        ),
                        # V2.1 10.2: the receiver compares it with the aluminium content.
                        "asi_mass_basis": coc_data.DEFAULT_MASS_BASIS,
                        # V2.1 9.3: optional sustainability data, only when filled.
                        "carbon_footprint": tmpl.asi_carbon_footprint or None,
                        "recycled_content_pre": tmpl.asi_recycled_content_pre or None,
                        "recycled_content_post": tmpl.asi_recycled_content_post or None,
                        "ps_certification_status": ps_status
                        if ps_status and ps_status != "none"
                        else None,
                    }
                )
        return data

    def _asi_coc_labels(self, coc):
        """Display names of the codes in the CoC data ``coc`` as printed on the CoC document
        as issued (names that change afterwards do not change the reprint)."""
        document = self.sudo().asi_coc_document_id
        if document and document.coc_labels:
            return document._asi_labels()
        return self._asi_coc_labels_build(coc)

    def _asi_coc_labels_build(self, coc):
        """Display names of the codes in the CoC data ``coc``, in the environment's language."""
        site_field = self.env["asi.site"]._fields["ps_certification_status"]
        codes = {line["material_type"] for line in coc["lines"]}
        materials = (
            self.env["asi.material.type"]
            .with_context(active_test=False)
            .search([("code", "in", list(codes))])
        )
        return {
            "material_type": {material.code: material.name for material in materials},
            "ps_certification_status": dict(site_field._description_selection(self.env)),
            "coc_model": {COC_MODEL_SITE: self.env._("Site-level mass balance")},
        }
