from datetime import timedelta

from odoo import models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.asi_coc.mass_balance import (
    ACROSS,  # noqa: F401 - kept importable from here
    CONVERTIBLE_FLOWS,
    CREDITED,  # noqa: F401 - kept importable from here
    EPSILON,
    Figures,
    ledger_filters,
)
from odoo.addons.asi_coc.models.asi_accounting_period import _kg as _format_kg

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


class AsiAccountingPeriod(models.Model):
    _inherit = "asi.accounting.period"

    # ------------------------------------------------------------------------------------
    # The rows both reconciliation reports print (xlsx and PDF): one method, one source
    # ------------------------------------------------------------------------------------
    def _asi_reconciliation_rows(self):
        """(section, key, label) of the reconciliation, in print order. Every kg figure is a
        key of get_balance() (SPEC §7) or the sum/difference of two of them."""
        inputs = self.env._("Inputs (aluminium content, V2.1 8.3)")
        outputs = self.env._("Outputs")
        balance = self.env._("Balance (V2.1 8.4, 8.8, 8.9; V3 5.1, 5.2)")
        internal = self.env._("Intra-entity and outsourcing (V2.1 1.7 g, 2.4)")
        share = self.env._("Input vs output share (V2.1 8.7)")
        return [
            (inputs, "asi_in", self.env._("ASI input")),
            (inputs, "eligible_in", self.env._("Eligible input")),
            (inputs, "non_asi_in", self.env._("Non-ASI input")),
            (inputs, "in_total", self.env._("Total input")),
            (inputs, "asi_in_converted", self.env._("ASI input after conversion (V3 5.1.2)")),
            (outputs, "out_total", self.env._("Total output")),
            (outputs, "asi_out", self.env._("ASI-designated output")),
            (outputs, "non_asi_out", self.env._("Non-ASI output")),
            (balance, "carried_in", self.env._("Carried in")),
            (balance, "overdraft", self.env._("Internal overdraft taken")),
            (balance, "overdraft_repaid", self.env._("Internal overdraft repaid")),
            (balance, "available", self.env._("Available for ASI output")),
            (balance, "closing_balance", self.env._("Closing balance")),
            (balance, "carried_out", self.env._("Carried out")),
            (balance, "expired", self.env._("Expired")),
            (internal, "intra_in", self.env._("Intra-entity received")),
            (internal, "intra_out", self.env._("Intra-entity sent")),
            (internal, "outsourcing_out", self.env._("Sent to outsourcing contractors")),
            (internal, "outsourcing_in", self.env._("Returned by outsourcing contractors")),
            (internal, "outsourcing_difference", self.env._("Outsourcing difference")),
            (share, "input_share", self.env._("ASI input share")),
            (share, "output_share", self.env._("ASI output share")),
        ]

    def _asi_check_report_access(self):
        """Reports read the ledger with SQL: the record rules are checked here, and a period
        of a company outside the user's current companies is refused even in sudo."""
        self.check_access("read")
        for period in self:
            if period.company_id not in self.env.companies:
                raise UserError(
                    self.env._(
                        "Period %(period)s belongs to %(company)s, which is not one of your "
                        "current companies: its reports cannot be printed here.",
                        period=period.name,
                        company=period.company_id.name,
                    )
                )

    def _asi_reconciliation_scopes(self):
        """[(label, periods, site)] of the blocks of this period's reconciliation.

        Option 2 (V3 3.3, 5.3): one block per site that has ledger lines, from
        get_balance(material, site), plus the entity. Option 3 (V3 1.2): one block per site
        period of the same dates, plus the entity as their sum (for information: the
        balances are per site). Otherwise: the entity only."""
        self.ensure_one()
        entity = self.env._("Entity")
        if self.rule_set == "v3_option2":
            self.env["asi.ledger.line"].flush_model(["period_id", "site_id"])
            rows = self.env.execute_query(
                SQL(
                    "SELECT DISTINCT site_id FROM asi_ledger_line "
                    "WHERE period_id = %s AND site_id IS NOT NULL",
                    self.id,
                )
            )
            sites = self.env["asi.site"].sudo().browse([r[0] for r in rows]).sorted("code")
            scopes = [(site.display_name, self, site) for site in sites]
            return [*scopes, (entity, self, None)]
        if self.rule_set == "v3_option3" and self.site_id:
            siblings = self.search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_from", "=", self.date_from),
                    ("date_to", "=", self.date_to),
                    ("site_id", "!=", False),
                ]
            ).sorted(lambda p: p.site_id.code or "")
            scopes = [(p.site_id.display_name, p, None) for p in siblings]
            if len(siblings) > 1:
                scopes.append((entity, siblings, None))
            return scopes
        return [(entity, self, None)]

    def _asi_reconciliation(self):
        """What the period reconciliation prints, for each period of ``self``: both the xlsx
        and the PDF render these dicts, so that they cannot differ. Every figure comes from
        get_balance() (SPEC §9: reports only read get_balance() and the ledger)."""
        self._asi_check_report_access()
        row_defs = self._asi_reconciliation_rows()
        result = []
        for period in self:
            scopes = period._asi_reconciliation_scopes()
            scope_periods = self.browse().union(*(s[1] for s in scopes))
            # Each material with its own raw kg, also one converted into another (V3 5.1.2)
            materials = self.env["asi.material.type"].union(
                *(p._listed_materials() for p in scope_periods)
            )
            blocks_by_material = []
            # one GROUP BY per scope for all materials (get_balances), not one per material
            balances = [[p.get_balances(site) for p in periods] for _l, periods, site in scopes]
            for material in materials.sorted("sequence"):
                blocks = [
                    period._asi_reconciliation_block(material, label, periods, site, scope_balances)
                    for (label, periods, site), scope_balances in zip(scopes, balances, strict=True)
                ]
                rows = [
                    {
                        "section": section,
                        "key": key,
                        "label": label,
                        "is_share": key in SHARE_KEYS,
                        "values": [block["figures"].get(key) for block in blocks],
                    }
                    for section, key, label in row_defs
                ]
                blocks_by_material.append({"material": material, "blocks": blocks, "rows": rows})
            provisional = any(p.state == "open" for p in scope_periods)
            title = self.env._("Period reconciliation %(period)s", period=period.name) + (
                self.env._(" (provisional)") if provisional else ""
            )
            result.append(
                {
                    "period": period,
                    "title": title,
                    "provisional": provisional,
                    "company": period.company_id,
                    "rule_set": dict(period._fields["rule_set"]._description_selection(self.env))[
                        period.rule_set
                    ],
                    "state": dict(period._fields["state"]._description_selection(self.env))[
                        period.state
                    ],
                    "scopes": [label for label, _periods, _site in scopes],
                    # V2.1 2.4, V3 5.1.4: the differences as explained by the one who closed.
                    "explanation": period.close_explanation or "",
                    "materials": blocks_by_material,
                }
            )
        return result

    def _asi_reconciliation_block(self, material, label, periods, site, balances=None):
        """The figures of one scope: get_balance() of one period (or the sum of the site
        periods of option 3 for the entity line), the derived totals and the discrepancies.
        ``balances``: get_balances(site) of each of ``periods``, when the caller has them."""
        if balances is None:
            balances = [p.get_balances(site) for p in periods]
        # a material without lines in a scope: all its figures are zero
        balances = [
            b.get(material) or Figures(site_scope=bool(p.site_id)).as_dict()
            for p, b in zip(periods, balances, strict=True)
        ]
        if len(periods) == 1:
            figures = dict(balances[0])
        else:
            figures = {
                key: sum(b[key] for b in balances) for key in balances[0] if key not in SHARE_KEYS
            }
            figures.update(dict.fromkeys(SHARE_KEYS))  # a share of a sum is no site's rule
        figures["in_total"] = figures["asi_in"] + figures["eligible_in"] + figures["non_asi_in"]
        figures["non_asi_out"] = figures["out_total"] - figures["asi_out"]
        return {
            "label": label,
            "periods": periods,
            "site": site,
            "figures": figures,
            "discrepancies": self._asi_discrepancies(material, label, figures, periods)
            # V3 5.1.4: what the operations find besides the ledger (e.g. the yield of the
            # manufacturing orders against the standard conversion factors), once per balance.
            + (periods._asi_period_warnings(material) if len(periods) == 1 and not site else []),
        }

    def _asi_discrepancies(self, material, scope, figures, periods):
        """What the accountant must explain to the auditor, from the figures."""
        found = []
        kg = _format_kg
        if abs(figures["outsourcing_difference"]) > EPSILON:
            # V2.1 2.4: material sent and returned is reconciled each period.
            found.append(
                self.env._(
                    "%(scope)s, %(material)s: %(sent)s kg sent to outsourcing contractors, "
                    "%(back)s kg returned (difference %(diff)s kg, V2.1 2.4).",
                    scope=scope,
                    material=material.name,
                    sent=kg(figures["outsourcing_out"]),
                    back=kg(figures["outsourcing_in"]),
                    diff=kg(figures["outsourcing_difference"]),
                )
            )
        if figures["available"] < -EPSILON:
            found.append(
                self.env._(
                    "%(scope)s, %(material)s: the available balance is negative "
                    "(%(available)s kg).",
                    scope=scope,
                    material=material.name,
                    available=kg(figures["available"]),
                )
            )
        shares = figures["input_share"], figures["output_share"]
        # V2.1 8.7: the rule set's own check, so that the report flags what the close refuses
        if len(periods) == 1 and periods._rules().check_share(Figures.from_dict(figures)):
            found.append(
                self.env._(
                    "%(scope)s, %(material)s: the ASI output share (%(output)s %%) exceeds "
                    "the ASI input share (%(input)s %%) (V2.1 8.7).",
                    scope=scope,
                    material=material.name,
                    output=format(shares[1] * 100, ".1f"),
                    input=format(shares[0] * 100, ".1f"),
                )
            )
        entity_scope = not periods[:1].site_id and len(periods) == 1
        if entity_scope and abs(figures["intra_in"] - figures["intra_out"]) > EPSILON:
            # Within one entity balance every transfer between sites is sent and received.
            found.append(
                self.env._(
                    "%(scope)s, %(material)s: %(sent)s kg sent between sites, %(received)s kg "
                    "received (in transit or unrecorded, V2.1 1.7 g).",
                    scope=scope,
                    material=material.name,
                    sent=kg(figures["intra_out"]),
                    received=kg(figures["intra_in"]),
                )
            )
        return found

    # ------------------------------------------------------------------------------------
    # Claims report (V3 8.2): ASI mass per claim and per claim type, xlsx and PDF
    # ------------------------------------------------------------------------------------
    def _asi_claims(self):
        """The claims ASI approved that were in use during this period (V2.1 11.1, V3 8.1):
        approved, or withdrawn after approval; archived ones too (records, V2.1 1.6)."""
        self.ensure_one()
        return (
            self.env["asi.claim"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", ("approved", "withdrawn")),
                    ("approval_date", "!=", False),
                    ("date_from", "<=", self.date_to),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", self.date_from),
                ],
            )
        )

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

    def _asi_claim_output_kg(self, date_from, date_to, products=None):
        """ASI-designated output of this period between two dates (external deliveries,
        returns deducted): of ``products`` only when given (their stock moves), else all."""
        self.ensure_one()
        self.env["asi.ledger.line"].flush_model()
        query = SQL(
            "SELECT COALESCE(SUM(l.mass_kg), 0) FROM asi_ledger_line l "
            "WHERE l.period_id = %s AND l.direction = 'output' AND l.asi_status = 'asi' "
            "AND l.flow_type = 'external' AND l.date BETWEEN %s AND %s",
            self.id,
            date_from,
            date_to,
        )
        if products is not None:
            self.env["stock.move"].flush_model(["product_id"])
            query = SQL(
                "%s AND l.res_model = 'stock.move' AND EXISTS (SELECT 1 FROM stock_move m "
                "WHERE m.id = l.res_id AND m.product_id IN %s)",
                query,
                tuple(products.ids) or (0,),
            )
        return float(self.env.execute_query(query)[0][0])

    def _asi_claims_report(self):
        """What the claims report prints for each period of ``self`` (V3 8.2: the ASI mass
        per claim and claim type); the xlsx and the PDF render these dicts.

        Per claim: the ASI-designated output while the claim was in use within the period,
        of its products (a claim without products, e.g. a corporate claim: all ASI output),
        next to the ASI mass the claim declares it covers."""
        self._asi_check_report_access()
        types = dict(self.env["asi.claim"]._fields["claim_type"]._description_selection(self.env))
        result = []
        for period in self:
            rows = []
            order = list(types)
            claims = period._asi_claims().sorted(
                lambda c, order=order: (order.index(c.claim_type), c.date_from, c.id)
            )
            for claim in claims:
                date_from = max(claim.date_from, period.date_from)
                date_to = min(claim.date_to or period.date_to, period.date_to)
                products = claim.product_ids
                rows.append(
                    {
                        "claim": claim,
                        "name": claim.name,
                        "type_key": claim.claim_type,
                        "type": types[claim.claim_type],
                        "products": ", ".join(products.mapped("display_name"))
                        or self.env._("All ASI output"),
                        "approval_ref": claim.approval_ref or "",
                        "approval_date": claim.approval_date,
                        "date_from": date_from,
                        "date_to": date_to,
                        "output_kg": period._asi_claim_output_kg(
                            date_from, date_to, products or None
                        ),
                        "declared_kg": claim.asi_mass_kg,
                    }
                )
            per_type = [
                {
                    "type_key": key,
                    "type": label,
                    "count": len([r for r in rows if r["type_key"] == key]),
                    "output_kg": sum(r["output_kg"] for r in rows if r["type_key"] == key),
                    "declared_kg": sum(r["declared_kg"] for r in rows if r["type_key"] == key),
                }
                for key, label in types.items()
            ]
            provisional = period.state == "open"
            result.append(
                {
                    "period": period,
                    "company": period.company_id,
                    "provisional": provisional,
                    "title": self.env._("Claims report %(period)s", period=period.name)
                    + (self.env._(" (provisional)") if provisional else ""),
                    "asi_output_kg": period._asi_claim_output_kg(period.date_from, period.date_to),
                    "claims": rows,
                    "types": per_type,
                }
            )
        return result

    def action_print_claims_xlsx(self):
        self._asi_check_report_access()
        return self.env.ref("asi_coc_report.action_report_claims_xlsx").report_action(self)

    def action_print_claims_pdf(self):
        self._asi_check_report_access()
        return self.env.ref("asi_coc_report.action_report_claims_pdf").report_action(self)

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
        self._asi_check_report_access()
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
