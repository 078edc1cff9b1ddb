from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestRetention(AsiCocCase):
    def test_certificate_cannot_be_deleted_within_five_years(self):
        with (
            freeze_time("2026-03-01"),
            self.assertRaisesRegex(
                UserError,
                "ASI-T-0001 is a Chain of Custody record and must be kept until 2032-12-31",
            ),
        ):
            self.cert.unlink()
        self.assertTrue(self.cert.exists())
        # archiving is the way out
        self.cert.action_archive()
        self.assertFalse(self.cert.active)

    def test_five_year_boundary(self):
        old = self.make_certificate(date_start=date(2018, 1, 1), date_end=date(2020, 12, 31))
        with freeze_time("2025-12-30"), self.assertRaises(UserError):
            old.unlink()
        self.assertTrue(old.exists())
        with freeze_time("2025-12-31"):
            old.unlink()
        self.assertFalse(old.exists())

    def test_one_retained_record_blocks_the_whole_deletion(self):
        old = self.make_certificate(date_start=date(2015, 1, 1), date_end=date(2017, 12, 31))
        with freeze_time("2026-03-01"), self.assertRaises(UserError):
            (old | self.cert).unlink()
        self.assertTrue(old.exists())
        self.assertTrue(self.cert.exists())
