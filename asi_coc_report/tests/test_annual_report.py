from datetime import date

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ANNUAL_PDF, ANNUAL_XLSX, ReportCase, squash


@tagged("post_install", "-at_install")
class TestAnnualReport(ReportCase):
    def wizard(self, year=2026, user=None, **vals):
        Wizard = self.env["asi.annual.report.wizard"]
        if user:
            Wizard = Wizard.with_user(user)
        return Wizard.create(dict({"year": year}, **vals))

    def test_year_without_closed_period_is_refused(self):
        wizard = self.wizard()
        self.assertEqual(wizard.period_ids, self.p1)
        message = (
            "^The annual report for 2026 is built from closed material accounting periods, "
            f"and {self.company.name} has none that overlaps 2026 \\(open: {self.p1.name}\\). "
            "Close the periods of 2026 under ASI CoC > Mass Balance > Periods first.$"
        )
        for action in ("action_print_xlsx", "action_print_pdf", "_asi_annual_data"):
            with self.assertRaisesRegex(UserError, message):
                getattr(wizard, action)()
        with self.assertRaisesRegex(UserError, r"has none that overlaps 2031 \(open: none\)"):
            self.wizard(2031).action_print_xlsx()
        with self.assertRaisesRegex(UserError, "^0 is not a calendar year.$"):
            self.wizard(0).action_print_xlsx()

    def test_v2_1_figures_from_the_closed_periods(self):
        self.p1.action_close()
        p2 = self.p1._next_period()
        self.post(1000, on=date(2026, 8, 1))
        wizard = self.wizard()
        self.assertEqual(wizard.period_ids, self.p1 | p2)
        data = wizard._asi_annual_data()
        self.assertEqual(data["due"], date(2027, 6, 30))
        self.assertEqual(
            [(p["name"], p["used"]) for p in data["periods"]],
            [(self.p1.name, True), (p2.name, False)],
        )
        (block,) = data["blocks"]
        self.assertEqual((block["label"], block["family"]), ("Entity", "v2_1"))
        figures = {item["material"]: item["figures"] for item in block["materials"]}
        # p1: 10,000 kg ASI aluminium and 4,000 kg ASI alumina in (x 0.5 = 2,000 kg credited),
        # 3,000 kg non-ASI in; 5,000 kg ASI and 2,000 kg non-ASI out; closing balance
        # 10,000 + 2,000 - 5,000 = 7,000 kg carried into p2; p2 (open) is not used.
        self.assertEqual(
            figures[self.aluminium],
            {
                "coc_in": 10000,  # its own 10,000 kg; the alumina is listed with its own kg
                "coc_out": 5000,
                "eligible_in": 0.0,
                "eligible_out": 0.0,
                "non_coc_in": 3000,
                "non_coc_out": 2000,
                "largest_carried_out": 7000,
                "balance_used": 0.0,
                "overdraft": 0.0,
                "intra_out": 0.0,
            },
        )
        # alumina converts into aluminium (V3 5.1.2) and lists its own 4,000 kg ASI input
        self.assertEqual(figures[self.alumina]["coc_in"], 4000)
        # 1,500 kg eligible pre-consumer scrap in, none out: all 1,500 kg carried forward
        self.assertEqual(figures[self.scrap_pre]["eligible_in"], 1500)
        self.assertEqual(figures[self.scrap_pre]["eligible_out"], 0)
        self.assertEqual(figures[self.scrap_pre]["largest_carried_out"], 1500)

        # the workbook, cell by cell
        book = self.workbook(self.xlsx(ANNUAL_XLSX, wizard))
        self.assertEqual(book.sheetnames, ["Entity", "Periods"])
        sheet = book["Entity"]
        self.assertEqual(sheet["A1"].value, f"{data['title']} · Entity")
        self.assertEqual(sheet.freeze_panes, "C5")
        header = [c.value for c in sheet[4]]
        self.assertEqual(
            header,
            [
                "Clause",
                "Figure",
                "Alumina (kg)",
                "Alumina (t)",
                "Aluminium (kg)",
                "Aluminium (t)",
                "Eligible Pre-Consumer Scrap (kg)",
                "Eligible Pre-Consumer Scrap (t)",
                "Key",
            ],
        )
        rows = self.rows_by_key(sheet, "I")
        # alumina converts into aluminium (V3 5.1.2): each lists its own input, 4,000 and
        # 10,000 kg
        self.assertEqual(sheet.cell(rows["coc_in"], 3).value, 4000)
        self.assertEqual(sheet.cell(rows["coc_in"], 5).value, 10000)
        for key, value in figures[self.aluminium].items():
            self.assertEqual(sheet.cell(rows[key], 5).value, value, key)
            self.assertAlmostEqual(sheet.cell(rows[key], 6).value, value / 1000, 9)
        for key, value in figures[self.scrap_pre].items():
            self.assertEqual(sheet.cell(rows[key], 7).value, value, key)
        self.assertEqual(sheet.cell(rows["coc_in"], 1).value, "1.7 a")
        self.assertEqual(sheet.cell(rows["intra_out"], 1).value, "1.7 g")
        periods = book["Periods"]
        self.assertEqual(
            [
                [c.value for c in row][:1] + [c.value for c in row][5:]
                for row in periods.iter_rows(4)
            ],
            [[self.p1.name, "Closed", "yes"], [p2.name, "Open", "no: not closed"]],
        )

        # the PDF
        text = self.pdf_text(ANNUAL_PDF, wizard)
        for expected in (
            f"Annual report to the ASI Secretariat 2026: {self.company.name}",
            "Due to the ASI Secretariat by 2027-06-30",
            "1.7 a",
            "CoC material input",
            "4,000.000",
            "10,000.000",
            "7,000.000",
            "Largest positive balance carried forward",
            self.p1.name,
            "no: not closed",
        ):
            self.assertIn(squash(expected), text)

    def test_balance_used_is_the_carried_in_balance_consumed(self):
        self.p1.action_close()  # 7,000 kg aluminium carried into p2 (2026 H2)
        p2 = self.p1._next_period()
        self.post(2000, on=date(2026, 8, 1))
        self.post(8000, direction="output", on=date(2026, 9, 1))
        p2.action_close(carry_forward=False)
        data = self.wizard()._asi_annual_data()
        figures = {i["material"]: i["figures"] for i in data["blocks"][0]["materials"]}
        # p2: 7,000 kg carried in + 2,000 kg in - 8,000 kg out = 1,000 kg lapsed at the close.
        # The 8,000 kg out used the whole 7,000 kg carried in (V2.1 1.7 e), then 1,000 kg of
        # p2's own input; what lapsed is p2's own balance, not carried-in balance.
        self.assertEqual(figures[self.aluminium]["balance_used"], 7000)
        self.assertEqual(figures[self.aluminium]["coc_out"], 13000)  # 5,000 + 8,000
        self.assertEqual(figures[self.aluminium]["largest_carried_out"], 7000)
        # scrap: 1,500 kg carried into p2, nothing shipped: none used, all of it lapsed
        self.assertEqual(figures[self.scrap_pre]["balance_used"], 0)

    def test_balance_used_when_less_went_out_than_was_carried_in(self):
        self.p1.action_close()
        p2 = self.p1._next_period()
        self.post(3000, direction="output", on=date(2026, 8, 1))
        p2.action_close(carry_forward=False)
        data = self.wizard()._asi_annual_data()
        figures = {i["material"]: i["figures"] for i in data["blocks"][0]["materials"]}
        # 7,000 kg carried in, 3,000 kg out: 3,000 kg used, 4,000 kg expired (V2.1 8.9)
        self.assertEqual(figures[self.aluminium]["balance_used"], 3000)
        self.assertEqual(figures[self.aluminium]["coc_out"], 8000)  # 5,000 + 3,000

    def test_figures_are_those_of_the_lines_dated_in_the_calendar_year(self):
        # V2.1 1.7: the report covers the calendar year, and p2 runs from July to June.
        p2 = self.Period.create({"date_from": date(2026, 7, 1), "date_to": date(2027, 6, 30)})
        self.p1.action_close()  # 7,000 kg aluminium carried into p2, dated 2026-07-01
        self.post(2000, on=date(2026, 8, 1))
        self.post(3000, direction="output", on=date(2026, 9, 1))
        self.post(5000, direction="output", on=date(2027, 2, 1))
        self.post(1000, status="non_asi", on=date(2027, 3, 1))
        self.post(1000, direction="output", status="non_asi", on=date(2027, 4, 1))
        p2.action_close(carry_forward=False)  # 7,000 + 2,000 - 8,000 = 1,000 kg lapse
        self.assertEqual(self.wizard(2026).period_ids, self.p1 | p2)

        data = self.wizard(2026)._asi_annual_data()
        alu = {i["material"]: i["figures"] for i in data["blocks"][0]["materials"]}[self.aluminium]
        self.assertEqual(alu["coc_out"], 8000)  # 5,000 (p1) + 3,000 (September), not 13,000
        self.assertEqual(alu["non_coc_in"], 3000)  # p1 only; March 2027 is next year
        self.assertEqual(alu["non_coc_out"], 2000)  # p1 only; April 2027 is next year
        self.assertEqual(alu["largest_carried_out"], 7000)  # p1's carry-forward of 2026-06-30
        # of the 7,000 kg carried in, September's 3,000 kg out used 3,000 kg in 2026
        self.assertEqual(alu["balance_used"], 3000)
        self.assertEqual(
            [(p["name"], p["used"], p["partial"]) for p in data["periods"]],
            [(self.p1.name, True, False), (p2.name, True, True)],
        )

        data = self.wizard(2027)._asi_annual_data()
        self.assertEqual([p["name"] for p in data["periods"]], [p2.name])
        alu = {i["material"]: i["figures"] for i in data["blocks"][0]["materials"]}[self.aluminium]
        self.assertEqual(
            alu,
            {
                "coc_in": 0.0,  # the 2,000 kg of August 2026 belong to 2026
                "coc_out": 5000,
                "eligible_in": 0.0,
                "eligible_out": 0.0,
                "non_coc_in": 1000,
                "non_coc_out": 1000,
                "largest_carried_out": 0.0,  # p2 carried nothing forward
                # February's 5,000 kg out used the 7,000 - 3,000 = 4,000 kg still carried in,
                # then 1,000 kg of p2's own input: 3,000 (2026) + 4,000 (2027) = 7,000 kg
                "balance_used": 4000,
                "overdraft": 0.0,
                "intra_out": 0.0,
            },
        )
        text = self.pdf_text(ANNUAL_PDF, self.wizard(2027))
        self.assertIn(squash("(extends beyond the year: only its lines dated in 2027 count)"), text)

    def test_option3_one_block_per_site(self):
        self.p1.action_close(carry_forward=False)
        self.company.asi_rule_set = "v3_option3"
        north = self.env["asi.site"].create({"name": "North", "code": "N"})
        south = self.env["asi.site"].create({"name": "South", "code": "S"})
        dates = {"date_from": date(2027, 1, 1), "date_to": date(2027, 12, 31)}
        pn = self.Period.create(dict(dates, site_id=north.id))
        ps = self.Period.create(dict(dates, site_id=south.id))
        on = date(2027, 3, 1)
        self.post(1000, site=north, on=on)
        self.post(200, site=south, on=on)
        self.post(150, direction="output", site=south, on=on)
        (pn | ps).action_close(carry_forward=False)
        wizard = self.wizard(2027)
        data = wizard._asi_annual_data()
        self.assertEqual(
            [(b["label"], b["family"]) for b in data["blocks"]],
            [("[N] North", "v3"), ("[S] South", "v3")],
        )
        south_figures = data["blocks"][1]["materials"][0]["figures"]
        self.assertEqual(
            south_figures,
            {"asi_in": 200, "asi_out": 150, "carried_out": 0, "balance_used": 0, "overdraft": 0},
        )
        self.assertEqual(
            data["blocks"][0]["conversions"],
            [{"input": "Alumina", "output": "Aluminium", "factor": 0.5}],
        )
        book = self.workbook(self.xlsx(ANNUAL_XLSX, wizard))
        self.assertEqual(book.sheetnames, ["N North", "S South", "Periods"])
        sheet = book["S South"]
        rows = self.rows_by_key(sheet, "E")
        self.assertEqual(sheet.cell(rows["asi_in"], 3).value, 200)
        self.assertEqual(sheet.cell(rows["asi_in"], 1).value, "2.3.1")
        text = self.pdf_text(ANNUAL_PDF, wizard)
        self.assertIn(squash("2.3.2 Conversion factors"), text)
        self.assertIn(squash("[S] South · V3 annex 1, 2.3"), text)

    def test_company_of_another_user_is_refused(self):
        self.p1.action_close()
        with self.assertRaises(AccessError):
            self.wizard(user=self.user_b, company_id=self.company.id)
        wizard = self.wizard()
        with self.assertRaisesRegex(
            UserError,
            f"^{self.company.name} is not one of your current companies: its annual report "
            "cannot be printed here.$",
        ):
            wizard.with_user(self.user_b).sudo().action_print_pdf()
        # and what the other company sees of its own year is nothing of this one
        own = self.wizard(user=self.user_b, company_id=self.company_b.id)
        self.assertFalse(own.period_ids)

    def test_year_is_shown_without_thousands_separator(self):
        # Issue 14, point 11: the dialog showed the year as "2,026". Odoo 18's integer widget
        # formats the number unless its option enable_formatting is false.
        arch = self.env["asi.annual.report.wizard"].get_view(view_type="form")["arch"]
        (year,) = etree.fromstring(arch).xpath("//field[@name='year']")
        self.assertIs(
            safe_eval(year.get("options"), {"false": False, "true": True})["enable_formatting"],
            False,
        )
