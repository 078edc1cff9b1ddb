from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.asi_coc_stock.tests.common import AsiStockCase


@tagged("post_install", "-at_install")
class TestDashboard(AsiStockCase):
    """The ASI CoC overview on 15 April 2026, in p1 (2026 H1, V2.1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cert = {"holder_id": cls.smelter.id, "date_start": date(2025, 1, 1)}
        cls.expiring = cls.make_certificate(cls, date_end=date(2026, 5, 31), **cert)
        cls.expiring_provisional = cls.make_certificate(
            cls, date_end=date(2026, 6, 14), state="provisional", **cert
        )
        cls.make_certificate(cls, date_end=date(2026, 6, 15), **cert)  # day 61
        suspended = cls.make_certificate(cls, date_end=date(2026, 5, 1), **cert)
        suspended.action_suspend()
        cls.make_certificate(cls, date_end=date(2026, 5, 1), company_id=cls.company_b.id, **cert)

    def setUp(self):
        super().setUp()
        self.receive(
            self.ingot,
            1000,
            "L-ASI",
            asi_status="asi",
            asi_certificate_number="ASI-T-0001",
            asi_document_ref="NPS-1",
        )
        self.deliver(self.ingot, 400, self.env["stock.lot"].search([("name", "=", "L-ASI")]))
        # Not in the register: received as non-ASI, waiting for verification (V2.1 10).
        bad = self.receive(
            self.ingot, 500, "L-UNVERIFIED", asi_status="asi", asi_certificate_number="ASI-NOPE"
        )
        self.unverified = bad.move_line_ids.lot_id
        self.Dashboard = self.env["asi.coc.dashboard"]

    def tiles(self):
        return {
            (tile["key"], tile["params"].get("material_id")): tile
            for tile in self.Dashboard.get_dashboard_data()["tiles"]
        }

    def records_of(self, tile):
        action = self.Dashboard.action_open_tile(tile["key"], tile["params"])
        return self.env[action["res_model"]].search(action["domain"])

    @freeze_time("2026-04-15")
    def test_figures_and_records_behind_each_tile(self):
        tiles = self.tiles()
        balance = tiles[("balance", self.aluminium.id)]
        self.assertEqual(self.p1.get_balance(self.aluminium)["available"], balance["number"])
        self.assertEqual((balance["title"], balance["value"]), ("Aluminium", "600 kg"))
        self.assertEqual(balance["level"], "success")
        self.assertEqual(
            self.records_of(balance),
            self.Line.search(
                [("period_id", "=", self.p1.id), ("material_type_id", "=", self.aluminium.id)]
            ),
        )
        self.assertEqual(len(self.records_of(balance)), 3)

        certificates = tiles[("certificates", None)]
        self.assertEqual((certificates["number"], certificates["level"]), (2, "warning"))
        self.assertEqual(self.records_of(certificates), self.expiring | self.expiring_provisional)

        waiting = tiles[("verification", None)]
        self.assertEqual((waiting["number"], waiting["value"]), (1, "1"))
        self.assertEqual(self.records_of(waiting), self.unverified)

        overdraft = tiles[("overdraft", None)]
        self.assertEqual((overdraft["number"], overdraft["level"]), (0.0, "success"))
        self.assertFalse(self.records_of(overdraft))

        annual = tiles[("annual_report", None)]
        self.assertEqual(
            (annual["title"], annual["value"], annual["level"], annual["subtitle"]),
            ("Annual ASI report 2025", "06/30/2026", "danger", "Due now (V2.1 1.7)"),
        )
        self.assertEqual(annual["number"], 76)
        action = self.Dashboard.action_open_tile("annual_report", annual["params"])
        self.assertEqual(action["res_model"], "asi.annual.report.wizard")
        self.assertEqual(action["context"], {"default_year": 2025})

        # The due-diligence tile exists only with the module that owns the model.
        self.assertEqual(("due_diligence", None) in tiles, "asi.due.diligence" in self.env)

    @freeze_time("2026-04-15")
    def test_v2_1_share_headroom_next_to_the_balance(self):
        # V2.1 8.7: 1,000 kg ASI + 500 kg non-ASI (unverified) in = 66.7 % ASI; 400 kg out,
        # all ASI: 66.7 % x 400 = 266.667 kg allowed - 400 kg = -133.333 kg: the close will
        # refuse although the balance has 600 kg.
        tiles = self.tiles()
        self.assertEqual(tiles[("balance", self.aluminium.id)]["number"], 600)
        tile = tiles[("share_headroom", self.aluminium.id)]
        self.assertAlmostEqual(tile["number"], 1000 / 1500 * 400 - 400, 6)
        self.assertEqual(tile["value"], "-133.333 kg")
        self.assertEqual(
            tile["subtitle"], "Input share 66.7 % x outputs so far - ASI outputs (V2.1 8.7)"
        )
        self.assertEqual(tile["level"], "danger")
        lines = self.records_of(tile)
        self.assertEqual(lines.mapped("mass_kg"), [400])
        # 300 kg non-ASI out: 66.7 % x 700 - 400 = 66.667 kg
        self.deliver(self.ingot, 300, self.unverified, designated=False)
        tile = self.tiles()[("share_headroom", self.aluminium.id)]
        self.assertEqual((tile["value"], tile["level"]), ("66.667 kg", "success"))

    def test_annual_deadline(self):
        for today, expected in (
            ("2026-02-28", (2025, date(2026, 6, 30), False)),
            ("2026-03-01", (2025, date(2026, 6, 30), True)),
            ("2026-06-30", (2025, date(2026, 6, 30), True)),
            ("2026-07-01", (2026, date(2027, 6, 30), False)),
        ):
            with freeze_time(today):
                self.assertEqual(self.Dashboard._asi_annual_deadline(), expected, today)

    @freeze_time("2026-04-15")
    def test_verified_lot_leaves_the_tile(self):
        self.unverified.with_company(self.company).asi_verification_note = False
        self.assertEqual(self.tiles()[("verification", None)]["number"], 0)

    @freeze_time("2026-08-01")
    def test_no_open_period_covering_today(self):
        # The latest open period is shown when none covers today.
        self.assertEqual(self.tiles()[("balance", self.aluminium.id)]["number"], 600)
        p2 = self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31)})
        tile = self.tiles()[("periods", None)]
        self.assertEqual(tile["subtitle"], f"No ledger lines yet in period {p2.name}")
        # A company without any open period.
        tile = self.Dashboard.with_company(self.company_b).get_dashboard_data()["tiles"][0]
        self.assertEqual(
            (tile["key"], tile["value"], tile["level"]),
            (
                "periods",
                "No open period",
                "danger",
            ),
        )
        action = self.Dashboard.action_open_tile("periods")
        self.assertEqual(action["res_model"], "asi.accounting.period")


@tagged("post_install", "-at_install", "asi_coc_tour")
class TestDashboardTour(HttpCase):
    def test_dashboard_tour(self):
        """The overview shows the balance and opens the certificates that expire soon."""
        today = fields.Date.today()
        self.env["asi.accounting.period"].create(
            {
                "date_from": today.replace(day=1),
                "date_to": today.replace(day=1) + relativedelta(months=3, days=-1),
                "rule_set": "v2_1",
            }
        )
        vals = {
            "date": today,
            "material_type_id": self.env.ref("asi_coc.material_aluminium").id,
            "asi_status": "asi",
            "flow_type": "external",
        }
        self.env["asi.ledger.line"].post(
            [
                dict(vals, direction="input", mass_kg=1000),
                dict(vals, direction="output", mass_kg=400),
            ]
        )
        holder = self.env["res.partner"].create({"name": "Dash Smelter", "is_company": True})
        self.env["asi.certificate"].create(
            {
                "number": "ASI-DASH-0001",
                "holder_id": holder.id,
                "date_start": today - relativedelta(years=1),
                "date_end": today + relativedelta(days=10),
            }
        )
        self.start_tour(
            "/odoo/action-asi_coc_report.action_asi_coc_dashboard",
            "asi_coc_report_dashboard_tour",
            login="admin",
        )
