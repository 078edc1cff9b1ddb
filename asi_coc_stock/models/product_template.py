from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    # V2.1 9.3: optional sustainability data, printed on the CoC document when filled.
    asi_carbon_footprint = fields.Float(
        string="Carbon Footprint (kg CO2e/t)",
        help="Average (preferably cradle-to-gate) carbon footprint of the material in kg CO2e "
        "per tonne (optional sustainability data, V2.1 9.3 a). Empty: not printed.",
    )
    asi_recycled_content_pre = fields.Float(
        string="Pre-consumer Recycled Content (%)",
        help="Share of pre-consumer scrap in the material (optional sustainability data, "
        "V2.1 9.3 c). Empty: not printed.",
    )
    asi_recycled_content_post = fields.Float(
        string="Post-consumer Recycled Content (%)",
        help="Share of post-consumer scrap in the material (optional sustainability data, "
        "V2.1 9.3 c). Empty: not printed.",
    )

    @api.constrains("asi_carbon_footprint", "asi_recycled_content_pre", "asi_recycled_content_post")
    def _check_asi_sustainability_data(self):
        for tmpl in self:
            if tmpl.asi_carbon_footprint < 0:
                raise ValidationError(
                    self.env._(
                        "The carbon footprint of %(name)s cannot be negative.",
                        name=tmpl.display_name,
                    )
                )
            pre, post = tmpl.asi_recycled_content_pre, tmpl.asi_recycled_content_post
            if min(pre, post) < 0 or pre + post > 100:
                raise ValidationError(
                    self.env._(
                        "The recycled content of %(name)s must be between 0 and 100 %% "
                        "(pre-consumer %(pre)s %% plus post-consumer %(post)s %%).",
                        name=tmpl.display_name,
                        pre=pre,
                        post=post,
                    )
                )
