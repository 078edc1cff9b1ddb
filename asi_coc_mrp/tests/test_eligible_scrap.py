from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiMrpCase


@tagged("post_install", "-at_install")
class TestEligibleScrapOutput(AsiMrpCase):
    """V2.1 8.6: process scrap a producer generates goes out as eligible pre-consumer scrap
    to another certified entity, at the same share as its ASI aluminium output."""

    def setUp(self):
        super().setUp()
        self.receive_asi(self.ingot, 10000, "ING-ASI", "NPS-2")
        self.receive(self.scrap, 1000, "UBC-2", asi_status="non_asi")
        # 10 billets: 80 kg saw scrap in lot S-1-S.
        self.production = self.produce(10, "S-1")
        self.saw_lot = self.production.move_byproduct_ids.move_line_ids.lot_id

    def test_process_scrap_ships_as_eligible_from_the_aluminium_balance(self):
        # The remelt factor puts pre-consumer scrap into the aluminium balance (V3 5.1.2):
        # scrap shipped draws on the same balance, and so the same share (V2.1 8.6).
        self.scrap_factor(0.95, material=self.scrap_pre)
        delivery = self.deliver(
            self.saw_scrap, 80, self.saw_lot, partner=self.remelter, when=datetime(2026, 3, 6)
        )
        line = self.ledger(delivery)
        self.assertEqual(
            (line.material_type_id, line.asi_status, line.mass_kg),
            (self.scrap_pre, "eligible", 80),
        )
        self.assertTrue(delivery.asi_document_number)
        # Aluminium: 10,000 kg ASI in, 80 kg eligible scrap out charged through the same
        # factor as scrap coming in (V3 5.1.2): 80 x 0.95 = 76 kg, so 9,924 kg available; the
        # aluminium's own ASI output stays 0 kg, the converted ASI output is 76 kg.
        balance = self.balance()
        self.assertEqual(
            (balance["available"], balance["asi_out"], balance["asi_out_converted"]),
            (9924, 0, 76),
        )
        coc = delivery._asi_coc_data()
        self.assertEqual(
            [(c["material_type"], c["asi_status"], c["asi_mass_kg"]) for c in coc["lines"]],
            [("scrap_pre_consumer", "eligible", 80)],
        )

    def test_scrap_to_an_uncertified_customer_refused_nothing_written(self):
        self.scrap_factor(0.95, material=self.scrap_pre)
        with self.assertRaisesRegex(UserError, "only to another certified CoC entity"):
            self.deliver(self.saw_scrap, 80, self.saw_lot, partner=self.customer)
        self.assertFalse(self.Line.search([("material_type_id", "=", self.scrap_pre.id)]))
        self.assertEqual(self.balance()["asi_out"], 0)

    def test_scrap_without_conversion_factor_refused(self):
        # Without a factor the scrap would draw on a balance of its own (only bought scrap),
        # not at the share of the aluminium output.
        with self.assertRaisesRegex(UserError, "add a standard conversion factor"):
            self.deliver(self.saw_scrap, 80, self.saw_lot, partner=self.remelter)
        self.assertFalse(self.Line.search([("material_type_id", "=", self.scrap_pre.id)]))

    def test_post_consumer_scrap_is_not_eligible_output(self):
        self.scrap_factor(0.9)
        lot = self.env["stock.lot"].search([("name", "=", "UBC-2")])
        with self.assertRaisesRegex(UserError, "only pre-consumer scrap from your own"):
            self.deliver(self.scrap, 100, lot, partner=self.remelter)
        self.assertFalse(self.Line.search([("direction", "=", "output")]))

    def test_scrap_sold_without_designation_is_plain_output(self):
        delivery = self.deliver(
            self.saw_scrap, 80, self.saw_lot, designated=False, partner=self.customer
        )
        self.assertEqual(self.ledger(delivery).asi_status, "non_asi")
        self.assertFalse(delivery.asi_document_number)
