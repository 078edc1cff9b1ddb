from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AsiStockCase

ASI = {"asi_status": "asi", "asi_certificate_number": "ASI-T-0001", "asi_document_ref": "NPS-1"}


@tagged("post_install", "-at_install")
class TestReceiptRules(AsiStockCase):
    def lot_of(self, picking):
        return picking.move_line_ids.lot_id

    # V2.1 10.2: the data must match what was physically received --------------------------
    def test_declared_mass_within_tolerance_is_asi(self):
        picking = self.receive(self.ingot, 1000, "L-T1", asi_declared_mass_kg=1019, **ASI)
        self.assertEqual(self.lot_of(picking).asi_status, "asi")

    def test_declared_mass_beyond_tolerance_is_non_asi(self):
        picking = self.receive(self.ingot, 1000, "L-T2", asi_declared_mass_kg=900, **ASI)
        lot = self.lot_of(picking)
        self.assertEqual(lot.asi_status, "non_asi")
        self.assertEqual(
            lot.asi_verification_note,
            "declared mass 900.0 kg does not match the 1000.0 kg of aluminium content received "
            "(tolerance 2.0 %)",
        )
        self.assertEqual(self.balance()["non_asi_in"], 1000)
        self.assertEqual(self.balance()["asi_in"], 0)

    def test_tolerance_is_configurable(self):
        self.company.asi_receipt_mass_tolerance = 15
        picking = self.receive(self.ingot, 1000, "L-T3", asi_declared_mass_kg=900, **ASI)
        self.assertEqual(self.lot_of(picking).asi_status, "asi")
        with self.assertRaisesRegex(Exception, "between 0 and 100"):
            self.company.asi_receipt_mass_tolerance = 101

    def test_missing_declared_mass_is_non_asi(self):
        picking = self.receive(self.ingot, 1000, "L-T4", asi_declared_mass_kg=0, **ASI)
        self.assertEqual(self.lot_of(picking).asi_verification_note, "no declared ASI mass")

    # V3 6.3.5: the certificate must be valid on the date of transfer of control -----------
    def test_certificate_checked_on_transfer_date(self):
        self.cert.write({"state": "expired", "date_invalid": date(2026, 2, 1)})
        picking = self.receive(
            self.ingot, 500, "L-D1", asi_transfer_date=date(2026, 1, 28), **ASI
        )  # received 2026-02-10, after the certificate ended, transferred before
        self.assertEqual(self.lot_of(picking).asi_status, "asi")
        picking = self.receive(self.ingot, 500, "L-D2", **ASI)
        self.assertEqual(
            self.lot_of(picking).asi_verification_note,
            "certificate ASI-T-0001 is not valid for Aluminium on 2026-02-10: it expired, "
            "invalid since 2026-02-01",
        )

    def test_ps_certificate_is_not_a_coc_certificate(self):
        self.make_certificate(number="ASI-PS-9", certificate_type="ps")
        picking = self.receive(
            self.ingot, 100, "L-PS", **dict(ASI, asi_certificate_number="ASI-PS-9")
        )
        self.assertIn(
            "ASI-PS-9 is not valid for Aluminium on 2026-02-10: it is a Performance Standard "
            "certificate, not a CoC certificate",
            self.lot_of(picking).asi_verification_note,
        )

    # Manager option: a failed verification blocks the receipt ------------------------------
    def test_blocking_option_refuses_and_writes_nothing(self):
        self.company.asi_receipt_block_unverified = True
        with self.assertRaisesRegex(
            UserError,
            "Ingot P1020 cannot be received as ASI material: certificate ASI-NOPE is not in the "
            "register",
        ):
            self.receive(self.ingot, 100, "L-B1", **dict(ASI, asi_certificate_number="ASI-NOPE"))
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "L-B1")]))
        self.assertFalse(self.Line.search([]))
        # A verified line and a plain non-ASI line still pass.
        self.receive(self.ingot, 100, "L-B2", **ASI)
        self.receive(self.ingot, 100, "L-B3", asi_status="non_asi")
        self.assertEqual(self.balance()["asi_in"], 100)

    # V3 3.1.2: via a trader, from an identified originating CoC entity ----------------------
    def test_trader_with_identified_origin(self):
        trader = self.env["res.partner"].create(
            {"name": "Metal Trader", "is_company": True, "asi_role": "trader"}
        )
        picking = self.receive(self.ingot, 300, "L-TR1", partner=trader, **ASI)
        self.assertIn(
            "held by Test Smelter, which the trader Metal Trader has not identified",
            self.lot_of(picking).asi_verification_note,
        )
        trader.asi_source_partner_ids = self.smelter
        picking = self.receive(self.ingot, 300, "L-TR2", partner=trader, **ASI)
        self.assertEqual(self.lot_of(picking).asi_status, "asi")
        self.assertEqual(self.ledger(picking).partner_id, trader)
        self.assertEqual(self.ledger(picking).certificate_id, self.cert)

    # V2.1 8.3, V3 3.2 and glossary: scrap ---------------------------------------------------
    def test_post_consumer_scrap_is_eligible_at_aluminium_content(self):
        # From a supplier with approved due diligence (V2.1 4.2 b): see test_receipt_scrap.
        with self.approved_due_diligence(self.smelter):
            picking = self.receive(self.scrap, 1000, "L-SC1", asi_status="eligible")
        line = self.ledger(picking)
        self.assertEqual((line.asi_status, line.mass_kg), ("eligible", 900))
        self.assertEqual(self.lot_of(picking).asi_status, "eligible")

    def test_pre_consumer_scrap_needs_coc_data_or_closed_loop(self):
        pre = self.env["product.product"].create(
            {
                "name": "Extrusion scrap",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": self.kg.id,
                "uom_po_id": self.kg.id,
                "asi_material_type_id": self.scrap_pre.id,
                "asi_aluminium_content": 100,
            }
        )
        picking = self.receive(pre, 1000, "L-PRE1", asi_status="eligible")
        self.assertEqual(self.lot_of(picking).asi_status, "non_asi")
        self.assertIn(
            "pre-consumer scrap is eligible only with a certified supplier's CoC data or as "
            "closed-loop scrap of ASI material shipped to Test Smelter (V3 3.2)",
            self.lot_of(picking).asi_verification_note,
        )
        # From a certified supplier whose certificate covers pre-consumer scrap, with CoC data.
        self.cert.material_type_ids |= self.scrap_pre
        picking = self.receive(pre, 1000, "L-PRE2", **dict(ASI, asi_status="eligible"))
        self.assertEqual(self.ledger(picking).asi_status, "eligible")
        # Closed loop: scrap returned by a customer we shipped ASI aluminium to.
        receipt = self.receive(self.ingot, 1000, "L-PRE3", **ASI)
        self.deliver(self.ingot, 500, self.lot_of(receipt))  # on 2026-03-10
        picking = self.receive(
            pre,
            200,
            "L-PRE4",
            partner=self.customer,
            when=datetime(2026, 4, 1, 10, 0),  # after the shipment it is scrap of
            asi_status="eligible",
        )
        self.assertEqual(self.lot_of(picking).asi_status, "eligible")

    # Lots are required for ASI material ----------------------------------------------------
    def test_asi_product_without_lot_tracking_refused(self):
        self.ingot.tracking = "none"
        with self.assertRaisesRegex(UserError, "Ingot P1020: ASI material is traced by lot"):
            self.receive(self.ingot, 100, False, asi_status="non_asi")
        self.assertFalse(self.Line.search([]))
        self.assertFalse(self.env["stock.move"].search([("state", "=", "done")]))

    # Verify later (V3 3.3 note) ------------------------------------------------------------
    def failed_receipt(self):
        return self.receive(self.ingot, 1000, "L-V1", **dict(ASI, asi_certificate_number="ASI-X"))

    def verify(self, lot, **values):
        action = lot.action_asi_verify_receipt()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_verified_later_becomes_asi_in_open_period(self):
        picking = self.failed_receipt()
        lot = self.lot_of(picking)
        self.assertTrue(picking.activity_ids)
        wizard = self.verify(lot, certificate_number="ASI-T-0001")
        self.assertEqual(wizard.declared_mass_kg, 1000)
        self.assertEqual(wizard.transfer_date, date(2026, 2, 10))
        with freeze_time(datetime(2026, 4, 1, 9, 0)):
            wizard.action_verify()
        self.assertEqual((lot.asi_status, lot.asi_certificate_id), ("asi", self.cert))
        self.assertFalse(lot.asi_verification_note)
        corrections = self.lines_of(self.p1, "correction")
        self.assertEqual(
            sorted(corrections.mapped(lambda line: (line.asi_status, line.mass_kg))),
            [("asi", 1000), ("non_asi", -1000)],
        )
        self.assertEqual(set(corrections.mapped("date")), {date(2026, 4, 1)})
        balance = self.balance()
        self.assertEqual((balance["asi_in"], balance["non_asi_in"]), (1000, 0))
        self.assertFalse(picking.activity_ids)
        with self.assertRaisesRegex(UserError, "already accepted as ASI input"):
            self.verify(lot).action_verify()
        # nothing written: the 1,000 kg are not credited twice
        self.assertEqual(len(self.lines_of(self.p1, "correction")), 2)
        self.assertEqual(self.balance()["asi_in"], 1000)

    def test_verification_that_still_fails_changes_nothing(self):
        picking = self.failed_receipt()
        lot = self.lot_of(picking)
        wizard = self.verify(lot, certificate_number="ASI-Y")
        with self.assertRaisesRegex(
            UserError,
            "The CoC data still does not verify: certificate ASI-Y is not in the register",
        ):
            wizard.action_verify()
        self.assertEqual(picking.move_line_ids.asi_certificate_number, "ASI-X")
        self.assertEqual(lot.asi_status, "non_asi")
        self.assertFalse(self.lines_of(self.p1, "correction"))

    def test_verified_after_close_goes_into_the_next_period(self):
        picking = self.failed_receipt()
        self.p1.action_close(carry_forward=False)
        p2 = self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31)})
        wizard = self.verify(self.lot_of(picking), certificate_number="ASI-T-0001")
        with freeze_time(datetime(2026, 7, 15, 9, 0)):
            wizard.action_verify()
        self.assertEqual(self.balance(p2)["asi_in"], 1000)
        self.assertEqual(self.balance(p2)["non_asi_in"], -1000)
        self.assertEqual(self.balance()["non_asi_in"], 1000)  # the closed period is unchanged

    # Returns post reversing lines in the period of the return -----------------------------
    def test_customer_return_reverses_in_period_of_return(self):
        receipt = self.receive(self.ingot, 1000, "L-R1", **ASI)
        delivery = self.deliver(self.ingot, 600, self.lot_of(receipt))
        self.p1.action_close(carry_forward=False)
        p2 = self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31)})
        returned = self.return_of(delivery, 200, datetime(2026, 7, 20, 10, 0))
        line = self.ledger(returned)
        self.assertEqual(
            (line.period_id, line.direction, line.asi_status, line.mass_kg),
            (p2, "output", "asi", -200),
        )
        self.assertEqual(line.origin_line_id, self.ledger(delivery))
        self.assertEqual(self.balance()["asi_out"], 600)  # closed period unchanged

    def test_return_to_supplier_reverses_input(self):
        receipt = self.receive(self.ingot, 1000, "L-R2", **ASI)
        returned = self.return_of(receipt, 250, datetime(2026, 2, 20, 10, 0))
        line = self.ledger(returned)
        self.assertEqual((line.direction, line.asi_status, line.mass_kg), ("input", "asi", -250))
        self.assertEqual(self.balance()["asi_in"], 750)

    def test_done_move_of_asi_material_cannot_be_edited(self):
        picking = self.receive(self.ingot, 1000, "L-E1", **ASI)
        line = picking.move_line_ids
        with self.assertRaisesRegex(UserError, "cannot be changed, the ASI ledger recorded it"):
            line.quantity = 800
        self.assertEqual(line.quantity, 1000)
        self.assertEqual(self.ingot.qty_available, 1000)
        line.write({"quantity": 1000, "asi_document_ref": "NPS-1"})  # no change: allowed

    def test_lot_search_filters_and_groups_by_status(self):
        self.receive(self.ingot, 100, "L-G1", **ASI)
        self.receive(self.ingot, 100, "L-G2", asi_status="non_asi")
        Lot = self.env["stock.lot"]
        self.assertEqual(Lot.search([("asi_status", "=", "asi")]).mapped("name"), ["L-G1"])
        groups = dict(Lot._read_group([("name", "like", "L-G")], ["asi_status"], ["__count"]))
        self.assertEqual(groups, {"asi": 1, "non_asi": 1})

    def test_backorder_of_an_asi_line_stays_asi(self):
        receipt = self.receive(self.ingot, 1000, "L-BO", **ASI)
        lot = self.lot_of(receipt)
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
                            "name": "Ingot",
                            "product_id": self.ingot.id,
                            "product_uom_qty": 600,
                            "product_uom": self.kg.id,
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
        picking.move_ids.move_line_ids.write({"lot_id": lot.id, "quantity": 400})
        picking.move_ids.picked = True
        with freeze_time(datetime(2026, 3, 10, 10, 0)):
            picking.with_context(cancel_backorder=False)._action_done()
        backorder = picking.backorder_ids
        self.assertTrue(backorder)
        self.assertTrue(backorder.move_ids.asi_designated)
        self.assertEqual(self.balance()["asi_out"], 400)

    def test_asi_delivery_needs_the_company_certificate(self):
        receipt = self.receive(self.ingot, 1000, "L-OWN", **ASI)
        self.own_certificate.write({"state": "suspended", "date_invalid": date(2026, 3, 1)})
        with self.assertRaisesRegex(
            UserError,
            "has no valid ASI CoC certificate covering Aluminium on 2026-03-10: ASI material "
            "cannot be requested, designated or claimed",
        ):
            self.deliver(self.ingot, 100, self.lot_of(receipt))
        self.assertEqual(self.balance()["asi_out"], 0)
        # Shipped without the ASI claim, it goes.
        self.deliver(self.ingot, 100, self.lot_of(receipt), designated=False)
