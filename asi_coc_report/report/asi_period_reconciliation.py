from odoo import models
from odoo.tools import SQL

from odoo.addons.asi_coc.mass_balance import EPSILON, Figures
from odoo.addons.asi_coc.tools import format_kg

from ..models.asi_accounting_period import SHARE_KEYS


class AsiPeriodReconciliationReport(models.AbstractModel):
    """The period reconciliation (V2.1 8.1-8.9, V3 5.1-5.3): what it prints, and the values
    of its PDF. The xlsx renders the same dicts (``asi.accounting.period._asi_reconciliation``
    calls ``_asi_reconciliation`` here), so that the two cannot differ."""

    _name = "report.asi_coc_report.report_period_reconciliation"
    _inherit = "report.asi_coc_report.abstract_report"
    _description = "ASI Period Reconciliation (PDF)"
    _asi_doc_model = "asi.accounting.period"
    _asi_data_key = "reconciliations"

    def _asi_report_data(self, docs):
        return self._asi_reconciliation(docs)

    # ------------------------------------------------------------------------------------
    # The rows both reconciliation reports print (xlsx and PDF): one method, one source
    # ------------------------------------------------------------------------------------
    def _asi_reconciliation_rows(self):
        """(section, key, label) of the reconciliation, in print order. Every kg figure is a
        key of get_balance() or the sum/difference of two of them."""
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

    def _asi_reconciliation_scopes(self, period):
        """[(label, periods, site)] of the blocks of ``period``'s reconciliation.

        Option 2 (V3 3.3, 5.3): one block per site that has ledger lines, from
        get_balance(material, site), plus the entity. Option 3 (V3 1.2): one block per site
        period of the same dates, plus the entity as their sum (for information: the
        balances are per site). Otherwise: the entity only."""
        period.ensure_one()
        entity = self.env._("Entity")
        if period.rule_set == "v3_option2":
            self.env["asi.ledger.line"].flush_model(["period_id", "site_id"])
            rows = self.env.execute_query(
                SQL(
                    "SELECT DISTINCT site_id FROM asi_ledger_line "
                    "WHERE period_id = %s AND site_id IS NOT NULL",
                    period.id,
                )
            )
            sites = self.env["asi.site"].sudo().browse([r[0] for r in rows]).sorted("code")
            scopes = [(site.display_name, period, site) for site in sites]
            return [*scopes, (entity, period, None)]
        if period.rule_set == "v3_option3" and period.site_id:
            siblings = period.search(
                [
                    ("company_id", "=", period.company_id.id),
                    ("date_from", "=", period.date_from),
                    ("date_to", "=", period.date_to),
                    ("site_id", "!=", False),
                ]
            ).sorted(lambda p: p.site_id.code or "")
            scopes = [(p.site_id.display_name, p, None) for p in siblings]
            if len(siblings) > 1:
                scopes.append((entity, siblings, None))
            return scopes
        return [(entity, period, None)]

    def _asi_reconciliation(self, periods):
        """What the period reconciliation prints, for each period of ``periods``: both the
        xlsx and the PDF render these dicts, so that they cannot differ. Every figure comes
        from get_balances() (reports read only the balance and the ledger, never their own sums)."""
        periods._asi_verify_report_access()
        row_defs = self._asi_reconciliation_rows()
        result = []
        for period in periods:
            scopes = self._asi_reconciliation_scopes(period)
            scope_periods = periods.browse().union(*(s[1] for s in scopes))
            # Each material with its own raw kg, also one converted into another (V3 5.1.2)
            materials = self.env["asi.material.type"].union(
                *(p._listed_materials() for p in scope_periods)
            )
            blocks_by_material = []
            # one GROUP BY per scope for all materials (get_balances), not one per material
            balances = [[p.get_balances(site) for p in ps] for _label, ps, site in scopes]
            for material in materials.sorted("sequence"):
                blocks = [
                    self._asi_reconciliation_block(material, label, ps, site, scope_balances)
                    for (label, ps, site), scope_balances in zip(scopes, balances, strict=True)
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

        def values(**names):
            # The scope, the material and the kg of the figures: {placeholder: figure key}.
            kg = {name: format_kg(figures[key]) for name, key in names.items()}
            return {"scope": scope, "material": material.name, **kg}

        if abs(figures["outsourcing_difference"]) > EPSILON:
            # V2.1 2.4: material sent and returned is reconciled each period.
            found.append(
                self.env._(
                    "%(scope)s, %(material)s: %(sent)s kg sent to outsourcing contractors, "
                    "%(back)s kg returned (difference %(diff)s kg, V2.1 2.4).",
                    **values(
                        sent="outsourcing_out", back="outsourcing_in", diff="outsourcing_difference"
                    ),
                )
            )
        if figures["available"] < -EPSILON:
            found.append(
                self.env._(
                    "%(scope)s, %(material)s: the available balance is negative "
                    "(%(available)s kg).",
                    **values(available="available"),
                )
            )
        shares = figures["input_share"], figures["output_share"]
        # V2.1 8.7: the rule set's own check, so that the report flags what the close refuses
        if len(periods) == 1 and periods._rules().check_share(Figures.from_dict(figures)):
            found.append(
                self.env._(
                    "%(scope)s, %(material)s: the ASI output share (%(output)s %%) exceeds "
                    "the ASI input share (%(input)s %%) (V2.1 8.7).",
                    **values(),
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
                    **values(sent="intra_out", received="intra_in"),
                )
            )
        return found
