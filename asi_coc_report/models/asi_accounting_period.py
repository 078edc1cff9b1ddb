from datetime import timedelta

from odoo import models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.asi_coc.mass_balance import (
    ACROSS,  # noqa: F401 - kept importable from here
    CONVERTIBLE_FLOWS,
    CREDITED,  # noqa: F401 - kept importable from here
    ledger_filters,
)

# What each figure of the reconciliation counts, as a filter on the ledger lines of the
# material's balance: the drill-down from a figure to its lines, from the flow table that
# computes the figure (asi_coc.mass_balance.flows). ``None``: every line.
LEDGER_FILTERS = ledger_filters(
    (
        *("asi_in", "eligible_in", "non_asi_in", "in_total", "asi_in_converted"),
        *("out_total", "asi_out", "non_asi_out"),
        *("carried_in", "carried_out", "expired", "overdraft", "overdraft_repaid"),
        *("intra_in", "intra_out", "outsourcing_out", "outsourcing_in", "outsourcing_difference"),
        *("available", "closing_balance"),
    )
)
# Figures of the balance (V3 5.1.2): they count the lines of the materials converted into
# this one; the other figures count the material's own lines.
BALANCE_KEYS = ("asi_in_converted", "available", "closing_balance")
# Keys of get_balance() that are ratios, not kilograms.
SHARE_KEYS = ("input_share", "output_share")
# The abstract report models that build the data of the reports (report/).
RECONCILIATION_REPORT = "report.asi_coc_report.report_period_reconciliation"
CLAIMS_REPORT = "report.asi_coc_report.report_claims"


class AsiAccountingPeriod(models.Model):
    _inherit = "asi.accounting.period"

    # ------------------------------------------------------------------------------------
    # Reports: their data is built in report/ (the abstract report models); these are the
    # entry points on the period, for the xlsx, the screens and the scripts
    # ------------------------------------------------------------------------------------
    def _asi_verify_report_access(self):
        """Reports read the ledger with SQL: the record rules are checked here, and a period
        of a company outside the user's current companies is refused even in sudo."""
        self.check_access("read")
        foreign = self.filtered(lambda p: p.company_id not in self.env.companies)[:1]
        if foreign:
            message = self.env._(
                "Period %(period)s belongs to %(company)s, which is not one of your "
                "current companies: its reports cannot be printed here.",
                period=foreign.name,
                company=foreign.company_id.name,
            )
            raise UserError(message)

    def _asi_reconciliation(self):
        """What the period reconciliation prints for each period of ``self`` (list of dicts):
        see report.asi_coc_report.report_period_reconciliation."""
        return self.env[RECONCILIATION_REPORT]._asi_reconciliation(self)

    def _asi_reconciliation_rows(self):
        """(section, key, label) of the reconciliation, in print order."""
        return self.env[RECONCILIATION_REPORT]._asi_reconciliation_rows()

    # ------------------------------------------------------------------------------------
    # Claims report (V3 8.2): ASI mass per claim and per claim type, xlsx and PDF
    # ------------------------------------------------------------------------------------
    def _asi_claims_report(self):
        """What the claims report prints for each period of ``self`` (list of dicts): see
        report.asi_coc_report.report_claims."""
        return self.env[CLAIMS_REPORT]._asi_claims_report(self)

    def action_print_claims_xlsx(self):
        self._asi_verify_report_access()
        return self.env.ref("asi_coc_report.action_report_claims_xlsx").report_action(self)

    def action_print_claims_pdf(self):
        self._asi_verify_report_access()
        return self.env.ref("asi_coc_report.action_report_claims_pdf").report_action(self)

    # ------------------------------------------------------------------------------------
    # Annual report: the figures of the part of a year a period covers
    # ------------------------------------------------------------------------------------
    def _asi_ledger_sums_dated(self, date_from=None, date_to=None):
        """The rows of ``_ledger_sums`` (kg per material, direction, flow type and ASI
        status) of the period's lines dated from ``date_from`` to ``date_to`` (inclusive;
        ``None``: unbounded)."""
        self.ensure_one()
        self.env["asi.ledger.line"].flush_model()
        query = SQL(
            """
            SELECT material_type_id, direction, flow_type, asi_status, SUM(mass_kg)
              FROM asi_ledger_line
             WHERE period_id = %(period)s %(since)s %(until)s
          GROUP BY material_type_id, direction, flow_type, asi_status
            """,
            period=self.id,
            since=SQL("AND date >= %s", date_from) if date_from else SQL(),
            until=SQL("AND date <= %s", date_to) if date_to else SQL(),
        )
        return self.env.execute_query(query)

    def _asi_year_figures(self, date_from, date_to):
        """{material: (figures, carried-in kg used)} of this period's lines dated from
        ``date_from`` to ``date_to`` (the part of a calendar year the period covers, V2.1
        1.7: the annual report counts the lines dated in the year, not whole periods).

        Carried-in balance used (V2.1 1.7 e, V3 2.3.4): the carried-in kg consumed by ASI
        output; the carried-in balance is consumed first, as it is the one that expires
        (V2.1 8.9). Of what the period used up to ``date_to``, the part used before
        ``date_from`` belongs to the earlier year."""
        self.ensure_one()
        conversions = self._conversions()
        before = self._asi_ledger_sums_dated(date_to=date_from - timedelta(days=1))
        during = self._asi_ledger_sums_dated(date_from, date_to)
        result = {}
        # each material with its own kg, also one converted into another (V3 5.1.2)
        for material in self._listed_materials(during, conversions):
            figures = self._figures_from_sums(during, material.id, conversions)
            earlier = self._figures_from_sums(before, material.id, conversions)
            until = self._figures_from_sums(before + during, material.id, conversions)
            result[material] = (figures, _carried_in_used(until) - _carried_in_used(earlier))
        return result

    # ------------------------------------------------------------------------------------
    # Drill-down: from a figure to its ledger lines
    # ------------------------------------------------------------------------------------
    def _asi_ledger_domain(self, material, key, site=None):
        """The ledger lines behind one figure of get_balance(material, site): the lines of
        ``material`` that the figure counts; for a figure of the balance (BALANCE_KEYS),
        also the lines of the materials converted into it (V3 5.1.2), at their own mass."""
        if key not in LEDGER_FILTERS:
            raise UserError(self.env._("There is no ledger figure called %(key)s.", key=key))
        own, sources = [], set()
        for period in self:
            conversions = period._conversions()
            sources |= {m for m, (out, _f) in conversions.items() if out == material.id}
            own.append(material.id in conversions)
        material_domain = [("material_type_id", "=", material.id)]
        if key not in BALANCE_KEYS:
            own, sources = [], set()
        if any(own):
            # Its converted flows count in the material it is converted into.
            material_domain = expression.AND(
                [material_domain, [("flow_type", "not in", CONVERTIBLE_FLOWS)]]
            )
        if sources:
            material_domain = expression.OR(
                [
                    material_domain,
                    [
                        ("material_type_id", "in", sorted(sources)),
                        ("flow_type", "in", CONVERTIBLE_FLOWS),
                    ],
                ]
            )
        parts = [[("period_id", "in", self.ids)], material_domain]
        if LEDGER_FILTERS[key]:
            parts.append(LEDGER_FILTERS[key])
        if site:
            parts.append([("site_id", "=", site.id)])
        return expression.AND(parts)

    def action_open_ledger(self, material_id, key, site_id=False):
        """The ledger lines behind one figure of the reconciliation (act_window)."""
        self._asi_verify_report_access()
        material = self.env["asi.material.type"].browse(material_id)
        site = self.env["asi.site"].browse(site_id or [])
        label = {k: lbl for _s, k, lbl in self._asi_reconciliation_rows()}.get(key, key)
        action = self.env["ir.actions.act_window"]._for_xml_id("asi_coc.asi_ledger_line_action")
        action.update(
            name=f"{material.name}: {label}",
            domain=self._asi_ledger_domain(material, key, site),
            context={"create": False},
        )
        return action

    def action_open_reconciliation(self):
        """The reconciliation as a list, one row per figure and scope, each with a button to
        its ledger lines."""
        self.ensure_one()
        lines = self.env["asi.period.reconciliation.line"]._create_from(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reconciliation %(period)s", period=self.name),
            "res_model": "asi.period.reconciliation.line",
            "view_mode": "list",
            "domain": [("id", "in", lines.ids)],
            "context": {"group_by": ["material_type_id", "scope"], "create": False},
        }


def _carried_in_used(figures):
    """Carried-in kg consumed by the period's ASI debits so far (carried-in balance first)."""
    consumed = figures.asi_out_converted + figures.overdraft_repaid
    if figures.site_scope:
        consumed += figures.intra_asi_out
    return max(min(figures.carried_in, consumed), 0.0)
