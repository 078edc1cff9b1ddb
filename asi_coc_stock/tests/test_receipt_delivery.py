from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiStockCase


@tagged("post_install", "-at_install")
class TestReceiptDelivery(AsiStockCase):
    def test_verified_receipt_is_asi_input(self):
        picking = self.receive(
            self.ingot,
            1000,
            "L-ASI-1",
            asi_status="asi",
            asi_certificate_number="asi-t-0001",
            asi_document_ref="NPS-77",
        )
        line = self.ledger(picking)
        self.assertEqual((line.direction, line.asi_status, line.mass_kg), ("input", "asi", 1000))
        self.assertEqual(line.site_id, self.site)
        self.assertEqual(line.certificate_id, self.cert)
        self.assertEqual(line.document_ref, "NPS-77")
        self.assertEqual(line.date, date(2026, 2, 10))
        lot = picking.move_line_ids.lot_id
        self.assertEqual(
            (lot.asi_status, lot.asi_certificate_id, lot.asi_document_ref),
            ("asi", self.cert, "NPS-77"),
        )
        self.assertFalse(lot.asi_verification_note)
        self.assertEqual(self.balance()["asi_in"], 1000)

    def test_failed_verification_records_non_asi_and_asks_to_verify(self):
        other = self.env["res.partner"].create({"name": "Other Smelter", "asi_role": "coc_entity"})
        picking = self.receive(
            self.ingot,
            500,
            "L-X",
            partner=other,
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
        )
        line = self.ledger(picking)
        self.assertEqual(line.asi_status, "non_asi")
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.asi_status, "non_asi")
        self.assertIn(
            "held by Test Smelter, not by the supplier Other Smelter", lot.asi_verification_note
        )
        self.assertIn("no CoC document reference", lot.asi_verification_note)
        self.assertTrue(picking.activity_ids)
        self.assertEqual(picking.state, "done")  # not blocked physically

    def test_unknown_or_invalid_certificate(self):
        picking = self.receive(
            self.ingot,
            100,
            "L-U",
            asi_status="asi",
            asi_certificate_number="ASI-NOPE",
            asi_document_ref="D1",
        )
        self.assertIn(
            "ASI-NOPE is not in the register", picking.move_line_ids.lot_id.asi_verification_note
        )
        self.cert.write({"state": "suspended", "date_invalid": date(2026, 1, 1)})
        picking = self.receive(
            self.ingot,
            100,
            "L-S",
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
            asi_document_ref="D2",
        )
        self.assertEqual(
            picking.move_line_ids.lot_id.asi_verification_note,
            "certificate ASI-T-0001 is not valid for Aluminium on 2026-02-10: it is suspended "
            "since 2026-01-01",
        )
        self.assertEqual(self.balance()["asi_in"], 0)
        self.assertEqual(self.balance()["non_asi_in"], 200)

    def test_scrap_counts_by_aluminium_content(self):
        picking = self.receive(self.scrap, 1000, "L-SC", asi_status="non_asi")
        line = self.ledger(picking)
        self.assertEqual((line.material_type_id, line.mass_kg), (self.scrap_post, 900))

    def test_designated_delivery_posts_asi_output_with_document_number(self):
        receipt = self.receive(
            self.ingot,
            1000,
            "L-ASI-2",
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
            asi_document_ref="NPS-78",
        )
        lot = receipt.move_line_ids.lot_id
        delivery = self.deliver(self.ingot, 600, lot)
        self.assertTrue(delivery.asi_document_number.startswith("ASI/"))
        line = self.ledger(delivery)
        self.assertEqual((line.direction, line.asi_status, line.mass_kg), ("output", "asi", 600))
        self.assertEqual(line.partner_id, self.customer)
        self.assertEqual(self.balance()["available"], 400)

    def test_designation_beyond_balance_refused_nothing_done(self):
        receipt = self.receive(
            self.ingot,
            1000,
            "L-ASI-3",
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
            asi_document_ref="NPS-79",
        )
        lot = receipt.move_line_ids.lot_id
        self.post(500, direction="output")  # another ASI shipment already used 500 kg
        with self.assertRaisesRegex(UserError, "500 kg available, 600 kg requested"):
            self.deliver(self.ingot, 600, lot)
        self.assertEqual(self.balance()["asi_out"], 500)

    def test_any_lot_ships_as_asi_from_the_balance(self):
        """Mass balance, not segregation (V3 part A, V2.1 8.4-8.5): a lot received non-ASI
        ships as ASI when the balance covers the whole line; the lot keeps its origin record.

        Worked example: 1,000 kg ASI in (lot L-ASI-M) and 1,000 kg non-ASI in (lot L-NON);
        600 kg of L-NON shipped as ASI: available 1,000 - 600 = 400 kg. Then 401 kg more
        of L-NON is refused (400 kg available), nothing is written."""
        self.receive(
            self.ingot,
            1000,
            "L-ASI-M",
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
            asi_document_ref="NPS-80",
        )
        non_asi = self.receive(self.ingot, 1000, "L-NON", asi_status="non_asi")
        lot = non_asi.move_line_ids.lot_id
        delivery = self.deliver(self.ingot, 600, lot)
        line = self.ledger(delivery)
        self.assertEqual((line.asi_status, line.mass_kg), ("asi", 600))
        self.assertTrue(delivery.asi_document_number)
        self.assertEqual(lot.asi_status, "non_asi")  # what was received, not what was shipped
        self.assertEqual(self.balance()["available"], 400)
        with self.assertRaisesRegex(UserError, "400 kg available, 401 kg requested"):
            self.deliver(self.ingot, 401, lot)
        self.assertEqual(self.balance()["asi_out"], 600)
        self.assertEqual(self.Line.search_count([("document_ref", "=like", "ASI/%")]), 1)

    def test_plain_delivery_is_non_asi_output(self):
        receipt = self.receive(self.ingot, 1000, "L-P", asi_status="non_asi")
        delivery = self.deliver(self.ingot, 300, receipt.move_line_ids.lot_id, designated=False)
        self.assertFalse(delivery.asi_document_number)
        self.assertEqual(self.ledger(delivery).asi_status, "non_asi")
        self.assertEqual(self.balance()["out_total"], 300)

    def test_nothing_posts_into_a_closed_period(self):
        self.p1.action_close(carry_forward=False)
        count = self.Line.search_count([])
        with self.assertRaisesRegex(UserError, "is closed: nothing dated"):
            self.receive(self.ingot, 100, "L-C", asi_status="non_asi")
        self.assertEqual(self.Line.search_count([]), count)
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "L-C")]))
        self.assertEqual(self.ingot.qty_available, 0)
