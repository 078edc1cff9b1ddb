from unittest.mock import patch

from odoo.tests import tagged

from .common import AsiStockCase


@tagged("post_install", "-at_install")
class TestDesignationLock(AsiStockCase):
    """The period's designation lock is the first thing a validation that designates ASI
    output takes (before its moves are done), so that concurrent validations retry before
    doing any work (issue 16)."""

    def test_lock_taken_before_the_moves_are_done(self):
        # 1,000 kg ASI ingot received; 400 kg delivered as ASI: 600 kg left
        lot = self.receive(
            self.ingot,
            1000,
            "L-LOCK",
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
            asi_document_ref="NPS-LOCK-1",
        ).move_line_ids.lot_id
        states = []
        # the registry's class of the model, whichever file defines the method
        Period = type(self.env["asi.accounting.period"])
        lock = Period._lock_for_designation

        def record(periods):
            moves = self.env["stock.move"].search([("location_dest_id.usage", "=", "customer")])
            states.append(set(moves.mapped("state")))
            return lock(periods)

        with patch.object(Period, "_lock_for_designation", record):
            picking = self.deliver(self.ingot, 400, lot)
        self.assertEqual(picking.state, "done")
        # first call: before the moves are done; then again in post(), after
        self.assertNotIn("done", states[0])
        self.assertEqual(len(states), 2)
        self.assertEqual(self.balance()["available"], 600)
