from odoo import fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = "stock.move"  # pylint: disable=consider-merging-classes-inherited

    def _action_done(self, cancel_backorder=False):
        # Designations of one period are serialized by its row lock (V2.1 8.5: the balance
        # covers the whole line when it is designated). Taken first, a validation that
        # waits for another one fails to serialize and is retried before it has done any
        # work, not after its moves are done: under concurrent load the retries stay cheap
        # and do not run out (issue 16, load benchmark).
        self._asi_lock_designation_periods()
        # The same for the company's ledger hash chain, which every posting extends (the
        # lock asi.ledger.line takes again at posting): a receipt that waits for another
        # company posting retries before its moves are done.
        self._asi_lock_ledger_chains()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _asi_lock_ledger_chains(self):
        posting = self.filtered(
            lambda m: (
                m.asi_material_type_id
                and m.state != "done"
                and "internal" in (m.location_id.usage, m.location_dest_id.usage)
                and (m.location_id.usage, m.location_dest_id.usage) != ("internal", "internal")
                # manufacturing posts nothing (mass balance, asi_coc_mrp): no lock for it
                and "production" not in (m.location_id.usage, m.location_dest_id.usage)
            )
        )
        Line = self.env["asi.ledger.line"].sudo()
        for company in posting.company_id.sorted("id"):
            Line._asi_lock_chain(company)

    def _asi_lock_designation_periods(self):
        shipped = self.filtered(
            lambda m: (
                m.asi_designated
                and m.asi_material_type_id
                and m.state != "done"
                and m.location_id.usage == "internal"
                and m.location_dest_id.usage == "customer"
            )
        )
        if not shipped:
            return
        Period = self.env["asi.accounting.period"]
        periods = Period
        today = fields.Date.context_today(self)
        for company, site in {
            (m.company_id, m.location_id.warehouse_id.asi_site_id) for m in shipped
        }:
            try:
                periods |= Period._find_open_period(company, today, site)
            except UserError:
                continue  # no open period: post() refuses the designation with its reason
        if periods:
            periods.sorted("id")._lock_for_designation()
