from odoo import api, models
from odoo.exceptions import UserError

from .product_template import raise_if_no_mass


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.constrains("weight", "product_tmpl_id")
    def _check_asi_mass(self):
        raise_if_no_mass(self)

    def _asi_quantity_to_kg(self, quantity, uom=None):
        """Mass in kg of ``quantity`` of this product expressed in ``uom``.

        Weight units convert directly; other units go through the product's weight
        per unit (``product.weight``, in the weight unit of the database). The
        aluminium content is not applied here: the ledger applies it (V2.1 8.3).
        """
        self.ensure_one()
        uom = uom or self.uom_id
        # _xmlid_to_res_id is cached; env.ref() would query once per call (once per line).
        kg = self.env["uom.uom"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("uom.product_uom_kgm", True)
        )
        if uom.category_id == kg.category_id:
            return uom._compute_quantity(quantity, kg, round=False)
        if self.weight > 0:
            qty_in_product_uom = uom._compute_quantity(quantity, self.uom_id, round=False)
            weight_uom = self.product_tmpl_id._get_weight_uom_id_from_ir_config_parameter()
            return weight_uom._compute_quantity(qty_in_product_uom * self.weight, kg, round=False)
        raise UserError(
            self.env._(
                "The quantity of %(product)s in %(uom)s cannot be turned into a mass: "
                "give the product a weight or count it in a weight unit.",
                product=self.display_name,
                uom=uom.name,
            )
        )

    def _asi_aluminium_kg(self, quantity, uom=None):
        """Aluminium content in kg of ``quantity`` (V2.1 8.3: scrap counts by content)."""
        self.ensure_one()
        return self._asi_quantity_to_kg(quantity, uom) * self.asi_aluminium_content / 100.0
