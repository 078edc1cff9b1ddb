"""Corrupt or garbled CoC data files (the format of asi_coc_stock/coc_data.py) imported on a
receipt: each is refused whole, with a message naming the problem, and the receipt is left as
it was (no line filled, no line added, no message or attachment posted)."""

import json

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.asi_coc_stock import coc_data

from . import test_coc_data_import
from .common import AsiStockCase


@tagged("post_install", "-at_install")
class TestBadInputCocData(AsiStockCase):
    # the file and receipt of the import tests, without inheriting (and rerunning) them
    coc_file = test_coc_data_import.TestCocDataImport.coc_file
    new_receipt = test_coc_data_import.TestCocDataImport.new_receipt
    import_file = test_coc_data_import.TestCocDataImport.import_file

    def assert_refused(self, content, message, filename="coc.json"):
        picking = self.new_receipt()
        lines, messages = len(picking.move_line_ids), len(picking.message_ids)
        with self.assertRaisesRegex(UserError, message):
            self.import_file(picking, content, filename)
        picking.invalidate_recordset()
        self.assertEqual(len(picking.move_line_ids), lines)
        self.assertFalse(picking.move_line_ids.filtered("asi_document_ref"))
        self.assertFalse(any(picking.move_line_ids.mapped("asi_declared_mass_kg")))
        self.assertEqual(len(picking.message_ids), messages)
        self.assertEqual(picking.state, "assigned")
        return picking

    def json_with(self, **changes):
        document = json.loads(coc_data.to_json(self.coc_file()))
        document.update(changes)
        return json.dumps(document).encode()

    def test_negative_kg_refused(self):
        data = self.coc_file()
        data["lines"][1]["asi_mass_kg"] = -400.0
        self.assert_refused(
            coc_data.to_json(data).encode(),
            "coc.json cannot be imported:\nline 2: asi_mass_kg is negative",
        )

    def test_mass_that_is_not_a_number_refused(self):
        data = self.coc_file()
        data["lines"][0]["asi_mass_kg"] = "600 kg"
        self.assert_refused(
            coc_data.to_csv(data).encode(),
            "line 1: asi_mass_kg is not a number: 600 kg",
            "coc.csv",
        )

    def test_unknown_asi_status_refused(self):
        data = self.coc_file()
        data["lines"][0]["asi_status"] = "certified"
        self.assert_refused(coc_data.to_json(data).encode(), "line 1: unknown asi_status certified")

    def test_wrong_format_tag_refused(self):
        self.assert_refused(
            self.json_with(format="coc-export"), 'not ASI CoC data: "format" must be "asi-coc-data"'
        )

    def test_unsupported_version_refused(self):
        self.assert_refused(self.json_with(version=2), r"unsupported version 2 \(expected 1\)")

    def test_csv_with_unknown_columns_refused(self):
        content = coc_data.to_csv(self.coc_file()).replace("asi_status", "status", 1).encode()
        self.assert_refused(content, "unknown columns: status", "coc.csv")

    def test_csv_rows_with_different_documents_refused(self):
        content = coc_data.to_csv(self.coc_file())
        head, first, second = content.splitlines()[:3]
        second = second.replace("SM/2026/0042", "SM/2026/0043")
        self.assert_refused(
            f"{head}\n{first}\n{second}".encode(),
            "row 3: document_number differs from the first row",
            "coc.csv",
        )

    def test_missing_document_number_refused(self):
        self.assert_refused(self.json_with(document_number="  "), "document_number is missing")
