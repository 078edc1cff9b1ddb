from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.asi_coc_mrp.tests.common import AsiMrpCase
from odoo.addons.asi_coc_sale.tests.common import AsiSaleCase


@tagged("post_install", "-at_install")
class TestSaleCastBillets(AsiMrpCase, AsiSaleCase):
    """A casthouse sells the billets it casts on a sales order with ASI requested: the
    delivery is ASI from the balance whatever ingot they were cast from (mass balance, not
    segregation, V2.1 8.4-8.5) and the invoice carries the CoC data (V3 6.3)."""

    def test_billets_cast_from_non_asi_ingot_sold_and_invoiced_as_asi(self):
        # First in, first out: the cast takes the older, non-ASI ingot lot.
        self.stock_ingot_and_scrap()
        # 10 billets: 10 x 490 kg = 4,900 kg ingot, all from ING-NON.
        production = self.produce(10, "B-1")
        consumed = production.move_raw_ids.move_line_ids.filtered(
            lambda ml: ml.product_id == self.ingot
        )
        self.assertEqual(consumed.lot_id.mapped("name"), ["ING-NON"])
        self.billet.invoice_policy = "delivery"

        order = self.quote(4, product=self.billet)
        line = order.order_line
        # 4 billets x 500 kg x 99 % = 1,980 kg of aluminium asked as ASI.
        self.assertEqual(line.asi_requested_kg, 1980)
        self.confirm(order)
        picking = order.picking_ids
        self.assertTrue(picking.move_ids.asi_designated)
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, production.lot_producing_id)
        picking.move_ids.picked = True
        with freeze_time(datetime(2026, 3, 10, 10, 0)):
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertTrue(picking.asi_document_number)
        # ASI in 10,000 kg (ING-ASI; ING-NON and UBC are non-ASI), out 1,980 kg:
        # 10,000 - 1,980 = 8,020 kg left.
        ledger = self.ledger(picking)
        self.assertEqual(
            (ledger.asi_status, ledger.mass_kg, ledger.direction), ("asi", 1980, "output")
        )
        self.assertEqual(self.balance()["available"], 8020)

        invoice = self.invoice(order)
        self.assertEqual(invoice.state, "posted")
        inv_line = invoice.invoice_line_ids
        self.assertEqual(
            (
                inv_line.asi_designated,
                inv_line.asi_material_type_id,
                inv_line.asi_mass_kg,
                inv_line.asi_document_numbers,
            ),
            (True, self.aluminium, 1980.0, picking.asi_document_number),
        )
        self.assertTrue(invoice.asi_has_coc)
