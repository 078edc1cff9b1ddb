import re
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiStockCase


@tagged("post_install", "-at_install")
class TestWholeTransaction(AsiStockCase):
    """V3 6.2: an ASI designation covers every aluminium line of the transaction ("不可仅适用
    于批次或订单的部分内容"); V2.1 8.5 designates line by line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pallet = cls.env["product.product"].create(
            {"name": "Wooden pallet", "type": "consu", "is_storable": False, "weight": 20}
        )
        cls.billet = cls.env["product.product"].create(
            {
                "name": "Billet 6063",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.kg.id,
                "uom_po_id": cls.kg.id,
                "asi_material_type_id": cls.aluminium.id,
            }
        )

    def stock_up(self):
        """1000 kg of ASI ingot and 200 kg of non-ASI scrap received on 2026-02-10."""
        self.asi_ingot = self.receive_asi(self.ingot, 1000, "L-ASI", "NPS-77").move_line_ids.lot_id
        self.plain_scrap = self.receive(self.scrap, 200, "L-SCRAP").move_line_ids.lot_id
        billets = self.receive_asi(self.billet, 500, "L-BILLET", "NPS-78")
        self.asi_billet = billets.move_line_ids.lot_id
        self.plain_ingot = self.receive(self.ingot, 300, "L-NON").move_line_ids.lot_id

    def use_v3(self, rule_set="v3_option1"):
        # V3 rules from the start of the period (no ledger line in p1 yet).
        self.p1.unlink()
        self.company.asi_rule_set = rule_set
        self.Period.create(
            {"date_from": date(2026, 1, 1), "date_to": date(2026, 6, 30), "rule_set": rule_set}
        )

    def delivery(self, lines):
        """``lines``: (product, qty, lot, designated); validated on 2026-03-10."""
        return self.open_delivery(lines)

    def validate(self, picking):
        self.validate_picking(picking, datetime(2026, 3, 10, 10, 0))

    def outputs(self, picking):
        return sorted(
            (line.material_type_id.code, line.asi_status, line.mass_kg)
            for line in self.ledger(picking)
        )

    def mixed(self):
        self.stock_up()
        # 100 kg of ingot designated ASI, 50 kg of scrap (90 % aluminium) not designated.
        return self.delivery(
            [(self.ingot, 100, self.asi_ingot, True), (self.scrap, 50, self.plain_scrap, False)]
        )

    def test_v21_designates_line_by_line(self):
        picking = self.mixed()
        self.validate(picking)
        self.assertEqual(picking.state, "done")
        # V2.1 8.5: 100 kg ASI ingot out; 50 kg x 90 % = 45 kg of non-ASI scrap out.
        self.assertEqual(
            self.outputs(picking),
            [("aluminium", "asi", 100.0), ("scrap_post_consumer", "non_asi", 45.0)],
        )

    def test_v21_keeps_two_lines_of_one_product_apart(self):
        self.stock_up()
        # 100 kg of ingot shipped as ASI and 50 kg of the same ingot not: two lines, not one
        # merged line that would carry a single designation.
        picking = self.delivery(
            [(self.ingot, 100, self.asi_ingot, True), (self.ingot, 50, self.plain_ingot, False)]
        )
        self.assertEqual(len(picking.move_ids), 2)
        self.validate(picking)
        self.assertEqual(
            self.outputs(picking), [("aluminium", "asi", 100.0), ("aluminium", "non_asi", 50.0)]
        )

    def test_v3_refuses_one_product_partly_designated(self):
        self.stock_up()
        self.company.asi_rule_set = "v3_option1"
        picking = self.delivery(
            [(self.ingot, 100, self.asi_ingot, True), (self.ingot, 50, self.plain_ingot, False)]
        )
        with self.assertRaisesRegex(
            UserError, re.escape("(designated: Ingot P1020; not designated: Ingot P1020)")
        ):
            self.validate(picking)
        self.assertFalse(self.ledger(picking))

    def test_v3_refuses_a_partly_designated_delivery(self):
        picking = self.mixed()
        for rule_set in ("v3_option1", "v3_option2", "v3_option3"):
            with self.subTest(rule_set=rule_set):
                self.company.asi_rule_set = rule_set
                message = (
                    f"{picking.name} designates only part of its aluminium as ASI (designated: "
                    "Ingot P1020; not designated: UBC scrap). Under the V3 rules a transaction "
                    "is ASI as a whole (V3 6.2): designate every aluminium line of the delivery "
                    "as ASI, or none."
                )
                with self.assertRaisesRegex(UserError, re.escape(message)):
                    self.validate(picking)
                # Nothing written: the delivery is still open and the ledger untouched.
                self.assertEqual(picking.state, "assigned")
                self.assertFalse(self.ledger(picking))
                self.assertFalse(picking.asi_document_number)

    def test_v3_accepts_a_delivery_designated_whole(self):
        self.use_v3()
        self.stock_up()
        # Two aluminium lines, both ASI (100 + 250 = 350 kg); the pallet is not aluminium
        # and needs no designation.
        picking = self.delivery(
            [
                (self.ingot, 100, self.asi_ingot, True),
                (self.billet, 250, self.asi_billet, True),
                (self.pallet, 2, None, False),
            ]
        )
        self.validate(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(
            self.outputs(picking), [("aluminium", "asi", 100.0), ("aluminium", "asi", 250.0)]
        )

    def test_v3_accepts_a_delivery_with_no_asi_line(self):
        self.use_v3()
        self.stock_up()
        picking = self.delivery(
            [(self.ingot, 100, self.asi_ingot, False), (self.scrap, 50, self.plain_scrap, False)]
        )
        self.validate(picking)
        self.assertEqual(
            self.outputs(picking),
            [("aluminium", "non_asi", 100.0), ("scrap_post_consumer", "non_asi", 45.0)],
        )
