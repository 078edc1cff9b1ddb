import base64
from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError

from .. import coc_data


class AsiCocDataImport(models.TransientModel):
    """Import the supplier's machine-readable CoC data (V3 6.3, V2.1 9.2) onto a receipt, so nobody
    retypes certificate numbers, document references and masses. What it fills is verified
    at validation like data typed by hand (V2.1 10, V3 6.1)."""

    _name = "asi.coc.data.import"
    _description = "Import a supplier's CoC data file"

    picking_id = fields.Many2one("stock.picking", required=True, readonly=True)
    data_file = fields.Binary(string="CoC Data File", required=True, attachment=False)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        picking = self.picking_id
        content = base64.b64decode(self.data_file or b"")
        try:
            data = coc_data.parse(content, self.filename or "")
        except coc_data.CocDataError as error:
            raise UserError(
                self.env._(
                    "%(file)s cannot be imported:\n%(errors)s",
                    file=self.filename or self.env._("The file"),
                    errors=error.message(self.env.lang),
                )
            ) from error
        assignments = self._match_lines(picking, data)
        for move, file_lines in assignments.items():
            self._fill_move(move, file_lines, data)
        picking.message_post(
            body=self.env._(
                "CoC data %(document)s of %(issuer)s imported: %(count)s line(s).",
                document=data["document_number"],
                issuer=data["issuer_name"],
                count=len(data["lines"]),
            ),
            attachments=[(self.filename or f"{data['document_number']}.json", content)],
        )
        return {"type": "ir.actions.act_window_close"}

    def _match_lines(self, picking, data):
        """Check everything first (nothing is written when anything is wrong) and give each
        line of the file the receipt move of the same material (same product code first)."""
        errors = []
        if picking.picking_type_code != "incoming" or picking.state in ("done", "cancel"):
            errors.append(self.env._("CoC data is imported on receipts that are not done yet."))
        company = picking.company_id
        own = (company.asi_certificate_id.number or "").strip().lower()
        to_certificate = (data.get("receiver_certificate") or "").strip().lower()
        to_name = (data.get("receiver_name") or "").strip().lower()
        if not (
            (own and to_certificate == own)
            or to_name in {company.name.lower(), (company.partner_id.name or "").lower()}
        ):
            errors.append(
                self.env._(
                    "this CoC data is addressed to %(receiver)s, not to %(company)s",
                    receiver=data.get("receiver_name"),
                    company=company.name,
                )
            )
        codes = {line["material_type"] for line in data["lines"]}
        materials = {
            m.code: m
            for m in self.env["asi.material.type"]
            .with_context(active_test=False)
            .search([("code", "in", list(codes))])
        }
        assignments = defaultdict(list)
        for index, line in enumerate(data["lines"], start=1):
            material = materials.get(line["material_type"])
            if not material:
                errors.append(
                    self.env._(
                        "line %(line)s: unknown material type %(code)s",
                        line=index,
                        code=line["material_type"],
                    )
                )
                continue
            moves = picking.move_ids.filtered(lambda m, t=material: m.asi_material_type_id == t)
            code = line.get("product_code")
            same_code = moves.filtered(lambda m, c=code: c and m.product_id.default_code == c)
            move = (same_code or moves)[:1]
            if not move:
                errors.append(
                    self.env._(
                        "line %(line)s: %(product)s (%(material)s) is not on receipt %(picking)s",
                        line=index,
                        product=line["product_name"],
                        material=material.name,
                        picking=picking.name,
                    )
                )
                continue
            assignments[move].append(line)
        if errors:
            raise UserError(
                self.env._(
                    "The CoC data cannot be imported on %(picking)s:\n%(errors)s",
                    picking=picking.name,
                    errors="\n".join(errors),
                )
            )
        return assignments

    def _fill_move(self, move, file_lines, data):
        existing = move.move_line_ids.filtered(lambda ml: not ml.asi_document_ref)
        split = len(file_lines) > 1
        for index, line in enumerate(file_lines):
            basis = line.get("asi_mass_basis") or coc_data.DEFAULT_MASS_BASIS
            vals = {
                "asi_status": line["asi_status"],
                "asi_certificate_number": data["issuer_certificate"],
                "asi_document_ref": data["document_number"],
                "asi_declared_mass_kg": line["asi_mass_kg"],
                "asi_declared_mass_basis": basis,
                "asi_transfer_date": data["transfer_date"],
            }
            if line.get("lot") and move.has_tracking != "none":
                vals["lot_name"] = line["lot"]
            if split or index >= len(existing):
                vals["quantity"] = self._kg_to_quantity(
                    move, self._gross_kg(move, line["asi_mass_kg"], basis)
                )
            if index < len(existing):
                existing[index].write(vals)
            else:
                self.env["stock.move.line"].create(
                    dict(move._prepare_move_line_vals(quantity=vals["quantity"]), **vals)
                )

    def _gross_kg(self, move, kg, basis):
        """The gross kg of a file line whose mass is stated on ``basis``. A mass of aluminium
        content is divided by the product's content (V2.1 8.3): 950 kg of aluminium content
        of scrap at 95 % is 1,000 kg of scrap, which the ledger counts as 950 kg again."""
        content = move.product_id.asi_aluminium_content
        if basis == "gross" or not content:
            return kg
        return kg * 100.0 / content

    def _kg_to_quantity(self, move, kg):
        kg_uom = self.env.ref("uom.product_uom_kgm")
        if move.product_uom.category_id == kg_uom.category_id:
            return kg_uom._compute_quantity(kg, move.product_uom)
        weight = move.product_id.weight
        return (
            move.product_id.uom_id._compute_quantity(kg / weight, move.product_uom) if weight else 0
        )
