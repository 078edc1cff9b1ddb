from datetime import date, datetime

from odoo.tests import tagged

from .common import ReportCase

CLAIMS_XLSX = "asi_coc_report.action_report_claims_xlsx"
CLAIMS_PDF = "asi_coc_report.action_report_claims_pdf"


@tagged("post_install", "-at_install")
class TestClaimsReport(ReportCase):
    """V3 8.2: the ASI mass per claim and claim type. On top of ReportCase's 5,000 kg of ASI
    output without a source: 1,000 kg of ingots (1 April), 500 kg of billets (15 May) and
    300 kg of non-ASI ingots, each from its stock move."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        kg = cls.env.ref("uom.product_uom_kgm")
        common = {"asi_material_type_id": cls.aluminium.id, "uom_id": kg.id, "uom_po_id": kg.id}
        cls.ingot = Product.create(dict(common, name="Ingot"))
        cls.billet = Product.create(dict(common, name="Billet"))
        for product, kg, status, on in (
            (cls.ingot, 1000, "asi", date(2026, 4, 1)),
            (cls.billet, 500, "asi", date(2026, 5, 15)),
            (cls.ingot, 300, "non_asi", date(2026, 4, 2)),
        ):
            move = cls.env["stock.move"].create(
                {
                    "name": product.name,
                    "product_id": product.id,
                    "product_uom_qty": kg,
                    "product_uom": cls.env.ref("uom.product_uom_kgm").id,
                    "location_id": cls.env.ref("stock.stock_location_stock").id,
                    "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
                }
            )
            cls.post(
                kg, direction="output", status=status, on=on, res_model="stock.move", res_id=move.id
            )
        Claim = cls.env["asi.claim"]
        approved = {
            "approval_ref": "ASI-CL-1",
            "approval_date": date(2025, 6, 1),
        }
        cls.on_product = cls.approved_claim(
            dict(
                approved,
                name="Ingot label",
                claim_type="on_product",
                text="Made with ASI aluminium",
                product_ids=[(6, 0, cls.ingot.ids)],
                date_from=date(2026, 1, 1),
                asi_mass_kg=1200,
            )
        )
        # In use from 1 May: only the billets of 15 May count.
        cls.off_product = cls.approved_claim(
            dict(
                approved,
                name="Brochure",
                claim_type="off_product",
                text="Our ingots and billets are ASI material",
                product_ids=[(6, 0, (cls.ingot | cls.billet).ids)],
                date_from=date(2026, 5, 1),
            )
        )
        # Withdrawn on 5 April, before any billet shipped: in the report with 0 kg.
        cls.withdrawn = cls.approved_claim(
            dict(
                approved,
                name="Old billet sticker",
                claim_type="off_product",
                text="ASI billets",
                product_ids=[(6, 0, cls.billet.ids)],
                date_from=date(2025, 1, 1),
            )
        )
        cls.withdrawn.action_withdraw()
        cls.withdrawn.date_to = date(2026, 4, 5)
        # No products: all ASI output of the period.
        cls.marketing = cls.approved_claim(
            dict(
                approved,
                name="Website",
                claim_type="marketing",
                text="ASI certified casthouse",
                date_from=date(2025, 1, 1),
                asi_mass_kg=5000,
            )
        )
        # Not in the report: a draft, a claim that ended before the period, another company's.
        Claim.create({"name": "Draft", "text": "x", "date_from": date(2026, 1, 1)})
        cls.approved_claim(
            dict(
                approved,
                name="Ended",
                text="x",
                date_from=date(2025, 1, 1),
                date_to=date(2025, 12, 31),
            )
        )
        cls.approved_claim(
            dict(
                approved,
                name="Other company",
                text="x",
                date_from=date(2026, 1, 1),
                company_id=cls.company_b.id,
            )
        )

    @classmethod
    def approved_claim(cls, vals):
        # A claim is approved through its action only (V2.1 11.1), never created approved.
        claim = cls.env["asi.claim"].create(vals)
        claim.action_approve()
        return claim

    def test_mass_per_claim_and_type(self):
        (report,) = self.p1._asi_claims_report()
        self.assertEqual(
            [
                (r["claim"], r["output_kg"], r["declared_kg"], r["date_from"], r["date_to"])
                for r in report["claims"]
            ],
            [
                (self.on_product, 1000, 1200, date(2026, 1, 1), date(2026, 6, 30)),
                (self.withdrawn, 0, 0, date(2026, 1, 1), date(2026, 4, 5)),
                (self.off_product, 500, 0, date(2026, 5, 1), date(2026, 6, 30)),
                (self.marketing, 6500, 5000, date(2026, 1, 1), date(2026, 6, 30)),
            ],
        )
        self.assertEqual(report["claims"][3]["products"], "All ASI output")
        self.assertEqual(
            [
                (t["type_key"], t["count"], t["output_kg"], t["declared_kg"])
                for t in report["types"]
            ],
            [
                ("on_product", 1, 1000, 1200),
                ("off_product", 2, 500, 0),
                ("marketing", 1, 6500, 5000),
            ],
        )
        # The period's ASI output is get_balance()'s (readme/DESCRIPTION.md).
        self.assertEqual(report["asi_output_kg"], self.balance()["asi_out"])
        self.assertEqual(report["title"], f"Claims report {self.p1.name} (provisional)")

    def test_xlsx(self):
        book = self.workbook(self.xlsx(CLAIMS_XLSX, self.p1))
        self.assertEqual(book.sheetnames, ["2026-01-01-2026-06-30"])
        sheet = book.active
        self.assertEqual(sheet["A1"].value, f"Claims report {self.p1.name} (provisional)")
        self.assertEqual(
            [
                [cell.value for cell in row]
                for row in sheet.iter_rows(min_row=5, max_row=8, max_col=9)
            ],
            [
                [
                    "Ingot label",
                    "On-product",
                    "Ingot",
                    "ASI-CL-1",
                    *self.dates(2026, 1, 1),
                    1000,
                    1200,
                ],
                [
                    "Old billet sticker",
                    "Off-product",
                    "Billet",
                    "ASI-CL-1",
                    *self.dates(2026, 1, 1, end=(2026, 4, 5)),
                    0,
                    0,
                ],
                [
                    "Brochure",
                    "Off-product",
                    "Billet, Ingot",
                    "ASI-CL-1",
                    *self.dates(2026, 5, 1),
                    500,
                    0,
                ],
                [
                    "Website",
                    "Marketing / corporate",
                    "All ASI output",
                    "ASI-CL-1",
                    *self.dates(2026, 1, 1),
                    6500,
                    5000,
                ],
            ],
        )
        types = {
            row[0]: row[1:4]
            for row in sheet.iter_rows(min_row=12, max_row=14, max_col=4, values_only=True)
        }
        self.assertEqual(
            types,
            {
                "On-product": (1, 1000, 1200),
                "Off-product": (2, 500, 0),
                "Marketing / corporate": (1, 6500, 5000),
            },
        )
        self.assertEqual(sheet["A16"].value, "ASI-designated output of the period")
        self.assertEqual(sheet["C16"].value, 6500)

    @staticmethod
    def dates(*start, end=(2026, 6, 30)):
        return [datetime(2025, 6, 1), datetime(*start), datetime(*end)]

    def test_pdf(self):
        text = self.pdf_text(CLAIMS_PDF, self.p1)
        for expected in (
            "Claimsreport2026-01-01",
            "Ingotlabel",
            "On-product",
            "1,000.000",
            "1,200.000",
            "Website",
            "AllASIoutput",
            "6,500.000",
            "Marketing/corporate",
        ):
            self.assertIn(expected, text)
        self.assertNotIn("Draft", text)
        self.assertNotIn("Othercompany", text)

    def test_wizard_prints_the_chosen_period(self):
        wizard = self.env["asi.claims.report.wizard"].create({"period_id": self.p1.id})
        for action, report in (
            (wizard.action_print_xlsx(), "asi_coc_report.claims_report_xlsx"),
            (wizard.action_print_pdf(), "asi_coc_report.report_claims"),
        ):
            # An administrator without a document layout is asked for one first.
            action = action.get("context", {}).get("report_action", action)
            self.assertEqual(
                (action["report_name"], action["context"]["active_ids"]), (report, [self.p1.id])
            )
