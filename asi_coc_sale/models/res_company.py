from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _asi_same_certified_entity(self, other, on_date):
        """Whether ``other`` belongs to the same certified entity as this company: the same
        company, or both hold one same CoC certificate (same number) valid on ``on_date``."""
        self.ensure_one()
        if self == other:
            return True
        Certificate = self.env["asi.certificate"].sudo()

        def numbers(company):
            certificates = Certificate.search(
                Certificate._asi_coc_domain(company, company.partner_id, on_date)
            )
            return {number.strip().lower() for number in certificates.mapped("number")}

        return bool(numbers(self) & numbers(other))
