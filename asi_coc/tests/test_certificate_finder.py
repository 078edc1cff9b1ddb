from datetime import date

from odoo.tests import tagged

from .common import AsiCocCase


@tagged("post_install", "-at_install")
class TestCertificateFinder(AsiCocCase):
    """asi.certificate._asi_find_coc: the one search for "the CoC certificate of this holder
    valid on this day" that deliveries and the company's own claims use (V2.1 10.1, V3 3.1)."""

    def find(self, on_date, **kwargs):
        return self.Certificate._asi_find_coc(self.company, self.smelter, on_date, **kwargs)

    def test_valid_certificate_of_the_holder_in_the_register(self):
        # ASI-T-0001: 2025-01-01 to 2027-12-31, aluminium
        self.assertEqual(self.find(date(2026, 3, 1)), self.cert)
        self.assertEqual(self.find(date(2026, 3, 1), material_type=self.aluminium), self.cert)
        # not valid after its end, not covering alumina, not in another company's register
        self.assertFalse(self.find(date(2028, 1, 1)))
        self.assertFalse(self.find(date(2026, 3, 1), material_type=self.alumina))
        self.assertFalse(
            self.Certificate._asi_find_coc(self.company_b, self.smelter, date(2026, 3, 1))
        )

    def test_preferred_first_else_the_one_valid_longest(self):
        later = self.make_certificate(date_end=date(2029, 6, 30))
        self.assertEqual(self.find(date(2026, 3, 1)), later)  # valid longest
        self.assertEqual(self.find(date(2026, 3, 1), preferred=self.cert), self.cert)
        # a preferred certificate suspended on 2026-02-01 no longer qualifies after that day
        self.cert.write({"state": "suspended", "date_invalid": date(2026, 2, 1)})
        self.assertEqual(self.find(date(2026, 1, 31), preferred=self.cert), self.cert)
        self.assertEqual(self.find(date(2026, 3, 1), preferred=self.cert), later)
        # a preferred certificate that does not cover the material does not qualify either
        self.assertEqual(
            self.find(date(2026, 1, 31), material_type=self.alumina, preferred=self.cert),
            self.Certificate,
        )
