from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiSaleCase

INVOICE = "account.account_invoices"


@tagged("post_install", "-at_install")
class TestReturns(AsiSaleCase):
    """Customer returns of ASI goods and credit notes (V2.1 8.5; engine rule for periods)."""

    def credit_note(self, invoice, when):
        with self.on(when):
            wizard = (
                self.env["account.move.reversal"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create({"journal_id": invoice.journal_id.id, "reason": "Return"})
            )
            action = wizard.refund_moves()
            refund = self.env["account.move"].browse(action["res_id"])
            refund.action_post()
        return refund

    def test_return_posts_reversing_line_and_credit_note_references_document(self):
        order, picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        returned = self.return_of(picking, 200, datetime(2026, 4, 2, 10, 0))
        ledger = self.ledger(returned)
        self.assertEqual(
            (ledger.direction, ledger.mass_kg, ledger.asi_status, ledger.origin_line_id),
            ("output", -200, "asi", self.ledger(picking)),
        )
        self.assertEqual(order.order_line.qty_delivered, 400)
        refund = self.credit_note(invoice, datetime(2026, 4, 3, 9, 0))
        self.assertEqual(refund.asi_origin_document_numbers, picking.asi_document_number)
        html = self.render_html(INVOICE, refund)
        block = self.text_of(html, "//div[@name='asi_coc']")
        self.assertIn(f"Original CoC Document No. {picking.asi_document_number}", block)

    def test_credit_note_from_the_order_references_the_returned_delivery(self):
        lot = self.asi_lot()
        order = self.confirm(self.quote(600))
        first = self.ship(order, lot, qty=300)
        second = self.ship(order, lot, when=datetime(2026, 3, 11, 10, 0))
        self.invoice(order)
        self.return_of(second, 100, datetime(2026, 4, 2, 10, 0))
        with self.on(datetime(2026, 4, 3, 9, 0)):
            refund = order._create_invoices(final=True)
            refund.action_post()
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.asi_origin_document_numbers, second.asi_document_number)
        self.assertNotIn(first.asi_document_number, refund.asi_origin_document_numbers)

    def test_return_beyond_what_was_shipped_as_asi_refused(self):
        _order, picking = self.sold_and_shipped(600)
        self.return_of(picking, 400, datetime(2026, 4, 2, 10, 0))
        before = self.Line.search_count([])
        with self.assertRaisesRegex(
            UserError, "gives back 700.0 kg but .* shipped 600.0 kg as ASI"
        ):
            self.return_goods(picking, 300, datetime(2026, 4, 3, 10, 0))
        self.assertEqual(self.Line.search_count([]), before)

    def test_credit_note_across_a_period_close(self):
        order, picking = self.sold_and_shipped(600)
        invoice = self.invoice(order)
        self.p1.action_close()
        p2 = self.Period.search([("date_from", "=", date(2026, 7, 1))])
        self.assertEqual((self.p1.state, p2.state), ("closed", "open"))
        returned = self.return_of(picking, 150, datetime(2026, 7, 15, 10, 0))
        ledger = self.ledger(returned)
        # In the period of the return, reversing the original output (engine rule).
        self.assertEqual((ledger.period_id, ledger.mass_kg), (p2, -150))
        self.assertEqual(ledger.origin_line_id.period_id, self.p1)
        refund = self.credit_note(invoice, datetime(2026, 7, 16, 9, 0))
        self.assertEqual(refund.asi_origin_document_numbers, picking.asi_document_number)
        text = self.pdf_text(INVOICE, refund)
        self.assertIn("OriginalCoCDocumentNo." + picking.asi_document_number, text)
