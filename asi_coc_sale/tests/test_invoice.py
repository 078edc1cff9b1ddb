from datetime import date, datetime

from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.asi_coc_stock.tests import pdf_pages

from .common import STATEMENT, AsiSaleCase

INVOICE = "account.account_invoices"


@tagged("post_install", "-at_install")
class TestInvoice(AsiSaleCase):
    """Customer invoices carry the CoC fields of what was delivered (V3 6.3, V2.1 9.2)."""

    def test_invoice_lines_carry_the_delivery_coc_fields(self):
        order, picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        line = invoice.invoice_line_ids
        self.assertEqual(
            (
                line.asi_designated,
                line.asi_material_type_id,
                line.asi_mass_kg,
                line.asi_document_numbers,
                line.asi_picking_ids,
            ),
            (True, self.aluminium, 600.0, picking.asi_document_number, picking),
        )
        self.assertTrue(invoice.asi_has_coc)
        self.assertFalse(invoice.asi_origin_document_numbers)
        data = invoice._asi_invoice_coc_data()
        self.assertEqual(
            data,
            {
                "document_numbers": picking.asi_document_number,
                "transfer_dates": "2026-03-10",
                "issuer_name": self.company.name,
                "issuer_certificate": "ASI-OWN-0007",
                "receiver_name": "Rolling Mill",
                "receiver_certificate": "ASI-CUST-0042",
                "responsible_person": self.env.user.name,
                "statement": STATEMENT,
                "origin_document_numbers": False,
            },
        )

    def test_posted_invoice_keeps_its_coc_data(self):
        order, picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        # Someone retypes the document number afterwards: the invoice keeps what it was
        # issued with (stored at posting).
        picking.asi_document_number = "RETYPED"
        invoice.invoice_line_ids.invalidate_recordset()
        self.assertNotEqual(invoice.invoice_line_ids.asi_document_numbers, "RETYPED")

    def test_invoice_without_asi(self):
        lot = self.asi_lot()
        order = self.confirm(
            self.quote(300, requested=False, extra_lines=[{"product_id": self.silicon.id}])
        )
        self.ship(order, lot)
        invoice = self.invoice(order)
        self.assertFalse(invoice.asi_has_coc)
        self.assertFalse(any(invoice.invoice_line_ids.mapped("asi_designated")))
        self.assertFalse(any(invoice.invoice_line_ids.mapped("asi_document_numbers")))
        html = self.render_html(INVOICE, invoice)
        self.assertNotIn("Chain of Custody", html)
        self.assertNotIn("ASI-OWN-0007", html)

    def test_only_asi_lines_carry_the_fields(self):
        lot = self.asi_lot()
        order = self.confirm(self.quote(600, extra_lines=[{"product_id": self.silicon.id}]))
        self.ship(order, lot)
        invoice = self.invoice(order)
        asi = invoice.invoice_line_ids.filtered("asi_designated")
        self.assertEqual(asi.product_id, self.ingot)
        html = self.render_html(INVOICE, invoice)
        marks = self.text_of(html, "//div[@name='asi_line']")
        self.assertEqual(marks.count("ASI material"), 1)

    def test_invoice_html_prints_every_data_point(self):
        order, picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        html = self.render_html(INVOICE, invoice)
        line = self.text_of(html, "//div[@name='asi_line']")
        number = picking.asi_document_number
        self.assertEqual(line, f"ASI material: Aluminium, 600.00 kg, CoC Document No. {number}")
        block = self.text_of(html, "//div[@name='asi_coc']")
        for expected in (
            f"CoC Document No. {picking.asi_document_number}",
            "Date of Transfer of Control 2026-03-10",
            f"ASI CoC Certificate ASI-OWN-0007 ({self.company.name})",
            "Received by Rolling Mill",
            "Receiver's ASI CoC Certificate ASI-CUST-0042",  # V2.1 9.2 d
            f"Responsible Person {self.env.user.name}",
            STATEMENT,
        ):
            self.assertIn(expected, block)

    def test_certificate_valid_on_the_transfer_date_is_printed(self):
        order, _picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        # The certificate expires after the transfer, a successor follows: the invoice keeps
        # the certificate that was valid when control passed.
        self.own_cert.write({"state": "expired", "date_invalid": date(2026, 4, 1)})
        self.Certificate.create(
            {
                "number": "ASI-OWN-0008",
                "holder_id": self.company.partner_id.id,
                "date_start": date(2026, 4, 1),
                "date_end": date(2029, 3, 31),
                "material_type_ids": [(6, 0, self.aluminium.ids)],
            }
        )
        self.assertEqual(invoice._asi_invoice_coc_data()["issuer_certificate"], "ASI-OWN-0007")
        # The customer's certificate suspended afterwards with effect before the transfer: the
        # CoC document as issued still names it (V2.1 1.6); a correction is a revision.
        self.customer_cert.write({"state": "suspended", "date_invalid": date(2026, 3, 1)})
        self.assertEqual(invoice._asi_invoice_coc_data()["receiver_certificate"], "ASI-CUST-0042")
        order.picking_ids._asi_coc_revise("Customer certificate suspended before the transfer")
        self.assertIsNone(invoice._asi_invoice_coc_data()["receiver_certificate"])

    def test_invoice_block_keeps_the_coc_document_as_issued(self):
        order, picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        issued = self.text_of(self.render_html(INVOICE, invoice), "//div[@name='asi_coc']")
        issuer = self.company.name
        # Master data changes after the delivery was validated (V2.1 1.6, 9.2).
        self.company.name = "Renamed Smelter Co"
        self.customer.write({"name": "Coil Group Holding", "street": "1 Other Street"})
        self.own_cert.write({"number": "ASI-OWN-0099", "date_end": date(2030, 1, 31)})
        self.customer_cert.write({"number": "ASI-CUST-0999"})
        self.company.asi_coc_statement = "A statement typed after the shipment"
        self.company.asi_responsible_user_ids = self.manager
        self.ingot.name = "Ingot renamed"
        self.env.invalidate_all()
        block = self.text_of(self.render_html(INVOICE, invoice), "//div[@name='asi_coc']")
        self.assertEqual(block, issued)
        for expected in (
            f"CoC Document No. {picking.asi_document_number}",
            "Date of Transfer of Control 2026-03-10",
            f"ASI CoC Certificate ASI-OWN-0007 ({issuer})",
            "Received by Rolling Mill",
            "Receiver's ASI CoC Certificate ASI-CUST-0042",
            f"Responsible Person {self.env.user.name}",
            STATEMENT,
        ):
            self.assertIn(expected, block)
        for changed in (
            "Renamed Smelter Co",
            "Coil Group Holding",
            "ASI-OWN-0099",
            "ASI-CUST-0999",
            "A statement typed after the shipment",
            self.manager.name,
        ):
            self.assertNotIn(changed, block)
        # The PDF as well.
        text = self.pdf_text(INVOICE, invoice)
        self.assertIn("ASI-OWN-0007", text)
        self.assertNotIn("ASI-OWN-0099", text)
        self.assertNotIn("statementtypedafter", text)

    def test_printing_refused_without_certificate_on_the_transfer_date(self):
        order, _picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        # Found out later: the certificate had been withdrawn before the transfer.
        self.own_cert.write({"state": "withdrawn", "date_invalid": date(2026, 3, 1)})
        with self.assertRaisesRegex(UserError, "the ASI claim cannot be printed"):
            self.render_html(INVOICE, invoice)

    def test_invoice_pdf(self):
        order, picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        text = self.pdf_text(INVOICE, invoice)
        for expected in (
            invoice.name,
            "Chain of Custody",
            picking.asi_document_number,
            "ASI-OWN-0007",
            "ASI-CUST-0042",
            "2026-03-10",
            "600.00kg",
            STATEMENT,
        ):
            self.assertIn(expected.replace(" ", ""), text)

    # --------------------------------------------------------------------------------
    # the issuer on the invoice body (issue 14): Debian's wkhtmltopdf prints no header, so
    # the company's name and address are printed in the body, whatever the build
    # --------------------------------------------------------------------------------
    def set_company_address(self):
        self.company.partner_id.write(
            {
                "street": "1 Smelter Road",
                "city": "Qingdao",
                "zip": "266000",
                "country_id": self.env.ref("base.cn").id,
            }
        )

    def test_invoice_body_carries_the_issuer_and_its_certificate(self):
        self.set_company_address()
        order, _picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        html = self.render_html(INVOICE, invoice)
        issuer = self.text_of(html, "//div[@name='asi_issuer']")
        self.assertEqual(
            issuer,
            # Odoo's address format of China: country, zip and city, street.
            f"{self.company.name} China, 266000 Qingdao 1 Smelter Road "
            "ASI CoC Certificate ASI-OWN-0007",
        )
        # In the page body, above the invoice's dates, not in the layout's header.
        tree = lxml_html.fromstring(html)
        (block,) = tree.xpath("//div[hasclass('page')]//div[@name='asi_issuer']")
        self.assertFalse(block.xpath("ancestor::div[hasclass('header')]"))

    def test_plain_invoice_carries_the_issuer_without_certificate(self):
        self.set_company_address()
        lot = self.asi_lot()
        order = self.confirm(self.quote(300, requested=False))
        self.ship(order, lot)
        invoice = self.invoice(order)
        issuer = self.text_of(self.render_html(INVOICE, invoice), "//div[@name='asi_issuer']")
        self.assertEqual(issuer, f"{self.company.name} China, 266000 Qingdao 1 Smelter Road")

    def test_invoice_pdf_page_one_carries_the_issuer(self):
        self.set_company_address()
        order, _picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        reason = pdf_pages.skip_reason()
        pdf = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pages = (
            None if reason else pdf_pages.pdf_pages(pdf._render_qweb_pdf(INVOICE, invoice.ids)[0])
        )
        if pages is None:
            self.skipTest(f"page checks skipped: {reason or pdf_pages.NO_TEXT_LAYER}")
        for expected in (self.company.name, "1 Smelter Road", "266000 Qingdao", "ASI-OWN-0007"):
            self.assertIn(expected, pages[0])
        # Under the invoice's title, above its dates and lines.
        page = pages[0]
        self.assertLess(page.index(invoice.name), page.index("1 Smelter Road"))
        self.assertLess(page.index("1 Smelter Road"), page.index("Invoice Date"))

    # --------------------------------------------------------------------------------
    # the certified entity invoices
    # --------------------------------------------------------------------------------
    def other_company_invoice(self, order, company):
        self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        line = order.order_line
        partner = self.customer
        invoice = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "invoice_date": date(2026, 3, 12),
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.ingot.id,
                                "quantity": 600,
                                "price_unit": 3.0,
                                "tax_ids": [(6, 0, [])],
                                "sale_line_ids": [(6, 0, line.ids)],
                            },
                        )
                    ],
                }
            )
        )
        return invoice

    def test_invoice_from_outside_the_certified_entity_refused(self):
        order, picking = self.sold_and_shipped(600)
        invoice = self.other_company_invoice(order, self.company_b)
        self.assertTrue(invoice.invoice_line_ids.asi_designated)
        with self.assertRaisesRegex(
            UserError,
            f"Other Casthouse B.V. invoices goods that {self.company.name} shipped as ASI "
            f"material under CoC document {picking.asi_document_number}",
        ):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")

    def test_invoice_from_a_company_of_the_same_certified_entity(self):
        order, _picking = self.sold_and_shipped(600)
        # The same ASI certificate covers both legal entities (one certified entity).
        self.Certificate.with_company(self.company_b).create(
            {
                "number": "ASI-OWN-0007",
                "holder_id": self.company_b.partner_id.id,
                "company_id": self.company_b.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2027, 12, 31),
                "material_type_ids": [(6, 0, self.aluminium.ids)],
            }
        )
        invoice = self.other_company_invoice(order, self.company_b)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_invoice_before_delivery_carries_no_claim(self):
        self.ingot.invoice_policy = "order"
        order = self.confirm(self.quote(600))
        with self.on(datetime(2026, 3, 5, 9, 0)):
            invoice = order._create_invoices()
            invoice.action_post()
        # Nothing was delivered yet: no CoC data is claimed on the invoice.
        self.assertFalse(invoice.asi_has_coc)
