from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiMrpCase


@tagged("post_install", "-at_install")
class TestDesignationFromBalance(AsiMrpCase):
    """Mass balance, not segregation (V3 part A, V2.1 8.4-8.5): what a casthouse casts ships
    as ASI from the balance, whatever the lots it was cast from."""

    def setUp(self):
        super().setUp()
        # The older lot is non-ASI: first in, first out, the order casts from it.
        self.stock_ingot_and_scrap()

    def test_billets_cast_from_non_asi_ingot_ship_as_asi(self):
        # 10 billets: 4,900 kg ingot, all from the non-ASI lot ING-NON, 200 kg UBC.
        production = self.produce(10, "B-1")
        consumed = production.move_raw_ids.move_line_ids.filtered(
            lambda ml: ml.product_id == self.ingot
        )
        self.assertEqual(consumed.lot_id.mapped("name"), ["ING-NON"])
        lot = production.lot_producing_id
        self.assertFalse(lot.asi_status)  # produced, never received: no origin record
        # Production stays inside the scope: no ledger line.
        moves = production.move_raw_ids | production.move_finished_ids
        self.assertFalse(
            self.Line.search([("res_model", "=", "stock.move"), ("res_id", "in", moves.ids)])
        )

        # Ship 6 billets as ASI: 6 x 500 kg x 99 % = 2,970 kg aluminium. ASI in 10,000 kg
        # (UBC is non-ASI), so 10,000 - 2,970 = 7,030 kg stay available.
        delivery = self.deliver(self.billet, 6, lot, when=datetime(2026, 3, 5, 10, 0))
        line = self.ledger(delivery)
        self.assertEqual((line.asi_status, line.mass_kg, line.direction), ("asi", 2970, "output"))
        self.assertTrue(delivery.asi_document_number)
        self.assertEqual(self.balance()["available"], 7030)
        coc = delivery._asi_coc_data()
        self.assertEqual(
            [(c["lot"], c["asi_status"], c["asi_mass_kg"]) for c in coc["lines"]],
            [("B-1", "asi", 2970)],
        )

        # A return of 2 billets gives back 990 kg as ASI, the status they were shipped with:
        # 7,030 + 990 = 8,020 kg available.
        returned = self.return_of(delivery, 2, datetime(2026, 3, 20, 10, 0))
        back = self.ledger(returned)
        self.assertEqual((back.asi_status, back.mass_kg, back.origin_line_id), ("asi", -990, line))
        self.assertEqual(self.balance()["available"], 8020)

    def test_backorder_of_a_billet_line_stays_asi(self):
        production = self.produce(10, "B-2")
        picking = self.env["stock.picking"].create(
            {
                "partner_id": self.customer.id,
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": self.billet.name,
                            "product_id": self.billet.id,
                            "product_uom_qty": 10,
                            "product_uom": self.unit.id,
                            "asi_designated": True,
                            "location_id": self.stock.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.move_line_ids.write(
            {"lot_id": production.lot_producing_id.id, "quantity": 4}
        )
        picking.move_ids.picked = True
        with freeze_time(datetime(2026, 3, 5, 10, 0)):
            picking.with_context(cancel_backorder=False)._action_done()
        backorder = picking.backorder_ids
        self.assertTrue(backorder.move_ids.asi_designated)
        # 4 billets shipped as ASI: 4 x 495 = 1,980 kg; 10,000 - 1,980 = 8,020 available.
        self.assertEqual(self.ledger(picking).mass_kg, 1980)
        self.assertEqual(self.balance()["available"], 8020)

    def test_billets_beyond_the_balance_refused_nothing_written(self):
        production = self.produce(10, "B-3")
        # Another shipment already used 8,000 kg: 2,000 kg left; 5 billets are 2,475 kg.
        self.post(8000, direction="output")
        with self.assertRaisesRegex(UserError, "2,000 kg available, 2,475 kg requested"):
            self.deliver(self.billet, 5, production.lot_producing_id)
        self.assertEqual(self.balance()["asi_out"], 8000)
