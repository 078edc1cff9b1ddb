from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AsiPurchaseCase


@tagged("post_install", "-at_install")
class TestPurchaseReceiptDefaults(AsiPurchaseCase):
    """Purchase lines expect the ASI status and certificate the vendor's role and register
    suggest; the receipt starts with them and verifies them (V2.1 10, V3 3.1)."""

    def test_line_defaults_from_vendor(self):
        line = self.make_po(self.smelter).order_line
        self.assertEqual((line.asi_status, line.asi_certificate_number), ("asi", "ASI-T-0001"))
        # Via a trader: the certificate of the identified originating entity (V3 3.1.2).
        line = self.make_po(self.trader).order_line
        self.assertEqual((line.asi_status, line.asi_certificate_number), ("asi", "ASI-T-0001"))
        line = self.make_po(self.scrap_dealer, self.scrap).order_line
        self.assertEqual((line.asi_status, line.asi_certificate_number), ("eligible", False))
        line = self.make_po(self.non_coc).order_line
        self.assertEqual((line.asi_status, line.asi_certificate_number), ("non_asi", False))
        line = self.make_po(self.non_coc, self.silicon).order_line
        self.assertEqual((line.asi_status, line.asi_certificate_number), (False, False))

    def test_certificate_not_covering_the_material_expects_non_asi(self):
        line = self.make_po(self.smelter, self.scrap).order_line
        self.assertEqual((line.asi_status, line.asi_certificate_number), ("non_asi", False))

    def test_vendor_change_recomputes_and_user_may_override(self):
        order = self.make_po(self.non_coc)
        order.partner_id = self.smelter
        self.assertEqual(order.order_line.asi_status, "asi")
        order.order_line.write({"asi_status": "non_asi", "asi_certificate_number": False})
        self.assertEqual(order.order_line.asi_status, "non_asi")

    def test_receipt_starts_prefilled_and_is_verified(self):
        self.approve(self.trader)
        with freeze_time(datetime(2026, 2, 10, 10, 0)):
            order = self.make_po(self.trader, qty=500)
            order.button_confirm()
            picking = order.picking_ids
            move = picking.move_ids
            self.assertEqual((move.asi_status, move.asi_certificate_number), ("asi", "ASI-T-0001"))
            line = move.move_line_ids
            self.assertEqual(line.asi_status, "asi")
            self.assertEqual(line.asi_certificate_number, "ASI-T-0001")
            line.write(
                {
                    "lot_name": "TR-001",
                    "quantity": 500,
                    "asi_document_ref": "SMELTER-CoC-77",
                    "asi_declared_mass_kg": 500,
                }
            )
            move.picked = True
            picking.button_validate()
        ledger = self.ledger(picking)
        self.assertEqual(ledger.asi_status, "asi")
        self.assertEqual(ledger.certificate_id, self.cert)
        self.assertEqual(ledger.mass_kg, 500)

    def test_receipt_of_non_aluminium_has_no_asi_data(self):
        order = self.make_po(self.non_coc, self.silicon)
        order.button_confirm()
        line = order.picking_ids.move_ids.move_line_ids
        self.assertFalse(line.asi_status)
        self.assertFalse(line.asi_certificate_number)
