from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestCertificate(AsiCocCase):
    def test_duplicate_number_refused_nothing_written(self):
        count = self.Certificate.search_count([])
        with self.assertRaisesRegex(ValidationError, "ASI-T-0001 is already in the register"):
            self.make_certificate(number="ASI-T-0001")
        # the number is compared without surrounding blanks and case
        with self.assertRaisesRegex(ValidationError, "already in the register"):
            self.make_certificate(number="  asi-t-0001 ")
        self.assertEqual(self.Certificate.search_count([]), count)

    def test_same_number_in_another_company_is_a_separate_register(self):
        other = self.make_certificate(number="ASI-T-0001", company_id=self.company_b.id)
        self.assertEqual(other.company_id, self.company_b)

    def test_end_before_start_refused(self):
        count = self.Certificate.search_count([])
        with self.assertRaisesRegex(
            ValidationError, "ends on 2025-01-01, before it starts on 2025-06-01"
        ):
            self.make_certificate(date_start=date(2025, 6, 1), date_end=date(2025, 1, 1))
        self.assertEqual(self.Certificate.search_count([]), count)
        with self.assertRaisesRegex(ValidationError, "before it starts"):
            self.cert.write({"date_end": date(2024, 1, 1)})
        self.assertEqual(self.cert.date_end, date(2027, 12, 31))

    def test_is_valid_for_active_and_provisional(self):
        self.assertTrue(self.cert.is_valid_for(self.aluminium, date(2026, 3, 1)))
        self.assertTrue(self.cert.is_valid_for(self.aluminium, "2025-01-01"))
        self.assertTrue(self.cert.is_valid_for(self.aluminium, date(2027, 12, 31)))
        self.assertFalse(self.cert.is_valid_for(self.aluminium, date(2024, 12, 31)))
        self.assertFalse(self.cert.is_valid_for(self.aluminium, date(2028, 1, 1)))
        # scope: the material must be covered
        self.assertFalse(self.cert.is_valid_for(self.alumina, date(2026, 3, 1)))
        provisional = self.make_certificate(state="provisional")
        self.assertTrue(provisional.is_valid_for(self.aluminium, date(2026, 3, 1)))

    def test_performance_standard_certificate_is_not_a_coc_certificate(self):
        ps = self.make_certificate(certificate_type="ps")
        self.assertFalse(ps.is_valid_for(self.aluminium, date(2026, 3, 1)))

    def test_suspension_keeps_earlier_transfers_valid(self):
        with freeze_time("2026-05-10"):
            self.cert.action_suspend()
        self.assertEqual(self.cert.state, "suspended")
        self.assertEqual(self.cert.date_invalid, date(2026, 5, 10))
        self.assertTrue(self.cert.is_valid_for(self.aluminium, date(2026, 5, 9)))
        self.assertFalse(self.cert.is_valid_for(self.aluminium, date(2026, 5, 10)))
        self.assertFalse(self.cert.is_valid_for(self.aluminium, date(2026, 6, 1)))
        # reactivation makes it valid again and forgets the suspension date
        self.cert.action_reactivate()
        self.assertFalse(self.cert.date_invalid)
        self.assertTrue(self.cert.is_valid_for(self.aluminium, date(2026, 6, 1)))

    def test_withdrawn_certificate(self):
        with freeze_time("2026-02-01"):
            self.cert.action_withdraw()
        self.assertFalse(self.cert.is_valid_for(self.aluminium, date(2026, 2, 1)))
        self.assertTrue(self.cert.is_valid_for(self.aluminium, date(2026, 1, 31)))

    def test_state_change_is_tracked(self):
        self.cert.action_suspend()
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit time
        values = self.cert.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "state"
        )
        self.assertEqual(values[:1].old_value_char, "Active")
        self.assertEqual(values[:1].new_value_char, "Suspended")

    def test_verify_records_date_and_user(self):
        with freeze_time("2026-04-02"):
            self.cert.with_user(self.user).action_verify()
        self.assertEqual(self.cert.last_verified, date(2026, 4, 2))
        self.assertEqual(self.cert.verified_by, self.user)
        self.assertIn("verified against the ASI register", self.cert.message_ids[0].body)

    def test_valid_today_search(self):
        with freeze_time("2026-03-01"):
            expired = self.make_certificate(
                date_start=date(2020, 1, 1), date_end=date(2022, 12, 31)
            )
            valid = self.Certificate.search([("is_valid_today", "=", True)])
            invalid = self.Certificate.search([("is_valid_today", "=", False)])
        self.assertIn(self.cert, valid)
        self.assertNotIn(expired, valid)
        self.assertIn(expired, invalid)

    def test_cron_expires_and_reminds_30_days_before(self):
        self.company.asi_responsible_user_ids = [(6, 0, (self.user | self.manager).ids)]
        ending = self.make_certificate(date_start=date(2024, 1, 1), date_end=date(2026, 7, 20))
        later = self.make_certificate(date_start=date(2024, 1, 1), date_end=date(2026, 9, 1))
        past = self.make_certificate(date_start=date(2023, 1, 1), date_end=date(2026, 6, 30))
        with freeze_time("2026-07-01"):
            self.Certificate._cron_expire_certificates()
            self.Certificate._cron_expire_certificates()  # a second run adds nothing
        self.assertEqual(past.state, "expired")
        self.assertEqual(past.date_invalid, date(2026, 7, 1))
        self.assertEqual(ending.state, "active")
        self.assertEqual(ending.activity_ids.user_id, self.user | self.manager)
        self.assertEqual(len(ending.activity_ids), 2)
        self.assertEqual(ending.activity_ids[0].date_deadline, date(2026, 7, 20))
        self.assertFalse(later.activity_ids)
        self.assertFalse(past.activity_ids)

    def test_cron_is_scheduled_daily(self):
        cron = self.env.ref("asi_coc.ir_cron_asi_certificate_expiry")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))

    def test_form_creates_certificate(self):
        form = Form(self.Certificate)
        form.number = "ASI-FORM-1"
        form.holder_id = self.smelter
        form.date_start = fields.Date.today()
        form.date_end = fields.Date.today() + timedelta(days=365)
        form.material_type_ids.add(self.aluminium)
        cert = form.save()
        self.assertEqual(cert.state, "active")
        self.assertEqual(cert.source, "manual")
        self.assertEqual(cert.company_id, self.company)
        self.assertTrue(cert.is_valid_today)
