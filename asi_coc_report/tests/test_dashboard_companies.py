from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.asi_coc.tests.common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestDashboardCompanies(MassBalanceCase):
    """The overview of an accountant of several companies, on 1 August 2026 (issue 14,
    point 12). p1: 2026 H1, V2.1."""

    def setUp(self):
        super().setUp()
        self.Dashboard = self.env["asi.coc.dashboard"]

    def approve_overdraft(self, kg, on=date(2026, 3, 1)):
        self.env["asi.force.majeure"].create(
            {
                "name": "Potline outage",
                "date": on,
                "material_type_id": self.aluminium.id,
                "description": "Power cut",
                "affected_deliveries": "SO 12",
                "affected_mass_kg": kg,
                "overdraft_kg": kg,
            }
        ).action_approve()

    @freeze_time("2026-08-01")
    def test_overdraft_of_the_closed_period_is_owed(self):
        # P1: 10,000 kg ASI in + 2,000 kg overdraft - 12,000 kg out; closed at 0 kg.
        # P2: 1,000 kg in, nothing repaid yet: the 2,000 kg are owed (V2.1 8.8 c).
        self.post(10000)
        self.approve_overdraft(2000)
        self.post(12000, direction="output")
        self.p1.action_close()
        p2 = self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31)})
        self.post(1000, on=date(2026, 7, 5))
        data = self.Dashboard.get_dashboard_data()
        (tile,) = [t for t in data["tiles"] if t["key"] == "overdraft"]
        self.assertEqual(
            (tile["number"], tile["value"], tile["level"]), (2000, "2,000 kg", "danger")
        )
        self.assertEqual(
            tile["subtitle"],
            "2,000 kg of the previous period's overdraft due now, 0 kg taken in this period "
            "to repay in the next (V2.1 8.8 c, V3 5.2.2)",
        )
        self.assertEqual(p2._designation_figures(self.aluminium)["repayment_due"], 2000)
        action = self.Dashboard.action_open_tile(tile["key"], tile["params"])
        lines = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(lines.mapped("mass_kg"), [2000])
        self.assertEqual(lines.period_id, self.p1)

    @freeze_time("2026-04-15")
    def test_every_company_selected_is_shown_grouped(self):
        self.post(1000)
        self.post(400, direction="output")
        Dashboard = self.Dashboard.with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        )
        data = Dashboard.get_dashboard_data()
        self.assertEqual(
            [group["name"] for group in data["companies"]],
            [self.company.name, self.company_b.name],
        )
        own, other = data["companies"]
        balance = next(t for t in own["tiles"] if t["key"] == "balance")
        self.assertEqual(balance["value"], "600 kg")
        # Company B has no period: its group says so, the other figures are its own.
        self.assertEqual(
            [(t["key"], t["value"]) for t in other["tiles"][:1]], [("periods", "No open period")]
        )
        self.assertTrue(all(t["params"]["company_id"] == self.company_b.id for t in other["tiles"]))
        # Its tiles open its records.
        certificates = next(t for t in other["tiles"] if t["key"] == "certificates")
        action = Dashboard.action_open_tile(certificates["key"], certificates["params"])
        self.assertIn(("company_id", "=", self.company_b.id), action["domain"])
