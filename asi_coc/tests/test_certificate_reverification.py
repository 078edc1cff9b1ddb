from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestCertificateReverification(MassBalanceCase):
    def test_used_certificates_are_flagged_until_verified(self):
        unused = self.make_certificate(number="ASI-T-0300")
        self.post(1000, certificate_id=self.cert.id, on=date(2026, 2, 1))
        with freeze_time(datetime(2026, 6, 1, 6, 0)):
            self.Certificate._cron_flag_reverification()
        self.assertTrue(self.cert.reverify_due)
        self.assertFalse(unused.reverify_due)
        self.assertEqual(
            self.cert.activity_ids.mapped("summary"), ["Re-verify certificate ASI-T-0001"]
        )
        with freeze_time(datetime(2026, 6, 2, 9, 0)):
            self.cert.action_verify()
        self.assertFalse(self.cert.reverify_due)
        self.assertEqual(self.cert.last_verified, date(2026, 6, 2))
        # Verified within the interval (90 days): not flagged again.
        with freeze_time(datetime(2026, 8, 1, 6, 0)):
            self.Certificate._cron_flag_reverification()
        self.assertFalse(self.cert.reverify_due)
        with freeze_time(datetime(2026, 9, 15, 6, 0)):
            self.Certificate._cron_flag_reverification()
        self.assertTrue(self.cert.reverify_due)

    def test_certificate_not_used_for_12_months_is_not_flagged(self):
        self.post(1000, certificate_id=self.cert.id, on=date(2026, 2, 1))
        with freeze_time(datetime(2027, 3, 1, 6, 0)):
            self.Certificate._cron_flag_reverification()
        self.assertFalse(self.cert.reverify_due)
