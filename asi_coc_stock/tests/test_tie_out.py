from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiStockCase


@tagged("post_install", "-at_install", "asi_integrity")
class TestTieOut(AsiStockCase):
    """The auditor's first check (V2.1 8.1, V3 5.1): the ledger ties out with the stock it
    was posted from. Worked example: 1,000 kg of ingot at 99.7 % aluminium received as ASI
    on 10 Feb is 1,000 x 99.7 % = 997 kg in the ledger; 600 kg shipped as ASI on 10 Mar is
    600 x 99.7 % = 598.2 kg out."""

    def setUp(self):
        super().setUp()
        self.ingot.asi_aluminium_content = 99.7
        self.receipt = self.receive(
            self.ingot,
            1000,
            "L-TIE-1",
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
            asi_document_ref="NPS-90",
        )
        self.lot = self.receipt.move_line_ids.lot_id

    def sql(self, query, *args):
        self.env.flush_all()
        self.env.cr.execute(query, args)
        self.env.invalidate_all()

    def codes(self):
        return [(d["code"], d["res_model"], d["res_id"]) for d in self.p1.asi_tie_out()]

    def test_receipt_ties_out(self):
        line = self.ledger(self.receipt)
        self.assertEqual((line.asi_status, line.mass_kg), ("asi", 997))
        self.assertEqual(self.p1.asi_tie_out(), [])

    def test_delivery_ties_out(self):
        delivery = self.deliver(self.ingot, 600, self.lot)
        self.assertAlmostEqual(self.ledger(delivery).mass_kg, 598.2)
        self.assertEqual(self.p1.asi_tie_out(), [])

    def test_missing_ledger_line_is_named(self):
        move = self.receipt.move_ids
        self.sql(
            "DELETE FROM asi_ledger_line WHERE res_model = 'stock.move' AND res_id = %s", move.id
        )
        differences = self.p1.asi_tie_out()
        self.assertEqual(
            [(d["code"], d["res_model"], d["res_id"]) for d in differences],
            [("ledger_mass", "stock.move", move.id)],
        )
        # 997 kg expected, none in the ledger
        self.assertIn("997 kg", differences[0]["message"])
        self.assertIn("0 kg", differences[0]["message"])

    def test_altered_ledger_line_is_named(self):
        move = self.receipt.move_ids
        self.sql(
            "UPDATE asi_ledger_line SET mass_kg = 990 "
            "WHERE res_model = 'stock.move' AND res_id = %s",
            move.id,
        )
        differences = self.p1.asi_tie_out()
        self.assertEqual(
            [(d["code"], d["res_model"], d["res_id"]) for d in differences],
            [("ledger_mass", "stock.move", move.id)],
        )
        self.assertIn("997 kg", differences[0]["message"])
        self.assertIn("990 kg", differences[0]["message"])

    def test_wrong_status_of_a_delivery_is_named(self):
        delivery = self.deliver(self.ingot, 600, self.lot)
        line = self.ledger(delivery)
        self.sql("UPDATE asi_ledger_line SET asi_status = 'non_asi' WHERE id = %s", line.id)
        self.assertEqual(self.codes(), [("ledger_status", "asi.ledger.line", line.id)])

    def test_line_of_a_move_not_done_is_named(self):
        line = self.ledger(self.receipt)
        draft = self.env["stock.move"].create(
            {
                "name": "draft",
                "product_id": self.ingot.id,
                "product_uom_qty": 5,
                "product_uom": self.kg.id,
                "location_id": self.stock.id,
                "location_dest_id": self.stock.id,
            }
        )
        self.sql("UPDATE asi_ledger_line SET res_id = %s WHERE id = %s", draft.id, line.id)
        codes = self.codes()
        self.assertIn(("source_not_done", "asi.ledger.line", line.id), codes)
        # and the receipt's own move has lost its line
        self.assertIn(("ledger_mass", "stock.move", self.receipt.move_ids.id), codes)

    def test_document_number_used_twice_is_named(self):
        first = self.deliver(self.ingot, 300, self.lot)
        second = self.deliver(self.ingot, 200, self.lot, when=datetime(2026, 3, 11, 10, 0))
        self.assertEqual(self.p1.asi_tie_out(), [])
        self.sql(
            "UPDATE stock_picking SET asi_document_number = %s WHERE id = %s",
            first.asi_document_number,
            second.id,
        )
        differences = self.p1.asi_tie_out()
        self.assertEqual(
            [(d["code"], d["res_model"], d["res_id"]) for d in differences],
            [("document_number", "stock.picking", second.id)],
        )
        self.assertIn(first.asi_document_number, differences[0]["message"])

    def test_close_refuses_with_the_differences_and_writes_nothing(self):
        move = self.receipt.move_ids
        self.sql(
            "UPDATE asi_ledger_line SET mass_kg = 990 "
            "WHERE res_model = 'stock.move' AND res_id = %s",
            move.id,
        )
        lines = self.Line.search_count([])
        periods = self.Period.search_count([])
        with self.assertRaisesRegex(UserError, r"does not tie out[\s\S]*997 kg"):
            self.p1.action_close(carry_forward=True)
        self.p1.invalidate_recordset()
        self.assertEqual(self.p1.state, "open")
        self.assertEqual(self.Line.search_count([]), lines)
        self.assertEqual(self.Period.search_count([]), periods)
