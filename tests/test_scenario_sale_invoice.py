"""Cross-module scenario: from the customer's quotation to the invoice PDF, and back.

A rolling mill asks a casthouse for ASI ingot. The quotation states the request with the
casthouse's certificate; the order is confirmed, the delivery is designated ASI through the
request, and the invoice carries the CoC data of that delivery (V3 6.3, V2.1 9.2):
quote -> delivery -> invoice without retyping. Later part of the goods come back after the
delivery's material accounting period was closed: the return reverses the ASI output in the
period of the return and the credit note names the original CoC document.
"""

from datetime import date, datetime

from odoo.tests import tagged

from odoo.addons.asi_coc_sale.tests.common import STATEMENT, AsiSaleCase, squash

QUOTATION = "sale.action_report_saleorder"
INVOICE = "account.account_invoices"


@tagged("post_install", "-at_install")
class TestSaleInvoiceScenario(AsiSaleCase):
    # Outside an add-on Odoo's MetaCase sets no tags: the scenario belongs to the sale module.
    test_tags = {"standard", "post_install"}
    test_module = "asi_coc_sale"
    test_sequence = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.write({"street": "1 Smelter Road", "city": "Qingdao"})

    def test_quotation_to_invoice_pdf(self):
        lot = self.asi_lot(2000, "PS-2026-21")
        order = self.quote(
            1500, extra_lines=[{"product_id": self.silicon.id, "product_uom_qty": 50}]
        )
        # 1. The quotation: the line shows the engine's balance, the PDF states the request.
        with self.on():
            self.assertEqual(order.order_line[0].asi_available_kg, self.balance()["available"])
            quotation = self.pdf_text(QUOTATION, order)
        for expected in ("ASI material (whole line)", "ASI-OWN-0007", "ASI-CUST-0042"):
            self.assertIn(squash(expected), quotation)

        # 2. Confirmed and delivered: the request is the delivery's designation.
        self.confirm(order)
        picking = self.ship(order, lot)
        ingot_move = picking.move_ids.filtered(lambda m: m.product_id == self.ingot)
        self.assertTrue(ingot_move.asi_designated)
        self.assertTrue(picking.asi_document_number)
        ledger = self.ledger(picking).filtered(lambda line: line.material_type_id)
        self.assertEqual((ledger.asi_status, ledger.mass_kg), ("asi", 1500))

        # 3. The invoice carries the CoC data of the delivery, on the ASI line only.
        invoice = self.invoice(order)
        asi_line = invoice.invoice_line_ids.filtered("asi_designated")
        self.assertEqual(asi_line.product_id, self.ingot)
        self.assertEqual(asi_line.asi_document_numbers, picking.asi_document_number)
        text = self.pdf_text(INVOICE, invoice)
        for expected in (
            invoice.name,
            "Chain of Custody",
            f"CoC Document No. {picking.asi_document_number}",  # V3 6.3.1
            "Date of Transfer of Control 2026-03-10",  # V3 6.3.5
            f"ASI CoC Certificate ASI-OWN-0007 ({self.company.name})",  # V3 6.3.2-6.3.3
            "Received by Rolling Mill",  # V3 6.3.4
            "Receiver's ASI CoC Certificate ASI-CUST-0042",  # V2.1 9.2 d
            "ASI material: Aluminium, 1,500.00 kg",  # V3 6.3.6-6.3.7
            f"Responsible Person {self.env.user.name}",  # V2.1 9.2 e
            STATEMENT,  # V2.1 9.2 h
        ):
            self.assertIn(squash(expected), text)

    def test_credit_note_across_a_period_close(self):
        lot = self.asi_lot(1000, "PS-2026-22")
        order = self.confirm(self.quote(800))
        picking = self.ship(order, lot)
        invoice = self.invoice(order)
        shipped = self.ledger(picking)

        # The delivery's period closes; the customer returns 300 kg in July.
        self.p1.action_close()
        p2 = self.Period.search([("date_from", "=", date(2026, 7, 1))])
        returned = self.return_of(picking, 300, datetime(2026, 7, 20, 10, 0))
        reversal = self.ledger(returned)
        self.assertEqual(
            (reversal.period_id, reversal.mass_kg, reversal.asi_status, reversal.origin_line_id),
            (p2, -300, "asi", shipped),
        )
        self.assertEqual(shipped.period_id.state, "closed")

        # The credit note, from the order's returned quantity, names the original document.
        with self.on(datetime(2026, 7, 21, 9, 0)):
            refund = order._create_invoices(final=True)
            refund.action_post()
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.reversed_entry_id | invoice, invoice)
        self.assertEqual(refund.asi_origin_document_numbers, picking.asi_document_number)
        text = self.pdf_text(INVOICE, refund)
        for expected in (
            refund.name,
            f"Original CoC Document No. {picking.asi_document_number}",
            "ASI material: Aluminium, 300.00 kg",
            "ASI-OWN-0007",
        ):
            self.assertIn(squash(expected), text)
