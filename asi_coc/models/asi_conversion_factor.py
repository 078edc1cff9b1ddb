from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare


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

    # ------------------------------------------------------------------------------------
    # A closed period's factors are fixed (V2.1 1.6, V3 5.1.2)
    # ------------------------------------------------------------------------------------
    @api.model
    def _asi_closed_periods_covered(self, company_id, date_from, date_to):
        """Closed periods a factor with these dates applies to: those that start inside
        them, as the period picks its factors (asi.accounting.period._conversions)."""
        domain = [
            ("company_id", "=", company_id),
            ("state", "=", "closed"),
            ("date_from", ">=", date_from),
        ]
        if date_to:
            domain.append(("date_from", "<=", date_to))
        return self.env["asi.accounting.period"].sudo().search(domain, order="date_from")

    def _asi_raise_used(self, periods):
        raise UserError(
            self.env._(
                "The conversion factor %(input)s → %(output)s is used by the closed period "
                "%(period)s: its factor, materials and dates cannot change, nor can it be "
                "deleted (V2.1 1.6, V3 5.1.2). Reopen the period first, or end this factor and "
                "record a new one from the next open period.",
                input=self.input_material_type_id.name,
                output=self.output_material_type_id.name,
                period=periods[0].name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            company_id = vals.get("company_id") or self.env.company.id
            periods = self._asi_closed_periods_covered(
                company_id, vals.get("date_from"), vals.get("date_to")
            )
            if vals.get("date_from") and periods:
                raise UserError(
                    self.env._(
                        "The closed period %(period)s keeps the conversion factors its close "
                        "applied (V2.1 1.6, V3 5.1.2): date the new factor from the first open "
                        "period.",
                        period=periods[0].name,
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        values = {"factor", "input_material_type_id", "output_material_type_id", "company_id"}
        for rec in self:
            changed = rec._asi_changed_fields(vals)
            if not changed & (values | {"date_from", "date_to"}):
                continue  # e.g. the note, or a data file writing the same values again
            used = self._asi_closed_periods_covered(rec.company_id.id, rec.date_from, rec.date_to)
            if used and changed & values:
                rec._asi_raise_used(used)
            # New dates may end or start it as they like, as long as the closed periods
            # it applies to stay the same ones.
            after = self._asi_closed_periods_covered(
                vals.get("company_id", rec.company_id.id),
                vals.get("date_from", rec.date_from),
                vals.get("date_to", rec.date_to),
            )
            moved = (used - after) | (after - used)
            if moved:
                rec._asi_raise_used(moved)
        return super().write(vals)

    def _asi_changed_fields(self, vals):
        """The fields of ``vals`` whose value differs from this record's."""
        self.ensure_one()
        changed = set()
        for fname, value in vals.items():
            field = self._fields[fname]
            if field.type == "many2one":
                differs = self[fname].id != (value or False)
            elif field.type == "date":
                differs = self[fname] != (fields.Date.to_date(value) or False)
            elif field.type == "float":
                differs = float_compare(self[fname], value or 0.0, precision_digits=6) != 0
            else:
                differs = self[fname] != value
            if differs:
                changed.add(fname)
        return changed

    def unlink(self):
        for rec in self:
            used = self._asi_closed_periods_covered(rec.company_id.id, rec.date_from, rec.date_to)
            if used:
                rec._asi_raise_used(used)
        return super().unlink()

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
