from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _asi_scrap_due_diligence_reasons(self, company, on_date):
        """Why post-consumer scrap and eligible waste from this supplier are not eligible
        inputs of ``company`` on ``on_date``; an empty list when they are.

        V2.1 4.2 b, c: they are eligible only after the supplier's due diligence (V2.1 7),
        so only from a supplier whose assessment is approved and valid on that date. The
        assessments are recorded by asi_coc_purchase, which answers this hook; without it
        nothing is on record, and the safe answer is no (the receipt is recorded non-ASI
        with this reason on the lot)."""
        self.ensure_one()
        return [
            self.env._(
                "%(supplier)s has no approved due-diligence assessment on record valid on "
                "%(date)s: post-consumer scrap and eligible waste are eligible only after the "
                "supplier's due diligence (V2.1 4.2 b, c; 7.1)",
                supplier=self.commercial_partner_id.display_name,
                date=fields.Date.to_string(on_date),
            )
        ]
