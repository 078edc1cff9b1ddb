from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class AsiAccountingPeriod(models.Model):
    """The auditor's first checks of a period: the tie-out of the ledger against the records
    it came from, and the integrity of the ledger's hash chain (V2.1 1.6, 8.1; V3 2.2, 5.1).
    The close refuses while either finds something."""

    _inherit = "asi.accounting.period"  # pylint: disable=consider-merging-classes-inherited

    close_hash = fields.Char(
        string="Ledger Hash at Close",
        readonly=True,
        copy=False,
        help="The hash of the company's last ledger line when the period was closed: it seals "
        "every line of the period and the close entries (Check Ledger Integrity).",
    )
    close_hash_line_id = fields.Many2one(
        "asi.ledger.line", string="Last Line at Close", readonly=True, copy=False
    )

    # ------------------------------------------------------------------------------------
    # Tie-out
    # ------------------------------------------------------------------------------------
    def asi_tie_out(self):
        """Differences between the ledger of these periods and what it was posted from:
        a list of {"code", "message", "res_model", "res_id"}, one per difference. Read-only.

        Here the checks of the ledger alone; asi_coc_stock adds those of stock."""
        self.check_access("read")
        differences = []
        self.env["asi.ledger.line"].flush_model()
        for period in self.sudo():
            # Each line lies in the period of its date and company (V2.1 8.2).
            rows = period.env.execute_query(
                SQL(
                    "SELECT id, date FROM asi_ledger_line WHERE period_id = %s AND "
                    "(date NOT BETWEEN %s AND %s OR company_id != %s) ORDER BY id",
                    period.id,
                    period.date_from,
                    period.date_to,
                    period.company_id.id,
                )
            )
            for line_id, date in rows:
                differences.append(
                    period._asi_difference(
                        "period_mismatch",
                        self.env._(
                            "Ledger line %(line)s is dated %(date)s, outside period %(period)s "
                            "it is recorded in.",
                            line=line_id,
                            date=date,
                            period=period.name,
                        ),
                        "asi.ledger.line",
                        line_id,
                    )
                )
            # A line that names its source names an existing record (one query per model).
            models_named = period.env.execute_query(
                SQL(
                    "SELECT DISTINCT res_model FROM asi_ledger_line WHERE period_id = %s "
                    "AND res_model IS NOT NULL",
                    period.id,
                )
            )
            for (model,) in models_named:
                table = self.env[model]._table if model in self.env else None
                rows = period.env.execute_query(
                    SQL(
                        "SELECT l.id, l.res_id FROM asi_ledger_line l WHERE l.period_id = %s "
                        "AND l.res_model = %s %s ORDER BY l.id",
                        period.id,
                        model,
                        SQL(
                            "AND NOT EXISTS (SELECT 1 FROM %s r WHERE r.id = l.res_id)",
                            SQL.identifier(table),
                        )
                        if table
                        else SQL(),
                    )
                )
                differences += [
                    period._asi_difference(
                        "source_missing",
                        self.env._(
                            "Ledger line %(line)s names %(model)s %(id)s, which does not exist.",
                            line=line_id,
                            model=model,
                            id=res_id,
                        ),
                        "asi.ledger.line",
                        line_id,
                    )
                    for line_id, res_id in rows
                ]
        return differences

    def _asi_difference(self, code, message, res_model=False, res_id=False):
        return {"code": code, "message": message, "res_model": res_model, "res_id": res_id}

    # ------------------------------------------------------------------------------------
    # Integrity of the hash chain
    # ------------------------------------------------------------------------------------
    def asi_check_integrity(self):
        """The hash chain of the period's company, from its first line to the last line
        dated in or before the period: {"ok", "lines_checked", "first_broken_line_id",
        "message"}. Read-only."""
        self.ensure_one()
        self.check_access("read")
        return self.env["asi.ledger.line"].sudo()._asi_check_chain(self.company_id, self.date_to)

    # ------------------------------------------------------------------------------------
    # Close and reopen
    # ------------------------------------------------------------------------------------
    def _close(self, carry_forward, explanation=None):
        self.ensure_one()
        differences = self.asi_tie_out()
        if differences:
            raise UserError(
                self.env._(
                    "Period %(period)s cannot be closed: the ledger does not tie out with the "
                    "records it was posted from (Tie-out):\n%(differences)s",
                    period=self.name,
                    differences="\n".join(f"• {d['message']}" for d in differences),
                )
            )
        integrity = self.asi_check_integrity()
        if not integrity["ok"]:
            raise UserError(
                self.env._(
                    "Period %(period)s cannot be closed: %(message)s",
                    period=self.name,
                    message=integrity["message"],
                )
            )
        res = super()._close(carry_forward, explanation)
        # The close seals the period: the head of the company's chain after its entries.
        Line = self.env["asi.ledger.line"].sudo()
        Line.flush_model()
        head = self.env.execute_query(
            SQL(
                "SELECT id, inalterable_hash FROM asi_ledger_line WHERE company_id = %s "
                "AND chain_sequence IS NOT NULL ORDER BY chain_sequence DESC LIMIT 1",
                self.company_id.id,
            )
        )
        line_id, digest = head[0] if head else (False, False)
        self._asi_action_write({"close_hash": digest, "close_hash_line_id": line_id})
        return res

    def action_reopen(self, reason):
        # The reopening removes the lines the close wrote: the chain is sealed again from
        # the first of them, and closed periods sealed after it take their new hash.
        self.ensure_one()
        Line = self.env["asi.ledger.line"].sudo()
        Line.flush_model()
        next_period = self._next_period()
        first = self.env.execute_query(
            SQL(
                "SELECT MIN(chain_sequence) FROM asi_ledger_line WHERE close_entry AND "
                "(period_id = %s OR (period_id = %s AND flow_type = 'carry_forward'))",
                self.id,
                next_period.id or 0,
            )
        )[0][0]
        res = super().action_reopen(reason)
        self._asi_action_write({"close_hash": False, "close_hash_line_id": False})
        if first:
            resealed = Line._asi_reseal(self.company_id, first)
            closed = self.sudo().search(
                [("close_hash_line_id", "in", resealed), ("state", "=", "closed")]
            )
            for period in closed:
                period._asi_action_write({"close_hash": period.close_hash_line_id.inalterable_hash})
            self.message_post(
                body=self.env._(
                    "The ledger's hash chain was sealed again from the first close entry "
                    "removed by the reopening (%(count)s lines).",
                    count=len(resealed),
                )
            )
        return res

    # ------------------------------------------------------------------------------------
    # Screens
    # ------------------------------------------------------------------------------------
    def action_asi_tie_out(self):
        self.ensure_one()
        return self.env["asi.period.tie.out"].create({"period_id": self.id})._action_open()

    def action_asi_print_integrity(self):
        return self.env.ref("asi_coc.action_report_ledger_integrity").report_action(self)
