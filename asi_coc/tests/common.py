from contextlib import contextmanager
from datetime import date

from odoo.tests import TransactionCase, new_test_user


def new_company_user(env, login, groups, company, **values):
    """A test user (Odoo's ``new_test_user``) in ``groups`` who works in ``company`` only:
    it is both the user's current company and its only allowed one."""
    return new_test_user(
        env,
        login,
        groups=groups,
        company_id=company.id,
        company_ids=[(6, 0, company.ids)],
        **values,
    )


class AsiCocCase(TransactionCase):
    """Shared records: material types, a certified supplier, a second company, users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.company = cls.env.company
        cls.aluminium = cls.env.ref("asi_coc.material_aluminium")
        cls.alumina = cls.env.ref("asi_coc.material_alumina")
        cls.scrap_pre = cls.env.ref("asi_coc.material_scrap_pre_consumer")
        cls.scrap_post = cls.env.ref("asi_coc.material_scrap_post_consumer")
        cls.Certificate = cls.env["asi.certificate"]
        cls.smelter = cls.env["res.partner"].create(
            {"name": "Test Smelter", "is_company": True, "asi_role": "coc_entity"}
        )
        cls.cert = cls.Certificate.create(
            {
                "number": "ASI-T-0001",
                "holder_id": cls.smelter.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2027, 12, 31),
                "material_type_ids": [(6, 0, cls.aluminium.ids)],
            }
        )
        cls.company_b = cls.env["res.company"].create({"name": "Other Casthouse B.V."})
        cls.user = new_company_user(
            cls.env, "asi_user", "base.group_user,asi_coc.group_asi_coc_user", cls.company
        )
        cls.manager = new_company_user(
            cls.env, "asi_manager", "base.group_user,asi_coc.group_asi_coc_manager", cls.company
        )
        cls.auditor = new_company_user(
            cls.env, "asi_auditor", "base.group_user,asi_coc.group_asi_coc_auditor", cls.company
        )
        cls.user_b = new_company_user(
            cls.env, "asi_user_b", "base.group_user,asi_coc.group_asi_coc_manager", cls.company_b
        )

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like Odoo's assertRaises (rolls the failed operation back in a savepoint, so that
        "nothing written" can be asserted afterwards), also checking the message."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)

    def make_certificate(self, **vals):
        values = {
            "number": f"ASI-T-{self.Certificate.search_count([]) + 100:04d}",
            "holder_id": self.smelter.id,
            "date_start": date(2025, 1, 1),
            "date_end": date(2027, 12, 31),
            "material_type_ids": [(6, 0, self.aluminium.ids)],
        }
        values.update(vals)
        return self.Certificate.create(values)
