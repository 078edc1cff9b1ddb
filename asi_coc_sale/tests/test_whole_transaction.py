import re
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MARCH, AsiSaleCase


@tagged("post_install", "-at_install")
class TestWholeTransaction(AsiSaleCase):
    """V3 6.2: an ASI designation covers every aluminium line of the sales order and of its
    deliveries ("不可仅适用于批次或订单的部分内容"); V2.1 8.5 lets each line be ASI or not."""

    def use_v3(self, rule_set="v3_option1"):
        self.p1.unlink()
        self.company.asi_rule_set = rule_set
        self.Period.create(
            {"date_from": date(2026, 1, 1), "date_to": date(2026, 6, 30), "rule_set": rule_set}
        )

    def mixed_quote(self):
        # 600 kg of ingot requested as ASI, 100 kg of scrap (90 % aluminium) not requested,
        # and silicon, which is not aluminium.
        return self.quote(
            600,
            extra_lines=[
                {"product_id": self.scrap.id, "product_uom_qty": 100},
                {"product_id": self.silicon.id, "product_uom_qty": 5},
            ],
        )

    def ship_all(self, order, lots):
        picking = self.open_delivery_of(order, lots)
        picking.move_ids.picked = True
        with freeze_time(MARCH):
            picking.button_validate()
        return picking

    def test_v21_accepts_an_order_asi_in_part(self):
        ingot_lot = self.asi_lot()
        scrap_lot = self.receive(self.scrap, 200, "L-SCRAP").move_line_ids.lot_id
        order = self.confirm(self.mixed_quote())
        self.assertEqual(order.state, "sale")
        picking = self.ship_all(order, {self.ingot: ingot_lot, self.scrap: scrap_lot})
        self.assertEqual(picking.state, "done")
        # V2.1 8.5: 600 kg ASI ingot; 100 kg x 90 % = 90 kg non-ASI scrap.
        self.assertEqual(
            sorted((line.asi_status, line.mass_kg) for line in self.ledger(picking)),
            [("asi", 600.0), ("non_asi", 90.0)],
        )

    def test_v3_refuses_to_confirm_an_order_asi_in_part(self):
        for rule_set in ("v3_option1", "v3_option2", "v3_option3"):
            with self.subTest(rule_set=rule_set):
                self.company.asi_rule_set = rule_set
                order = self.mixed_quote()
                message = (
                    f"{order.name} requests ASI material for only part of its aluminium "
                    "(requested: [P1020] Ingot P1020; not requested: UBC scrap). Under the V3 "
                    "rules a transaction is ASI as a whole (V3 6.2): request ASI on every "
                    "aluminium line of the order, or on none."
                )
                with self.assertRaisesRegex(UserError, re.escape(message)):
                    self.confirm(order)
                self.assertEqual(order.state, "draft")
                self.assertFalse(order.picking_ids)

    def test_v3_confirms_an_order_asi_whole(self):
        self.use_v3()
        ingot_lot = self.asi_lot()
        # Two ingot lines, both ASI (600 + 150 = 750 kg); silicon is not aluminium.
        order = self.confirm(
            self.quote(
                600,
                extra_lines=[
                    {"product_id": self.ingot.id, "product_uom_qty": 150, "asi_requested": True},
                    {"product_id": self.silicon.id, "product_uom_qty": 5},
                ],
            )
        )
        self.assertEqual(order.state, "sale")
        picking = self.ship_all(order, {self.ingot: ingot_lot})
        self.assertEqual(
            sorted((line.asi_status, line.mass_kg) for line in self.ledger(picking)),
            [("asi", 150.0), ("asi", 600.0)],
        )
        # And an order with no ASI request at all.
        plain = self.confirm(self.quote(100, requested=False))
        self.assertEqual(plain.state, "sale")

    def test_v3_refuses_to_make_a_confirmed_order_asi_in_part(self):
        self.use_v3()
        order = self.confirm(
            self.quote(
                600,
                extra_lines=[
                    {"product_id": self.ingot.id, "product_uom_qty": 150, "asi_requested": True}
                ],
            )
        )
        second = order.order_line[1]
        with self.assertRaisesRegex(
            UserError,
            re.escape("(requested: [P1020] Ingot P1020; not requested: [P1020] Ingot P1020)"),
        ):
            second.asi_requested = False
        self.assertTrue(second.asi_requested)
        self.assertTrue(all(order.picking_ids.move_ids.mapped("asi_designated")))
        # Both lines at once: the order is no longer ASI, as a whole.
        order.order_line.asi_requested = False
        self.assertFalse(any(order.picking_ids.move_ids.mapped("asi_designated")))
        # Through the order's form (one write of the order with its lines) as well.
        with self.assertRaisesRegex(UserError, "V3 6.2"):
            order.write({"order_line": [(1, second.id, {"asi_requested": True})]})
        order.write(
            {"order_line": [(1, line.id, {"asi_requested": True}) for line in order.order_line]}
        )
        self.assertTrue(all(order.picking_ids.move_ids.mapped("asi_designated")))

    def test_v3_refuses_the_delivery_of_an_order_confirmed_asi_in_part(self):
        ingot_lot = self.asi_lot()
        scrap_lot = self.receive(self.scrap, 200, "L-SCRAP").move_line_ids.lot_id
        order = self.confirm(self.mixed_quote())
        # The company moves to the V3 rules before the goods leave.
        self.company.asi_rule_set = "v3_option1"
        with self.assertRaisesRegex(UserError, r"V3 6\.2"):
            self.ship_all(order, {self.ingot: ingot_lot, self.scrap: scrap_lot})
        self.assertNotEqual(order.picking_ids.state, "done")
        self.assertFalse(self.ledger(order.picking_ids))
