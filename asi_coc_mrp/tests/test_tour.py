from odoo.tests import tagged

from odoo.addons.asi_coc_stock.tests.common_tour import AsiTourCase


@tagged("post_install", "-at_install", "asi_coc_tour")
class TestCastShipTour(AsiTourCase):
    """The MO -> delivery path in the browser: an order of billets shows the ASI balance and
    is produced from a non-ASI ingot lot; the billets ship as ASI from the balance."""

    tour_groups = ("mrp.group_mrp_user",)

    def setUp(self):
        super().setUp()
        env = self.env
        smelter = env["res.partner"].create(
            {"name": "Tour Smelter AS", "is_company": True, "asi_role": "coc_entity"}
        )
        self.customer = env["res.partner"].create(
            {"name": "Tour Extruder", "is_company": True, "asi_role": "customer"}
        )
        self.tour_certificate("ASI-TOUR-MRP-1", smelter)
        self.company.asi_certificate_id = self.tour_certificate(
            "ASI-TOUR-MRP-OWN", self.company.partner_id
        )
        self.warehouse.asi_site_id = env["asi.site"].create({"name": "Tour Cast", "code": "TCM"})
        kg = env.ref("uom.product_uom_kgm")
        product = {
            "is_storable": True,
            "tracking": "lot",
            "uom_id": kg.id,
            "uom_po_id": kg.id,
            "asi_material_type_id": self.aluminium.id,
        }
        self.ingot = env["product.product"].create(dict(product, name="Tour Ingot"))
        self.billet = env["product.product"].create(dict(product, name="Tour Billet"))
        stock = self.warehouse.lot_stock_id
        suppliers = env.ref("stock.stock_location_suppliers")
        customers = env.ref("stock.stock_location_customers")
        # 1,000 kg non-ASI ingot first (the order casts from it), then 1,000 kg ASI ingot.
        for lot, status in (("TOUR-ING-NON", "non_asi"), ("TOUR-ING-ASI", "asi")):
            receipt = self.tour_picking(
                smelter, self.warehouse.in_type_id, suppliers, stock, self.ingot
            )
            receipt.move_ids.move_line_ids.write(
                {
                    "lot_name": lot,
                    "quantity": 1000,
                    "asi_status": status,
                    "asi_certificate_number": "ASI-TOUR-MRP-1",
                    "asi_document_ref": f"DN-{lot}",
                    "asi_declared_mass_kg": 1000,
                }
            )
            receipt.move_ids.picked = True
            receipt.button_validate()
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": self.billet.product_tmpl_id.id,
                "product_qty": 1000,
                "product_uom_id": kg.id,
                "bom_line_ids": [(0, 0, {"product_id": self.ingot.id, "product_qty": 1000})],
            }
        )
        self.production = env["mrp.production"].create(
            {
                "product_id": self.billet.id,
                "bom_id": bom.id,
                "product_qty": 1000,
                "product_uom_id": kg.id,
                "picking_type_id": self.warehouse.manu_type_id.id,
            }
        )
        self.production.action_confirm()
        self.production.action_assign()
        self.production.lot_producing_id = env["stock.lot"].create(
            {"name": "TOUR-BIL-1", "product_id": self.billet.id, "company_id": self.company.id}
        )
        self.delivery = self.tour_picking(
            self.customer, self.warehouse.out_type_id, stock, customers, self.billet
        )

    def test_cast_and_ship_tour(self):
        Line = self.env["asi.ledger.line"]
        lines_before = Line.search_count([])
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{self.production.id}",
            "asi_coc_mrp_cast_tour",
            login="admin",
        )
        self.assertEqual(self.production.state, "done")
        consumed = self.production.move_raw_ids.move_line_ids
        self.assertEqual(consumed.lot_id.mapped("name"), ["TOUR-ING-NON"])
        self.assertEqual(Line.search_count([]), lines_before)  # production posts nothing

        self.start_tour(
            f"/odoo/action-stock.action_picking_tree_all/{self.delivery.id}",
            "asi_coc_mrp_ship_tour",
            login="admin",
        )
        self.assertEqual(self.delivery.state, "done")
        self.assertTrue(self.delivery.move_ids.asi_designated)
        self.assertEqual(self.delivery.move_line_ids.lot_id, self.production.lot_producing_id)
        shipped = Line.search(
            [("res_model", "=", "stock.move"), ("res_id", "in", self.delivery.move_ids.ids)]
        )
        # 1,000 kg billets cast from non-ASI ingot ship as ASI: the 1,000 kg ASI ingot
        # received covers them (V3 part A); nothing is left.
        self.assertEqual((shipped.asi_status, shipped.mass_kg), ("asi", 1000))
        self.assertEqual(shipped.document_ref, self.delivery.asi_document_number)
        period = shipped.period_id
        self.assertEqual(period.get_balance(self.aluminium)["available"], 0)
