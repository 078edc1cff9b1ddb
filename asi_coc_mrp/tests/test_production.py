from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged

from .common import AsiMrpCase


@tagged("post_install", "-at_install")
class TestProduction(AsiMrpCase):
    """Production stays inside the certification scope; the MO shows the balance of its
    finished product's material."""

    def test_production_posts_nothing_and_mo_shows_the_balance(self):
        self.receive_asi(self.ingot, 10000, "ING-A", "NPS-3")
        self.receive(self.scrap, 1000, "UBC-3", asi_status="non_asi")
        self.post(1500, direction="output")  # an earlier ASI shipment
        lines_before = self.Line.search_count([])
        production = self.produce(4, "P-1")
        self.assertEqual(self.Line.search_count([]), lines_before)
        # ASI in 10,000 kg - 1,500 kg shipped = 8,500 kg available for billets.
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            production.invalidate_recordset(["asi_available_kg", "asi_period_id"])
            self.assertEqual(production.asi_period_id, self.p1)
            self.assertEqual(production.asi_available_kg, 8500)
            other = self.env["mrp.production"].create(
                {"product_id": self.billet.id, "bom_id": self.bom.id, "product_qty": 1}
            )
            self.assertEqual(other.asi_available_kg, 8500)

    def test_non_asi_product_never_looks_at_the_ledger(self):
        # No period covers 2027: an MO of an ASI product shows no balance; one of a product
        # without ASI material is not touched at all.
        chair = self.env["product.product"].create({"name": "Mould spacer", "is_storable": True})
        with freeze_time(date(2027, 2, 1)):
            form = Form(self.env["mrp.production"])
            form.product_id = chair
            form.product_qty = 2
            production = form.save()
            production.action_confirm()
            self.assertFalse(production.asi_period_id)
            self.assertEqual(production.asi_available_kg, 0)
            billet_mo = self.env["mrp.production"].create(
                {"product_id": self.billet.id, "bom_id": self.bom.id, "product_qty": 1}
            )
            self.assertFalse(billet_mo.asi_period_id)

    def test_mrp_user_without_asi_group_works_as_before(self):
        # A shop-floor user without an ASI CoC group neither sees nor needs the balance.
        operator = new_test_user(
            self.env,
            "mrp_operator",
            groups="base.group_user,mrp.group_mrp_user,stock.group_stock_user",
        )
        with freeze_time(datetime(2026, 3, 2, 9, 0)):
            form = Form(self.env["mrp.production"].with_user(operator))
            form.product_id = self.billet
            form.bom_id = self.bom
            form.product_qty = 1
            production = form.save()
        self.assertEqual(production.product_id, self.billet)
        fields = self.env["mrp.production"].with_user(operator).fields_get()
        self.assertNotIn("asi_available_kg", fields)
        self.assertIn(
            "asi_available_kg", self.env["mrp.production"].with_user(self.user).fields_get()
        )
