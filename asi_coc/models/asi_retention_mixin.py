from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError

# V2.1 1.6 / V3 2.2: CoC records are kept for at least five years.
RETENTION_YEARS = 5


class AsiRetentionMixin(models.AbstractModel):
    """Refuse the deletion of CoC records during the retention period.

    A model using the mixin says which date its records are kept from by
    overriding :meth:`_asi_retention_date` (for example the end of its
    certificate or of its material accounting period).
    """

    _name = "asi.retention.mixin"
    _description = "ASI CoC record retention"

    def _asi_retention_date(self):
        """Date from which the five-year retention of this record runs."""
        self.ensure_one()
        return fields.Date.to_date(self.create_date) or fields.Date.context_today(self)

    def _asi_is_retained(self):
        """Whether this record is a CoC record yet (a model may exempt empty drafts)."""
        return True

    def _asi_retained_until(self):
        self.ensure_one()
        return self._asi_retention_date() + relativedelta(years=RETENTION_YEARS)

    def unlink(self):
        # Access rights first: someone who may not delete at all gets the access error.
        self.check_access("unlink")
        today = fields.Date.context_today(self)
        for record in self.filtered(lambda r: r._asi_is_retained()):
            until = record._asi_retained_until()
            if until > today:
                raise UserError(
                    self.env._(
                        "%(record)s is a Chain of Custody record and must be kept until "
                        "%(date)s (five years, ASI CoC Standard V2.1 1.6). Archive it "
                        "instead of deleting it.",
                        record=record.display_name,
                        date=fields.Date.to_string(until),
                    )
                )
        return super().unlink()
