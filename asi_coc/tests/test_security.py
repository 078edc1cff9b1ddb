from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestSecurity(AsiCocCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site = cls.env["asi.site"].create({"name": "North", "code": "N1"})
        cls.factor = cls.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": cls.alumina.id,
                "output_material_type_id": cls.aluminium.id,
                "factor": 0.529,
                "date_from": date(2026, 1, 1),
            }
        )

    def test_other_company_user_sees_nothing(self):
        for record in (self.cert, self.site, self.factor):
            Model = record.with_user(self.user_b).env[record._name]
            self.assertFalse(Model.search([("id", "=", record.id)]), record._name)
            with self.assertRaises(AccessError):
                record.with_user(self.user_b).read(["display_name"])

    def test_other_company_user_cannot_write(self):
        with self.assertRaises(AccessError):
            self.cert.with_user(self.user_b).write({"state": "withdrawn"})
        self.assertEqual(self.cert.state, "active")

    def test_auditor_reads_everything_writes_nothing(self):
        auditor_env = self.env(user=self.auditor)
        for record in (self.cert, self.site, self.factor, self.aluminium):
            self.assertTrue(record.with_env(auditor_env).read(["display_name"]))
        count = self.Certificate.search_count([])
        attempts = [
            lambda: self.cert.with_env(auditor_env).write({"state": "suspended"}),
            lambda: self.cert.with_env(auditor_env).action_verify(),
            lambda: auditor_env["asi.certificate"].create(
                {
                    "number": "X",
                    "holder_id": self.smelter.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                }
            ),
            lambda: self.site.with_env(auditor_env).write({"name": "Changed"}),
            lambda: self.factor.with_env(auditor_env).write({"factor": 1}),
            lambda: self.aluminium.with_env(auditor_env).write({"name": "Changed"}),
            lambda: self.cert.with_env(auditor_env).unlink(),
        ]
        for attempt in attempts:
            with self.assertRaises(AccessError):
                attempt()
        self.assertEqual(self.cert.state, "active")
        self.assertFalse(self.cert.last_verified)
        self.assertEqual(self.site.name, "North")
        self.assertEqual(self.factor.factor, 0.529)
        self.assertEqual(self.Certificate.search_count([]), count)

    def test_user_records_certificates_manager_configures(self):
        cert = self.env(user=self.user)["asi.certificate"].create(
            {
                "number": "ASI-U-1",
                "holder_id": self.smelter.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        cert.action_verify()
        self.assertEqual(cert.verified_by, self.user)
        with self.assertRaises(AccessError):
            self.site.with_user(self.user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            cert.unlink()
        self.site.with_user(self.manager).write({"name": "Changed"})
        self.assertEqual(self.site.name, "Changed")

    def test_groups(self):
        manager_group = self.env.ref("asi_coc.group_asi_coc_manager")
        self.assertIn(self.env.ref("asi_coc.group_asi_coc_user"), manager_group.implied_ids)
        self.assertNotIn(
            self.env.ref("asi_coc.group_asi_coc_user"),
            self.auditor.groups_id,
            "an auditor must not inherit write rights",
        )
