"""The rules alone, without the database: clause by clause."""

from odoo.tests.common import BaseCase, tagged

from ..mass_balance import Figures, rules_for


@tagged("post_install", "-at_install")
class TestRules(BaseCase):
    def test_available_is_credits_minus_debits(self):
        f = Figures(
            asi_in_converted=1000,
            carried_in=200,
            overdraft=100,
            asi_out_converted=700,
            overdraft_repaid=50,
        )
        self.assertEqual(f.available, 1000 + 200 + 100 - 700 - 50)
        self.assertEqual(f.closing_balance, 550)

    def test_designation_is_all_or_nothing(self):
        rules = rules_for("v3_option1")
        f = Figures(asi_in_converted=500)
        self.assertIsNone(rules.check_designation(f, 500))
        problem = rules.check_designation(f, 500.01)
        self.assertEqual(problem.code, "insufficient")
        self.assertEqual(problem.values, {"available": 500, "requested": 500.01})

    def test_brochure_50_percent_example(self):
        # 50 % ASI input -> at most 50 % of the output can be ASI (V2.1 8.7, brochure)
        rules = rules_for("v2_1")
        f = Figures(
            asi_in=50,
            non_asi_in=50,
            asi_in_converted=50,
            total_in_converted=100,
            out_total_converted=90,
            asi_out_converted=45,
        )
        self.assertEqual(rules.check_close(f), [])
        f.asi_out_converted = 45.01
        (problem,) = rules.check_close(f)
        self.assertEqual(problem.code, "share_exceeded")
        self.assertAlmostEqual(problem.values["allowed"], 45.0)

    def test_v3_carry_forward_once_in_three_periods(self):
        rules = rules_for("v3_option2")
        self.assertTrue(rules.may_carry_forward([]))
        self.assertFalse(rules.may_carry_forward([100.0]))
        self.assertFalse(rules.may_carry_forward([0.0, 100.0]))
        self.assertTrue(rules.may_carry_forward([0.0, 0.0, 100.0]))
        self.assertTrue(rules_for("v2_1").may_carry_forward([100.0, 100.0]))

    def test_carried_in_is_used_first_and_expires(self):
        rules = rules_for("v2_1")
        f = Figures(asi_in_converted=500, carried_in=400, asi_out_converted=100)
        entries = rules.close_entries(f)
        self.assertEqual((entries.expiry, entries.carry_forward), (300, 500))
        entries = rules.close_entries(f, carry_forward=False)
        self.assertEqual((entries.expiry, entries.carry_forward), (800, 0))

    def test_overdraft_limits(self):
        rules = rules_for("v2_1")
        f = Figures(asi_in_converted=10000)
        self.assertIsNone(rules.check_overdraft(f, 2000, 5000))
        self.assertEqual(rules.check_overdraft(f, 2001, 5000).code, "overdraft_above_limit")
        self.assertEqual(rules.check_overdraft(f, 1500, 1000).code, "overdraft_above_affected")
        self.assertEqual(
            rules.check_overdraft(f, 500, 5000, already_taken=1600).code, "overdraft_above_limit"
        )

    def test_option2_site_share(self):
        rules = rules_for("v3_option2")
        sites = {
            "A": Figures(asi_in_converted=10000, asi_out_converted=5000),
            "B": Figures(asi_in_converted=99.9, asi_out_converted=1000),
            "C": Figures(asi_in_converted=0, asi_out_converted=0),
        }
        (problem,) = rules.check_sites(sites, 10.0)
        self.assertEqual(problem.values["site"], "B")
        self.assertAlmostEqual(problem.values["required"], 100.0)

    def test_site_scope_counts_intra_entity_transfers(self):
        f = Figures(asi_in_converted=1000, intra_asi_out=400, intra_asi_in=50)
        self.assertEqual(f.available, 1000)
        f.site_scope = True
        self.assertEqual(f.available, 650)

    def test_v2_1_carried_in_and_overdraft_are_not_diluted(self):
        # V2.1 8.9, 8.8: 300 kg carried in, 1,000 kg non-ASI in, 1,000 kg out: 300 kg ASI
        rules = rules_for("v2_1")
        f = Figures(
            non_asi_in=1000,
            total_in_converted=1000,
            carried_in=300,
            out_total=1000,
            out_total_converted=1000,
            asi_out=300,
            asi_out_converted=300,
        )
        self.assertEqual(rules.check_close(f), [])
        self.assertEqual(rules.share_headroom(f), 0)
        f.asi_out = f.asi_out_converted = 300.01
        f.out_total = f.out_total_converted = 1000.01
        problem = rules.check_close(f)[-1]
        self.assertEqual(problem.code, "share_exceeded")
        self.assertAlmostEqual(problem.values["allowed"], 300.0)

    def test_v2_1_headroom(self):
        # 50 % input share, 1,400 kg out of which 400 kg ASI: 50 % x 1,400 - 400 = 300 kg
        f = Figures(
            asi_in_converted=1000,
            total_in_converted=2000,
            out_total_converted=1400,
            asi_out_converted=400,
        )
        self.assertEqual(rules_for("v2_1").share_headroom(f), 300)
        self.assertIsNone(rules_for("v3_option1").share_headroom(f))

    def test_repayment_due_is_reserved_for_designations(self):
        # V2.1 8.8 c: 1,000 kg in, 2,000 kg due: -1,000 kg can be designated
        rules = rules_for("v2_1")
        f = Figures(asi_in_converted=1000)
        problem = rules.check_designation(f, 1, repayment_due=2000)
        self.assertEqual(problem.code, "repayment_reserved")
        self.assertEqual(
            problem.values,
            {"due": 2000, "available": 1000, "designatable": -1000, "requested": 1},
        )
        self.assertIsNone(rules.check_designation(Figures(asi_in_converted=3000), 1000, 2000))

    def test_new_overdraft_does_not_repay_an_old_one(self):
        rules = rules_for("v3_option1")
        f = Figures(asi_in_converted=1900, overdraft=380, asi_out_converted=280)
        (problem,) = rules.check_close(f, repayment_due=2000)
        self.assertEqual(problem.code, "repayment_from_overdraft")
        self.assertEqual(problem.values, {"due": 2000, "own": 1900, "overdraft": 380})
        f.asi_in_converted = 2000
        self.assertEqual(rules.check_close(f, repayment_due=2000), [])
