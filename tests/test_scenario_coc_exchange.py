"""Cross-module scenario: two companies running the suite pass CoC data without retyping.

A casthouse receives ASI ingot from a certified smelter, ships part of it to a rolling mill as
ASI material, and downloads the delivery's CoC data file. The rolling mill (another company
in the same database, with its own certificate register and material accounting period)
imports that file on its goods receipt: the lot is ASI on arrival, with the casthouse's
certificate, document number and masses exactly as they left the casthouse (V3 6.3,
V2.1 9.2 and 10).
"""

import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCocDataExchange(TransactionCase):
    # Outside an add-on Odoo's MetaCase sets no tags: the scenario belongs to the stock module.
    test_tags = {"standard", "post_install"}
    test_module = "asi_coc_stock"
    test_sequence = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.aluminium = env.ref("asi_coc.material_aluminium")
        cls.kg = env.ref("uom.product_uom_kgm")
        cls.casthouse = env.company
        cls.casthouse.write({"name": "Casthouse Nord", "asi_rule_set": "v2_1"})
        cls.mill = env["res.company"].create({"name": "Rolling Mill Süd", "asi_rule_set": "v2_1"})
        # Issuer and receiver addresses are CoC data points (V2.1 9.2 c, d).
        cls.casthouse.partner_id.write({"street": "Hafenstraße 1", "city": "Hamburg"})
        cls.mill.partner_id.write({"street": "Walzwerkweg 5", "city": "Singen"})
        cls.user = new_test_user(
            env,
            "coc_both",
            groups="stock.group_stock_manager,stock.group_production_lot,"
            "asi_coc.group_asi_coc_manager",
            company_ids=[(6, 0, (cls.casthouse | cls.mill).ids)],
            company_id=cls.casthouse.id,
        )
        cls.smelter = env["res.partner"].create(
            {"name": "Polar Smelter", "is_company": True, "asi_role": "coc_entity"}
        )
        Certificate = env["asi.certificate"]
        certificate = {
            "date_start": date(2025, 1, 1),
            "date_end": date(2027, 12, 31),
            "material_type_ids": [(6, 0, cls.aluminium.ids)],
        }
        # Each company keeps its own register (V2.1 10.3).
        Certificate.create(dict(certificate, number="ASI-SM-1", holder_id=cls.smelter.id))
        cls.casthouse_cert = Certificate.create(
            dict(certificate, number="ASI-CH-7", holder_id=cls.casthouse.partner_id.id)
        )
        cls.casthouse.asi_certificate_id = cls.casthouse_cert
        Certificate.with_company(cls.mill).create(
            dict(
                certificate,
                number="ASI-CH-7",
                holder_id=cls.casthouse.partner_id.id,
                company_id=cls.mill.id,
            )
        )
        Period = env["asi.accounting.period"]
        Period.create({"date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)})
        Period.with_company(cls.mill).create(
            {
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
                "company_id": cls.mill.id,
            }
        )
        cls.ingot = env["product.product"].create(
            {
                "name": "Ingot P1020",
                "default_code": "P1020",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.kg.id,
                "uom_po_id": cls.kg.id,
                "asi_material_type_id": cls.aluminium.id,
            }
        )

    def picking(self, company, partner, code, qty, **move):
        env = self.env(
            user=self.user, context=dict(self.env.context, allowed_company_ids=[company.id])
        )
        warehouse = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        picking_type = warehouse.in_type_id if code == "incoming" else warehouse.out_type_id
        outside = env.ref(
            "stock.stock_location_suppliers"
            if code == "incoming"
            else "stock.stock_location_customers"
        )
        source, dest = (outside, warehouse.lot_stock_id)
        if code == "outgoing":
            source, dest = dest, source
        picking = env["stock.picking"].create(
            {
                "partner_id": partner.id,
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    (
                        0,
                        0,
                        dict(
                            {
                                "name": self.ingot.name,
                                "product_id": self.ingot.id,
                                "product_uom_qty": qty,
                                "product_uom": self.kg.id,
                                "location_id": source.id,
                                "location_dest_id": dest.id,
                            },
                            **move,
                        ),
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def validate(self, picking, when):
        picking.move_ids.picked = True
        with freeze_time(when):
            picking.button_validate()

    def test_delivery_file_imported_by_the_customer_company(self):
        # 1. The casthouse receives 5 t of ASI ingot from the certified smelter.
        receipt = self.picking(self.casthouse, self.smelter, "incoming", 5000)
        receipt.move_line_ids.write(
            {
                "lot_name": "PS-2026-11",
                "quantity": 5000,
                "asi_status": "asi",
                "asi_certificate_number": "ASI-SM-1",
                "asi_document_ref": "PS-COC-881",
                "asi_declared_mass_kg": 5000,
            }
        )
        self.validate(receipt, datetime(2026, 3, 2, 9, 0))
        lot = receipt.move_line_ids.lot_id
        self.assertEqual(lot.asi_status, "asi")

        # 2. It ships 3 t to the rolling mill as ASI material and downloads the CoC data.
        delivery = self.picking(
            self.casthouse, self.mill.partner_id, "outgoing", 3000, asi_designated=True
        )
        delivery.action_assign()
        delivery.move_line_ids.write({"lot_id": lot.id, "quantity": 3000})
        self.validate(delivery, datetime(2026, 3, 5, 14, 0))
        download = delivery.action_asi_coc_download_json()
        attachment_id = int(download["url"].split("/web/content/")[1].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        self.assertEqual(attachment.name, f"{delivery.asi_document_number}.json")
        content = base64.b64decode(attachment.datas)

        # 3. The rolling mill imports the file on its receipt: nothing is retyped.
        mill_receipt = self.picking(self.mill, self.casthouse.partner_id, "incoming", 3000)
        mill_receipt.env["asi.coc.data.import"].create(
            {
                "picking_id": mill_receipt.id,
                "data_file": base64.b64encode(content),
                "filename": attachment.name,
            }
        ).action_import()
        line = mill_receipt.move_line_ids
        self.assertEqual(
            (
                line.lot_name,
                line.asi_status,
                line.asi_certificate_number,
                line.asi_document_ref,
                line.asi_declared_mass_kg,
                line.asi_transfer_date,
            ),
            ("PS-2026-11", "asi", "ASI-CH-7", delivery.asi_document_number, 3000, date(2026, 3, 5)),
        )
        self.validate(mill_receipt, datetime(2026, 3, 7, 8, 0))

        # 4. At the mill the lot is ASI input, in the mill's own period and register.
        # Odoo shares a lot of a company-less product between companies: the lot's ASI data
        # is per company, each as verified at its own receipt.
        mill_lot = mill_receipt.move_line_ids.lot_id.with_company(self.mill)
        self.assertEqual(mill_lot.asi_status, "asi")
        self.assertEqual(mill_lot.asi_certificate_id.company_id, self.mill)
        self.assertEqual(mill_lot.asi_certificate_id.number, "ASI-CH-7")
        casthouse_lot = lot.with_company(self.casthouse)
        self.assertEqual(casthouse_lot.asi_certificate_id.number, "ASI-SM-1")
        ledger = self.env["asi.ledger.line"].search(
            [("res_model", "=", "stock.move"), ("res_id", "=", mill_receipt.move_ids.id)]
        )
        self.assertEqual(
            (ledger.company_id, ledger.asi_status, ledger.mass_kg, ledger.document_ref),
            (self.mill, "asi", 3000, delivery.asi_document_number),
        )
        mill_period = ledger.period_id
        self.assertEqual(mill_period.get_balance(self.aluminium)["asi_in"], 3000)
        casthouse_period = (
            self.env["asi.ledger.line"]
            .search([("res_model", "=", "stock.move"), ("res_id", "=", delivery.move_ids.id)])
            .period_id
        )
        balance = casthouse_period.get_balance(self.aluminium)
        self.assertEqual((balance["asi_in"], balance["asi_out"]), (5000, 3000))

    def test_lot_status_is_per_company(self):
        receipt = self.picking(self.casthouse, self.smelter, "incoming", 2000)
        receipt.move_line_ids.write(
            {
                "lot_name": "PS-2026-13",
                "quantity": 2000,
                "asi_status": "asi",
                "asi_certificate_number": "ASI-SM-1",
                "asi_document_ref": "PS-COC-883",
                "asi_declared_mass_kg": 2000,
            }
        )
        self.validate(receipt, datetime(2026, 3, 2, 9, 0))
        lot = receipt.move_line_ids.lot_id
        # Shipped without an ASI claim: the mill records the same lot non-ASI ...
        delivery = self.picking(self.casthouse, self.mill.partner_id, "outgoing", 500)
        delivery.action_assign()
        delivery.move_line_ids.write({"lot_id": lot.id, "quantity": 500})
        self.validate(delivery, datetime(2026, 3, 5, 14, 0))
        mill_receipt = self.picking(self.mill, self.casthouse.partner_id, "incoming", 500)
        mill_receipt.move_line_ids.write({"lot_name": "PS-2026-13", "quantity": 500})
        self.validate(mill_receipt, datetime(2026, 3, 7, 8, 0))
        self.assertEqual(mill_receipt.move_line_ids.lot_id, lot)
        self.assertEqual(lot.with_company(self.mill).asi_status, "non_asi")
        # ... while the casthouse's stock of it stays ASI and can still ship as ASI.
        self.assertEqual(lot.with_company(self.casthouse).asi_status, "asi")
        second = self.picking(
            self.casthouse, self.mill.partner_id, "outgoing", 500, asi_designated=True
        )
        second.action_assign()
        second.move_line_ids.write({"lot_id": lot.id, "quantity": 500})
        self.validate(second, datetime(2026, 3, 9, 14, 0))
        self.assertTrue(second.asi_document_number)

    def test_file_for_another_company_is_refused(self):
        receipt = self.picking(self.casthouse, self.smelter, "incoming", 1000)
        receipt.move_line_ids.write(
            {
                "lot_name": "PS-2026-12",
                "quantity": 1000,
                "asi_status": "asi",
                "asi_certificate_number": "ASI-SM-1",
                "asi_document_ref": "PS-COC-882",
                "asi_declared_mass_kg": 1000,
            }
        )
        self.validate(receipt, datetime(2026, 3, 2, 9, 0))
        delivery = self.picking(
            self.casthouse, self.mill.partner_id, "outgoing", 1000, asi_designated=True
        )
        delivery.action_assign()
        delivery.move_line_ids.write({"lot_id": receipt.move_line_ids.lot_id.id, "quantity": 1000})
        self.validate(delivery, datetime(2026, 3, 5, 14, 0))
        download = delivery.action_asi_coc_download_csv()
        attachment_id = int(download["url"].split("/web/content/")[1].split("?")[0])
        content = base64.b64decode(self.env["ir.attachment"].browse(attachment_id).datas)
        # The casthouse itself cannot book the mill's file on one of its own receipts.
        own_receipt = self.picking(self.casthouse, self.smelter, "incoming", 1000)
        wizard = self.env["asi.coc.data.import"].create(
            {"picking_id": own_receipt.id, "data_file": base64.b64encode(content)}
        )
        with self.assertRaisesRegex(
            Exception, "this CoC data is addressed to Rolling Mill Süd, not to Casthouse Nord"
        ):
            wizard.action_import()
        self.assertFalse(own_receipt.move_line_ids.asi_document_ref)
