from datetime import date, datetime

from freezegun import freeze_time

from odoo.addons.asi_coc_stock.tests.common import AsiStockCase


class AsiMrpCase(AsiStockCase):
    """A casthouse: it buys ingot, post-consumer scrap and silicon, casts billets (1 billet =
    500 kg) in manufacturing orders with process scrap as a by-product, and sells both.

    Bill of materials of one billet (500 kg, 99 % aluminium: 495 kg): 490 kg ingot, 20 kg UBC
    scrap (90 % aluminium: 18 kg), 5 kg silicon (an alloying element, neutral, V2.1 C);
    by-product 8 kg saw scrap (eligible pre-consumer scrap, 100 % aluminium content here so
    that the kg stay round). Aluminium in 508 kg, out 503 kg: 5 kg melt loss a billet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.unit = cls.env.ref("uom.product_uom_unit")
        cls.billet = Product.create(
            {
                "name": "Billet 6063",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.unit.id,
                "uom_po_id": cls.unit.id,
                "weight": 500,
                "asi_material_type_id": cls.aluminium.id,
                "asi_aluminium_content": 99,
            }
        )
        cls.silicon = Product.create(
            {
                "name": "Silicon 553",
                "is_storable": True,
                "uom_id": cls.kg.id,
                "uom_po_id": cls.kg.id,
            }
        )
        cls.saw_scrap = Product.create(
            {
                "name": "Saw scrap 6063",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.kg.id,
                "uom_po_id": cls.kg.id,
                "asi_material_type_id": cls.scrap_pre.id,
                "asi_aluminium_content": 100,
            }
        )
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.billet.product_tmpl_id.id,
                "product_qty": 1,
                "product_uom_id": cls.unit.id,
                "consumption": "flexible",
                "bom_line_ids": [
                    (0, 0, {"product_id": cls.ingot.id, "product_qty": 490}),
                    (0, 0, {"product_id": cls.scrap.id, "product_qty": 20}),
                    (0, 0, {"product_id": cls.silicon.id, "product_qty": 5}),
                ],
                "byproduct_ids": [(0, 0, {"product_id": cls.saw_scrap.id, "product_qty": 8})],
            }
        )
        cls.env["stock.quant"]._update_available_quantity(cls.silicon, cls.stock, 100000)
        cls.remelter = cls.env["res.partner"].create(
            {"name": "Certified Remelter", "is_company": True, "asi_role": "coc_entity"}
        )
        cls.remelter_certificate = cls.Certificate.create(
            {
                "number": "ASI-REM-0009",
                "holder_id": cls.remelter.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2027, 12, 31),
                "material_type_ids": [(6, 0, (cls.aluminium | cls.scrap_pre).ids)],
            }
        )

    def stock_ingot_and_scrap(self):
        """The stock the casthouse casts from: 10,000 kg of non-ASI ingot (the older lot,
        which the cast takes first: first in, first out), 10,000 kg of ASI ingot and
        1,000 kg of non-ASI UBC scrap, received on 2026-02-10."""
        self.receive(self.ingot, 10000, "ING-NON", asi_status="non_asi")
        self.receive_asi(self.ingot, 10000, "ING-ASI", "NPS-1")
        self.receive(self.scrap, 1000, "UBC-1", asi_status="non_asi")

    def scrap_factor(self, factor=0.9, material=None):
        """The standard conversion factor of the remelt (V3 5.1.2)."""
        return self.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": (material or self.scrap_post).id,
                "output_material_type_id": self.aluminium.id,
                "factor": factor,
                "date_from": date(2026, 1, 1),
            }
        )

    def produce(self, billets, lot, when=datetime(2026, 3, 1, 8, 0)):
        """Cast ``billets`` billets into lot ``lot`` with a manufacturing order; the saw scrap
        goes into lot ``lot``-S. Components are taken first in, first out."""
        with freeze_time(when):
            production = self.env["mrp.production"].create(
                {
                    "product_id": self.billet.id,
                    "bom_id": self.bom.id,
                    "product_qty": billets,
                    "product_uom_id": self.unit.id,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                }
            )
            production.action_confirm()
            production.action_assign()
            production.lot_producing_id = self.env["stock.lot"].create(
                {"name": lot, "product_id": self.billet.id, "company_id": self.company.id}
            )
            production.qty_producing = billets
            production._set_qty_producing()
            byproduct = production.move_byproduct_ids
            byproduct.move_line_ids.lot_id = self.env["stock.lot"].create(
                {"name": f"{lot}-S", "product_id": self.saw_scrap.id, "company_id": self.company.id}
            )
            (production.move_raw_ids | byproduct).picked = True
            production.button_mark_done()
        self.assertEqual(production.state, "done")
        return production
