from odoo import api, fields, models
from odoo.exceptions import ValidationError


def raise_if_no_mass(products):
    """Refuse ASI material types on products (templates or variants) without a mass.

    V2.1 8.1: the material accounting is kept in mass; a product whose quantities
    cannot be turned into kilograms cannot be ASI material.
    """
    if not products:
        return
    kg = products.env.ref("uom.product_uom_kgm")
    for product in products.filtered("asi_material_type_id"):
        if product.uom_id.category_id != kg.category_id and product.weight <= 0:
            raise ValidationError(
                products.env._(
                    "%(name)s is counted in %(uom)s, which is not a weight, and has no "
                    "weight per unit. Give it a weight (Inventory tab) or a weight unit "
                    "of measure before setting the ASI material type %(type)s.",
                    name=product.display_name,
                    uom=product.uom_id.name,
                    type=product.asi_material_type_id.name,
                )
            )


class ProductTemplate(models.Model):
    _inherit = "product.template"

    asi_material_type_id = fields.Many2one(
        "asi.material.type",
        string="ASI Material Type",
        compute="_compute_asi_material_type_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Which aluminium-related material this product is. Empty: not aluminium-related "
        "(neutral materials such as other metals never enter the balance, V2.1 C).",
    )
    asi_aluminium_content = fields.Float(
        string="Aluminium Content (%)",
        compute="_compute_asi_aluminium_content",
        store=True,
        readonly=False,
        precompute=True,
        help="Share of aluminium by mass. Scrap and eligible waste count by their "
        "aluminium content in the material accounting (V2.1 8.3).",
    )

    @api.depends("categ_id")
    def _compute_asi_material_type_id(self):
        for tmpl in self:
            if not tmpl.asi_material_type_id:
                tmpl.asi_material_type_id = tmpl.categ_id.asi_material_type_id

    @api.depends("asi_material_type_id")
    def _compute_asi_aluminium_content(self):
        for tmpl in self:
            mtype = tmpl.asi_material_type_id
            if not mtype:
                tmpl.asi_aluminium_content = 0.0
            elif tmpl.categ_id.asi_material_type_id == mtype:
                tmpl.asi_aluminium_content = tmpl.categ_id.asi_aluminium_content
            else:
                tmpl.asi_aluminium_content = mtype.default_aluminium_content

    @api.constrains("asi_aluminium_content")
    def _check_asi_aluminium_content(self):
        for tmpl in self:
            if not 0 <= tmpl.asi_aluminium_content <= 100:
                raise ValidationError(
                    self.env._(
                        "The aluminium content of %(name)s must be between 0 and 100 %% "
                        "(it is %(value)s %%).",
                        name=tmpl.display_name,
                        value=tmpl.asi_aluminium_content,
                    )
                )

    @api.constrains("asi_material_type_id", "uom_id", "weight")
    def _check_asi_mass(self):
        # product.product.create() creates the template before the variant receives its
        # weight: the variant's own constraint checks that case.
        if self.env.context.get("create_product_product") is False:
            return
        self.product_variant_ids._check_asi_mass()
        raise_if_no_mass(self.filtered(lambda t: not t.product_variant_ids))
