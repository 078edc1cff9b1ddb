"""Cross-module scenario: a casthouse under mass balance, from purchase to period close.

It receives 10,000 kg ASI ingot and 10,000 kg non-ASI ingot, casts 20,000 kg billets from
both in one manufacturing order, and ships 10,000 kg billets as ASI: accepted, whatever the
lots, because the balance covers it (V3 part A, V2.1 8.4-8.5). One more kilogram is refused.
The rest goes out non-ASI; the period reconciliation and the close come out right.
"""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.asi_coc_stock.tests.common import AsiStockCase


@tagged("post_install", "-at_install")
class TestMrpMassBalanceScenario(AsiStockCase):
    # Outside an add-on Odoo's MetaCase sets no tags: the scenario belongs to the mrp module.
    test_tags = {"standard", "post_install"}
    test_module = "asi_coc_mrp"
    test_sequence = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.billet = Product.create(
            {
                "name": "Billet 6060 (kg)",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.kg.id,
                "uom_po_id": cls.kg.id,
                "asi_material_type_id": cls.aluminium.id,
            }
        )
        cls.magnesium = Product.create(
            {"name": "Magnesium", "is_storable": True, "uom_id": cls.kg.id, "uom_po_id": cls.kg.id}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.magnesium, cls.stock, 1000)
        # 1,000 kg billet from 1,000 kg ingot and 5 kg magnesium (neutral, V2.1 C).
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.billet.product_tmpl_id.id,
                "product_qty": 1000,
                "product_uom_id": cls.kg.id,
                "bom_line_ids": [
                    (0, 0, {"product_id": cls.ingot.id, "product_qty": 1000}),
                    (0, 0, {"product_id": cls.magnesium.id, "product_qty": 5}),
                ],
            }
        )

    def test_casthouse_period(self):
        # 1. Inputs: the non-ASI lot first, so that first in, first out casts from it first.
        self.receive(self.ingot, 10000, "ING-NON", asi_status="non_asi")
        self.receive_asi(self.ingot, 10000, "ING-ASI", "NPS-77")

        # 2. Cast 20,000 kg billets from both lots: production posts nothing.
        lines_before = self.Line.search_count([])
        with freeze_time(datetime(2026, 3, 1, 8, 0)):
            production = self.env["mrp.production"].create(
                {
                    "product_id": self.billet.id,
                    "bom_id": self.bom.id,
                    "product_qty": 20000,
                    "product_uom_id": self.kg.id,
                    "picking_type_id": self.warehouse.manu_type_id.id,
                }
            )
            production.action_confirm()
            production.action_assign()
            production.lot_producing_id = self.env["stock.lot"].create(
                {"name": "BIL-1", "product_id": self.billet.id, "company_id": self.company.id}
            )
            production.qty_producing = 20000
            production._set_qty_producing()
            production.move_raw_ids.picked = True
            production.button_mark_done()
        self.assertEqual(production.state, "done")
        consumed = production.move_raw_ids.move_line_ids.filtered(
            lambda ml: ml.product_id == self.ingot
        )
        self.assertEqual(sorted(consumed.lot_id.mapped("name")), ["ING-ASI", "ING-NON"])
        self.assertEqual(self.Line.search_count([]), lines_before)
        # The MO shows what its billets can ship as ASI: 10,000 kg.
        with freeze_time(datetime(2026, 3, 1, 9, 0)):
            production.invalidate_recordset(["asi_available_kg"])
            self.assertEqual(production.asi_available_kg, 10000)
        billets = production.lot_producing_id

        # 3. 10,000 kg billets as ASI: accepted. Available 10,000 - 10,000 = 0 kg.
        asi = self.deliver(self.billet, 10000, billets, when=datetime(2026, 3, 10, 10, 0))
        self.assertEqual((self.ledger(asi).asi_status, self.ledger(asi).mass_kg), ("asi", 10000))
        self.assertEqual(self.balance()["available"], 0)

        # 4. One kilogram more as ASI: refused, nothing written.
        with self.assertRaisesRegex(UserError, "0 kg available, 1 kg requested"):
            self.deliver(self.billet, 1, billets, when=datetime(2026, 3, 11, 10, 0))
        self.assertEqual(self.balance()["asi_out"], 10000)

        # 5. The other 10,000 kg go out non-ASI.
        self.deliver(
            self.billet, 10000, billets, designated=False, when=datetime(2026, 3, 12, 10, 0)
        )

        # 6. Reconciliation: in 10,000 ASI + 10,000 non-ASI = 20,000 kg (50 % ASI); out
        # 20,000 kg, of which 10,000 kg ASI (50 %, V2.1 8.7: not above the input share);
        # available 0 kg.
        (report,) = self.p1._asi_reconciliation()
        (material,) = report["materials"]
        self.assertEqual(material["material"], self.aluminium)
        figures = material["blocks"][0]["figures"]
        self.assertEqual(
            (
                figures["asi_in"],
                figures["non_asi_in"],
                figures["out_total"],
                figures["asi_out"],
                figures["available"],
            ),
            (10000, 10000, 20000, 10000, 0),
        )
        self.assertEqual((figures["input_share"], figures["output_share"]), (0.5, 0.5))
        self.assertEqual(material["blocks"][0]["discrepancies"], [])

        # 7. Close: nothing to carry forward, nothing expires.
        self.p1.action_close()
        self.assertEqual(self.p1.state, "closed")
        p2 = self.Period.search([("date_from", "=", date(2026, 7, 1))])
        self.assertEqual(self.balance(p2)["carried_in"], 0)
        self.assertFalse(
            self.Line.search([("period_id", "=", self.p1.id), ("close_entry", "=", True)])
        )

    def test_yield_below_the_factor_in_the_reconciliation(self):
        # The remelt factor of UBC is 0.9 (V3 5.1.2). One cast: 950 kg ingot and 100 kg UBC
        # (90 % aluminium: 90 kg) a tonne of billets.
        self.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": self.scrap_post.id,
                "output_material_type_id": self.aluminium.id,
                "factor": 0.9,
                "date_from": date(2026, 1, 1),
            }
        )
        self.bom.bom_line_ids = [
            (5, 0, 0),
            (0, 0, {"product_id": self.ingot.id, "product_qty": 950}),
            (0, 0, {"product_id": self.scrap.id, "product_qty": 100}),
        ]
        self.receive(self.ingot, 9500, "ING-Y", asi_status="non_asi")
        self.receive(self.scrap, 1000, "UBC-Y", asi_status="non_asi")
        with freeze_time(datetime(2026, 3, 1, 8, 0)):
            production = self.env["mrp.production"].create(
                {"product_id": self.billet.id, "bom_id": self.bom.id, "product_qty": 10000}
            )
            production.action_confirm()
            production.action_assign()
            production.lot_producing_id = self.env["stock.lot"].create(
                {"name": "BIL-Y", "product_id": self.billet.id, "company_id": self.company.id}
            )
            production.qty_producing = 10000
            production._set_qty_producing()
            production.move_raw_ids.picked = True
            production.button_mark_done()
        # Consumed 9,500 kg ingot + 900 kg aluminium in UBC = 10,400 kg; the factor credits
        # 9,500 + 900 x 0.9 = 10,310 kg; the plant made 10,000 kg (yield 96.2 %).
        (report,) = self.p1._asi_reconciliation()
        # The reconciliation lists the UBC with its own kg too (V3 5.1.2); the yield is a
        # discrepancy of the aluminium balance.
        material = next(m for m in report["materials"] if m["material"] == self.aluminium)
        (found,) = material["blocks"][0]["discrepancies"]
        self.assertIn("credit 10,310 kg for the 10,400 kg", found)
        self.assertIn("produced 10,000 kg (yield 96.2 %)", found)
