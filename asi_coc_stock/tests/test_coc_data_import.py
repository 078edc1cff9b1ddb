import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.asi_coc_stock import coc_data

from .common import AsiStockCase


@tagged("post_install", "-at_install")
class TestCocDataImport(AsiStockCase):
    def coc_file(self, **overrides):
        data = {
            "document_number": "SM/2026/0042",
            "issue_date": "2026-02-08",
            "transfer_date": "2026-02-09",
            "issuer_name": "Test Smelter",
            "issuer_address": "1 Potline Road, Reykjavik",
            "issuer_certificate": "ASI-T-0001",
            "receiver_name": self.company.name,
            "receiver_address": "Casthouse street 2",
            "receiver_certificate": None,
            "responsible_person": "A. Auditor",
            "ledger_ref": "WH/OUT/00042",
            "total_mass_kg": 1000.0,
            "statement": "The information provided in this CoC Document is in accordance with "
            "the ASI CoC Standard",
            "lines": [
                {
                    "line_number": 1,
                    "product_name": "P1020 ingot",
                    "lot": "SM-LOT-1",
                    "material_type": "aluminium",
                    "asi_status": "asi",
                    "asi_mass_kg": 600.0,
                },
                {
                    "line_number": 2,
                    "product_name": "P1020 ingot",
                    "lot": "SM-LOT-2",
                    "material_type": "aluminium",
                    "asi_status": "asi",
                    "asi_mass_kg": 400.0,
                },
            ],
        }
        data.update(overrides)
        return data

    def new_receipt(self, qty=1000):
        return self.draft_receipt(self.ingot, qty)

    def import_file(self, picking, content, filename="coc.json"):
        # Opened from the receipt (the action's default_picking_id); the upload widget names
        # the file: the form's filename field is hidden.
        form = Form(
            self.env["asi.coc.data.import"].with_context(
                default_picking_id=picking.id, default_filename=filename
            )
        )
        form.data_file = base64.b64encode(content)
        return form.save().action_import()

    def test_json_import_fills_lines_and_verifies_at_validation(self):
        picking = self.new_receipt()
        self.import_file(picking, coc_data.to_json(self.coc_file()).encode())
        lines = picking.move_line_ids.sorted("quantity")
        self.assertEqual(
            lines.mapped(
                lambda ml: (
                    ml.lot_name,
                    ml.quantity,
                    ml.asi_status,
                    ml.asi_certificate_number,
                    ml.asi_document_ref,
                    ml.asi_declared_mass_kg,
                    ml.asi_transfer_date,
                )
            ),
            [
                ("SM-LOT-2", 400, "asi", "ASI-T-0001", "SM/2026/0042", 400, date(2026, 2, 9)),
                ("SM-LOT-1", 600, "asi", "ASI-T-0001", "SM/2026/0042", 600, date(2026, 2, 9)),
            ],
        )
        self.assertEqual(picking.message_ids[0].attachment_ids.name, "coc.json")
        picking.move_ids.picked = True
        with freeze_time(datetime(2026, 2, 10, 10, 0)):
            picking.button_validate()
        self.assertEqual(set(picking.move_line_ids.lot_id.mapped("asi_status")), {"asi"})
        self.assertEqual(self.balance()["asi_in"], 1000)

    def test_csv_import_is_the_same(self):
        picking = self.new_receipt()
        self.import_file(picking, coc_data.to_csv(self.coc_file()).encode(), "coc.csv")
        self.assertEqual(sorted(picking.move_line_ids.mapped("lot_name")), ["SM-LOT-1", "SM-LOT-2"])
        self.assertEqual(sum(picking.move_line_ids.mapped("asi_declared_mass_kg")), 1000)

    def test_malformed_file_refused_nothing_written(self):
        picking = self.new_receipt()
        with self.assertRaisesRegex(UserError, "coc.json cannot be imported:\nnot valid JSON"):
            self.import_file(picking, b'{"format": ')
        with self.assertRaisesRegex(UserError, "missing columns: document_number"):
            self.import_file(picking, b"a,b\n1,2\n", "coc.csv")
        with self.assertRaisesRegex(UserError, "is not UTF-8 text"):
            self.import_file(picking, "lot;é".encode("latin-1"), "coc.csv")
        self.assertFalse(picking.move_line_ids.asi_document_ref)

    def test_file_of_another_company_refused(self):
        picking = self.new_receipt()
        content = coc_data.to_json(self.coc_file(receiver_name="Someone Else GmbH")).encode()
        with self.assertRaisesRegex(
            UserError, "this CoC data is addressed to Someone Else GmbH, not to"
        ):
            self.import_file(picking, content)
        self.assertFalse(picking.move_line_ids.asi_document_ref)

    def test_unknown_material_and_product_not_on_receipt(self):
        picking = self.new_receipt()
        data = self.coc_file()
        data["lines"][0]["material_type"] = "copper"
        data["lines"][1]["material_type"] = "alumina"
        with self.assertRaisesRegex(UserError, "line 1: unknown material type copper") as cm:
            self.import_file(picking, coc_data.to_json(data).encode())
        self.assertIn("line 2: P1020 ingot (Alumina) is not on receipt", str(cm.exception))
        self.assertFalse(picking.move_line_ids.asi_document_ref)

    def test_import_on_done_receipt_refused(self):
        picking = self.receive(self.ingot, 100, "L-DONE", asi_status="non_asi")
        with self.assertRaisesRegex(UserError, "imported on receipts that are not done yet"):
            self.import_file(picking, coc_data.to_json(self.coc_file()).encode())
        self.assertFalse(picking.move_line_ids.asi_document_ref)
        self.assertEqual(picking.move_line_ids.lot_id.name, "L-DONE")
