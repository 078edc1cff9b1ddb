from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestProduct(AsiCocCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kg = cls.env.ref("uom.product_uom_kgm")
        cls.ton = cls.env.ref("uom.product_uom_ton")
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.Template = cls.env["product.template"]

    def test_material_type_on_unit_product_without_weight_refused(self):
        count = self.Template.search_count([])
        with self.assertRaisesRegex(ValidationError, "is counted in Units, which is not a weight"):
            self.Template.create(
                {
                    "name": "Billet",
                    "uom_id": self.unit.id,
                    "uom_po_id": self.unit.id,
                    "asi_material_type_id": self.aluminium.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "is counted in Units"):
            self.env["product.product"].create(
                {
                    "name": "Billet",
                    "uom_id": self.unit.id,
                    "uom_po_id": self.unit.id,
                    "asi_material_type_id": self.aluminium.id,
                }
            )
        self.assertEqual(self.Template.search_count([]), count)
        plain = self.Template.create(
            {"name": "Billet", "uom_id": self.unit.id, "uom_po_id": self.unit.id}
        )
        with self.assertRaisesRegex(ValidationError, "Give it a weight"):
            plain.asi_material_type_id = self.aluminium
        self.assertFalse(plain.asi_material_type_id)

    def test_unit_product_with_weight_accepted(self):
        billet = self.env["product.product"].create(
            {
                "name": "Billet",
                "uom_id": self.unit.id,
                "uom_po_id": self.unit.id,
                "weight": 420,
                "asi_material_type_id": self.aluminium.id,
            }
        )
        self.assertEqual(billet._asi_quantity_to_kg(3), 1260)
        self.assertEqual(billet._asi_aluminium_kg(3), 1260)
        # removing the weight would make its quantities mass-less: refused
        with self.assertRaisesRegex(ValidationError, "has no weight per unit"):
            billet.weight = 0

    def test_quantity_to_kg(self):
        ingot = self.env["product.product"].create(
            {
                "name": "Ingot",
                "uom_id": self.kg.id,
                "uom_po_id": self.ton.id,
                "asi_material_type_id": self.aluminium.id,
            }
        )
        self.assertEqual(ingot._asi_quantity_to_kg(2.5, self.ton), 2500)
        self.assertEqual(ingot._asi_quantity_to_kg(700), 700)
        neutral = self.env["product.product"].create({"name": "Silicon", "uom_id": self.unit.id})
        with self.assertRaisesRegex(UserError, "cannot be turned into a mass"):
            neutral._asi_quantity_to_kg(1)

    def test_weight_in_pounds(self):
        self.env["ir.config_parameter"].sudo().set_param("product.weight_in_lbs", "1")
        billet = self.env["product.product"].create(
            {
                "name": "Billet",
                "uom_id": self.unit.id,
                "uom_po_id": self.unit.id,
                "weight": 100,
                "asi_material_type_id": self.aluminium.id,
            }
        )
        # 100 lb, converted with Odoo's own pound factor
        self.assertAlmostEqual(billet._asi_quantity_to_kg(1), 45.359, places=2)

    def test_scrap_counts_by_aluminium_content(self):
        scrap = self.env["product.product"].create(
            {
                "name": "UBC",
                "uom_id": self.kg.id,
                "uom_po_id": self.ton.id,
                "asi_material_type_id": self.scrap_post.id,
            }
        )
        self.assertEqual(scrap.asi_aluminium_content, 90.0)  # the material's default
        scrap.asi_aluminium_content = 92
        self.assertAlmostEqual(scrap._asi_aluminium_kg(1, self.ton), 920.0)

    def test_aluminium_content_outside_0_100_refused(self):
        ingot = self.Template.create(
            {
                "name": "Ingot",
                "uom_id": self.kg.id,
                "uom_po_id": self.kg.id,
                "asi_material_type_id": self.aluminium.id,
            }
        )
        self.assertEqual(ingot.asi_aluminium_content, 100.0)
        for bad in (-1, 100.5):
            with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
                ingot.asi_aluminium_content = bad
        self.assertEqual(ingot.asi_aluminium_content, 100.0)
        categ = self.env["product.category"].create({"name": "Scrap"})
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            categ.write({"asi_material_type_id": self.scrap_pre.id, "asi_aluminium_content": 101})

    def test_category_gives_defaults(self):
        categ = self.env["product.category"].create(
            {"name": "Process scrap", "asi_material_type_id": self.scrap_pre.id}
        )
        self.assertEqual(categ.asi_aluminium_content, 95.0)
        categ.asi_aluminium_content = 97
        tmpl = self.Template.create(
            {
                "name": "Extrusion scrap",
                "uom_id": self.kg.id,
                "uom_po_id": self.kg.id,
                "categ_id": categ.id,
            }
        )
        self.assertEqual(tmpl.asi_material_type_id, self.scrap_pre)
        self.assertEqual(tmpl.asi_aluminium_content, 97.0)

    def test_neutral_product_has_no_material(self):
        silicon = self.Template.create(
            {"name": "Silicon", "uom_id": self.unit.id, "uom_po_id": self.unit.id}
        )
        self.assertFalse(silicon.asi_material_type_id)
        self.assertEqual(silicon.asi_aluminium_content, 0.0)
