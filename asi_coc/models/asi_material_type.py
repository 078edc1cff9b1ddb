from odoo import fields, models


class AsiMaterialType(models.Model):
    """Aluminium-related material of the ASI CoC Standard.

    CoC materials (V2.1 C-intro, "ASI material" in V3) are bauxite, alumina and
    aluminium; eligible inputs (V3 glossary) are eligible pre- and post-consumer
    scrap and eligible waste such as dross. Other metals, plastics or coatings are
    neutral (V2.1 C) and never get a material type.
    """

    _name = "asi.material.type"
    _description = "ASI Material Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical code, used in data exchange files.")
    category = fields.Selection(
        [("coc_material", "CoC material"), ("eligible_input", "Eligible input")],
        required=True,
        default="coc_material",
    )
    default_aluminium_content = fields.Float(
        string="Default Aluminium Content (%)",
        default=100.0,
        help="Aluminium content proposed for products of this material; scrap and "
        "waste inflows count by their aluminium content (V2.1 8.3).",
    )
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of an ASI material type must be unique."),
    ]
