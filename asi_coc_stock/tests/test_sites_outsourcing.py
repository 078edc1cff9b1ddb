from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AsiStockCase

ASI = {"asi_status": "asi", "asi_certificate_number": "ASI-T-0001", "asi_document_ref": "NPS-1"}


@tagged("post_install", "-at_install")
class TestSitesOutsourcing(AsiStockCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mill_site = cls.env["asi.site"].create({"name": "Rolling mill", "code": "RM"})
        cls.mill = cls.env["stock.warehouse"].create(
            {"name": "Rolling Mill", "code": "RMW", "asi_site_id": cls.mill_site.id}
        )
        cls.contractor = cls.env["res.partner"].create(
            {
                "name": "Cut & Saw Ltd",
                "is_company": True,
                "asi_role": "outsourcing_contractor",
                "asi_outsourcing_identifier": "OC-001",
            }
        )

    def transfer(self, lot, qty, source, dest, picking_type, partner=None):
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": partner.id if partner else False,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": lot.product_id.name,
                            "product_id": lot.product_id.id,
                            "product_uom_qty": qty,
                            "product_uom": lot.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        if picking.move_ids.move_line_ids:
            picking.move_ids.move_line_ids.write({"lot_id": lot.id, "quantity": qty})
        else:
            picking.move_ids.write(
                {
                    "move_line_ids": [
                        (0, 0, {"lot_id": lot.id, "quantity": qty, "product_id": lot.product_id.id})
                    ]
                }
            )
        picking.move_ids.picked = True
        with freeze_time(datetime(2026, 3, 1, 10, 0)):
            picking.button_validate()
        return picking

    def asi_lot(self, name, qty=1000):
        return self.receive(self.ingot, qty, name, **ASI).move_line_ids.lot_id

    # V2.1 1.7 g: intra-entity transfers between sites -------------------------------------
    def test_transfer_between_sites_posts_intra_entity_lines(self):
        lot = self.asi_lot("L-I1")
        picking = self.transfer(
            lot, 400, self.stock, self.mill.lot_stock_id, self.warehouse.int_type_id
        )
        lines = self.ledger(picking)
        self.assertEqual(
            sorted(lines.mapped(lambda x: (x.direction, x.site_id.code, x.asi_status, x.mass_kg))),
            [("input", "RM", "asi", 400), ("output", "CH", "asi", 400)],
        )
        self.assertEqual(set(lines.mapped("flow_type")), {"intra_entity"})
        balance = self.balance()
        # Intra-entity transfers stay inside the entity's scope (option 1 / V2.1).
        self.assertEqual((balance["intra_out"], balance["intra_in"]), (400, 400))
        self.assertEqual(balance["asi_in"], 1000)

    def test_transfer_inside_a_site_posts_nothing(self):
        lot = self.asi_lot("L-I2")
        shelf = self.env["stock.location"].create(
            {"name": "Shelf", "location_id": self.stock.id, "usage": "internal"}
        )
        picking = self.transfer(lot, 100, self.stock, shelf, self.warehouse.int_type_id)
        self.assertFalse(self.ledger(picking))

    # V2.1 2, V3 7: outsourcing contractors --------------------------------------------------
    def send_to_contractor(self, lot, qty):
        return self.transfer(
            lot,
            qty,
            self.stock,
            self.env.ref("stock.stock_location_customers"),
            self.warehouse.out_type_id,
            partner=self.contractor,
        )

    def back_from_contractor(self, lot, qty):
        return self.transfer(
            lot,
            qty,
            self.env.ref("stock.stock_location_suppliers"),
            self.stock,
            self.warehouse.in_type_id,
            partner=self.contractor,
        )

    def test_outsourcing_sent_and_returned(self):
        lot = self.asi_lot("L-O1")
        out = self.send_to_contractor(lot, 500)
        line = self.ledger(out)
        self.assertEqual(
            (line.flow_type, line.direction, line.asi_status, line.mass_kg),
            ("outsourcing", "output", "asi", 500),
        )
        self.back_from_contractor(lot, 495)
        balance = self.balance()
        self.assertEqual((balance["outsourcing_out"], balance["outsourcing_in"]), (500, 495))
        self.assertEqual(balance["asi_out"], 0)  # sending to a contractor is no designation
        self.assertEqual(lot.asi_status, "asi")

    def test_contractor_without_identifier_refused(self):
        lot = self.asi_lot("L-O2")
        self.contractor.asi_outsourcing_identifier = False
        with self.assertRaisesRegex(
            UserError, "Cut & Saw Ltd is an outsourcing contractor without"
        ):
            self.send_to_contractor(lot, 100)
        self.assertFalse(self.lines_of(self.p1, "outsourcing"))

    def test_contractor_that_changes_material_type_refused(self):
        lot = self.asi_lot("L-O3")
        self.send_to_contractor(lot, 500)
        scrap_lot = self.env["stock.lot"].create({"name": "L-O3-S", "product_id": self.scrap.id})
        with self.assertRaisesRegex(
            UserError,
            "Cut & Saw Ltd returns Eligible Post-Consumer Scrap but no Eligible Post-Consumer "
            "Scrap was sent to it",
        ):
            self.back_from_contractor(scrap_lot, 400)
        self.assertEqual(len(self.lines_of(self.p1, "outsourcing")), 1)

    @mute_logger("odoo.sql_db")
    def test_outsourcing_identifier_is_unique(self):
        with self.assertRaisesRegex(Exception, "asi_outsourcing_identifier_unique"):
            self.env["res.partner"].create(
                {
                    "name": "Other",
                    "asi_role": "outsourcing_contractor",
                    "asi_outsourcing_identifier": "OC-001",
                }
            )
