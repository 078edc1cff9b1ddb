from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestCompanyProfile(AsiCocCase):
    def test_defaults(self):
        company = self.env["res.company"].create({"name": "Fresh Rolling Mill"})
        self.assertEqual(company.asi_rule_set, "v2_1")
        self.assertEqual(company.asi_option2_min_share, 10.0)
        self.assertEqual(company.asi_scrap_cash_limit, 10000.0)
        self.assertEqual(company.asi_scrap_cash_currency_id, self.env.ref("base.USD"))
        self.assertEqual(
            company.asi_coc_statement,
            "The information provided in this CoC Document is in accordance with the "
            "ASI CoC Standard",
        )

    def test_settings_write_company_profile(self):
        own = self.make_certificate(number="ASI-OWN-1", holder_id=self.company.partner_id.id)
        settings = Form(self.env["res.config.settings"])
        settings.asi_rule_set = "v3_option2"
        settings.asi_certificate_id = own
        settings.asi_option2_min_share = 15
        settings.asi_responsible_user_ids.add(self.manager)
        settings.save().execute()
        self.assertEqual(self.company.asi_rule_set, "v3_option2")
        self.assertEqual(self.company.asi_certificate_id, own)
        self.assertEqual(self.company.asi_option2_min_share, 15)
        self.assertIn(self.manager, self.company.asi_responsible_user_ids)

    def test_own_certificate_of_another_company_refused(self):
        foreign = self.make_certificate(
            number="ASI-B-1", holder_id=self.company.partner_id.id, company_id=self.company_b.id
        )
        with self.assertRaisesRegex(
            UserError, "ASI-B-1 belongs to the register of Other Casthouse B.V."
        ):
            self.company.asi_certificate_id = foreign
        self.assertFalse(self.company.asi_certificate_id)

    def test_own_certificate_must_be_held_by_the_company(self):
        with self.assertRaisesRegex(ValidationError, "ASI-T-0001 is held by Test Smelter"):
            self.company.asi_certificate_id = self.cert
        self.assertFalse(self.company.asi_certificate_id)

    def test_own_certificate_must_be_coc(self):
        ps = self.make_certificate(
            number="ASI-PS-1", holder_id=self.company.partner_id.id, certificate_type="ps"
        )
        with self.assertRaisesRegex(ValidationError, "must be a Chain of Custody certificate"):
            self.company.asi_certificate_id = ps
        self.assertFalse(self.company.asi_certificate_id)

    def test_option2_share_and_cash_limit_ranges(self):
        with self.assertRaisesRegex(ValidationError, "between 0 and 100"):
            self.company.asi_option2_min_share = 120
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.asi_scrap_cash_limit = -1
        self.assertEqual(self.company.asi_option2_min_share, 10.0)
        self.assertEqual(self.company.asi_scrap_cash_limit, 10000.0)
