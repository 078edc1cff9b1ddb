import io
import re
from datetime import date, datetime

import psycopg2
from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfReader

from odoo.addons.asi_coc.tests.common_mass_balance import MassBalanceCase

from .. import coc_data
from . import pdf_pages
from .common import AsiPickingMixin

STATEMENT = (
    "The information provided in this CoC Document is in accordance with the ASI CoC Standard"
)
REPORT = "stock.action_report_delivery"


def squash(text):
    """Text without whitespace: PDF text extraction breaks lines and spaces at will."""
    return re.sub(r"\s+", "", text)


@tagged("post_install", "-at_install")
class TestDeliverySlip(AsiPickingMixin, MassBalanceCase):
    """The CoC data points (V3 6.3, V2.1 9.2-9.3) on the delivery slip and in the CoC data file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.site = cls.env["asi.site"].create({"name": "Casthouse", "code": "CH-01"})
        cls.warehouse.asi_site_id = cls.site
        cls.stock = cls.warehouse.lot_stock_id
        cls.kg = cls.env.ref("uom.product_uom_kgm")
        cls.ingot = cls.env["product.product"].create(
            {
                "name": "Ingot P1020",
                "default_code": "P1020",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.kg.id,
                "uom_po_id": cls.kg.id,
                "asi_material_type_id": cls.aluminium.id,
            }
        )
        # Not aluminium-related: counts in the total shipment mass only (V2.1 9.2 i).
        cls.pallet = cls.env["product.product"].create(
            {"name": "Wooden pallet", "type": "consu", "is_storable": False, "weight": 20}
        )
        cls.company.partner_id.write(
            {
                "street": "1 Smelter Road",
                "city": "Qingdao",
                "zip": "266000",
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.own_cert = cls.Certificate.create(
            {
                "number": "ASI-OWN-0007",
                "holder_id": cls.company.partner_id.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2027, 12, 31),
                "material_type_ids": [(6, 0, cls.aluminium.ids)],
            }
        )
        cls.company.asi_certificate_id = cls.own_cert
        cls.responsible = new_test_user(cls.env, "coc_responsible", name="Mei Chen")
        cls.company.asi_responsible_user_ids = cls.responsible
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Rolling Mill Ltd",
                "is_company": True,
                "asi_role": "customer",
                "street": "8 Coil Avenue",
                "city": "Wuxi",
            }
        )
        # The slip goes to a contact of the customer; the receiving entity is the company.
        cls.buyer = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id, "type": "delivery"}
        )
        cls.customer_cert = cls.Certificate.create(
            {
                "number": "ASI-CUST-0042",
                "holder_id": cls.customer.id,
                "date_start": date(2025, 6, 1),
                "date_end": date(2028, 5, 31),
                "material_type_ids": [(6, 0, cls.aluminium.ids)],
            }
        )

    # --------------------------------------------------------------------------------
    # helpers
    # --------------------------------------------------------------------------------
    def receive_ingot(self, qty, lot, status="asi"):
        return self.receive_lots([(lot, qty)], status)

    def receive_lots(self, lots, status="asi"):
        """One receipt of ingot in the ``lots``: (lot name, kg) pairs."""
        total = sum(qty for _lot, qty in lots)
        picking = self.draft_receipt(self.ingot, total)
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            [
                {
                    "move_id": move.id,
                    "picking_id": picking.id,
                    "product_id": self.ingot.id,
                    "product_uom_id": self.kg.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": self.stock.id,
                    "lot_name": lot,
                    "quantity": qty,
                    "asi_status": status,
                    "asi_certificate_number": "ASI-T-0001",
                    "asi_document_ref": "NPS-77",
                    "asi_declared_mass_kg": qty,
                }
                for lot, qty in lots
            ]
        )
        self.validate_picking(picking, datetime(2026, 2, 10, 10, 0))
        return picking.move_line_ids.lot_id

    def ship(self, lines, partner=None):
        """``lines``: (product, qty, lot, designated) tuples; validated on 2026-03-10."""
        picking = self.open_delivery(lines, partner or self.buyer)
        self.validate_picking(picking, datetime(2026, 3, 10, 10, 0))
        self.assertEqual(picking.state, "done")
        return picking

    def asi_delivery(self):
        lot = self.receive_ingot(1000, "L-ASI-1")
        return self.ship([(self.ingot, 600, lot, True), (self.pallet, 2, None, False)])

    def slip_html(self, picking):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(REPORT, picking.ids)
        return html.decode()

    def slip_text(self, picking):
        """The visible text of the slip, whitespace collapsed."""
        text = lxml_html.fromstring(self.slip_html(picking)).text_content()
        return " ".join(text.split())

    def coc_block(self, picking):
        blocks = lxml_html.fromstring(self.slip_html(picking)).xpath("//div[@name='asi_coc']")
        return " ".join(blocks[0].text_content().split()) if blocks else None

    def long_asi_delivery(self):
        """600 kg of ingot from 60 lots of 10 kg: a slip of 60 lines, its CoC block too."""
        self.receive_lots([(f"L-{n:03d}", 10) for n in range(1, 61)])
        picking = self.ship([(self.ingot, 600, None, True)])
        self.assertEqual(len(picking.move_line_ids), 60)
        return picking

    def slip_pdf(self, picking):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, picking.ids)
        )
        self.assertEqual(report_type, "pdf")
        return pdf

    def slip_pages(self, picking):
        """The text of each page of the slip PDF; skips the test when it cannot be read."""
        reason = pdf_pages.skip_reason()
        pages = None if reason else pdf_pages.pdf_pages(self.slip_pdf(picking))
        if pages is None:
            self.skipTest(f"page checks skipped: {reason or pdf_pages.NO_TEXT_LAYER}")
        return pages

    # --------------------------------------------------------------------------------
    # the data
    # --------------------------------------------------------------------------------
    def test_coc_data(self):
        picking = self.asi_delivery()
        data = picking._asi_coc_data()
        self.assertEqual(
            {k: v for k, v in data.items() if k != "lines"},
            {
                "document_number": picking.asi_document_number,
                "issue_date": "2026-03-10",
                "transfer_date": "2026-03-10",
                "issuer_name": self.company.name,
                "issuer_address": "China, 266000, Qingdao 1 Smelter Road",
                "issuer_certificate": "ASI-OWN-0007",
                "receiver_name": "Rolling Mill Ltd",
                "receiver_address": "8 Coil Avenue, Wuxi",
                "receiver_certificate": "ASI-CUST-0042",
                "responsible_person": "Mei Chen",
                "ledger_ref": picking.asi_document_number,
                "coc_model": None,
                "site_code": None,
                "total_mass_kg": 640.0,  # 600 kg of ingot and two pallets of 20 kg
                "statement": STATEMENT,
            },
        )
        self.assertEqual(
            data["lines"],
            [
                {
                    "line_number": 1,
                    "product_code": "P1020",
                    "product_name": "Ingot P1020",
                    "lot": "L-ASI-1",
                    "material_type": "aluminium",
                    "asi_status": "asi",
                    "asi_mass_kg": 600.0,
                    "asi_mass_basis": "aluminium_content",
                    "carbon_footprint": None,
                    "recycled_content_pre": None,
                    "recycled_content_post": None,
                    "ps_certification_status": None,
                }
            ],
        )
        # The ledger reference is the one of the posted output line.
        ledger = self.Line.search(
            [("res_model", "=", "stock.move"), ("res_id", "in", picking.move_ids.ids)]
        )
        self.assertEqual(ledger.mapped("document_ref"), [data["ledger_ref"]])

    def test_certificates_valid_on_the_transfer_date(self):
        # The company's own certificate lapsed before the transfer: its successor is printed.
        self.own_cert.write({"state": "expired", "date_invalid": date(2026, 3, 1)})
        successor = self.Certificate.create(
            {
                "number": "ASI-OWN-0008",
                "holder_id": self.company.partner_id.id,
                "date_start": date(2026, 3, 1),
                "date_end": date(2029, 2, 28),
                "material_type_ids": [(6, 0, self.aluminium.ids)],
            }
        )
        # The customer's certificate was suspended before the transfer: it has none.
        self.customer_cert.write({"state": "suspended", "date_invalid": date(2026, 3, 1)})
        data = self.asi_delivery()._asi_coc_data()
        self.assertEqual(data["issuer_certificate"], successor.number)
        self.assertIsNone(data["receiver_certificate"])

    def test_responsible_person_defaults_to_who_validated(self):
        self.company.asi_responsible_user_ids = False
        picking = self.asi_delivery()
        self.assertEqual(picking.asi_document_user_id, self.env.user)
        self.assertEqual(picking._asi_coc_data()["responsible_person"], self.env.user.name)

    def test_not_an_asi_delivery_has_no_coc_data(self):
        lot = self.receive_ingot(500, "L-NON", status="non_asi")
        plain = self.ship([(self.ingot, 100, lot, False)])
        message = (
            f"{plain.name} is not a validated delivery of ASI material: only those carry a "
            "CoC document."
        )
        with self.assertRaisesRegex(UserError, re.escape(message)):
            plain._asi_coc_data()
        receipt = self.env["stock.picking"].search(
            [("picking_type_id", "=", self.warehouse.in_type_id.id)], limit=1
        )
        with self.assertRaisesRegex(UserError, "is not a validated delivery of ASI material"):
            receipt._asi_coc_data()
        with self.assertRaisesRegex(UserError, "is not a validated delivery of ASI material"):
            plain.action_asi_coc_download_json()

    def test_round_trip_through_the_file_formats(self):
        data = self.asi_delivery()._asi_coc_data()
        self.assertEqual(coc_data.parse(coc_data.to_json(data).encode(), "x.json"), data)
        self.assertEqual(coc_data.parse(coc_data.to_csv(data).encode(), "x.csv"), data)

    def test_round_trip_with_option3_and_sustainability_data(self):
        self.use_option3()
        self.fill_sustainability_data()
        data = self.asi_delivery()._asi_coc_data()
        self.assertEqual((data["coc_model"], data["site_code"]), ("site_mass_balance", "CH-01"))
        self.assertEqual(data["lines"][0]["carbon_footprint"], 8600.0)
        self.assertEqual(coc_data.parse(coc_data.to_json(data).encode()), data)
        self.assertEqual(coc_data.parse(coc_data.to_csv(data).encode()), data)

    # --------------------------------------------------------------------------------
    # the slip
    # --------------------------------------------------------------------------------
    def test_slip_prints_every_data_point(self):
        picking = self.asi_delivery()
        block = self.coc_block(picking)
        for expected in (
            "Chain of Custody",
            picking.asi_document_number,  # V3 6.3.1
            "Issue Date 2026-03-10",  # V2.1 9.2 a
            f"Issued by {self.company.name}",  # V3 6.3.2
            "China, 266000, Qingdao 1 Smelter Road",  # V2.1 9.2 c
            "ASI CoC Certificate ASI-OWN-0007",  # V3 6.3.3
            "Received by Rolling Mill Ltd",  # V3 6.3.4
            "8 Coil Avenue, Wuxi",  # V2.1 9.2 d
            "Receiver's ASI CoC Certificate ASI-CUST-0042",
            "Date of Transfer of Control 2026-03-10",  # V3 6.3.5
            f"Material Accounting Reference {picking.asi_document_number}",  # V2.1 9.2 b
            "Responsible Person Mei Chen",  # V2.1 9.2 e
            "[P1020] Ingot P1020 L-ASI-1 Aluminium 600.00",  # V3 6.3.6-6.3.7
            "Total Shipment Mass (kg) 640.00",  # V2.1 9.2 i
            STATEMENT,  # V2.1 9.2 f
        ):
            self.assertIn(expected, block)
        # Neither option 3 data nor sustainability data when they do not apply.
        for absent in ("CoC Model", "Site Identifier", "CH-01", "Sustainability Data"):
            self.assertNotIn(absent, block)

    def test_slip_under_option3_prints_coc_model_and_site(self):
        self.use_option3()
        block = self.coc_block(self.asi_delivery())
        # V3 6.3.8-6.3.9
        self.assertIn("CoC Model Site-level mass balance Site Identifier CH-01", block)

    def test_slip_prints_sustainability_data_when_filled(self):
        self.fill_sustainability_data()
        picking = self.asi_delivery()
        block = self.coc_block(picking)
        # V2.1 9.3
        self.assertIn("Sustainability Data", block)
        self.assertIn("Ingot P1020 8,600.00 12.50 30.00 Certified", block)
        # A table of its own, titled like the pieces of lines: the block's second piece.
        self.assertIn(f"Chain of Custody — {picking.name} (1/2) CoC Document No.", block)
        self.assertIn(f"Chain of Custody — {picking.name} (2/2) Sustainability Data", block)

    def test_plain_delivery_prints_no_coc_block(self):
        lot = self.receive_ingot(500, "L-NON", status="non_asi")
        plain = self.ship([(self.ingot, 100, lot, False)])
        self.assertIsNone(self.coc_block(plain))
        text = self.slip_text(plain)
        self.assertIn(plain.name, text)
        for absent in ("Chain of Custody", STATEMENT, "ASI-OWN-0007"):
            self.assertNotIn(absent, text)

    def test_slip_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["asi_coc_stock"], ["zh_CN"])
        self.customer.lang = "zh_CN"
        self.buyer.lang = "zh_CN"
        self.company.with_context(
            lang="zh_CN"
        ).asi_coc_statement = "本 CoC 文件所提供的信息符合 ASI CoC 标准"
        picking = self.asi_delivery()
        block = self.coc_block(picking)
        self.assertIn("本 CoC 文件所提供的信息符合 ASI CoC 标准", block)
        self.assertIn("监管链", block)
        self.assertIn(picking.asi_document_number, block)

    def test_slip_pdf(self):
        picking = self.asi_delivery()
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, picking.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
        for expected in (
            "Chain of Custody",
            picking.asi_document_number,
            "ASI-OWN-0007",
            "ASI-CUST-0042",
            "Rolling Mill Ltd",
            "8 Coil Avenue, Wuxi",
            "1 Smelter Road",
            "Mei Chen",
            "L-ASI-1",
            "Aluminium",
            "600.00",
            "640.00",
            picking.name,
            STATEMENT,
        ):
            self.assertIn(squash(expected), text)

    # --------------------------------------------------------------------------------
    # the slip over several pages (issue 14): whatever the wkhtmltopdf build, the block
    # starts under the lines, splits between rows and names the delivery on every page
    # --------------------------------------------------------------------------------
    def test_block_splits_into_pieces_that_name_the_delivery(self):
        picking = self.long_asi_delivery()
        tree = lxml_html.fromstring(self.slip_html(picking))
        block = tree.xpath("//div[@name='asi_coc']")[0]
        # Nothing keeps the whole block in one piece nor pushes it onto a page of its own.
        for node in [block, *block.iterancestors()]:
            style = (node.get("style") or "").replace(" ", "")
            self.assertNotIn("page-break-before", style, node.get("name"))
            self.assertNotIn("page-break-inside:avoid", style, node.get("name"))
            self.assertNotIn("avoid-page-break-inside", node.get("class") or "")
        # 60 lines: the CoC data points and lines 1-3 under the slip's lines, then pieces
        # of 15 lines (the last one 12); each piece is kept on one page (it moves whole to the next
        # page when it does not fit) and its title names the delivery ...
        tables = block.xpath(".//table")
        self.assertEqual([t.get("name") for t in tables], ["asi_coc_table"] * 5)
        titles = [" ".join(t.xpath("thead")[0].text_content().split()) for t in tables]
        self.assertEqual(
            titles, [f"Chain of Custody — {picking.name} ({n}/5)" for n in range(1, 6)]
        )
        lines = []
        for table in tables:
            self.assertIn("page-break-inside: avoid", table.get("style"))
            self.assertNotIn("page-break-before", table.get("style"))
            (thead,) = table.xpath("thead")
            # ... (a build that repeats table headers repeats it should a piece still
            # run over a page) ...
            self.assertIn("display: table-header-group", thead.get("style"))
            # ... and a page breaks between rows, never inside one.
            for row in table.xpath(".//tr"):
                self.assertIn("page-break-inside: avoid", row.get("style"))
            rows = table.xpath("tbody/tr[@name='asi_coc_line']")
            lines.append([" ".join(r.text_content().split()) for r in rows])
        self.assertEqual([len(piece) for piece in lines], [3, 15, 15, 15, 12])
        self.assertEqual(
            [line for piece in lines for line in piece],
            [f"[P1020] Ingot P1020 L-{n:03d} Aluminium 10.00" for n in range(1, 61)],
        )
        # The data points once, in the first piece; the total and the statement once, last.
        self.assertEqual(len(block.xpath(".//td[@name='asi_coc_document_number']")), 1)
        self.assertTrue(tables[0].xpath(".//td[@name='asi_coc_document_number']"))
        self.assertTrue(tables[-1].xpath(".//td[@name='asi_coc_total_mass']"))
        self.assertEqual(len(block.xpath(".//tr[@name='asi_coc_statement']")), 1)
        self.assertTrue(tables[-1].xpath(".//tr[@name='asi_coc_statement']"))

    def test_pieces_fit_a_page_when_product_names_wrap(self):
        pieces = self.env["stock.picking"]._asi_coc_slip_pieces
        short = {"product_code": "P1020", "product_name": "Ingot P1020"}
        # 69 characters with its code: it wraps to two lines in a piece's product column.
        wrapping = {
            "product_code": "AL-P1020",
            "product_name": "Primary Aluminium Ingot P1020, 99.7 % min., 22.7 kg ingots",
        }
        # A page holds 15 rows: 15 short lines, or 7 wrapping ones (14 rows).
        self.assertEqual([len(p) for p in pieces([short] * 33)], [3, 15, 15])
        self.assertEqual([len(p) for p in pieces([short] * 3 + [wrapping] * 20)], [3, 7, 7, 6])
        self.assertEqual([len(p) for p in pieces([short] * 2)], [2])
        # The sustainability table, in pieces of 10 rows.
        sustainability = self.env["stock.picking"]._asi_coc_slip_sustainability_pieces
        self.assertEqual([len(p) for p in sustainability(list(range(25)))], [10, 10, 5])
        self.assertEqual(sustainability([]), [])

    def test_block_starts_on_page_one_under_the_lines(self):
        picking = self.asi_delivery()
        pages = self.slip_pages(picking)
        title = f"Chain of Custody — {picking.name}"
        self.assertEqual(len(pages), 1, pages)
        page = pages[0]
        self.assertIn(title, page)
        # Under the slip's lines (the ingot, then the pallets), then the statement that
        # closes the block.
        self.assertLess(page.index("Wooden pallet 2.00 Units 2.00 Units"), page.index(title))
        self.assertIn("ASI-OWN-0007", page)
        self.assertIn(squash(STATEMENT), squash(page[page.index(title) :]))

    def test_long_block_names_the_delivery_on_every_page(self):
        picking = self.long_asi_delivery()
        pages = self.slip_pages(picking)
        title = f"Chain of Custody — {picking.name}"
        first = next(i for i, page in enumerate(pages) if "Chain of Custody" in page)
        last = next(i for i, page in enumerate(pages) if squash(STATEMENT) in squash(page))
        # 60 lines in the block: it splits across pages ...
        self.assertGreater(last, first, pages)
        # ... it starts on page 1, right under the slip's line (one move, 600 kg), not on
        # a fresh page ...
        self.assertEqual(first, 0, pages)
        self.assertIn(title, pages[0])
        above = pages[0][: pages[0].index("Chain of Custody")]
        self.assertIn("[P1020] Ingot P1020 600.00 kg 600.00 kg", above)
        # ... and every page of the block names the delivery, above its first line.
        self.assertIn(f"{title} (1/5)", pages[0])
        for number in range(first + 1, last + 1):
            page = pages[number]
            self.assertIn(title, page, f"page {number + 1}")
            self.assertLess(page.index(title), page.index("L-0"), f"page {number + 1}")
        # Every line of the block is printed, once each.
        block_text = " ".join(pages[first:])
        for n in (1, 30, 60):
            self.assertEqual(block_text.count(f"Ingot P1020 L-{n:03d} Aluminium 10.00"), 1, n)

    # --------------------------------------------------------------------------------
    # the file
    # --------------------------------------------------------------------------------
    def download(self, picking, action):
        result = getattr(picking, action)()
        self.assertEqual(result["type"], "ir.actions.act_url")
        match = re.fullmatch(r"/web/content/(\d+)\?download=true", result["url"])
        return self.env["ir.attachment"].browse(int(match[1]))

    def test_download_json_and_csv(self):
        picking = self.asi_delivery()
        data = picking._asi_coc_data()
        json_file = self.download(picking, "action_asi_coc_download_json")
        self.assertEqual(json_file.name, f"{picking.asi_document_number}.json")
        self.assertEqual(json_file.mimetype, "application/json")
        self.assertEqual((json_file.res_model, json_file.res_id), ("stock.picking", picking.id))
        self.assertEqual(coc_data.parse(json_file.raw, json_file.name), data)
        csv_file = self.download(picking, "action_asi_coc_download_csv")
        self.assertEqual(csv_file.name, f"{picking.asi_document_number}.csv")
        self.assertEqual(coc_data.parse(csv_file.raw, csv_file.name), data)
        # Downloading again returns the same stored file, unchanged (the issued document).
        self.assertEqual(self.download(picking, "action_asi_coc_download_json"), json_file)

    def test_download_respects_read_access(self):
        picking = self.asi_delivery()
        # A read-only auditor can read the delivery, so can download its CoC data ...
        attachment = self.download(picking.with_user(self.auditor), "action_asi_coc_download_csv")
        attachment.with_user(self.auditor).check("read")
        self.assertTrue(attachment.with_user(self.auditor).raw)
        # ... a user of another company cannot.
        with self.assertRaises(AccessError):
            picking.with_user(self.user_b).action_asi_coc_download_json()
        with self.assertRaises(AccessError):
            attachment.with_user(self.user_b).check("read")

    # --------------------------------------------------------------------------------
    # the CoC document as issued (V2.1 1.6, 9.2): frozen at validation, revised, never rewritten
    # --------------------------------------------------------------------------------
    def change_master_data(self):
        """Everything the CoC data is built from changes after the delivery was validated."""
        self.company.name = "Renamed Smelter Co"
        self.company.partner_id.write({"street": "99 New Plant Road", "city": "Yantai"})
        self.customer.write({"name": "Coil Group Holding", "street": "1 Other Street"})
        # The register entry of the company's certificate is renumbered and extended; the
        # customer's certificate is suspended with effect before the transfer.
        self.own_cert.write({"number": "ASI-OWN-0099", "date_end": date(2030, 1, 31)})
        self.customer_cert.write({"state": "suspended", "date_invalid": date(2026, 3, 1)})
        self.company.asi_coc_statement = "A statement typed after the shipment"
        self.responsible.name = "Somebody Else"
        self.ingot.write({"name": "Ingot renamed", "default_code": "X-1"})
        self.aluminium.name = "Renamed material"

    def issued_values_in(self, text):
        """The values as issued are in ``text``, the changed master data is not."""
        for issued in (
            "Rolling Mill Ltd",
            "8 Coil Avenue, Wuxi",
            "ASI-OWN-0007",
            "ASI-CUST-0042",
            "1 Smelter Road",
            "Mei Chen",
            "Ingot P1020",
            "P1020",
            STATEMENT,
        ):
            self.assertIn(squash(issued), squash(text))
        for changed in (
            "Renamed Smelter Co",
            "99 New Plant Road",
            "Coil Group Holding",
            "ASI-OWN-0099",
            "A statement typed after the shipment",
            "Somebody Else",
            "Ingot renamed",
            "Renamed material",
        ):
            self.assertNotIn(squash(changed), squash(text))

    def test_validation_issues_one_frozen_document(self):
        picking = self.asi_delivery()
        document = picking.asi_coc_document_ids
        self.assertEqual(len(document), 1)
        self.assertEqual(
            (document.document_number, document.revision, document.original_id),
            (picking.asi_document_number, 0, self.env["asi.coc.document"]),
        )
        self.assertEqual(document.issue_date, date(2026, 3, 10))
        self.assertEqual(picking.asi_coc_document_id, document)
        # Kept five years from the issue (V2.1 1.6): 2026-03-10 + 5 years.
        self.assertEqual(document._asi_retained_until(), date(2031, 3, 10))
        # A plain delivery issues none.
        lot = self.receive_ingot(500, "L-NON", status="non_asi")
        plain = self.ship([(self.ingot, 100, lot, False)])
        self.assertFalse(plain.asi_coc_document_ids)

    def test_reprint_and_files_carry_the_values_as_issued(self):
        picking = self.asi_delivery()
        issued_block = self.coc_block(picking)
        issued_json = picking._asi_coc_file("json")[1]
        issued_csv = picking._asi_coc_file("csv")[1]
        self.issued_values_in(issued_block)
        self.change_master_data()
        self.env.invalidate_all()
        # The slip as reprinted: the same CoC block, word for word.
        self.assertEqual(self.coc_block(picking), issued_block)
        self.issued_values_in(self.coc_block(picking))
        self.assertIn("Aluminium 600.00", self.coc_block(picking))
        # The CoC data and both files, byte for byte.
        self.assertEqual(picking._asi_coc_file("json")[1], issued_json)
        self.assertEqual(picking._asi_coc_file("csv")[1], issued_csv)
        data = picking._asi_coc_data()
        self.assertEqual(
            (data["issuer_certificate"], data["receiver_name"], data["receiver_certificate"]),
            ("ASI-OWN-0007", "Rolling Mill Ltd", "ASI-CUST-0042"),
        )
        self.assertEqual(data["issuer_address"], "China, 266000, Qingdao 1 Smelter Road")
        self.assertNotEqual(data["issuer_name"], "Renamed Smelter Co")
        self.assertEqual(data["statement"], STATEMENT)
        self.assertEqual(data["lines"][0]["product_name"], "Ingot P1020")
        self.assertEqual(data["lines"][0]["asi_mass_kg"], 600.0)
        # The stored download keeps the issued file (no longer overwritten).
        json_file = self.download(picking, "action_asi_coc_download_json")
        self.assertEqual(json_file.raw, issued_json)
        self.assertEqual(self.download(picking, "action_asi_coc_download_csv").raw, issued_csv)

    def test_reprinted_pdf_carries_the_values_as_issued(self):
        picking = self.asi_delivery()
        self.change_master_data()
        self.env.invalidate_all()
        pdf, _type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, picking.ids)
        )
        text = squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
        self.issued_values_in(text[text.index("ChainofCustody") :])

    def test_download_after_a_change_keeps_the_stored_file(self):
        picking = self.asi_delivery()
        first = self.download(picking, "action_asi_coc_download_json")
        issued = first.raw
        self.change_master_data()
        self.env.invalidate_all()
        again = self.download(picking, "action_asi_coc_download_json")
        self.assertEqual(again, first)
        self.assertEqual(again.raw, issued)
        self.assertIn(b"Rolling Mill Ltd", again.raw)
        self.assertNotIn(b"Coil Group Holding", again.raw)

    def test_frozen_document_cannot_be_written_or_unlinked(self):
        picking = self.asi_delivery()
        document = picking.asi_coc_document_id
        issued = document.coc_data
        admin = self.env.ref("base.user_admin")
        for env in (self.env, self.env(user=admin), self.env(user=admin, su=True)):
            doc = document.with_env(env)
            with self.assertRaisesRegex(UserError, "issued CoC document: it cannot be changed"):
                doc.write({"coc_data": "{}"})
        # Kept five years from its issue on 2026-03-10 (V2.1 1.6), also as superuser.
        for env in (self.env, self.env(user=admin, su=True), self.env(user=self.manager)):
            with self.assertRaisesRegex(UserError, "must be kept until 2031-03-10"):
                document.with_env(env).unlink()
        # Whoever may not delete CoC documents at all is told so first.
        with self.assertRaises(AccessError):
            document.with_user(self.user).unlink()
        # Not even around the ORM: the database refuses.
        with self.assertRaises(psycopg2.Error), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.cr.execute(
                "UPDATE asi_coc_document SET coc_data = '{}' WHERE id = %s", [document.id]
            )
        with self.assertRaises(psycopg2.Error), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.cr.execute("DELETE FROM asi_coc_document WHERE id = %s", [document.id])
        document.invalidate_recordset()
        self.assertTrue(document.exists())
        self.assertEqual(document.coc_data, issued)
        # Nobody creates one by hand.
        with self.assertRaises(AccessError):
            self.env["asi.coc.document"].with_user(self.manager).create(
                {"picking_id": picking.id, "coc_data": issued}
            )

    def test_revision_keeps_the_first_and_references_it(self):
        self.manager.groups_id += self.env.ref("stock.group_stock_user")
        picking = self.asi_delivery()
        first = picking.asi_coc_document_id
        issued_first = first.coc_data
        first_file = self.download(picking, "action_asi_coc_download_json")
        self.customer.write({"name": "Coil Group Holding"})
        # A reason is required; nothing is written without it.
        with self.assertRaisesRegex(UserError, "reason"):
            picking.with_user(self.manager)._asi_coc_revise("")
        self.assertEqual(picking.asi_coc_document_ids, first)
        # Only an ASI CoC manager revises a CoC document.
        with self.assertRaisesRegex(AccessError, "ASI CoC Manager"):
            picking.with_user(self.user)._asi_coc_revise("Customer renamed")
        self.assertEqual(picking.asi_coc_document_ids, first)
        with freeze_time(datetime(2026, 4, 2, 9, 0)):
            revision = picking.with_user(self.manager)._asi_coc_revise("Customer renamed")
        self.assertEqual(
            (revision.revision, revision.original_id, revision.reason),
            (1, first, "Customer renamed"),
        )
        self.assertEqual(revision.document_number, picking.asi_document_number)
        self.assertEqual(picking.asi_coc_document_ids, first | revision)
        self.assertEqual(picking.asi_coc_document_id, revision)
        # The first is kept as issued ...
        self.assertEqual(first.coc_data, issued_first)
        self.assertEqual(first._asi_data()["receiver_name"], "Rolling Mill Ltd")
        self.assertEqual(first_file.raw.decode().count("Rolling Mill Ltd"), 1)
        # ... the revision carries the new data, issued on its own date, the same transfer.
        data = picking._asi_coc_data()
        self.assertEqual(data["receiver_name"], "Coil Group Holding")
        self.assertEqual((data["issue_date"], data["transfer_date"]), ("2026-04-02", "2026-03-10"))
        block = self.coc_block(picking)
        self.assertIn("Coil Group Holding", block)
        self.assertIn(f"Revision 1 of {picking.asi_document_number} issued 2026-03-10", block)
        name, content, _mimetype = picking._asi_coc_file("json")
        self.assertEqual(name, f"{picking.asi_document_number}-R1.json")
        self.assertIn(b"Coil Group Holding", content)
        # A second revision still references the first issue.
        second = picking.with_user(self.manager)._asi_coc_revise("Typo")
        self.assertEqual((second.revision, second.original_id), (2, first))

    def test_revise_from_the_delivery(self):
        self.manager.groups_id += self.env.ref("stock.group_stock_user")
        picking = self.asi_delivery().with_user(self.manager)
        first = picking.asi_coc_document_id
        action = picking.action_asi_coc_revise()
        self.assertEqual(action["res_model"], "asi.coc.document.revise")
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        self.assertEqual(wizard.document_id, first)
        wizard.reason = "Receiver address corrected"
        result = wizard.save().action_revise()
        revision = self.env["asi.coc.document"].browse(result["res_id"])
        self.assertEqual((revision.revision, revision.original_id), (1, first))
        self.assertEqual(revision.display_name, f"{picking.asi_document_number} revision 1")
        self.assertEqual(picking.asi_coc_document_id, revision)
        self.assertIn("Receiver address corrected", picking.message_ids[0].body)

    # --------------------------------------------------------------------------------
    # set-ups
    # --------------------------------------------------------------------------------
    def use_option3(self):
        # V3 option 3: one balance per site, so the periods belong to the site.
        self.p1.unlink()
        self.company.asi_rule_set = "v3_option3"
        self.Period.create(
            {
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 6, 30),
                "site_id": self.site.id,
                "rule_set": "v3_option3",
            }
        )

    def fill_sustainability_data(self):
        self.ingot.write(
            {
                "asi_carbon_footprint": 8600,
                "asi_recycled_content_pre": 12.5,
                "asi_recycled_content_post": 30,
            }
        )
        self.site.ps_certification_status = "certified"
