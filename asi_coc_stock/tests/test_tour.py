from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common_tour import AsiTourCase


@tagged("post_install", "-at_install", "asi_coc_tour")
class TestWarehouseTour(AsiTourCase):
    """The warehouse path in the browser: receive a certified supplier's lot with its CoC
    data, see the lot ASI, ship it as ASI material, see the CoC document number, print."""

    def setUp(self):
        super().setUp()
        env = self.env
        self.supplier = env["res.partner"].create(
            {"name": "Tour Smelter Ltd", "is_company": True, "asi_role": "coc_entity"}
        )
        self.certificate = self.tour_certificate("ASI-TOUR-STOCK-1", self.supplier)
        # The company's own certificate: only a certified entity ships ASI material.
        self.tour_certificate("ASI-TOUR-OWN-1", env.company.partner_id)
        self.customer = env["res.partner"].create(
            {"name": "Tour Rolling Mill", "is_company": True, "asi_role": "customer"}
        )
        self.site = env["asi.site"].create({"name": "Tour Casthouse", "code": "TC"})
        self.warehouse.asi_site_id = self.site
        kg = env.ref("uom.product_uom_kgm")
        self.ingot = env["product.product"].create(
            {
                "name": "Tour Ingot P1020",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": kg.id,
                "uom_po_id": kg.id,
                "asi_material_type_id": self.aluminium.id,
            }
        )
        stock = self.warehouse.lot_stock_id
        suppliers = env.ref("stock.stock_location_suppliers")
        customers = env.ref("stock.stock_location_customers")
        # Stock already holds an older lot of the same product, not ASI: the delivery reserves
        # it first (FIFO) and ships it as ASI all the same. Under mass balance the ASI status
        # of a shipment comes from the balance (the ASI receipt of the tour), not from the
        # lot (V3 part A, V2.1 8.4).
        older = self._picking(self.supplier, self.warehouse.in_type_id, suppliers, stock)
        older.move_ids.move_line_ids.write({"lot_name": "TOUR-LOT-0", "quantity": 1000})
        older.move_ids.picked = True
        older.button_validate()
        self.receipt = self._picking(self.supplier, self.warehouse.in_type_id, suppliers, stock)
        self.delivery = self._picking(self.customer, self.warehouse.out_type_id, stock, customers)

    def _picking(self, partner, picking_type, src, dest):
        return self.tour_picking(partner, picking_type, src, dest, self.ingot)

    def test_warehouse_tour(self):
        lot_0 = self.env["stock.lot"].search([("name", "=", "TOUR-LOT-0")])
        self.assertEqual(lot_0.asi_status, "non_asi")
        self.assertEqual(self.receipt.state, "assigned")
        self.assertEqual(self.delivery.state, "assigned")
        self.assertEqual(self.delivery.move_line_ids.lot_id, lot_0)
        self.start_tour(
            "/odoo/action-stock.action_picking_tree_all",
            "asi_coc_stock_warehouse_tour",
            login="admin",
        )
        lot = self.env["stock.lot"].search([("name", "=", "TOUR-LOT-1")])
        self.assertEqual(lot.product_id, self.ingot)
        self.assertEqual(lot.asi_status, "asi")
        self.assertEqual(lot.asi_certificate_id, self.certificate)
        self.assertEqual(lot.asi_document_ref, "DN-TOUR-77")
        self.assertFalse(lot.asi_verification_note)

        self.assertEqual(self.receipt.state, "done")
        self.assertEqual(self.delivery.state, "done")
        self.assertTrue(self.delivery.move_ids.asi_designated)
        self.assertEqual(self.delivery.move_line_ids.lot_id, lot_0)
        self.assertEqual(lot_0.asi_status, "non_asi")  # the lot keeps its origin record
        self.assertTrue(self.delivery.asi_document_number)

        ledger = self.env["asi.ledger.line"].search(
            [
                ("res_model", "=", "stock.move"),
                ("res_id", "in", (self.receipt.move_ids | self.delivery.move_ids).ids),
            ]
        )
        received = ledger.filtered(lambda line: line.direction == "input")
        shipped = ledger.filtered(lambda line: line.direction == "output")
        self.assertEqual(received.asi_status, "asi")
        self.assertEqual(received.mass_kg, 1000)
        self.assertEqual(received.certificate_id, self.certificate)
        self.assertEqual(received.document_ref, "DN-TOUR-77")
        self.assertEqual(shipped.asi_status, "asi")
        self.assertEqual(shipped.mass_kg, 1000)
        self.assertEqual(shipped.partner_id, self.customer)
        self.assertEqual(shipped.document_ref, self.delivery.asi_document_number)
        self.assertEqual(ledger.site_id, self.site)
        self.assertTrue(ledger.period_id)

    def test_receipt_suspended_supplier_tour(self):
        """Issue 14: a receipt from a supplier whose certificate is suspended. The warehouse
        user enters the CoC data in the Details popup, sees the line will be recorded
        non-ASI and why, confirms, and the lot is verified once the certificate is
        reinstated (V2.1 10.1-10.3, V3 3.3 note)."""
        suspended_supplier = self.env["res.partner"].create(
            {"name": "Tour Suspended Smelter", "is_company": True, "asi_role": "coc_entity"}
        )
        certificate = self.tour_certificate(
            "ASI-TOUR-SUSP-1",
            suspended_supplier,
            state="suspended",
            date_invalid=self.today - relativedelta(days=10),
        )
        receipt = self._picking(
            suspended_supplier,
            self.warehouse.in_type_id,
            self.env.ref("stock.stock_location_suppliers"),
            self.warehouse.lot_stock_id,
        )
        self.assertEqual(receipt.state, "assigned")
        self.start_tour(
            "/odoo/action-stock.action_picking_tree_all",
            "asi_coc_stock_receipt_suspended_tour",
            login="admin",
        )
        self.assertEqual(receipt.state, "done")
        lot = self.env["stock.lot"].search([("name", "=", "TOUR-SUSP-1")])
        self.assertEqual(lot.asi_status, "asi")
        self.assertEqual(lot.asi_certificate_id, certificate)
        self.assertEqual(certificate.state, "active")
        self.assertFalse(lot.asi_verification_note)
        ledger = self.env["asi.ledger.line"].search(
            [("res_model", "=", "stock.move"), ("res_id", "in", receipt.move_ids.ids)]
        )
        # Received 1000 kg non-ASI, then 1000 kg moved from non-ASI to ASI once verified.
        self.assertEqual(
            sorted((line.flow_type, line.asi_status, line.mass_kg) for line in ledger),
            [
                ("correction", "asi", 1000),
                ("correction", "non_asi", -1000),
                ("external", "non_asi", 1000),
            ],
        )
