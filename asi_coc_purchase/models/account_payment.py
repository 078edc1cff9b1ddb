from datetime import timedelta

from odoo import models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def action_post(self):
        # V2.1 4.3: checked before posting, so a refused payment leaves nothing behind.
        self._asi_verify_scrap_cash_limit()
        return super().action_post()

    def _asi_is_scrap_cash_payment(self):
        self.ensure_one()
        return (
            self.payment_type == "outbound"
            and self.journal_id.type == "cash"
            and self.partner_id.commercial_partner_id.asi_role == "scrap_supplier"
        )

    def _asi_verify_scrap_cash_limit(self):
        """V2.1 4.3: cash payments to one scrap supplier above the limit are refused, whether
        made at once or split into linked payments (the same supplier within the company's
        window of days)."""
        for payment in self.filtered(lambda p: p._asi_is_scrap_cash_payment()):
            company = payment.company_id
            currency = company.asi_scrap_cash_currency_id or company.currency_id
            limit = company.asi_scrap_cash_limit
            window = timedelta(days=max(company.asi_scrap_cash_window_days, 0))
            supplier = payment.partner_id.commercial_partner_id
            linked = self.search(
                [
                    ("id", "not in", self.ids),
                    ("state", "in", ("in_process", "paid")),
                    ("payment_type", "=", "outbound"),
                    ("journal_id.type", "=", "cash"),
                    ("partner_id", "child_of", supplier.id),
                    ("company_id", "=", company.id),
                    ("date", ">", payment.date - window),
                    ("date", "<", payment.date + window),
                ]
            )
            # Payments posted together count together.
            batch = self.browse()
            for other in self:
                if (
                    other._asi_is_scrap_cash_payment()
                    and other.partner_id.commercial_partner_id == supplier
                    and abs(other.date - payment.date) < window
                ):
                    batch |= other
            total = sum(
                p.currency_id._convert(p.amount, currency, company, p.date) for p in linked | batch
            )
            if currency.compare_amounts(total, limit) > 0:
                raise UserError(
                    self.env._(
                        "Cash payments to the scrap supplier %(supplier)s would reach "
                        "%(total)s within %(days)s days, above the limit of %(limit)s (V2.1 4.3). "
                        "Pay by bank transfer instead.",
                        supplier=supplier.display_name,
                        total=currency.format(total),
                        days=window.days,
                        limit=currency.format(limit),
                    )
                )
