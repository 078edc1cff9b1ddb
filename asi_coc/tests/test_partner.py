from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestPartner(AsiCocCase):
    def test_contacts_share_role_and_certificates(self):
        contact = self.env["res.partner"].create({"name": "Ingrid", "parent_id": self.smelter.id})
        self.assertEqual(contact.asi_role, "coc_entity")
        self.assertEqual(contact.asi_certificate_ids, self.cert)
        self.assertEqual(contact.asi_certificate_count, 1)
        # a change on the company reaches its contacts (commercial field)
        self.smelter.asi_role = "trader"
        self.assertEqual(contact.asi_role, "trader")

    def test_current_certificate_is_the_valid_coc_one(self):
        older = self.make_certificate(date_start=date(2021, 1, 1), date_end=date(2024, 12, 31))
        self.make_certificate(certificate_type="ps")
        with freeze_time("2026-03-01"):
            self.smelter.invalidate_recordset(["asi_certificate_id"])
            self.assertEqual(self.smelter.asi_certificate_id, self.cert)
            self.assertIn(older, self.smelter.asi_certificate_ids)
            self.cert.action_suspend()
            self.smelter.invalidate_recordset(["asi_certificate_id"])
            self.assertFalse(self.smelter.asi_certificate_id)

    def test_smart_button_opens_the_commercial_entity_certificates(self):
        contact = self.env["res.partner"].create({"name": "Ingrid", "parent_id": self.smelter.id})
        action = contact.action_view_asi_certificates()
        self.assertEqual(action["res_model"], "asi.certificate")
        self.assertEqual(action["domain"], [("holder_id", "=", self.smelter.id)])
        self.assertEqual(action["context"]["default_holder_id"], self.smelter.id)
