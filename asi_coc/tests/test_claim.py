from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestClaim(AsiCocCase):
    def claim(self, **values):
        vals = {
            "name": "ASI billets",
            "claim_type": "on_product",
            "text": "Made with ASI Aluminium",
            "date_from": date(2026, 1, 1),
        }
        vals.update(values)
        return self.env["asi.claim"].create(vals)

    def test_approval_needs_asi_reference_date_and_products(self):
        claim = self.claim()
        with self.assertRaisesRegex(
            UserError,
            "ASI billets cannot be approved without: ASI approval reference, ASI approval date, "
            "the products it is printed on.",
        ):
            claim.action_approve()
        self.assertEqual(claim.state, "draft")
        product = self.env["product.product"].create({"name": "Billet"})
        claim.write(
            {
                "approval_ref": "ASI-CL-2026-17",
                "approval_date": date(2026, 1, 5),
                "product_ids": product,
            }
        )
        claim.action_approve()
        self.assertEqual(claim.state, "approved")

    def test_withdrawn_claim_kept_five_years(self):
        claim = self.claim(
            claim_type="marketing", approval_ref="R1", approval_date=date(2026, 1, 2)
        )
        claim.action_approve()
        with freeze_time("2026-09-30"):
            claim.action_withdraw()
        self.assertEqual(claim.date_to, date(2026, 9, 30))
        with (
            freeze_time("2031-09-29"),
            self.assertRaisesRegex(UserError, "must be kept until 2031-09-30"),
        ):
            claim.unlink()
        self.assertTrue(claim.exists())
        with freeze_time("2031-10-01"):
            claim.unlink()

    def test_draft_never_used_can_be_deleted(self):
        self.claim().unlink()

    def test_bad_dates_and_mass(self):
        count = self.env["asi.claim"].search_count([])
        with self.assertRaisesRegex(ValidationError, "cannot end before it starts"):
            self.claim(date_to=date(2025, 12, 31))
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.claim(asi_mass_kg=-5)
        self.assertEqual(self.env["asi.claim"].search_count([]), count)
