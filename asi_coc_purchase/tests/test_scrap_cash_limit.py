from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.asi_coc.tests.common import AsiCocCase


@tagged("post_install", "-at_install")
class TestScrapCashLimit(AsiCocCase):
    """V2.1 4.3: cash payments to one scrap supplier above the limit are refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.usd = cls.env.ref("base.USD")
        cls.eur = cls.env.ref("base.EUR")
        cls.company.write(
            {
                "asi_scrap_cash_limit": 10000,
                "asi_scrap_cash_currency_id": cls.usd.id,
                "asi_scrap_cash_window_days": 30,
            }
        )
        cls.yard = cls.env["res.partner"].create(
            {"name": "Canal Street Scrap Yard", "is_company": True, "asi_role": "scrap_supplier"}
        )
        Journal = cls.env["account.journal"]
        cls.cash = Journal.search(
            [("type", "=", "cash"), ("company_id", "=", cls.company.id)], limit=1
        ) or Journal.create({"name": "Cash", "code": "CSHX", "type": "cash"})
        cls.bank = Journal.search(
            [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
        ) or Journal.create({"name": "Bank", "code": "BNKX", "type": "bank"})
        # A fixed rate: 1 EUR = 1.25 USD on the payment dates.
        cls.env["res.currency.rate"].search(
            [("currency_id", "in", (cls.usd | cls.eur).ids)]
        ).unlink()
        company_currency = cls.company.currency_id
        for currency, rate in ((cls.usd, 1.25), (cls.eur, 1.0)):
            if currency != company_currency:
                cls.env["res.currency.rate"].create(
                    {
                        "currency_id": currency.id,
                        "name": date(2026, 1, 1),
                        "rate": rate / (1.25 if company_currency == cls.usd else 1.0),
                    }
                )
        (cls.usd | cls.eur).active = True

    def pay(self, amount, currency=None, journal=None, on=date(2026, 3, 2), partner=None):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "supplier",
                "partner_id": (partner or self.yard).id,
                "amount": amount,
                "currency_id": (currency or self.usd).id,
                "journal_id": (journal or self.cash).id,
                "date": on,
            }
        )
        payment.action_post()
        return payment

    def test_single_cash_payment_over_the_limit_refused(self):
        with self.assertRaisesRegex(
            UserError,
            "Cash payments to the scrap supplier Canal Street Scrap Yard would reach "
            "\\$\\s?12,000.00 within 30 days, above the limit of \\$\\s?10,000.00",
        ):
            self.pay(12000)
        self.assertFalse(
            self.env["account.payment"].search(
                [("partner_id", "=", self.yard.id), ("state", "!=", "draft")]
            )
        )

    def test_linked_payments_add_up(self):
        self.pay(6000, on=date(2026, 3, 2))
        with self.assertRaisesRegex(UserError, "would reach \\$\\s?10,500.00 within 30 days"):
            self.pay(4500, on=date(2026, 3, 20))
        # nothing written: only the 6,000 payment is posted
        posted = self.env["account.payment"].search(
            [("partner_id", "=", self.yard.id), ("state", "!=", "draft")]
        )
        self.assertEqual(posted.mapped("amount"), [6000])
        # Outside the window the payments are not linked.
        self.pay(4500, on=date(2026, 4, 15))

    def test_other_currency_is_converted_at_the_payment_date(self):
        # 7,000 EUR = 8,750 USD: within the limit; another 1,200 EUR (1,500 USD) is not.
        self.pay(7000, currency=self.eur)
        with self.assertRaisesRegex(UserError, "would reach \\$\\s?10,250.00"):
            self.pay(1200, currency=self.eur, on=date(2026, 3, 5))

    def test_bank_payments_and_other_suppliers_are_not_limited(self):
        self.pay(50000, journal=self.bank)
        plain = self.env["res.partner"].create({"name": "Ingot Seller", "asi_role": "coc_entity"})
        self.pay(50000, partner=plain)
        self.pay(9000)
