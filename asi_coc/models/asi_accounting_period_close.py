from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..mass_balance import EPSILON, Figures, Problem
from ..tools.format import format_kg


class AsiAccountingPeriod(models.Model):
    """The close of a period (every check of its rule set, then the close entries and the
    lock, V2.1 1.6, 8.8, 8.9; V3 5.2) and its reopening by a manager, with a reason."""

    # One model split by concern (issue 15): fields, figures, close, messages.
    _inherit = "asi.accounting.period"  # pylint: disable=consider-merging-classes-inherited

    def action_close(self, carry_forward=True, explanation=None):
        """Close and lock the periods: every check of the rule set, then the carry-forward,
        expiry and overdraft repayment lines, then the lock. Nothing is written if any
        material fails a check. ``explanation``: why the flagged differences are what they
        are (V2.1 2.4, V3 5.1.4), kept on the closed period."""
        for period in self.sorted("date_from"):
            period._close(carry_forward, explanation)
        return True

    def action_reopen(self, reason):
        """Reopen the latest closed period of its scope (managers, with a reason): the lines
        its close wrote are removed, the next period must still balance without them."""
        self.ensure_one()
        if not self.env.user.has_group("asi_coc.group_asi_coc_manager"):
            raise UserError(self.env._("Only an ASI CoC Manager can reopen a period."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for reopening the period."))
        if self.state != "closed":
            raise UserError(self.env._("Period %s is not closed.", self.name))
        later_closed = self._scope_periods(before=False).filtered(lambda p: p.state == "closed")
        if later_closed:
            raise UserError(
                self.env._(
                    "Only the latest closed period can be reopened; %(later)s is closed after it.",
                    later=later_closed[0].name,
                )
            )
        self._asi_action_write({"state": "open", "closed_conversions": False})
        self.flush_recordset(["state"])
        next_period = self._next_period()
        # What the close wrote goes away with SQL: no ORM path may delete ledger lines.
        self.env["asi.ledger.line"].flush_model()
        self.env.cr.execute(
            SQL(
                "DELETE FROM asi_ledger_line WHERE close_entry AND (period_id = %s "
                "OR (period_id = %s AND flow_type = 'carry_forward'))",
                self.id,
                next_period.id or 0,
            )
        )
        self.env["asi.ledger.line"].invalidate_model()
        self.invalidate_recordset(["line_ids"])
        materials = next_period._material_types() if next_period else []
        balances = next_period._figures_by_material(materials) if materials else {}
        for material in materials:
            if balances[material].available < -EPSILON:
                raise UserError(
                    self.env._(
                        "Period %(period)s cannot be reopened: %(next)s already used the "
                        "balance carried into it for %(material)s.",
                        period=self.name,
                        next=next_period.name,
                        material=material.name,
                    )
                )
        self._asi_action_write({"reopen_reason": reason, "closed_by": False, "closed_on": False})
        return True

    def action_open_close_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close %s", self.name),
            "res_model": "asi.period.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_period_id": self.id},
        }

    def action_open_reopen_wizard(self):
        action = self.action_open_close_wizard()
        action["name"] = self.env._("Reopen %s", self.name)
        action["context"] = {"default_period_id": self.id, "default_mode": "reopen"}
        return action

    def _close_plan(self, carry_forward=True):
        """What closing would do, per material: figures, entries to write, problems.

        One GROUP BY for this period (by site under option 2) and one for each of the two
        previous periods of the scope; the rest is arithmetic on the grouped rows."""
        self.ensure_one()
        rules = self._rules()
        conversions = self._conversions()
        option2 = self.rule_set == "v3_option2"
        rows = self._ledger_sums(by_site=option2)
        previous = [
            (period, period._ledger_sums(), period._conversions())
            for period in self._scope_periods(before=True, limit=2)
        ]
        materials = self._balance_materials(rows, conversions)
        if previous:
            materials |= self._balance_materials(previous[0][1], previous[0][2])
        sites = self.env["asi.site"].browse({row[4] for row in rows if row[4]}) if option2 else []
        # {material id: Figures} of this period, of each site (option 2) and of the previous
        # periods, each from its grouped rows once.
        this_period = self._figures_by_id(rows, conversions)
        by_site = {site: self._figures_by_id(rows, conversions, site.id) for site in sites}
        before = [p._figures_by_id(r, c) for p, r, c in previous]
        empty = Figures(site_scope=bool(self.site_id))
        plan = []
        for material in materials.sorted("sequence"):
            figures = this_period.get(material.id, empty)
            prev_figures = [figures_of.get(material.id, empty) for figures_of in before]
            repayment_due = 0.0
            if prev_figures:
                repayment_due = max(prev_figures[0].overdraft - figures.overdraft_repaid, 0.0)
            if all(abs(v) < EPSILON for v in figures.as_dict().values()) and not repayment_due:
                continue
            problems = rules.check_close(figures, repayment_due)
            if sites:
                # V3 option 2 (3.3, 5.3): minimum ASI sourcing of each site that ships ASI.
                site_figures = {
                    site: figures_of.get(material.id, empty) for site, figures_of in by_site.items()
                }
                problems += rules.check_sites(site_figures, self.company_id.asi_option2_min_share)
            carry_allowed = rules.may_carry_forward([f.carried_out for f in prev_figures])
            entries = rules.close_entries(figures, repayment_due, carry_forward, carry_allowed)
            if carry_forward and not carry_allowed:
                wanted = rules.close_entries(figures, repayment_due, True, True).carry_forward
                if wanted:
                    problems.append(Problem("carry_forward_not_allowed", {"balance": wanted}))
            warnings = []
            sent, back = figures.outsourcing_out_converted, figures.outsourcing_in_converted
            if abs(sent - back) > EPSILON:
                # V2.1 2.4: material sent to and returned by outsourcing contractors is
                # reconciled each period, per balance (converted materials through their
                # factor, V3 5.1.2); a difference is flagged, not blocking.
                warnings.append(
                    self.env._(
                        "%(material)s: %(sent)s kg sent to outsourcing contractors, %(back)s kg "
                        "returned; explain the difference of %(diff)s kg (V2.1 2.4).",
                        material=material.name,
                        sent=format_kg(sent),
                        back=format_kg(back),
                        diff=format_kg(sent - back),
                    )
                )
            plan.append(
                {
                    "material": material,
                    "figures": figures,
                    "entries": entries,
                    "problems": problems,
                    "warnings": warnings,
                    "carry_allowed": carry_allowed,
                }
            )
        return plan

    def _close(self, carry_forward, explanation=None):
        self.ensure_one()
        self.check_access("write")
        if self.state == "closed":
            raise UserError(self.env._("Period %s is already closed.", self.name))
        earlier_open = self._scope_periods(before=True).filtered(lambda p: p.state == "open")
        if earlier_open:
            raise UserError(
                self.env._(
                    "Close the earlier period %(earlier)s first: periods close in order.",
                    earlier=earlier_open[-1].name,
                )
            )
        self._lock_for_designation()
        plan = self._close_plan(carry_forward)
        messages = [
            self._problem_message(problem, item["material"])
            for item in plan
            for problem in item["problems"]
        ]
        if messages:
            raise UserError(
                self.env._(
                    "Period %(period)s cannot be closed:\n%(problems)s",
                    period=self.name,
                    problems="\n".join(f"• {m}" for m in messages),
                )
            )
        next_period = self.browse()
        vals_list = []
        for item in plan:
            entries, material = item["entries"], item["material"]
            base = {
                "company_id": self.company_id.id,
                "site_id": self.site_id.id,
                "material_type_id": material.id,
                "asi_status": "asi",
                "period_id": self.id,
                "date": self.date_to,
                "close_entry": True,
            }
            if entries.overdraft_repayment:
                vals_list.append(
                    dict(
                        base,
                        direction="output",
                        flow_type="overdraft_repayment",
                        mass_kg=entries.overdraft_repayment,
                    )
                )
            if entries.expiry:
                vals_list.append(
                    dict(base, direction="output", flow_type="expiry", mass_kg=entries.expiry)
                )
            if entries.carry_forward:
                next_period = next_period or self._next_period(create=True)
                vals_list.append(
                    dict(
                        base,
                        direction="output",
                        flow_type="carry_forward",
                        mass_kg=entries.carry_forward,
                    )
                )
                vals_list.append(
                    dict(
                        base,
                        direction="input",
                        flow_type="carry_forward",
                        mass_kg=entries.carry_forward,
                        period_id=next_period.id,
                        date=next_period.date_from,
                    )
                )
        self.env["asi.ledger.line"].sudo().with_context(asi_ledger_post=True).create(vals_list)
        conversions = self._conversions()
        self._asi_action_write(
            {
                "state": "closed",
                "closed_by": self.env.uid,
                "closed_on": fields.Datetime.now(),
                "reopen_reason": False,
                "close_explanation": (explanation or "").strip() or False,
                "closed_conversions": {
                    "conversions": [[i, o, f] for i, (o, f) in sorted(conversions.items())]
                },
            }
        )
        self.message_post(body=self._close_summary(plan))

    def _close_summary(self, plan):
        lines = []
        for item in plan:
            e = item["entries"]
            lines.append(
                self.env._(
                    "%(material)s: closing balance %(balance)s kg, carried forward %(carry)s kg, "
                    "expired %(expiry)s kg, overdraft repaid %(repaid)s kg",
                    material=item["material"].name,
                    balance=format_kg(item["figures"].closing_balance),
                    carry=format_kg(e.carry_forward),
                    expiry=format_kg(e.expiry),
                    repaid=format_kg(e.overdraft_repayment),
                )
            )
        return self.env._("Period closed.") + ("<br/>" + "<br/>".join(lines) if lines else "")
