import base64
import csv
import io
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..wizard.asi_ledger_export_wizard import COLUMNS
from .common import ReportCase


@tagged("post_install", "-at_install")
class TestLedgerExport(ReportCase):
    """The ledger for the auditor: p1 (V2.1) and p2 (V3 option 1) have different rule sets, a
    range over both is split by period."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site = cls.env["asi.site"].create({"name": "Casthouse", "code": "CH-01"})
        cls.first = cls.post(
            600,
            on=date(2026, 4, 1),
            site=cls.site,
            certificate_id=cls.cert.id,
            document_ref="NPS-9",
            res_model="stock.move",
            res_id=42,
        )
        cls.p2 = cls.Period.create(
            {"date_from": date(2026, 7, 1), "date_to": date(2026, 12, 31), "rule_set": "v3_option1"}
        )
        cls.late = cls.post(250, on=date(2026, 8, 3))
        cls.correction = cls.post(
            -250, on=date(2026, 8, 4), flow="correction", origin_line_id=cls.late.id
        )
        cls.after = cls.post(99, on=date(2026, 9, 15))  # after the range

    def export(self, **vals):
        vals.setdefault("mode", "dates")
        wizard = self.env["asi.ledger.export.wizard"].create(vals)
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"/web/content/asi.ledger.export.wizard/{wizard.id}/data/", action["url"])
        return wizard.filename, base64.b64decode(wizard.data)

    def test_csv_over_two_rule_sets(self):
        name, content = self.export(
            date_from=date(2026, 3, 1), date_to=date(2026, 8, 31), file_format="csv"
        )
        self.assertTrue(name.endswith("-2026-03-01-2026-08-31.csv"))
        rows = list(csv.reader(io.StringIO(content.decode())))
        self.assertEqual(rows[0], COLUMNS)
        # p1's lines from 1 March (ReportCase posts 3 from then on, plus the 600 kg), then p2's.
        periods = [row[1] for row in rows[1:]]
        self.assertEqual(periods, [self.p1.name] * 4 + [self.p2.name] * 2)
        by_id = {int(row[0]): dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
        self.assertEqual(
            by_id[self.first.id],
            {
                "id": str(self.first.id),
                "period": self.p1.name,
                "date": "2026-04-01",
                "site_code": "CH-01",
                "material_code": "aluminium",
                "asi_status": "asi",
                "direction": "input",
                "flow_type": "external",
                "mass_kg": "600.000",
                "partner": "Test Smelter",
                "certificate_number": "ASI-T-0001",
                "document_ref": "NPS-9",
                "source_model": "stock.move",
                "source_id": "42",
                "origin_line_id": "",
            },
        )
        correction = by_id[self.correction.id]
        self.assertEqual(
            (correction["flow_type"], correction["mass_kg"], correction["origin_line_id"]),
            ("correction", "-250.000", str(self.late.id)),
        )
        # Dates within each period ascending.
        dates = [row[2] for row in rows[1:5]]
        self.assertEqual(dates, sorted(dates))

    def test_xlsx_one_sheet_per_period(self):
        _name, content = self.export(
            date_from=date(2026, 3, 1), date_to=date(2026, 8, 31), file_format="xlsx"
        )
        book = self.workbook(content)
        self.assertEqual(book.sheetnames, ["2026-01-01-2026-06-30", "2026-07-01-2026-12-31"])
        first, second = book.worksheets
        self.assertEqual(first["A1"].value, "Line")
        self.assertEqual(first.max_row, 5)
        self.assertEqual(second.max_row, 3)
        row = next(r for r in first.iter_rows(min_row=2, values_only=True) if r[0] == self.first.id)
        self.assertEqual(
            row,
            (
                self.first.id,
                self.p1.name,
                datetime(2026, 4, 1),
                "CH-01",
                "aluminium",
                "asi",
                "input",
                "external",
                600,
                "Test Smelter",
                "ASI-T-0001",
                "NPS-9",
                "stock.move",
                42,
                None,
            ),
        )
        self.assertEqual(second["O3"].value, self.late.id)

    def test_one_period(self):
        _name, content = self.export(mode="period", period_id=self.p2.id, file_format="csv")
        rows = list(csv.reader(io.StringIO(content.decode())))
        self.assertEqual(
            [int(r[0]) for r in rows[1:]], [self.late.id, self.correction.id, self.after.id]
        )

    def test_bad_scope_is_refused(self):
        with self.assertRaisesRegex(UserError, "Choose the period to export"):
            self.export(mode="period", file_format="csv")
        with self.assertRaisesRegex(UserError, "Choose a date range"):
            self.export(date_from=date(2026, 5, 1), date_to=date(2026, 4, 1))
        with self.assertRaisesRegex(UserError, "No material accounting period of .* overlaps"):
            self.export(date_from=date(2030, 1, 1), date_to=date(2030, 2, 1))

    def test_batches_do_not_query_per_line(self):
        wizard = self.env["asi.ledger.export.wizard"].create(
            {"mode": "period", "period_id": self.p1.id, "file_format": "csv"}
        )
        periods, date_from, date_to = wizard._asi_scope()
        self.env.invalidate_all()
        with self.assertQueryCount(3):  # flush, one batch, the empty batch that ends
            batches = list(wizard._asi_rows(periods, date_from, date_to))
        self.assertEqual(sum(len(b) for b in batches), 9)
