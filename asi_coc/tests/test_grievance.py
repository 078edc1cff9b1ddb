from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiCocCase

RAW_EMAIL = """Return-Path: <worried@example.org>
From: Concerned Neighbour <worried@example.org>
To: asi-grievance@example.com
Subject: Child labour at a scrap yard
Message-ID: <grievance-1@example.org>
Date: Mon, 23 Nov 2026 10:00:00 +0000
Content-Type: text/plain; charset=utf-8

The yard that sells you cans employs children at night.
"""


@tagged("post_install", "-at_install")
class TestGrievance(AsiCocCase):
    def test_grievance_lifecycle(self):
        grievance = self.env["asi.grievance"].create(
            {"concern": "Bribes asked at the weighbridge", "supplier_id": self.smelter.id}
        )
        self.assertRegex(grievance.name, r"^GRV/\d{4}/\d{4}$")
        self.assertEqual(self.smelter.asi_grievance_count, 1)
        grievance.action_start_review()
        with self.assertRaisesRegex(UserError, "write the response to the complainant"):
            grievance.action_respond()
        self.assertEqual(grievance.state, "in_progress")
        grievance.response = "Audited the weighbridge; the employee was dismissed."
        grievance.action_respond()
        grievance.action_close()
        self.assertEqual(grievance.state, "closed")

    def test_close_only_after_response(self):
        grievance = self.env["asi.grievance"].create({"concern": "Smoke"})
        with self.assertRaisesRegex(UserError, "only a grievance that was responded to"):
            grievance.action_close()
        self.assertEqual(grievance.state, "new")

    def test_email_to_the_alias_opens_a_grievance(self):
        alias = self.env.ref("asi_coc.mail_alias_asi_grievance")
        self.assertEqual(alias.alias_model_id.model, "asi.grievance")
        thread_id = self.env["mail.thread"].message_process("asi.grievance", RAW_EMAIL)
        grievance = self.env["asi.grievance"].browse(thread_id)
        self.assertIn("Child labour at a scrap yard", grievance.concern)
        self.assertIn("employs children at night", grievance.concern)
        self.assertEqual(grievance.complainant_email, '"Concerned Neighbour" <worried@example.org>')
        self.assertEqual(grievance.state, "new")
        self.assertIn("employs children", grievance.message_ids[-1].body)

    def test_records_are_kept_five_years(self):
        grievance = self.env["asi.grievance"].create({"concern": "Noise"})
        with self.assertRaisesRegex(UserError, "5 years|five years"):
            grievance.unlink()
        self.assertTrue(grievance.exists())
