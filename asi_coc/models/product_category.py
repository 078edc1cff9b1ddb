from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductCategory(models.Model):
    _inherit = "product.category"

    asi_material_type_id = fields.Many2one(
        "asi.material.type",
        string="ASI Material Type",
        help="Default ASI material type of the products of this category.",
    )
    asi_aluminium_content = fields.Float(
        string="Aluminium Content (%)",
        compute="_compute_asi_aluminium_content",
        store=True,
        readonly=False,
        help="Default share of aluminium by mass for products of this category (V2.1 8.3).",
    )

    @api.depends("asi_material_type_id")
    def _compute_asi_aluminium_content(self):
        for categ in self:
            categ.asi_aluminium_content = categ.asi_material_type_id.default_aluminium_content

    @api.constrains("asi_aluminium_content")
    def _check_asi_aluminium_content(self):
        for categ in self:
            if not 0 <= categ.asi_aluminium_content <= 100:
                raise ValidationError(
                    self.env._(
                        "The aluminium content of %(name)s must be between 0 and 100 %%.",
                        name=categ.display_name,
                    )
                )
