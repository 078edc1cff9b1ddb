from odoo.tests import tagged

from odoo.addons.asi_coc.tests.common import AsiCocCase


@tagged("post_install", "-at_install")
class TestCertificateInvalidation(AsiCocCase):
    def test_suspension_warns_open_orders_and_receipts(self):
        product = self.env["product.product"].create(
            {
                "name": "Ingot",
                "is_storable": True,
                "tracking": "lot",
                "asi_material_type_id": self.aluminium.id,
                "uom_id": self.env.ref("uom.product_uom_kgm").id,
                "uom_po_id": self.env.ref("uom.product_uom_kgm").id,
            }
        )
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.smelter.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_qty": 1000})],
            }
        )
        order.button_confirm()
        receipt = order.picking_ids
        self.assertTrue(receipt)
        done_order = self.env["purchase.order"].create(
            {
                "partner_id": self.smelter.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_qty": 5})],
            }
        )
        done_order.button_cancel()
        self.cert.action_suspend()
        summary = "ASI certificate ASI-T-0001 of Test Smelter is Suspended"
        self.assertIn(summary, order.activity_ids.mapped("summary"))
        self.assertIn(summary, receipt.activity_ids.mapped("summary"))
        self.assertFalse(done_order.activity_ids)
        # Suspending again (already invalid) adds nothing.
        count = len(order.activity_ids)
        self.cert.action_withdraw()
        self.assertEqual(len(order.activity_ids), count)
