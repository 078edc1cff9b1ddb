from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# V3 6.2: under the V3 rule sets an ASI designation covers a whole transaction.
WHOLE_TRANSACTION_RULE_SETS = ("v3_option1", "v3_option2", "v3_option3")


class ResCompany(models.Model):
    _inherit = "res.company"

    asi_receipt_mass_tolerance = fields.Float(
        string="Declared Mass Tolerance (%)",
        default=2.0,
        help="A receipt is accepted as ASI only if the ASI mass declared on the supplier's CoC "
        "document matches the mass received within this tolerance (V2.1 10.2).",
    )
    asi_receipt_block_unverified = fields.Boolean(
        string="Block Unverified ASI Receipts",
        help="When the supplier's CoC data of a line claimed ASI fails verification, refuse to "
        "validate the receipt instead of recording the line non-ASI and asking the CoC "
        "responsible to verify it.",
    )

    @api.constrains("asi_receipt_mass_tolerance")
    def _check_asi_receipt_mass_tolerance(self):
        for company in self:
            if not 0 <= company.asi_receipt_mass_tolerance <= 100:
                raise ValidationError(
                    self.env._("The declared mass tolerance must be between 0 and 100 %.")
                )

    def _asi_designates_whole_transactions(self):
        """V3 6.2: "not only to a part of a batch or order" (不可仅适用于批次或订单的部分内容):
        under the V3 rule sets every aluminium line of a delivery and of its sales order is
        ASI, or none is. V2.1 8.5 designates line by line."""
        self.ensure_one()
        return self.asi_rule_set in WHOLE_TRANSACTION_RULE_SETS

    def _asi_partial_transaction(self, lines, flag):
        """V3 6.2 for one delivery or order of this company: the product names of its
        aluminium ``lines`` that have ``flag`` and of those that have not, when only part of
        them has it (refused under the V3 rule sets); None when the transaction is whole or
        the rule set designates line by line (V2.1 8.5)."""
        self.ensure_one()
        if not self._asi_designates_whole_transactions():
            return None
        flagged = lines.filtered(flag)
        if not flagged or flagged == lines:
            return None

        def names(records):
            return ", ".join(dict.fromkeys(records.product_id.mapped("display_name")))

        return names(flagged), names(lines - flagged)

    def _asi_valid_certificate(self, material_type, on_date):
        """The company's own CoC certificate valid on ``on_date`` and covering
        ``material_type`` (its designated certificate first, else a successor in its
        register), or an empty recordset."""
        self.ensure_one()
        return self.env["asi.certificate"]._asi_find_coc(
            self,
            self.sudo().partner_id,
            on_date,
            material_type=material_type,
            preferred=self.sudo().asi_certificate_id,
        )

    def _asi_verify_certificate(self, material_types, on_date=None):
        """Refuse ASI claims of this company without a valid CoC certificate that covers
        each material (V2.1 11, V3 8: only a certified entity makes ASI claims; a suspended,
        withdrawn or expired certificate makes none)."""
        self.ensure_one()
        on_date = on_date or fields.Date.context_today(self)
        for material in material_types:
            if not self._asi_valid_certificate(material, on_date):
                raise UserError(
                    self.env._(
                        "%(company)s has no valid ASI CoC certificate covering %(material)s "
                        "on %(date)s: ASI material cannot be requested, designated or claimed. "
                        "Record the company's active certificate under ASI CoC > Certificates.",
                        company=self.name,
                        material=material.name,
                        date=fields.Date.to_string(on_date),
                    )
                )
