from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from odoo.addons.asi_coc.mass_balance.figures import EPSILON
from odoo.addons.asi_coc.tools import format_kg

from ..wizard.asi_annual_report_wizard import DUE_DAY, DUE_MONTH

# Certificates (V2.1 10.3) and due-diligence reviews (V2.1 7.1) coming up within this time.
HORIZON_DAYS = 60
# From this day of the year the annual report of last year is shown as due (V2.1 1.7).
ANNUAL_WARNING = (3, 1)


class AsiCocDashboard(models.AbstractModel):
    """The ASI CoC overview: what needs attention now, one tile per figure, each opening the
    records behind it. ``get_dashboard_data()`` gives the tiles (one RPC for the client
    action), ``action_open_tile()`` the act_window of one tile."""

    _name = "asi.coc.dashboard"
    _description = "ASI CoC Dashboard"

    @api.model
    def _asi_today(self):
        return fields.Date.context_today(self)

    @api.model
    def _asi_open_periods(self):
        """The current company's open periods that cover today (one per site under option 3),
        or else its latest open period."""
        Period = self.env["asi.accounting.period"]
        company = self.env.company
        today = self._asi_today()
        periods = Period.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "open"),
                ("date_from", "<=", today),
                ("date_to", ">=", today),
            ]
        )
        if not periods:
            periods = Period.search(
                [("company_id", "=", company.id), ("state", "=", "open")],
                order="date_from desc",
                limit=1,
            )
        return periods.sorted(lambda p: (p.site_id.code or "", p.date_from))

    # ------------------------------------------------------------------------------------
    # The domains behind the tiles: the counts and the opened lists use the same ones
    # ------------------------------------------------------------------------------------
    @api.model
    def _asi_certificate_domain(self):
        """Valid certificates that expire within the horizon (V2.1 10.3: supplier
        certificates; the company's own, to renew)."""
        today = self._asi_today()
        return [
            ("company_id", "=", self.env.company.id),
            ("state", "in", ("active", "provisional")),
            ("date_end", ">=", today),
            ("date_end", "<=", today + relativedelta(days=HORIZON_DAYS)),
        ]

    @api.model
    def _asi_verification_domain(self):
        """Lots received as non-ASI whose CoC data did not verify, waiting for the check of
        the supplier's document and certificate (V2.1 10.1-10.3, V3 3.3 note). The field is
        per company: read for the current one."""
        return [("asi_verification_note", "!=", False)]

    @api.model
    def _asi_overdraft_domain(self, periods):
        # The overdraft of the previous period is owed until this one repays it (V2.1 8.8 c,
        # V3 5.2.2): its lines are behind the figure too.
        previous = self.env["asi.accounting.period"].union(
            *(period._previous_period() for period in periods)
        )
        return [
            ("period_id", "in", (periods | previous).ids),
            ("flow_type", "in", ("overdraft", "overdraft_repayment")),
        ]

    @api.model
    def _asi_annual_deadline(self):
        """(year reported, due date, due now): the next 30 June on which an annual report is
        due (V2.1 1.7, V3 annex 1), due now from 1 March of that year."""
        today = self._asi_today()
        due = date(today.year, DUE_MONTH, DUE_DAY)
        if today > due:
            due = date(today.year + 1, DUE_MONTH, DUE_DAY)
        warning = date(due.year, *ANNUAL_WARNING)
        return due.year - 1, due, today >= warning

    # ------------------------------------------------------------------------------------
    # The tiles
    # ------------------------------------------------------------------------------------
    @api.model
    def get_dashboard_data(self):
        """{"company": name, "tiles": [tile], "companies": [{"id", "name", "tiles"}]}: the
        tiles of the current company, and those of every company selected in the company
        switcher (the companies whose records the user sees), current company first. A tile:
        key, params (for action_open_tile, with the company's id), title, value (text),
        number, subtitle, level (success / warning / danger / info)."""
        companies = self.env.company | self.env.companies
        groups = [
            {
                "id": company.id,
                "name": company.name,
                "tiles": self.with_company(company)._asi_company_tiles(),
            }
            for company in companies
        ]
        return {"company": self.env.company.name, "tiles": groups[0]["tiles"], "companies": groups}

    @api.model
    def _asi_company_tiles(self):
        """The tiles of the current company (``self.env.company``)."""
        tiles = []
        periods = self._asi_open_periods()
        # Owed: what the previous period's overdraft still needs (due now, V2.1 8.8 c,
        # V3 5.2.2) and the overdraft taken in this period (due in the next one).
        repayment_due = 0.0
        overdraft_taken = 0.0
        for period in periods:
            materials = period._material_types()
            previous = period._previous_period()
            owed = previous._material_types() if previous else materials.browse()
            # one GROUP BY for all the materials of the period (as get_balances())
            balances = period._figures_by_material(materials | owed)
            for material in (materials | owed).sorted("sequence"):
                figures = balances[material]
                repayment_due += period._repayment_due(material, figures)
                overdraft_taken += figures.overdraft
                if material not in materials:
                    continue
                available = figures.available
                tiles.append(
                    {
                        "key": "balance",
                        "params": {"period_id": period.id, "material_id": material.id},
                        "title": material.name,
                        "number": available,
                        "value": self.env._("%(kg)s kg", kg=format_kg(available)),
                        "subtitle": self.env._(
                            "Available ASI balance, period %(period)s", period=period.name
                        ),
                        "level": "danger" if available < 0 else "success",
                    }
                )
                if period.rule_set == "v2_1":
                    tiles.append(self._asi_headroom_tile(period, material))
        if not periods:
            tiles.append(
                {
                    "key": "periods",
                    "params": {},
                    "title": self.env._("Mass balance"),
                    "number": 0,
                    "value": self.env._("No open period"),
                    "subtitle": self.env._("Open a material accounting period (V2.1 8.2)"),
                    "level": "danger",
                }
            )
        elif not tiles:
            tiles.append(
                {
                    "key": "periods",
                    "params": {},
                    "title": self.env._("Mass balance"),
                    "number": 0,
                    "value": self.env._("0 kg"),
                    "subtitle": self.env._(
                        "No ledger lines yet in period %(period)s",
                        period=", ".join(periods.mapped("name")),
                    ),
                    "level": "info",
                }
            )
        if periods:
            overdraft_due = repayment_due + overdraft_taken
            tiles.append(
                {
                    "key": "overdraft",
                    "params": {},
                    "title": self.env._("Internal overdraft to repay"),
                    "number": overdraft_due,
                    "value": self.env._("%(kg)s kg", kg=format_kg(overdraft_due)),
                    "subtitle": self.env._(
                        "%(due)s kg of the previous period's overdraft due now, %(taken)s kg "
                        "taken in this period to repay in the next (V2.1 8.8 c, V3 5.2.2)",
                        due=format_kg(repayment_due),
                        taken=format_kg(overdraft_taken),
                    ),
                    "level": "danger" if overdraft_due > EPSILON else "success",
                }
            )
        expiring = self.env["asi.certificate"].search_count(self._asi_certificate_domain())
        tiles.append(
            {
                "key": "certificates",
                "params": {},
                "title": self.env._("Certificates expiring"),
                "number": expiring,
                "value": str(expiring),
                "subtitle": self.env._("Within %(days)s days", days=HORIZON_DAYS),
                "level": "warning" if expiring else "success",
            }
        )
        waiting = self.env["stock.lot"].search_count(self._asi_verification_domain())
        tiles.append(
            {
                "key": "verification",
                "params": {},
                "title": self.env._("Receipts waiting for verification"),
                "number": waiting,
                "value": str(waiting),
                "subtitle": self.env._("Lots received as non-ASI until verified (V2.1 10)"),
                "level": "warning" if waiting else "success",
            }
        )
        year, due, due_now = self._asi_annual_deadline()
        tiles.append(
            {
                "key": "annual_report",
                "params": {"year": year},
                "title": self.env._("Annual ASI report %(year)s", year=year),
                "number": (due - self._asi_today()).days,
                "value": format_date(self.env, due),
                "subtitle": self.env._("Due now (V2.1 1.7)")
                if due_now
                else self.env._("Next deadline (V2.1 1.7)"),
                "level": "danger" if due_now else "info",
            }
        )
        for tile in tiles:
            tile["params"] = dict(tile["params"], company_id=self.env.company.id)
        return tiles

    @api.model
    def _asi_headroom_tile(self, period, material):
        """V2.1 8.7 headroom next to the balance: input share x outputs so far (+ carried-in
        balance and overdraft, 8.8, 8.9) - ASI outputs. Negative: the close will refuse."""
        figures = period._designation_figures(material)
        headroom = figures["share_headroom"]
        return {
            "key": "share_headroom",
            "params": {"period_id": period.id, "material_id": material.id},
            "title": self.env._("%(material)s: ASI share headroom", material=material.name),
            "number": headroom,
            "value": self.env._("%(kg)s kg", kg=format_kg(headroom)),
            "subtitle": self.env._(
                "Input share %(share)s %% x outputs so far - ASI outputs (V2.1 8.7)",
                share=format(figures["input_share"] * 100, ".1f"),
            ),
            "level": "danger" if headroom < -EPSILON else "success",
        }

    @api.model
    def action_open_tile(self, key, params=None):
        """The act_window of one tile: the records behind its figure."""
        params = params or {}
        company = self.env["res.company"].browse(params.get("company_id"))
        if company and company != self.env.company and company in self.env.companies:
            # The tile of another company selected in the switcher: its records.
            return self.with_company(company).action_open_tile(key, params)
        ref = self.env["ir.actions.act_window"]._for_xml_id
        if key == "balance":
            period = self.env["asi.accounting.period"].browse(params["period_id"])
            return period.action_open_ledger(params["material_id"], "available")
        if key == "share_headroom":
            period = self.env["asi.accounting.period"].browse(params["period_id"])
            return period.action_open_ledger(params["material_id"], "asi_out")
        if key == "periods":
            return ref("asi_coc.asi_accounting_period_action")
        if key == "overdraft":
            action = ref("asi_coc.asi_ledger_line_action")
            domain = self._asi_overdraft_domain(self._asi_open_periods())
            title = self.env._("Internal overdraft to repay")
        elif key == "certificates":
            action = ref("asi_coc.asi_certificate_action")
            domain = self._asi_certificate_domain()
            title = self.env._("Certificates expiring")
        elif key == "verification":
            action = {
                "type": "ir.actions.act_window",
                "res_model": "stock.lot",
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
            }
            domain = self._asi_verification_domain()
            title = self.env._("Receipts waiting for verification")
        elif key == "annual_report":
            action = ref("asi_coc_report.asi_annual_report_wizard_action")
            action["context"] = {"default_year": params.get("year")}
            return action
        else:
            raise UserError(self.env._("There is no dashboard tile called %(key)s.", key=key))
        action.update(
            name=title,
            domain=domain,
            context={"create": False},
        )
        return action
