from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.asi_accounting_period import LEDGER_FILTERS
from .common import RECONCILIATION_PDF, RECONCILIATION_XLSX, ReportCase, squash

KG_KEYS = [
    "asi_in",
    "eligible_in",
    "non_asi_in",
    "asi_in_converted",
    "out_total",
    "asi_out",
    "carried_in",
    "overdraft",
    "overdraft_repaid",
    "available",
    "closing_balance",
    "carried_out",
    "expired",
    "intra_in",
    "intra_out",
    "outsourcing_out",
    "outsourcing_in",
    "outsourcing_difference",
]


def worked(**figures):
    """The kg figures of one material and scope: those given, 0 for the rest."""
    return {key: figures.get(key, 0) for key in KG_KEYS}


# ReportCase's p1, recomputed by hand. Each material lists its own kg; the balance is in
# aluminium: 10,000 kg ASI aluminium + 4,000 kg ASI alumina x 0.5 = 12,000 kg converted
# input, 12,000 - 5,000 kg ASI out = 7,000 kg available (V3 5.1.2).
ALUMINIUM = worked(
    asi_in=10000,
    non_asi_in=3000,
    asi_in_converted=12000,
    out_total=7000,
    asi_out=5000,
    available=7000,
    closing_balance=7000,
    outsourcing_out=800,
    outsourcing_in=790,
    outsourcing_difference=10,
)
# alumina converts into aluminium: its own 4,000 kg are listed, its balance is aluminium's
ALUMINA = worked(asi_in=4000)
# no conversion factor for the scrap: its own balance
SCRAP = worked(eligible_in=1500, asi_in_converted=1500, available=1500, closing_balance=1500)


@tagged("post_install", "-at_install")
class TestPeriodReconciliation(ReportCase):
    def test_rows_in_worked_kg(self):
        (item,) = self.p1._asi_reconciliation()
        self.assertEqual(
            [m["material"] for m in item["materials"]],
            [self.alumina, self.aluminium, self.scrap_pre],
        )
        expected = {self.alumina: ALUMINA, self.aluminium: ALUMINIUM, self.scrap_pre: SCRAP}
        # input share: 12,000 of 15,000 kg converted input = 80 %; output: 5,000 of 7,000
        shares = {self.alumina: (0, 0), self.aluminium: (0.8, 5 / 7), self.scrap_pre: (1, 0)}
        for material in item["materials"]:
            values = {row["key"]: row["values"] for row in material["rows"]}
            for key, kg in expected[material["material"]].items():
                self.assertEqual(values[key], [kg], (material["material"].name, key))
            input_share, output_share = shares[material["material"]]
            self.assertAlmostEqual(values["input_share"][0], input_share)
            self.assertAlmostEqual(values["output_share"][0], output_share)
        values = {row["key"]: row["values"] for row in item["materials"][1]["rows"]}
        self.assertEqual((values["in_total"], values["non_asi_out"]), ([13000], [2000]))
        self.assertEqual(
            item["materials"][1]["blocks"][0]["discrepancies"],
            [
                (
                    "Entity, Aluminium: 800 kg sent to outsourcing contractors, 790 kg returned "
                    "(difference 10 kg, V2.1 2.4)."
                )
            ],
        )
        self.assertEqual(item["scopes"], ["Entity"])
        self.assertTrue(item["provisional"])
        self.assertEqual(item["title"], f"Period reconciliation {self.p1.name} (provisional)")

    def test_xlsx_figures_cell_by_cell(self):
        content = self.xlsx(RECONCILIATION_XLSX, self.p1)
        book = self.workbook(content)
        self.assertEqual(
            book.sheetnames,
            ["Summary", "Alumina", "Aluminium", "Eligible Pre-Consumer Scrap", "Ledger Lines"],
        )
        for name, material, balance, shares in (
            ("Alumina", self.alumina, ALUMINA, (0, 0)),
            ("Aluminium", self.aluminium, ALUMINIUM, (0.8, 5 / 7)),
            ("Eligible Pre-Consumer Scrap", self.scrap_pre, SCRAP, (1, 0)),
        ):
            sheet = book[name]
            self.assertEqual(
                sheet["A1"].value,
                f"Period reconciliation {self.p1.name} (provisional) · {material.name}",
            )
            self.assertEqual(sheet.freeze_panes, "C5")
            self.assertEqual(
                [c.value for c in sheet[4]],
                ["Section", "Figure", "Entity (kg)", "Entity (t)", "Key"],
            )
            rows = self.rows_by_key(sheet, "E")
            for key in KG_KEYS:
                self.assertEqual(sheet.cell(rows[key], 3).value, balance[key], key)
                self.assertAlmostEqual(sheet.cell(rows[key], 4).value, balance[key] / 1000, 9)
                self.assertEqual(sheet.cell(rows[key], 3).number_format, "#,##0.000")
                self.assertEqual(sheet.cell(rows[key], 4).number_format, '#,##0.000 "t"')
            for key, share in zip(("input_share", "output_share"), shares, strict=True):
                self.assertAlmostEqual(sheet.cell(rows[key], 3).value, share)
                self.assertEqual(sheet.cell(rows[key], 3).number_format, "0.0 %")
        summary = book["Summary"]
        self.assertEqual(summary.freeze_panes, "C5")
        header = [c.value for c in summary[4]]
        self.assertEqual(header[:4], ["Material", "Scope", "ASI input (kg)", "Eligible input (kg)"])
        self.assertEqual((summary["A5"].value, summary["C5"].value), ("Alumina", 4000))
        self.assertEqual(summary.cell(5, header.index("Available (kg)") + 1).value, 0)
        self.assertEqual((summary["A6"].value, summary["C6"].value), ("Aluminium", 10000))
        self.assertEqual(summary.cell(6, header.index("Available (kg)") + 1).value, 7000)
        self.assertEqual(summary["A7"].value, "Eligible Pre-Consumer Scrap")
        self.assertEqual(summary["D7"].value, 1500)
        self.assertIn("difference 10 kg", summary.cell(6, len(header)).value)
        # a native column chart of inputs vs outputs per material, on the summary
        parts = self.xlsx_parts(content)
        chart = parts["xl/charts/chart1.xml"].decode()
        self.assertIn('<c:barDir val="col"/>', chart)
        self.assertIn("Summary!$A$5:$A$7", chart)
        self.assertIn("Summary!$F$5:$F$7", chart)  # total input
        self.assertIn("Summary!$H$5:$H$7", chart)  # total output
        self.assertIn("xl/drawings/drawing1.xml", parts)

    def test_xlsx_ledger_sheet_holds_every_line(self):
        book = self.workbook(self.xlsx(RECONCILIATION_XLSX, self.p1))
        sheet = book["Ledger Lines"]
        lines = self.Line.search([("period_id", "=", self.p1.id)])
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), len(lines))
        self.assertEqual(sorted(r[0] for r in rows), sorted(lines.ids))
        self.assertAlmostEqual(sum(r[8] for r in rows), sum(lines.mapped("mass_kg")))
        first = next(r for r in rows if r[0] == min(lines.ids))
        self.assertEqual(first[1].date(), date(2026, 2, 1))
        self.assertEqual(first[4:8], ("Aluminium", "Input", "External", "ASI"))
        self.assertEqual(first[9], "Test Smelter")
        self.assertEqual(sheet.freeze_panes, "A2")

    def test_closed_period_is_not_provisional(self):
        self.p1.action_close()
        (item,) = self.p1._asi_reconciliation()
        self.assertFalse(item["provisional"])
        book = self.workbook(self.xlsx(RECONCILIATION_XLSX, self.p1))
        self.assertEqual(book["Summary"]["A1"].value, f"Period reconciliation {self.p1.name}")
        sheet = book["Aluminium"]
        rows = self.rows_by_key(sheet, "E")
        self.assertEqual(sheet.cell(rows["carried_out"], 3).value, 7000)
        # the next period is open: its report, with the balance carried in, is provisional
        p2 = self.p1._next_period()
        book = self.workbook(self.xlsx(RECONCILIATION_XLSX, p2))
        self.assertEqual(
            book["Summary"]["A1"].value, f"Period reconciliation {p2.name} (provisional)"
        )
        rows = self.rows_by_key(book["Aluminium"], "E")
        self.assertEqual(book["Aluminium"].cell(rows["carried_in"], 3).value, 7000)
        self.assertEqual(self.balance(p2)["carried_in"], 7000)

    def test_pdf_prints_the_same_figures(self):
        text = self.pdf_text(RECONCILIATION_PDF, self.p1)
        for expected in (
            f"Period reconciliation {self.p1.name} (provisional)",
            "Provisional: the period is open",
            "Aluminium",
            "Eligible Pre-Consumer Scrap",
            "ASI input after conversion (V3 5.1.2)",
            "4,000.000",  # ASI input of alumina, kg
            "10,000.000",  # ASI input of aluminium, kg
            "12.000",  # ASI input after conversion, t
            "7,000.000",  # available
            "80.0 %",  # input share
            "71.4 %",  # output share
            "800 kg sent to outsourcing contractors, 790 kg returned (difference 10 kg",
        ):
            self.assertIn(squash(expected), text)
        self.p1.action_close()
        text = self.pdf_text(RECONCILIATION_PDF, self.p1)
        self.assertIn(squash(f"Period reconciliation {self.p1.name}"), text)
        self.assertNotIn(squash("(provisional)"), text)

    def test_drill_down_sums_to_each_figure(self):
        for material in (self.aluminium, self.scrap_pre, self.alumina):
            balance = self.balance(material=material)
            balance["in_total"] = balance["asi_in"] + balance["eligible_in"] + balance["non_asi_in"]
            balance["non_asi_out"] = balance["out_total"] - balance["asi_out"]
            for key, line_filter in LEDGER_FILTERS.items():
                if line_filter is None or key == "outsourcing_difference":
                    continue
                action = self.p1.action_open_ledger(material.id, key)
                self.assertEqual(action["res_model"], "asi.ledger.line")
                lines = self.Line.search(action["domain"])
                expected = balance[key]
                if key == "asi_in_converted" and material == self.aluminium:
                    expected = (
                        14000  # the lines hold the alumina's own mass; the figure is converted
                    )
                self.assertAlmostEqual(sum(lines.mapped("mass_kg")), expected, 3, (material, key))
        # alumina converts into aluminium: all its lines count there, none in its own balance
        lines = self.Line.search(self.p1.action_open_ledger(self.alumina.id, "available")["domain"])
        self.assertFalse(lines)
        lines = self.Line.search(
            self.p1.action_open_ledger(self.aluminium.id, "available")["domain"]
        )
        self.assertEqual(len(lines), 7)
        with self.assertRaisesRegex(UserError, "There is no ledger figure called total_nonsense."):
            self.p1.action_open_ledger(self.aluminium.id, "total_nonsense")

    def test_reconciliation_list_opens_the_ledger(self):
        action = self.p1.action_open_reconciliation()
        figures = self.env[action["res_model"]].search(action["domain"])
        self.assertEqual(len(figures), 3 * 22)
        asi_in = figures.filtered(
            lambda f: f.key == "asi_in" and f.material_type_id == self.aluminium
        )
        self.assertEqual((asi_in.value_kg, asi_in.value_t, asi_in.scope), (10000, 10, "Entity"))
        lines = self.Line.search(asi_in.action_open_ledger()["domain"])
        self.assertEqual(lines.mapped("mass_kg"), [10000])
        # the converted input counts the alumina line too, at its own mass
        converted = figures.filtered(
            lambda f: f.key == "asi_in_converted" and f.material_type_id == self.aluminium
        )
        self.assertEqual(converted.value_kg, 12000)
        lines = self.Line.search(converted.action_open_ledger()["domain"])
        self.assertEqual(sorted(lines.mapped("mass_kg")), [4000, 10000])
        share = figures.filtered(
            lambda f: f.key == "input_share" and f.material_type_id == self.aluminium
        )
        self.assertAlmostEqual(share.share, 80.0)
        # the auditor reads, and drills down too
        action = self.p1.with_user(self.auditor).action_open_reconciliation()
        self.assertEqual(len(self.env[action["res_model"]].search(action["domain"])), 66)

    def test_option2_one_block_per_site_and_the_entity(self):
        self.p1.action_close(carry_forward=False)
        north = self.env["asi.site"].create({"name": "North", "code": "N"})
        south = self.env["asi.site"].create({"name": "South", "code": "S"})
        p2 = self.Period.create(
            {"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31), "rule_set": "v3_option2"}
        )
        on = date(2026, 7, 10)
        self.post(6000, site=north, on=on)
        self.post(1000, site=south, on=on)
        self.post(500, direction="output", site=south, on=on)
        self.post(300, direction="output", flow="intra_entity", site=north, on=on)
        (item,) = p2._asi_reconciliation()
        self.assertEqual(item["scopes"], ["[N] North", "[S] South", "Entity"])
        (material,) = item["materials"]
        values = {row["key"]: row["values"] for row in material["rows"]}
        # North 6,000 in, 300 sent to South (not received yet); South 1,000 in, 500 out.
        # Option 2 keeps one entity balance: 7,000 - 500 = 6,500 kg (V3 3.3).
        north_kg = worked(asi_in=6000, asi_in_converted=6000, intra_out=300)
        north_kg.update(available=6000, closing_balance=6000)
        south_kg = worked(asi_in=1000, asi_in_converted=1000, out_total=500, asi_out=500)
        south_kg.update(available=500, closing_balance=500)
        entity_kg = worked(asi_in=7000, asi_in_converted=7000, out_total=500, asi_out=500)
        entity_kg.update(available=6500, closing_balance=6500, intra_out=300)
        for key in KG_KEYS:
            self.assertEqual(values[key], [north_kg[key], south_kg[key], entity_kg[key]], key)
        self.assertEqual(
            material["blocks"][2]["discrepancies"],
            [
                (
                    "Entity, Aluminium: 300 kg sent between sites, 0 kg received (in transit or "
                    "unrecorded, V2.1 1.7 g)."
                )
            ],
        )
        book = self.workbook(self.xlsx(RECONCILIATION_XLSX, p2))
        sheet = book["Aluminium"]
        self.assertEqual(
            [c.value for c in sheet[4]][2:8],
            [
                "[N] North (kg)",
                "[N] North (t)",
                "[S] South (kg)",
                "[S] South (t)",
                "Entity (kg)",
                "Entity (t)",
            ],
        )
        rows = self.rows_by_key(sheet, "I")
        self.assertEqual(
            [sheet.cell(rows["asi_out"], col).value for col in (3, 5, 7)], [0, 500, 500]
        )
        # the summary lists the entity first (the chart reads it), then each site
        summary = book["Summary"]
        self.assertEqual(
            [(summary.cell(r, 1).value, summary.cell(r, 2).value) for r in (5, 6, 7)],
            [("Aluminium", "Entity"), ("Aluminium", "[N] North"), ("Aluminium", "[S] South")],
        )
        # drill-down per site
        action = p2.action_open_ledger(self.aluminium.id, "asi_in", south.id)
        self.assertEqual(self.Line.search(action["domain"]).mapped("mass_kg"), [1000])

    def test_option3_one_block_per_site_period_and_their_sum(self):
        self.company.asi_rule_set = "v3_option3"
        north = self.env["asi.site"].create({"name": "North", "code": "N"})
        south = self.env["asi.site"].create({"name": "South", "code": "S"})
        dates = {"date_from": date(2027, 1, 1), "date_to": date(2027, 6, 30)}
        pn = self.Period.create(dict(dates, site_id=north.id))
        ps = self.Period.create(dict(dates, site_id=south.id))
        on = date(2027, 1, 10)
        self.post(1000, site=north, on=on)
        self.post(400, direction="output", flow="intra_entity", site=north, on=on)
        self.post(400, direction="input", flow="intra_entity", site=south, on=on)
        self.post(300, direction="output", site=south, on=on)
        (item,) = ps._asi_reconciliation()
        self.assertEqual(item["scopes"], ["[N] North", "[S] South", "Entity"])
        values = {row["key"]: row["values"] for row in item["materials"][0]["rows"]}
        self.assertEqual(values["available"], [600, 100, 700])
        self.assertEqual(values["intra_in"], [0, 400, 400])
        self.assertEqual(values["input_share"][2], None)
        # North: 1,000 in, 400 sent to South = 600; South: 400 received, 300 out = 100
        north_kg = worked(asi_in=1000, asi_in_converted=1000, intra_out=400)
        north_kg.update(available=600, closing_balance=600)
        south_kg = worked(out_total=300, asi_out=300, intra_in=400)
        south_kg.update(available=100, closing_balance=100)
        for key in KG_KEYS:
            self.assertEqual(values[key][:2], [north_kg[key], south_kg[key]], key)
        action = (
            self.env["asi.accounting.period"]
            .browse((pn | ps).ids)
            .action_open_ledger(self.aluminium.id, "intra_in")
        )
        self.assertEqual(self.Line.search(action["domain"]).mapped("mass_kg"), [400])

    def test_period_of_another_company_is_refused(self):
        with self.assertRaises(AccessError):
            self.p1.with_user(self.user_b)._asi_reconciliation()
        with self.assertRaises(AccessError):
            self.xlsx(RECONCILIATION_XLSX, self.p1, env=self.env(user=self.user_b))
        with self.assertRaisesRegex(
            UserError,
            f"^Period {self.p1.name} belongs to {self.company.name}, which is not one of your "
            "current companies: its reports cannot be printed here.$",
        ):
            self.p1.with_user(self.user_b).sudo()._asi_reconciliation()
        with self.assertRaisesRegex(UserError, "not one of your current companies"):
            self.p1.with_user(self.user_b).sudo().action_open_ledger(self.aluminium.id, "asi_in")
