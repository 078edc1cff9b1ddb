from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AsiStockCase

ASI = {
    "asi_status": "asi",
    "asi_certificate_number": "ASI-T-0001",
    "asi_document_ref": "NPS-1",
    "asi_declared_mass_kg": 1000,
}
SUSPENDED = (
    "certificate ASI-T-0001 is not valid for Aluminium on 2026-02-10: it is suspended since "
    "2026-01-01"
)


@tagged("post_install", "-at_install")
class TestReceiptScreens(AsiStockCase):
    """Issue 14, goods receipt: what the warehouse user sees before and after validating a
    receipt that the certificate register does not back (V2.1 10.1-10.3, V3 3.3 note)."""

    def _open_receipt(self, qty=1000, lot="L-W1", **asi):
        return self.open_receipt(self.ingot, qty, lot, **asi)

    # Point 2: the register's words -----------------------------------------------------------
    def test_suspended_certificate_says_suspended(self):
        self.cert.write({"state": "suspended", "date_invalid": date(2026, 1, 1)})
        picking = self.receive(self.ingot, 1000, "L-S1", **ASI)
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.asi_status, "non_asi")
        self.assertEqual(lot.asi_verification_note, SUSPENDED)
        # The activity: reason, supplier, lot, kg and the ways on.
        activity = picking.activity_ids
        self.assertEqual(activity.summary, "Verify the CoC data of Ingot P1020, lot L-S1")
        note = activity.note.striptags() if hasattr(activity.note, "striptags") else activity.note
        self.assertIn("Lot L-S1, 1000.0 kg of Ingot P1020 from Test Smelter", note)
        self.assertIn(SUSPENDED, note)
        self.assertIn("ask Test Smelter for corrected CoC data", note)
        self.assertIn("keep the lot non-ASI", note)
        self.assertIn("certificate is valid again in the register", note)
        # The "Receipts waiting for verification" list: supplier and kg of the lot.
        self.assertEqual(lot.asi_supplier_id, self.smelter)
        self.assertEqual(lot.asi_received_kg, 1000)

    def test_register_words_for_each_state(self):
        cases = [
            (
                {"state": "withdrawn", "date_invalid": date(2026, 1, 15)},
                "it was withdrawn on 2026-01-15",
            ),
            (
                {"state": "expired", "date_invalid": date(2026, 2, 1)},
                "it expired, invalid since 2026-02-01",
            ),
            ({"material_type_ids": [(6, 0, self.alumina.ids)]}, "Aluminium is not in its scope"),
            ({"date_start": date(2026, 3, 1)}, "it is valid only from 2026-03-01"),
        ]
        for i, (vals, why) in enumerate(cases):
            with self.subTest(why=why):
                self.cert.write(
                    dict(
                        {
                            "state": "active",
                            "date_invalid": False,
                            "date_start": date(2025, 1, 1),
                            "material_type_ids": [(6, 0, self.aluminium.ids)],
                        },
                        **vals,
                    )
                )
                picking = self.receive(
                    self.ingot, 100, f"L-R{i}", **dict(ASI, asi_declared_mass_kg=100)
                )
                self.assertEqual(
                    picking.move_line_ids.lot_id.asi_verification_note,
                    f"certificate ASI-T-0001 is not valid for Aluminium on 2026-02-10: {why}",
                )

    # Point 2: warned before validation, on the form and in a confirmation step -----------
    @freeze_time(datetime(2026, 2, 10, 10, 0))
    def test_warning_and_confirmation_before_validation(self):
        self.cert.write({"state": "suspended", "date_invalid": date(2026, 1, 1)})
        picking = self._open_receipt(**ASI)
        line = picking.move_line_ids
        self.assertEqual(line.asi_expected_status, "non_asi")
        self.assertEqual(line.asi_expected_reason, SUSPENDED)
        self.assertEqual(picking.move_ids.asi_receipt_status, "non_asi")
        self.assertEqual(
            picking.asi_receipt_warning,
            f"Ingot P1020, lot L-W1, 1000.0 kg: recorded non-ASI because {SUSPENDED}",
        )
        # The form's Validate button asks first; nothing is validated yet.
        action = picking.with_context(asi_receipt_check=True).button_validate()
        self.assertEqual(action["res_model"], "asi.receipt.confirm")
        self.assertEqual(picking.state, "assigned")
        self.assertFalse(self.Line.search([]))
        wizard = Form(self.env["asi.receipt.confirm"].with_context(**action["context"])).save()
        self.assertIn(SUSPENDED, wizard.warning)
        wizard.action_validate_non_asi()
        self.assertEqual(picking.state, "done")
        self.assertEqual(line.lot_id.asi_status, "non_asi")
        self.assertEqual(self.balance()["non_asi_in"], 1000)
        self.assertFalse(picking.asi_receipt_warning)  # recorded: no warning left

    @freeze_time(datetime(2026, 2, 10, 10, 0))
    def test_valid_receipt_validates_without_confirmation(self):
        picking = self._open_receipt(**ASI)
        self.assertEqual(picking.move_line_ids.asi_expected_status, "asi")
        self.assertEqual(picking.move_ids.asi_receipt_status, "asi")
        self.assertFalse(picking.asi_receipt_warning)
        picking.with_context(asi_receipt_check=True).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_line_ids.lot_id.asi_status, "asi")

    # Point 1: the CoC data in the per-line popup (Details) ---------------------------------
    @freeze_time(datetime(2026, 2, 10, 10, 0))
    def test_coc_data_in_detailed_operations_popup(self):
        picking = self._open_receipt(asi_status="asi")
        move = picking.move_ids
        form = Form(move, view="stock.view_stock_move_operations")
        with form.move_line_ids.edit(0) as line:
            self.assertEqual(line.asi_status, "asi")  # expected, already filled in
            line.asi_certificate_number = "ASI-T-0001"
            line.asi_document_ref = "NPS-7"
            line.asi_declared_mass_kg = 1000
            self.assertEqual(line.asi_expected_status, "asi")
        form.save()
        self.assertEqual(move.move_line_ids.asi_document_ref, "NPS-7")
        self.assertEqual(move.asi_receipt_status, "asi")

    # Point 3: the lot's origin record is read-only ---------------------------------------------
    def test_received_lot_certificate_and_document_read_only(self):
        picking = self.receive(self.ingot, 1000, "L-RO", **ASI)
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.asi_status, "asi")
        with self.assertRaisesRegex(UserError, "origin record of its ASI ledger line"):
            lot.write({"asi_document_ref": "OTHER"})
        with self.assertRaisesRegex(UserError, "origin record of its ASI ledger line"):
            lot.write({"asi_certificate_id": False})
        self.assertEqual(lot.asi_document_ref, "NPS-1")
        self.assertEqual(lot.asi_certificate_id, self.cert)
        form = Form(lot)
        with self.assertRaises(AssertionError):
            form.asi_document_ref = "OTHER"
        # The same value, or other fields of the lot, still save.
        lot.write({"asi_document_ref": "NPS-1", "ref": "shelf 4"})

    # Point 2: verification once the certificate is reinstated ---------------------------
    def test_verify_after_reinstatement(self):
        self.cert.write({"state": "suspended", "date_invalid": date(2026, 1, 1)})
        picking = self.receive(self.ingot, 1000, "L-V1", **ASI)
        lot = picking.move_line_ids.lot_id
        wizard = Form(self.env["asi.receipt.verify"].with_context(active_id=lot.id)).save()
        with self.assertRaisesRegex(UserError, "it is suspended since 2026-01-01") as error:
            wizard.action_verify()
        self.assertIn(
            "Ask Test Smelter for corrected CoC data, or keep lot L-V1 non-ASI",
            str(error.exception),
        )
        # Reinstated by the register: the delivery date is covered again (V2.1 10.1).
        self.cert.action_reactivate()
        with freeze_time(datetime(2026, 3, 1, 10, 0)):
            wizard.action_verify()
        self.assertEqual(lot.asi_status, "asi")
        self.assertEqual(lot.asi_certificate_id, self.cert)
        self.assertEqual(self.balance()["asi_in"], 1000)
