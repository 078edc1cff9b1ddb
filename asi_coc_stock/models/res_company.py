from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
