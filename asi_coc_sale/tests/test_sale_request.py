from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AsiSaleCase


@tagged("post_install", "-at_install")
class TestSaleRequest(AsiSaleCase):
    """sale.order.line.asi_requested: propagation, certificate, availability, whole lines."""

    def test_request_becomes_designation_of_the_delivery(self):
        order = self.confirm(self.quote(600, extra_lines=[{"product_id": self.silicon.id}]))
        moves = order.picking_ids.move_ids
        ingot_move = moves.filtered(lambda m: m.product_id == self.ingot)
        self.assertTrue(ingot_move.asi_designated)
        self.assertFalse((moves - ingot_move).asi_designated)
        plain = self.confirm(self.quote(100, requested=False))
        self.assertFalse(plain.picking_ids.move_ids.asi_designated)

    def test_shipped_request_posts_asi_output(self):
        _order, picking = self.sold_and_shipped(600)
        self.assertEqual(picking.state, "done")
        self.assertTrue(picking.asi_document_number)
        line = self.ledger(picking)
        self.assertEqual((line.asi_status, line.direction, line.mass_kg), ("asi", "output", 600))

    def test_confirm_refused_without_valid_certificate(self):
        self.company.asi_certificate_id = False
        self.own_cert.write({"state": "suspended", "date_invalid": date(2026, 1, 1)})
        order = self.quote(600)
        with self.assertRaisesRegex(
            UserError, "has no valid ASI CoC certificate covering Aluminium on 2026-03-10"
        ):
            self.confirm(order)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        # Without the request the same order confirms.
        order.order_line.asi_requested = False
        self.confirm(order)
        self.assertEqual(order.state, "sale")

    def test_confirm_refused_when_certificate_does_not_cover_the_material(self):
        scrap_line = {"product_id": self.scrap.id, "product_uom_qty": 10, "asi_requested": True}
        order = self.quote(600, extra_lines=[scrap_line])
        self.own_cert.material_type_ids = self.aluminium
        with self.assertRaisesRegex(UserError, "covering UBC|covering Post-consumer|covering"):
            self.confirm(order)
        self.assertEqual(order.state, "draft")

    def test_expired_certificate_refused(self):
        self.own_cert.write({"state": "expired", "date_invalid": date(2026, 3, 1)})
        order = self.quote(600)
        with self.assertRaisesRegex(UserError, "has no valid ASI CoC certificate"):
            self.confirm(order)
        # A successor certificate in the register is found.
        self.Certificate.create(
            {
                "number": "ASI-OWN-0008",
                "holder_id": self.company.partner_id.id,
                "date_start": date(2026, 3, 1),
                "date_end": date(2029, 2, 28),
                "material_type_ids": [(6, 0, self.aluminium.ids)],
            }
        )
        self.confirm(order)
        self.assertEqual(order.state, "sale")

    def test_requesting_on_a_confirmed_order_checks_the_certificate(self):
        order = self.confirm(self.quote(600, requested=False))
        self.own_cert.write({"state": "withdrawn", "date_invalid": date(2026, 1, 1)})
        with self.assertRaisesRegex(UserError, "has no valid ASI CoC certificate"):
            order.order_line.asi_requested = True
        self.assertFalse(order.order_line.asi_requested)
        self.assertFalse(order.picking_ids.move_ids.asi_designated)

    def test_request_on_a_product_that_is_not_asi_material_refused(self):
        with self.assertRaisesRegex(ValidationError, "Silicon metal has no ASI material type"):
            self.quote(10, product=self.silicon)
        self.assertFalse(self.env["sale.order.line"].search([("product_id", "=", self.silicon.id)]))

    def test_delivery_refused_when_certificate_lapses_before_transfer(self):
        lot = self.asi_lot()
        order = self.confirm(self.quote(600))
        # Suspended after the order, before the date of transfer of control (V3 6.3.5).
        self.own_cert.write({"state": "suspended", "date_invalid": date(2026, 3, 5)})
        with self.assertRaisesRegex(UserError, "has no valid ASI CoC certificate"):
            self.ship(order, lot)
        picking = order.picking_ids
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(picking.asi_document_number)
        self.assertFalse(self.ledger(picking))

    # --------------------------------------------------------------------------------
    # availability: shown from the engine, a warning, the block at delivery
    # --------------------------------------------------------------------------------
    def test_available_balance_shown_when_requested(self):
        self.asi_lot(1000)
        order = self.quote(400)
        line = order.order_line
        with self.on():
            available = self.balance()["available"]
            self.assertEqual(line.asi_available_kg, available)
            self.assertGreater(available, 0)
            self.assertEqual(line.asi_requested_kg, 400)
            self.assertFalse(line.asi_availability_warning)
            line.asi_requested = False
            self.assertEqual(line.asi_available_kg, 0)

    def test_order_beyond_balance_warns_but_confirms_then_delivery_blocked(self):
        lot = self.asi_lot(1000)
        self.receive(self.ingot, 3000, "L-NON", asi_status="non_asi")
        with self.on():
            available = self.balance()["available"]
        self.assertLess(available, 1200)
        order = self.quote(1200)
        with self.on():
            warning = order.order_line.asi_availability_warning
            self.assertIn("The order asks 1,200.00 kg of ASI Aluminium", warning)
            self.assertEqual(self.onchange_warning(order)["message"], warning)
        self.confirm(order)  # a warning, not a block
        self.assertEqual(order.state, "sale")
        lot.invalidate_recordset()
        with self.assertRaises(UserError):
            self.ship(order, lot)
        self.assertFalse(self.ledger(order.picking_ids))

    def test_v2_1_share_headroom_shown_next_to_the_balance(self):
        # V2.1 8.7: 2,000 kg ASI + 2,000 kg non-ASI in (50 %), 400 kg ASI and 1,000 kg
        # non-ASI out: the balance has 1,600 kg, the share 50 % x 1,400 - 400 = 300 kg of
        # headroom; x kg more ASI keep 50 % x (1,400 + x) >= 400 + x up to x = 600 kg.
        self.post(2000)
        self.post(2000, status="non_asi")
        self.post(400, direction="output")
        self.post(1000, direction="output", status="non_asi")
        order = self.quote(601)
        line = order.order_line
        with self.on():
            self.assertEqual((line.asi_available_kg, line.asi_share_headroom_kg), (1600, 300))
            self.assertTrue(line.asi_share_rule)
            self.assertEqual(
                line.asi_availability_warning,
                "The ASI share of the period's inputs (50.0 %) leaves a headroom of 300.00 kg "
                "on the outputs so far: at most 600.00 kg more of ASI Aluminium, the order asks "
                "601.00 kg. The period will not close unless non-ASI output or ASI input "
                "follows (V2.1 8.7).",
            )
            self.assertEqual(self.onchange_warning(order)["message"], line.asi_availability_warning)
            line.product_uom_qty = 600
            self.assertFalse(line.asi_availability_warning)

    def test_overdraft_due_is_not_available(self):
        # V2.1 8.8 c: P1 owes 2,000 kg; P2 has 2,500 kg: 500 kg can be designated
        self.post(10000)
        self.env["asi.force.majeure"].create(
            {
                "name": "Potline outage",
                "date": date(2026, 3, 1),
                "material_type_id": self.aluminium.id,
                "description": "Power cut",
                "affected_deliveries": "SO 12",
                "affected_mass_kg": 2000,
                "overdraft_kg": 2000,
            }
        ).action_approve()
        self.post(12000, direction="output")
        self.p1.action_close()
        self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31)})
        self.post(2500, on=date(2026, 7, 1))
        order = self.quote(600)
        with self.on(date(2026, 7, 10)):
            self.assertEqual(order.order_line.asi_available_kg, 500)
            self.assertIn("the balance has 500.00 kg", order.order_line.asi_availability_warning)

    def test_no_open_period_shows_warning(self):
        order = self.quote(100)
        with self.on(date(2027, 3, 1)):
            warning = order.order_line.asi_availability_warning
            self.assertIn("No open material accounting period", warning)

    # --------------------------------------------------------------------------------
    # whole lines: no partial ASI
    # --------------------------------------------------------------------------------
    def test_unticking_designation_of_a_requested_line_refused(self):
        order = self.confirm(self.quote(600))
        move = order.picking_ids.move_ids
        with self.assertRaisesRegex(UserError, "shipped as ASI as a whole, never in part"):
            move.asi_designated = False
        self.assertTrue(move.asi_designated)

    def test_designating_a_line_that_did_not_request_asi_refused(self):
        order = self.confirm(self.quote(600, requested=False))
        move = order.picking_ids.move_ids
        with self.assertRaisesRegex(UserError, "does not request ASI material"):
            move.asi_designated = True
        self.assertFalse(move.asi_designated)

    def test_undesignated_move_of_a_requested_line_not_delivered(self):
        lot = self.asi_lot()
        order = self.confirm(self.quote(600))
        move = order.picking_ids.move_ids
        # E.g. a move created by hand or by an import that bypassed write().
        self.env.cr.execute("UPDATE stock_move SET asi_designated = false WHERE id = %s", move.ids)
        move.invalidate_recordset(["asi_designated"])
        with self.assertRaisesRegex(UserError, "never in part"):
            self.ship(order, lot)
        self.assertNotEqual(order.picking_ids.state, "done")
        self.assertFalse(self.ledger(order.picking_ids))

    def test_backorder_of_a_requested_line_stays_asi(self):
        lot = self.asi_lot()
        order = self.confirm(self.quote(600))
        first = self.ship(order, lot, qty=250)
        backorder = order.picking_ids - first
        self.assertEqual(backorder.move_ids.product_uom_qty, 350)
        self.assertTrue(backorder.move_ids.asi_designated)
        second = self.ship(order, lot)
        self.assertEqual(sum(self.ledger(first | second).mapped("mass_kg")), 600)
        self.assertEqual(set(self.ledger(first | second).mapped("asi_status")), {"asi"})

    def test_changing_the_request_before_delivery_follows_to_the_moves(self):
        order = self.confirm(self.quote(600))
        order.order_line.asi_requested = False
        self.assertFalse(order.picking_ids.move_ids.asi_designated)
        order.order_line.asi_requested = True
        self.assertTrue(order.picking_ids.move_ids.asi_designated)

    def test_changing_the_request_after_delivery_refused(self):
        order, _picking = self.sold_and_shipped(600)
        with self.assertRaisesRegex(UserError, "has already been delivered"):
            order.order_line.asi_requested = False
        self.assertTrue(order.order_line.asi_requested)

    # --------------------------------------------------------------------------------
    # quotation PDF
    # --------------------------------------------------------------------------------
    def test_quotation_states_request_and_certificate(self):
        order = self.quote(600, extra_lines=[{"product_id": self.silicon.id}])
        with self.on():
            html = self.render_html("sale.action_report_saleorder", order)
        block = self.text_of(html, "//div[@name='asi_coc_request']")
        self.assertIn("under ASI CoC certificate ASI-OWN-0007", block)
        self.assertIn("Customer's ASI CoC certificate: ASI-CUST-0042", block)
        marks = self.text_of(html, "//div[@name='asi_requested']")
        self.assertEqual(marks, "ASI material (whole line)")  # once: the ingot line only

    def test_quotation_without_asi_prints_no_claim(self):
        order = self.quote(600, requested=False)
        self.own_cert.write({"state": "suspended", "date_invalid": date(2026, 1, 1)})
        with self.on():
            html = self.render_html("sale.action_report_saleorder", order)
        self.assertNotIn("ASI CoC certificate", html)
        self.assertNotIn("asi_requested", html)

    def test_quotation_claim_refused_with_suspended_certificate(self):
        order = self.quote(600)
        self.own_cert.write({"state": "suspended", "date_invalid": date(2026, 1, 1)})
        with self.on(), self.assertRaisesRegex(UserError, "has no valid ASI CoC certificate"):
            self.render_html("sale.action_report_saleorder", order)
