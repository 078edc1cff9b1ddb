from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import AsiPurchaseCase


@tagged("post_install", "-at_install")
class TestScrapDueDiligence(AsiPurchaseCase):
    """V2.1 4.2 b, c: post-consumer scrap and eligible waste are eligible inputs only from a
    supplier whose due-diligence assessment (V2.1 7) is approved and valid on the receipt
    date; this module answers asi_coc_stock's hook from its assessments."""

    def approve_on(self, vendor, when):
        with freeze_time(when):
            return self.approve(vendor)

    def receive_ubc(self, lot, when=datetime(2026, 2, 10, 10, 0)):
        # 1,000 kg of UBC at 90 %: 900 kg of aluminium content.
        return self.receive(
            self.scrap, 1000, lot, partner=self.scrap_dealer, when=when, asi_status="eligible"
        )

    def status_kg(self, picking):
        return [(line.asi_status, line.mass_kg) for line in self.ledger(picking)]

    def test_approved_supplier_scrap_is_eligible(self):
        dd = self.approve_on(self.scrap_dealer, datetime(2026, 1, 15, 9, 0))
        self.assertEqual((dd.date_decision, dd.valid_until), (date(2026, 1, 15), date(2027, 1, 15)))
        picking = self.receive_ubc("UBC-1")
        self.assertEqual(self.status_kg(picking), [("eligible", 900)])
        self.assertEqual(picking.move_line_ids.lot_id.asi_status, "eligible")
        self.assertEqual(self.balance(material=self.scrap_post)["eligible_in"], 900)

    def test_supplier_without_approval_is_non_asi(self):
        dd = self.new_dd(self.scrap_dealer)
        self.send(dd)  # sent, not approved
        picking = self.receive_ubc("UBC-2")
        self.assertEqual(self.status_kg(picking), [("non_asi", 900)])
        lot = picking.move_line_ids.lot_id
        self.assertEqual(lot.asi_status, "non_asi")
        self.assertEqual(
            lot.asi_verification_note,
            "Scrap Yard BV has no approved due-diligence assessment on record valid on "
            "2026-02-10: post-consumer scrap and eligible waste are eligible only after the "
            "supplier's due diligence (V2.1 4.2 b, c; 7.1)",
        )
        self.assertEqual(self.balance(material=self.scrap_post)["eligible_in"], 0)

    def test_approval_must_be_valid_on_the_receipt_date(self):
        # Approved after the receipt: it did not cover it.
        self.approve_on(self.scrap_dealer, datetime(2026, 3, 1, 9, 0))
        picking = self.receive_ubc("UBC-3")
        self.assertEqual(self.status_kg(picking), [("non_asi", 900)])
        # Received after that approval: eligible.
        picking = self.receive_ubc("UBC-4", when=datetime(2026, 3, 2, 10, 0))
        self.assertEqual(self.status_kg(picking), [("eligible", 900)])

    def test_ended_approval_covers_only_its_dates(self):
        dd = self.approve_on(self.scrap_dealer, datetime(2026, 1, 15, 9, 0))
        dd.valid_until = date(2026, 2, 5)
        with freeze_time(datetime(2026, 2, 6, 6, 0)):
            self.DueDiligence._cron_expire_and_review()
        self.assertEqual(dd.state, "expired")
        hook = self.scrap_dealer._asi_scrap_due_diligence_reasons
        # Expired since, but approved and valid on 2026-02-05 (e.g. a late verification).
        self.assertEqual(hook(self.company, date(2026, 2, 5)), [])
        self.assertTrue(hook(self.company, date(2026, 2, 6)))
        picking = self.receive_ubc("UBC-5")
        self.assertEqual(self.status_kg(picking), [("non_asi", 900)])

    def test_rejected_or_other_company_approval_does_not_count(self):
        dd = self.new_dd(self.scrap_dealer)
        self.send(dd)
        self.answer_as_vendor(dd)
        dd.findings = "<p>Cannot name where its scrap comes from.</p>"
        dd.action_reject()
        self.assertTrue(
            self.scrap_dealer._asi_scrap_due_diligence_reasons(self.company, date(2026, 2, 10))
        )
        with freeze_time(datetime(2026, 1, 15, 9, 0)):
            other = self.DueDiligence.with_company(self.company_b).create(
                {"partner_id": self.scrap_dealer.id, "company_id": self.company_b.id}
            )
            # State and decision change only through the actions (V2.1 1.6): the test
            # records the other company's approval the way action_approve does.
            other._asi_action_write(
                {
                    "state": "approved",
                    "date_decision": date(2026, 1, 15),
                    "valid_until": date(2027, 1, 15),
                }
            )
        self.assertEqual(
            self.scrap_dealer._asi_scrap_due_diligence_reasons(self.company_b, date(2026, 2, 10)),
            [],
        )
        picking = self.receive_ubc("UBC-6")
        self.assertEqual(self.status_kg(picking), [("non_asi", 900)])
