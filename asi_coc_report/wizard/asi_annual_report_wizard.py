from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError

# V2.1 1.7 / V3 annex 1: the calendar year's figures are due on 30 June of the next year.
DUE_MONTH, DUE_DAY = 6, 30


class AsiAnnualReportWizard(models.TransientModel):
    """The annual report to the ASI Secretariat for one calendar year (V2.1 1.7 a–g; V3
    annex 1, 2.3.1–2.3.6, per site under option 3), built from the ledger lines dated in
    the year of the closed material accounting periods that overlap it (not the whole
    figures of a period that extends beyond the year)."""

    _name = "asi.annual.report.wizard"
    _description = "ASI Annual Report to the Secretariat"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year - 1)
    period_ids = fields.Many2many(
        "asi.accounting.period",
        compute="_compute_period_ids",
        string="Periods Overlapping the Year",
    )

    @api.depends("company_id", "year")
    def _compute_period_ids(self):
        for wizard in self:
            wizard.period_ids = wizard._asi_overlapping_periods() if wizard.year else False

    def _asi_overlapping_periods(self):
        self.ensure_one()
        return (
            self.env["asi.accounting.period"]
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_from", "<=", date(self.year, 12, 31)),
                    ("date_to", ">=", date(self.year, 1, 1)),
                ]
            )
            .sorted(lambda p: (p.site_id.code or "", p.date_from))
        )

    def _asi_verify(self):
        self.ensure_one()
        if self.company_id not in self.env.companies:
            raise UserError(
                self.env._(
                    "%(company)s is not one of your current companies: its annual report "
                    "cannot be printed here.",
                    company=self.company_id.name,
                )
            )
        if not 1900 < self.year < 10000:
            raise UserError(self.env._("%(year)s is not a calendar year.", year=self.year))
        periods = self._asi_overlapping_periods()
        closed = periods.filtered(lambda p: p.state == "closed")
        if not closed:
            raise UserError(
                self.env._(
                    "The annual report for %(year)s is built from closed material accounting "
                    "periods, and %(company)s has none that overlaps %(year)s (open: "
                    "%(open)s). Close the periods of %(year)s under ASI CoC > Mass Balance > "
                    "Periods first.",
                    year=self.year,
                    company=self.company_id.name,
                    open=", ".join(periods.mapped("name")) or self.env._("none"),
                )
            )
        return periods, closed

    # ------------------------------------------------------------------------------------
    # The figures both annual reports print (xlsx and PDF)
    # ------------------------------------------------------------------------------------
    def _asi_annual_rows(self, family):
        if family == "v2_1":
            return [
                ("1.7 a", "coc_in", self.env._("CoC material input")),
                ("1.7 a", "coc_out", self.env._("CoC material output")),
                ("1.7 b", "eligible_in", self.env._("Eligible scrap input")),
                ("1.7 b", "eligible_out", self.env._("Eligible scrap output")),
                ("1.7 c", "non_coc_in", self.env._("Non-CoC material inflow")),
                ("1.7 c", "non_coc_out", self.env._("Non-CoC material outflow")),
                (
                    "1.7 d",
                    "largest_carried_out",
                    self.env._("Largest positive balance carried forward"),
                ),
                ("1.7 e", "balance_used", self.env._("Positive balance used")),
                ("1.7 f", "overdraft", self.env._("Internal overdraft taken")),
                ("1.7 g", "intra_out", self.env._("Intra-entity transfers")),
            ]
        return [
            ("2.3.1", "asi_in", self.env._("ASI material input")),
            ("2.3.1", "asi_out", self.env._("ASI material output")),
            ("2.3.3", "carried_out", self.env._("Positive balance carried forward")),
            ("2.3.4", "balance_used", self.env._("Positive balance used")),
            ("2.3.5", "overdraft", self.env._("Internal overdraft")),
        ]

    @api.model
    def _asi_annual_figures(self, family, material, balances, used):
        """The report's figures of one material from the figures (as_dict) of each period
        used, restricted to its lines dated in the year.

        ``used``: positive balance used (V2.1 1.7 e, V3 2.3.4), the carried-in kg that ASI
        output consumed in the year (asi.accounting.period._asi_year_figures)."""
        total = {key: sum(b[key] for b in balances) for key in balances[0]}
        if family == "v2_1":
            coc = material.category == "coc_material"
            return {
                "coc_in": total["asi_in"],
                "coc_out": total["asi_out"] if coc else 0.0,
                "eligible_in": total["eligible_in"],
                "eligible_out": 0.0 if coc else total["asi_out"],
                "non_coc_in": total["non_asi_in"],
                "non_coc_out": total["out_total"] - total["asi_out"],
                "largest_carried_out": max(b["carried_out"] for b in balances),
                "balance_used": used,
                "overdraft": total["overdraft"],
                "intra_out": total["intra_out"],
            }
        return {
            "asi_in": total["asi_in"] + total["eligible_in"],
            "asi_out": total["asi_out"],
            "carried_out": total["carried_out"],
            "balance_used": used,
            "overdraft": total["overdraft"],
        }

    def _asi_annual_data(self):
        """Everything the annual report prints; the xlsx and the PDF render this dict."""
        self.ensure_one()
        periods, closed = self._asi_verify()
        closed._asi_verify_report_access()
        rule_sets = dict(
            self.env["asi.accounting.period"]._fields["rule_set"]._description_selection(self.env)
        )
        states = dict(
            self.env["asi.accounting.period"]._fields["state"]._description_selection(self.env)
        )
        # One block per rule-set family and site (option 3: one per site, V3 annex 1).
        groups = {}
        for period in closed:
            family = "v2_1" if period.rule_set == "v2_1" else "v3"
            groups.setdefault((family, period.site_id), self.env["asi.accounting.period"])
            groups[(family, period.site_id)] |= period
        blocks = []
        year_start, year_end = date(self.year, 1, 1), date(self.year, 12, 31)
        for (family, site), group in groups.items():
            # V2.1 1.7: the lines dated in the calendar year, of each period used.
            year_figures = [p._asi_year_figures(year_start, year_end) for p in group]
            materials = self.env["asi.material.type"].union(*(m for f in year_figures for m in f))
            rows = self._asi_annual_rows(family)
            material_figures = []
            for material in materials.sorted("sequence"):
                parts = [f[material] for f in year_figures if material in f]
                balances = [figures.as_dict() for figures, _used in parts]
                used = sum(used for _figures, used in parts)
                material_figures.append(
                    {
                        "material": material,
                        "figures": self._asi_annual_figures(family, material, balances, used),
                    }
                )
            statements = []
            if family == "v3" and "v3_option2" in group.mapped("rule_set"):
                # V3 annex 1, 2.3.6: the close of each period checked every site's minimum
                # ASI sourcing (V3 3.3, 3.5).
                statements.append(
                    self.env._(
                        "2.3.6: every site has sourced the minimum share of ASI material "
                        "(%(share)s %% of its ASI output, V3 3.3): each period used passed "
                        "this check at its close.",
                        share=format(self.company_id.asi_option2_min_share, "g"),
                    )
                )
            blocks.append(
                {
                    "label": site.display_name if site else self.env._("Entity"),
                    "family": family,
                    "clauses": self.env._("V2.1 1.7 a–g")
                    if family == "v2_1"
                    else self.env._("V3 annex 1, 2.3"),
                    "rows": rows,
                    "materials": material_figures,
                    "conversions": self._asi_conversions(group) if family == "v3" else [],
                    "statements": statements,
                }
            )
        return {
            "company": self.company_id,
            "year": self.year,
            "title": self.env._(
                "Annual report to the ASI Secretariat %(year)s: %(company)s",
                year=self.year,
                company=self.company_id.name,
            ),
            "due": date(self.year + 1, DUE_MONTH, DUE_DAY),
            "periods": [
                {
                    "name": p.name,
                    "site": p.site_id.display_name or "",
                    "date_from": p.date_from,
                    "date_to": p.date_to,
                    "rule_set": rule_sets[p.rule_set],
                    "state": states[p.state],
                    "used": p.state == "closed",
                    "partial": p.date_from.year != self.year or p.date_to.year != self.year,
                }
                for p in periods
            ],
            "blocks": blocks,
        }

    def _asi_conversions(self, periods):
        """V3 2.3.2: the standard conversion factors the periods applied."""
        Material = self.env["asi.material.type"]
        seen = {}
        for period in periods:
            for source, (target, factor) in period._conversions().items():
                seen.setdefault((source, target, factor), period)
        return [
            {
                "input": Material.browse(source).name,
                "output": Material.browse(target).name,
                "factor": factor,
            }
            for source, target, factor in seen
        ]

    def action_print_xlsx(self):
        self._asi_verify()
        return self.env.ref("asi_coc_report.action_report_annual_xlsx").report_action(self)

    def action_print_pdf(self):
        self._asi_verify()
        return self.env.ref("asi_coc_report.action_report_annual_pdf").report_action(self)
