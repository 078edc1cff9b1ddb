from odoo import models
from odoo.tools import SQL


class AsiClaimsReport(models.AbstractModel):
    """The claims report (V3 8.2): the ASI mass per claim and per claim type; what it
    prints, and the values of its PDF. The xlsx renders the same dicts
    (``asi.accounting.period._asi_claims_report`` calls ``_asi_claims_report`` here)."""

    _name = "report.asi_coc_report.report_claims"
    _inherit = "report.asi_coc_report.abstract_report"
    _description = "ASI Claims Report (PDF)"
    _asi_doc_model = "asi.accounting.period"
    _asi_data_key = "reports"

    def _asi_report_data(self, docs):
        return self._asi_claims_report(docs)

    def _asi_claims(self, period):
        """The claims ASI approved that were in use during ``period`` (V2.1 11.1, V3 8.1):
        approved, or withdrawn after approval; archived ones too (records, V2.1 1.6)."""
        period.ensure_one()
        return (
            self.env["asi.claim"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", period.company_id.id),
                    ("state", "in", ("approved", "withdrawn")),
                    ("approval_date", "!=", False),
                    ("date_from", "<=", period.date_to),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", period.date_from),
                ],
            )
        )

    def _asi_claim_output_kg(self, period, date_from, date_to, products=None):
        """ASI-designated output of ``period`` between two dates (external deliveries,
        returns deducted): of ``products`` only when given (their stock moves), else all."""
        period.ensure_one()
        self.env["asi.ledger.line"].flush_model()
        query = SQL(
            "SELECT COALESCE(SUM(l.mass_kg), 0) FROM asi_ledger_line l "
            "WHERE l.period_id = %s AND l.direction = 'output' AND l.asi_status = 'asi' "
            "AND l.flow_type = 'external' AND l.date BETWEEN %s AND %s",
            period.id,
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

    def _asi_claims_report(self, periods):
        """What the claims report prints for each period of ``periods`` (V3 8.2: the ASI
        mass per claim and claim type); the xlsx and the PDF render these dicts.

        Per claim: the ASI-designated output while the claim was in use within the period,
        of its products (a claim without products, e.g. a corporate claim: all ASI output),
        next to the ASI mass the claim declares it covers."""
        periods._asi_verify_report_access()
        types = dict(self.env["asi.claim"]._fields["claim_type"]._description_selection(self.env))
        result = []
        for period in periods:
            rows = []
            order = list(types)
            claims = self._asi_claims(period).sorted(
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
                        "output_kg": self._asi_claim_output_kg(
                            period, date_from, date_to, products or None
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
                    "asi_output_kg": self._asi_claim_output_kg(
                        period, period.date_from, period.date_to
                    ),
                    "claims": rows,
                    "types": per_type,
                }
            )
        return result
