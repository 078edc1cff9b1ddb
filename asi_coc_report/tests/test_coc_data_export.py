import base64
import csv
import io
import zipfile
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.asi_coc_stock import coc_data
from odoo.addons.asi_coc_stock.tests.common import AsiStockCase

STATEMENT = (
    "The information provided in this CoC Document is in accordance with the ASI CoC Standard"
)


@tagged("post_install", "-at_install")
class TestCocDataExport(AsiStockCase):
    """The CoC data of several deliveries: a zip of one file per shipment that the receiving
    company's goods receipt imports one by one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.write({"street": "1 Smelter Road", "city": "Qingdao"})
        cls.customer.write({"street": "8 Coil Avenue", "city": "Wuxi"})
        cls.company.asi_certificate_id = cls.Certificate.create(
            {
                "number": "ASI-OWN-0007",
                "holder_id": cls.company.partner_id.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2027, 12, 31),
                "material_type_ids": [(6, 0, cls.aluminium.ids)],
            }
        )

    def setUp(self):
        super().setUp()
        receipt = self.receive(
            self.ingot,
            1000,
            "L-ASI-1",
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
            asi_document_ref="NPS-77",
        )
        self.lot = receipt.move_line_ids.lot_id
        self.first = self.deliver(self.ingot, 300, self.lot)
        self.second = self.deliver(self.ingot, 200, self.lot, when=datetime(2026, 3, 11, 10, 0))
        self.plain = self.deliver(self.ingot, 100, self.lot, designated=False)
        self.receipt = receipt

    def wizard(self, pickings, file_format="json"):
        return (
            self.env["asi.coc.data.export.wizard"]
            .with_context(active_model="stock.picking", active_ids=pickings.ids)
            .create({"file_format": file_format})
        )

    def files(self, wizard):
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(wizard.filename.endswith(".zip"))
        with zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.data))) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def test_zip_of_json_files_named_after_the_document_number(self):
        pickings = self.first | self.second
        files = self.files(self.wizard(pickings))
        expected = {p.asi_document_number.replace("/", "-") + ".json": p for p in pickings}
        self.assertEqual(set(files), set(expected))
        for name, picking in expected.items():
            # The same file as the delivery's own download, readable by the import.
            self.assertEqual(files[name], picking._asi_coc_file("json")[1])
            data = coc_data.parse(files[name], name)
            self.assertEqual(data["document_number"], picking.asi_document_number)
            self.assertEqual(data["issuer_certificate"], "ASI-OWN-0007")
            self.assertEqual(
                [line["asi_mass_kg"] for line in data["lines"]],
                [sum(picking.move_ids.mapped("quantity"))],
            )

    def test_export_carries_the_coc_documents_as_issued(self):
        pickings = self.first | self.second
        issued = self.files(self.wizard(pickings))
        issued_csv = self.files(self.wizard(pickings, "csv"))
        # Master data changes after the deliveries were validated (V2.1 1.6, 9.2).
        self.company.name = "Renamed Smelter Co"
        self.customer.write({"name": "Coil Group Holding", "street": "1 Other Street"})
        self.company.asi_certificate_id.write({"number": "ASI-OWN-0099"})
        self.company.asi_coc_statement = "A statement typed after the shipment"
        self.ingot.name = "Ingot renamed"
        self.env.invalidate_all()
        files = self.files(self.wizard(pickings))
        self.assertEqual(files, issued)
        self.assertEqual(self.files(self.wizard(pickings, "csv")), issued_csv)
        for name, content in files.items():
            data = coc_data.parse(content, name)
            self.assertEqual(
                (data["receiver_name"], data["issuer_certificate"], data["statement"]),
                ("Rolling Mill", "ASI-OWN-0007", STATEMENT),
            )
            self.assertEqual(data["lines"][0]["product_name"], "Ingot P1020")
        # 300 kg on 2026-03-10 and 200 kg on 2026-03-11, as issued.
        masses = sorted(
            coc_data.parse(content, name)["lines"][0]["asi_mass_kg"]
            for name, content in files.items()
        )
        self.assertEqual(masses, [200.0, 300.0])
        # A revision of the first delivery is exported under its own name, the revised data.
        self.first._asi_coc_revise("Customer renamed")
        files = self.files(self.wizard(pickings))
        revised = self.first.asi_document_number.replace("/", "-") + "-R1.json"
        self.assertIn(revised, files)
        self.assertEqual(coc_data.parse(files[revised])["receiver_name"], "Coil Group Holding")

    def test_zip_of_csv_files(self):
        files = self.files(self.wizard(self.first | self.second, "csv"))
        self.assertEqual(len(files), 2)
        for name, content in files.items():
            self.assertTrue(name.endswith(".csv"))
            header = next(csv.reader(io.StringIO(content.decode())))
            self.assertEqual(header, coc_data.CSV_COLUMNS)
            self.assertEqual(coc_data.parse(content, name)["lines"][0]["lot"], "L-ASI-1")

    def test_refuses_what_is_not_a_validated_asi_delivery(self):
        draft = self.first.copy()
        with self.assertRaisesRegex(UserError, "Only validated deliveries of ASI material") as cm:
            self.wizard(self.first | self.plain | self.receipt | draft)
        for picking in (self.plain, self.receipt, draft):
            self.assertIn(picking.display_name, str(cm.exception))
        self.assertNotIn(self.first.display_name + ",", str(cm.exception))

    def test_binding_on_deliveries(self):
        action = self.env.ref("asi_coc_report.asi_coc_data_export_wizard_action")
        self.assertEqual(action.binding_model_id.model, "stock.picking")
