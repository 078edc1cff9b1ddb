from dateutil.relativedelta import relativedelta

from odoo import api, models

from odoo.addons.asi_coc_report.models.asi_coc_dashboard import HORIZON_DAYS


class AsiCocDashboard(models.AbstractModel):
    """The due-diligence tile of the ASI CoC overview: this module owns the reviews."""

    _inherit = "asi.coc.dashboard"

    @api.model
    def _asi_due_diligence_domain(self):
        """Due-diligence reviews due (V2.1 7.1): answered questionnaires to assess, and
        approvals that run out within the horizon."""
        horizon = self._asi_today() + relativedelta(days=HORIZON_DAYS)
        return [
            ("company_id", "=", self.env.company.id),
            "|",
            ("state", "=", "answered"),
            "&",
            ("state", "=", "approved"),
            ("valid_until", "<=", horizon),
        ]

    @api.model
    def _asi_company_tiles(self):
        tiles = super()._asi_company_tiles()
        reviews = self.env["asi.due.diligence"].search_count(self._asi_due_diligence_domain())
        tile = {
            "key": "due_diligence",
            "params": {"company_id": self.env.company.id},
            "title": self.env._("Due-diligence reviews due"),
            "number": reviews,
            "value": str(reviews),
            "subtitle": self.env._(
                "Answered, or approval ending within %(days)s days (V2.1 7.1)",
                days=HORIZON_DAYS,
            ),
            "level": "warning" if reviews else "success",
        }
        # Next to the expiring certificates: both are about the suppliers (V2.1 7, 10.3).
        keys = [t["key"] for t in tiles]
        position = keys.index("certificates") + 1 if "certificates" in keys else len(tiles)
        tiles.insert(position, tile)
        return tiles

    @api.model
    def action_open_tile(self, key, params=None):
        if key != "due_diligence":
            return super().action_open_tile(key, params)
        dashboard = self
        company = self.env["res.company"].browse((params or {}).get("company_id"))
        if company and company != self.env.company and company in self.env.companies:
            # The tile of another company selected in the switcher: its records.
            dashboard = self.with_company(company)
        return {
            "type": "ir.actions.act_window",
            "res_model": "asi.due.diligence",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "name": self.env._("Due-diligence reviews due"),
            "domain": dashboard._asi_due_diligence_domain(),
            "context": {"create": False},
        }
