from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class AsiConversionFactor(models.Model):
    """Standard conversion factor of one conversion process (V3 5.1.2).

    Output kg = input kg x factor, e.g. alumina -> aluminium. A factor applies for
    whole material accounting periods, so its dates should match period bounds.
    """

    _name = "asi.conversion.factor"
    _description = "ASI Conversion Factor"
    _inherit = ["mail.thread"]
    _order = "input_material_type_id, output_material_type_id, date_from desc"
    _check_company_auto = True

    input_material_type_id = fields.Many2one(
        "asi.material.type", string="Input Material", required=True, tracking=True
    )
    output_material_type_id = fields.Many2one(
        "asi.material.type", string="Output Material", required=True, tracking=True
    )
    factor = fields.Float(required=True, digits=(12, 6), tracking=True)
    date_from = fields.Date(string="Valid From", required=True, tracking=True)
    date_to = fields.Date(string="Valid Until", tracking=True)
    note = fields.Text(help="Source or calculation of the factor, for the auditor.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.constrains(
        "factor", "date_from", "date_to", "input_material_type_id", "output_material_type_id"
    )
    def _check_factor(self):
        for rec in self:
            if rec.factor <= 0:
                raise ValidationError(self.env._("A conversion factor must be greater than zero."))
            if rec.input_material_type_id == rec.output_material_type_id:
                raise ValidationError(
                    self.env._(
                        "A conversion factor converts one material into another: "
                        "choose two different materials."
                    )
                )
            if rec.date_to and rec.date_to < rec.date_from:
                raise ValidationError(
                    self.env._(
                        "The end date of a conversion factor cannot be before its start date."
                    )
                )
            domain = [
                ("id", "!=", rec.id),
                ("company_id", "=", rec.company_id.id),
                ("input_material_type_id", "=", rec.input_material_type_id.id),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", rec.date_from),
            ]
            if rec.date_to:
                domain.append(("date_from", "<=", rec.date_to))
            if self.search_count(domain):
                raise ValidationError(
                    self.env._(
                        "Another conversion factor of %(input)s overlaps these dates: a "
                        "material converts into one material with one standard factor at a "
                        "time (V3 5.1.2), so that it is credited once (here to %(output)s).",
                        input=rec.input_material_type_id.name,
                        output=rec.output_material_type_id.name,
                    )
                )

    @api.model
    def get_factor(self, input_material_type, output_material_type, date, company=None):
        """Factor converting ``input`` kg into ``output`` kg on ``date`` (1.0 if the same)."""
        if input_material_type == output_material_type:
            return 1.0
        company = company or self.env.company
        rec = self.search(
            [
                ("company_id", "=", company.id),
                ("input_material_type_id", "=", input_material_type.id),
                ("output_material_type_id", "=", output_material_type.id),
                ("date_from", "<=", date),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", date),
            ],
            limit=1,
        )
        if not rec:
            raise UserError(
                self.env._(
                    "No conversion factor from %(input)s to %(output)s is valid on %(date)s. "
                    "Add one under ASI CoC > Configuration > Conversion Factors.",
                    input=input_material_type.name,
                    output=output_material_type.name,
                    date=date,
                )
            )
        return rec.factor
