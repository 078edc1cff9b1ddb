from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestClosedPeriodLock(MassBalanceCase):
    """V2.1 1.6, V3 2.2: a closed period's figures depend on nothing editable; its state, the
    close fields and the conversion factors it used change only through close and reopen.

    The writes below are made as the administrator with write() and any context, the way a
    JSON-RPC ``call_kw`` makes them: nothing but the actions may get through."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.factor = cls.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": cls.alumina.id,
                "output_material_type_id": cls.aluminium.id,
                "factor": 0.5,
                "date_from": date(2025, 1, 1),
                "note": "Smelter yield 2025",
            }
        )
        # 4,000 kg ASI alumina x 0.5 = 2,000 kg ASI aluminium credited; 1,500 kg designated
        cls.post(4000, material=cls.alumina)
        cls.post(1500, direction="output", on=date(2026, 3, 1))
        cls.p1.action_close(carry_forward=False)

    def as_admin(self, records):
        # RPC callers choose their context: pass the keys an attacker would try.
        return records.with_user(self.admin).with_context(
            asi_ledger_post=True, tracking_disable=True, install_mode=True
        )

    def test_state_of_a_closed_period_is_not_written_directly(self):
        closed_on = self.p1.closed_on
        for vals in (
            {"state": "open"},
            {"closed_by": False},
            {"closed_on": datetime(2020, 1, 1)},
            {"reopen_reason": "typo"},
            {"closed_conversions": {}},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "change only through Close and Reopen"),
            ):
                self.as_admin(self.p1).write(vals)
        # nothing written: the period is still closed, by the same close
        self.p1.invalidate_recordset()
        self.assertEqual(self.p1.state, "closed")
        self.assertEqual(self.p1.closed_on, closed_on)
        self.assertEqual(self.p1.closed_by, self.env.user)
        # an open period is not closed by writing either (the close checks would be skipped)
        p2 = self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31)})
        with self.assertRaisesRegex(UserError, "change only through Close and Reopen"):
            self.as_admin(p2).write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "change only through Close and Reopen"):
            self.as_admin(self.Period).create(
                {"date_from": date(2027, 1, 1), "date_to": date(2027, 6, 30), "state": "closed"}
            )
        self.assertEqual(p2.state, "open")
        # the actions still work: reopen with a reason, close again
        self.p1.with_user(self.manager).action_reopen("Late weighbridge ticket")
        self.assertEqual(
            (self.p1.state, self.p1.reopen_reason), ("open", "Late weighbridge ticket")
        )
        self.p1.action_close(carry_forward=False)
        self.assertEqual(self.p1.state, "closed")

    def test_conversion_factor_used_by_a_closed_period_is_fixed(self):
        for vals in (
            {"factor": 0.25},
            {"date_from": date(2026, 2, 1)},
            {"date_to": date(2025, 12, 31)},
            {"output_material_type_id": self.scrap_pre.id},
            {"input_material_type_id": self.scrap_post.id},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(
                    UserError,
                    f"used by the closed period {self.p1.name}: its factor, materials and dates",
                ),
            ):
                self.as_admin(self.factor).write(vals)
        with self.assertRaisesRegex(UserError, f"used by the closed period {self.p1.name}"):
            self.as_admin(self.factor).unlink()
        # nothing written; the note (the auditor's explanation) stays editable
        self.factor.invalidate_recordset()
        self.assertEqual((self.factor.factor, self.factor.date_from), (0.5, date(2025, 1, 1)))
        self.as_admin(self.factor).write({"note": "Smelter yield 2025, audited"})
        # a data file (or a form) writing the same values again changes nothing: accepted
        self.as_admin(self.factor).write(
            {"factor": 0.5, "date_from": "2025-01-01", "output_material_type_id": self.aluminium.id}
        )
        # it may end after p1, which it keeps applying to: the factor of 2027 follows it
        self.as_admin(self.factor).write({"date_to": date(2026, 12, 31)})
        self.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": self.alumina.id,
                "output_material_type_id": self.aluminium.id,
                "factor": 0.52,
                "date_from": date(2027, 1, 1),
            }
        )
        # but no new factor is dated into the closed period
        with self.assertRaisesRegex(UserError, f"The closed period {self.p1.name} keeps"):
            self.env["asi.conversion.factor"].create(
                {
                    "input_material_type_id": self.scrap_post.id,
                    "output_material_type_id": self.aluminium.id,
                    "factor": 0.9,
                    "date_from": date(2026, 1, 1),
                }
            )
        # 4,000 kg x 0.5 = 2,000 kg credited, 1,500 kg designated, 500 kg lapsed at the close
        balance = self.balance()
        self.assertEqual(balance["asi_in_converted"], 2000)
        self.assertEqual(
            (balance["asi_out"], balance["expired"], balance["available"]), (1500, 500, 0)
        )

    def test_factor_ending_before_a_closed_period_cannot_be_stretched_over_it(self):
        scrap_factor = self.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": self.scrap_post.id,
                "output_material_type_id": self.aluminium.id,
                "factor": 0.9,
                "date_from": date(2025, 1, 1),
                "date_to": date(2025, 12, 31),
            }
        )
        # not used by p1 (it ended before 2026-01-01): its note and factor may change
        self.as_admin(scrap_factor).write({"factor": 0.8})
        with self.assertRaisesRegex(UserError, f"used by the closed period {self.p1.name}"):
            self.as_admin(scrap_factor).write({"date_to": False})
        self.assertEqual(scrap_factor.date_to, date(2025, 12, 31))

    def test_closed_figures_are_frozen_below_the_orm(self):
        self.assertEqual(
            self.p1.closed_conversions, {"conversions": [[self.alumina.id, self.aluminium.id, 0.5]]}
        )
        # someone halves the factor in the database, below every ORM check
        self.env.cr.execute(
            "UPDATE asi_conversion_factor SET factor = 0.25 WHERE id = %s", [self.factor.id]
        )
        self.env["asi.conversion.factor"].invalidate_model()
        # the closed period still converts 4,000 kg alumina x 0.5 = 2,000 kg, as at its close
        balance = self.balance()
        self.assertEqual(balance["asi_in_converted"], 2000)
        self.assertEqual(balance["available"], 0)
        self.assertEqual(self.p1._conversions(), {self.alumina.id: (self.aluminium.id, 0.5)})


@tagged("post_install", "-at_install")
class TestClaimStateByActionsOnly(MassBalanceCase):
    """V2.1 11.1, V3 8.1: a claim is approved only through its action, which checks the ASI
    approval; an administrator writing ``state`` is refused."""

    def test_claim_state_is_not_written_directly(self):
        admin = self.env.ref("base.user_admin")
        Claim = self.env["asi.claim"].with_user(admin)
        claim = Claim.create({"name": "Ingot label", "text": "ASI aluminium"})
        with self.assertRaisesRegex(UserError, "change only through Approve and Withdraw"):
            claim.write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "change only through Approve and Withdraw"):
            Claim.create({"name": "Web", "text": "ASI", "state": "approved"})
        self.assertEqual(claim.state, "draft")
        self.assertFalse(Claim.search([("name", "=", "Web")]))
        with self.assertRaisesRegex(UserError, "cannot be approved without"):
            claim.action_approve()
        claim.write({"approval_ref": "ASI-CL-7", "approval_date": date(2026, 1, 5)})
        claim.action_approve()
        self.assertEqual(claim.state, "approved")
        with self.assertRaisesRegex(UserError, "change only through Approve and Withdraw"):
            claim.write({"state": "draft"})
        # a copy starts as a draft: the approval belongs to the original
        self.assertEqual(claim.copy().state, "draft")
        claim.action_withdraw()
        self.assertEqual(claim.state, "withdrawn")
