from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date

from ..mass_balance import Figures, Problem, rules_for
from .res_company import RULE_SETS

# V2.1 8.2, V3 5.1.3: a material accounting period is at most twelve months.
MAX_PERIOD_MONTHS = 12
# Flows of a converted material that count in the balance of the material it is converted
# into, all through the standard conversion factor (V3 5.1.2; outputs, V2.1 8.6): inputs,
# outputs, intra-entity transfers and outsourcing.
CONVERTIBLE_FLOWS = ("external", "correction", "intra_entity", "outsourcing")


class AsiAccountingPeriod(models.Model):
    """A material accounting period: the scope and dates over which the ASI mass balance is
    reconciled (V2.1 8.2, V3 5.1.3), the rule set it follows, and the close that locks it.

    All figures come from :meth:`get_balance`, one SQL aggregate over the ledger; the rules
    themselves live in ``asi_coc.mass_balance``.
    """

    _name = "asi.accounting.period"
    _description = "ASI Material Accounting Period"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "asi.retention.mixin",
        "asi.action.fields.mixin",
    ]
    _order = "date_from desc, site_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    site_id = fields.Many2one(
        "asi.site",
        check_company=True,
        tracking=True,
        help="Under V3 option 3 each site keeps its own balance and periods; otherwise the "
        "period covers the whole entity.",
    )
    date_from = fields.Date(string="Start", required=True, tracking=True)
    date_to = fields.Date(string="End", required=True, tracking=True)
    rule_set = fields.Selection(
        RULE_SETS,
        required=True,
        tracking=True,
        default=lambda self: self.env.company.asi_rule_set or "v2_1",
        help="The rule set in force when the period opened (copied from the company).",
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        default="open",
        required=True,
        tracking=True,
        copy=False,
    )
    closed_by = fields.Many2one("res.users", readonly=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)
    reopen_reason = fields.Text(readonly=True, copy=False, tracking=True)
    # V2.1 1.6, V3 5.1.2: the conversion factors the close applied, {"conversions":
    # [[input material id, output material id, factor], ...]}: a closed period's figures
    # depend on nothing editable, not even on a factor changed below the ORM.
    closed_conversions = fields.Json(readonly=True, copy=False)
    # V2.1 2.4, V3 5.1.4: what the close wizard flagged (outsourcing sent and returned,
    # yields) is explained by the person who closes, and kept with the closed period.
    close_explanation = fields.Text(
        string="Explanation of Differences",
        readonly=True,
        copy=False,
        tracking=True,
        help="Why the differences flagged at the close (e.g. outsourcing sent and returned, "
        "V2.1 2.4) are what they are, written by the person who closed the period, for the "
        "auditor.",
    )
    line_ids = fields.One2many("asi.ledger.line", "period_id", string="Ledger Lines")
    line_count = fields.Integer(compute="_compute_line_count")
    force_majeure_ids = fields.One2many("asi.force.majeure", "period_id", string="Overdrafts")
    balance_html = fields.Html(string="Balance", compute="_compute_balance_html", sanitize=False)
    warning_html = fields.Html(
        string="Warnings",
        compute="_compute_warning_html",
        sanitize=False,
        help="Discrepancies to explain to the auditor, e.g. a standard conversion factor that "
        "credits more output than the plant yields (V3 5.1.4).",
    )
    # Bumped by every designation check: the row lock it takes serializes designations of the
    # same period across transactions and workers (see _lock_for_designation).
    designation_seq = fields.Integer(default=0, copy=False, readonly=True)

    @api.depends("date_from", "date_to", "site_id")
    def _compute_name(self):
        for period in self:
            if not (period.date_from and period.date_to):
                period.name = False
                continue
            name = f"{period.date_from.isoformat()} – {period.date_to.isoformat()}"
            period.name = f"{period.site_id.code} {name}" if period.site_id else name

    def _compute_line_count(self):
        counts = dict(
            self.env["asi.ledger.line"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        for period in self:
            period.line_count = counts.get(period, 0)

    @api.constrains("date_from", "date_to", "site_id", "company_id", "rule_set")
    def _check_dates(self):
        for period in self:
            if period.date_to < period.date_from:
                raise ValidationError(
                    self.env._("A material accounting period cannot end before it starts.")
                )
            if period.date_to >= period.date_from + relativedelta(months=MAX_PERIOD_MONTHS):
                raise ValidationError(
                    self.env._(
                        "A material accounting period is at most 12 months (V2.1 8.2, "
                        "V3 5.1.3): %(start)s to %(end)s is longer.",
                        start=period.date_from,
                        end=period.date_to,
                    )
                )
            if (period.rule_set == "v3_option3") != bool(period.site_id):
                raise ValidationError(
                    self.env._(
                        "Under V3 option 3 every period belongs to one site; under the other "
                        "rule sets a period covers the whole entity and has no site."
                    )
                )
            overlap = self.search(
                [
                    ("id", "!=", period.id),
                    ("company_id", "=", period.company_id.id),
                    ("date_from", "<=", period.date_to),
                    ("date_to", ">=", period.date_from),
                    "|",
                    ("site_id", "=", period.site_id.id),
                    ("site_id", "=", False) if period.site_id else ("id", "!=", 0),
                ],
                limit=1,
            )
            if overlap:
                raise ValidationError(
                    self.env._(
                        "Period %(new)s overlaps period %(old)s of the same scope: periods of "
                        "one balance follow each other without overlap.",
                        new=period.name,
                        old=overlap.name,
                    )
                )

    # V2.1 1.6, V3 2.2: a period is closed and reopened only by its actions, which check
    # the rules, write the close entries and ask for the reason of a reopening.
    # The explanation of the close's differences is part of the close: frozen with it.
    _asi_action_fields = (
        "state",
        "closed_by",
        "closed_on",
        "reopen_reason",
        "closed_conversions",
        "close_explanation",
    )

    def _asi_action_names(self):
        return self.env._("Close and Reopen")

    def write(self, vals):
        fixed = {"date_from", "date_to", "site_id", "company_id", "rule_set"} & set(vals)
        if fixed and self.filtered(lambda p: p.state == "closed" or p.line_ids):
            raise UserError(
                self.env._(
                    "The dates, scope and rule set of a period are fixed once it has "
                    "ledger lines or is closed."
                )
            )
        return super().write(vals)

    def _asi_retention_date(self):
        # V2.1 1.6: records are kept five years after the end of their period.
        return self.date_to

    def _asi_is_retained(self):
        # A period opened by mistake, with no ledger line yet, records nothing.
        self.ensure_one()
        return self.state == "closed" or bool(self.line_ids)

    # ------------------------------------------------------------------------------------
    # Finding periods
    # ------------------------------------------------------------------------------------
    @api.model
    def _find_open_period(self, company, date, site=None):
        """The open period of ``company`` (and ``site`` under option 3) that covers ``date``.

        Refuses with a clear error when the period is closed or missing: nothing can be
        posted into a closed period.
        """
        periods = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("date_from", "<=", date),
                ("date_to", ">=", date),
            ]
        )
        period = periods.filtered(lambda p: site and p.site_id == site) or periods.filtered(
            lambda p: not p.site_id
        )
        if not period:
            if periods:
                raise UserError(
                    self.env._(
                        "%(company)s keeps one balance per site (V3 option 3): the flow of "
                        "%(date)s needs a site that has a period.",
                        company=company.name,
                        date=format_date(self.env, date),
                    )
                )
            raise UserError(
                self.env._(
                    "No material accounting period of %(company)s covers %(date)s. Open one "
                    "under ASI CoC > Mass Balance > Periods.",
                    company=company.name,
                    date=format_date(self.env, date),
                )
            )
        if period.state == "closed":
            raise UserError(
                self.env._(
                    "The material accounting period %(period)s is closed: nothing dated "
                    "%(date)s can be posted any more. Date the operation in an open period "
                    "or record a correction.",
                    period=period.name,
                    date=format_date(self.env, date),
                )
            )
        return period.with_env(self.env)

    def _scope_periods(self, before=True, limit=None):
        """Periods of the same balance (company and site), before or after this one."""
        self.ensure_one()
        return self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("site_id", "=", self.site_id.id),
                (
                    "date_to" if before else "date_from",
                    "<" if before else ">",
                    self.date_from if before else self.date_to,
                ),
            ],
            order="date_from desc" if before else "date_from asc",
            limit=limit,
        )

    def _previous_period(self):
        return self._scope_periods(before=True, limit=1)

    def _next_period(self, create=False):
        """The period that follows this one; created with the same length when missing."""
        self.ensure_one()
        following = self._scope_periods(before=False, limit=1)
        if following and following.date_from == self.date_to + relativedelta(days=1):
            return following
        if following or not create:
            return self.browse()
        rule_set = self.company_id.asi_rule_set or "v2_1"
        months = relativedelta(self.date_to + relativedelta(days=1), self.date_from)
        length = max(months.years * 12 + months.months, 1)
        date_from = self.date_to + relativedelta(days=1)
        return self.create(
            {
                "company_id": self.company_id.id,
                "site_id": self.site_id.id,
                "date_from": date_from,
                "date_to": date_from + relativedelta(months=length, days=-1),
                "rule_set": rule_set
                if (rule_set == "v3_option3") == bool(self.site_id)
                else self.rule_set,
            }
        )

    # ------------------------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------------------------
    def _rules(self):
        self.ensure_one()
        return rules_for(self.rule_set)

    def _conversions(self):
        """{input material id: (output material id, factor)} of the period's standard
        conversion factors (V3 5.1.2): a material converted into another one is credited to
        that one only, never twice."""
        self.ensure_one()
        if self.state == "closed" and self.closed_conversions:
            # V2.1 1.6: a closed period keeps the factors its close applied.
            return {i: (o, f) for i, o, f in self.closed_conversions["conversions"]}
        factors = (
            self.env["asi.conversion.factor"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("date_from", "<=", self.date_from),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", self.date_from),
                ],
                order="id",
            )
        )
        conversions = {}
        for factor in factors:
            conversions.setdefault(
                factor.input_material_type_id.id,
                (factor.output_material_type_id.id, factor.factor),
            )
        return conversions

    def _ledger_sums(self, material_ids=None, by_site=False):
        """One GROUP BY over the period's ledger lines: kg per (material, direction, flow
        type, ASI status[, site])."""
        self.ensure_one()
        self.env["asi.ledger.line"].flush_model()
        site_column = SQL(", site_id") if by_site else SQL()
        query = SQL(
            """
            SELECT material_type_id, direction, flow_type, asi_status%(site)s, SUM(mass_kg)
              FROM asi_ledger_line
             WHERE period_id = %(period)s %(materials)s
          GROUP BY material_type_id, direction, flow_type, asi_status%(site)s
            """,
            site=site_column,
            period=self.id,
            materials=SQL("AND material_type_id IN %s", tuple(material_ids))
            if material_ids
            else SQL(),
        )
        return self.env.execute_query(query)

    def _figures_from_sums(self, rows, material_id, conversions, site_id=None):
        """The figures of one material, from grouped rows (at most a few dozen).

        Its own rows give its own kg (the reconciliation lists them). A material converted
        into another one (a conversion factor exists) is accounted in that one's balance:
        all its flows through the factor (V3 5.1.2), so that 2,000 kg of alumina sold at
        0.5 debit 1,000 kg of aluminium, and eligible scrap a producer ships draws on the
        same ASI share as its aluminium (V2.1 8.6)."""
        figures = Figures(site_scope=bool(self.site_id))
        for row in rows:
            material, direction, flow, status = row[:4]
            if site_id is not None and row[4] != site_id:
                continue
            own = material == material_id
            in_balance = _balance_material(material, direction, flow, conversions) == material_id
            if not (own or in_balance):
                continue
            kg = row[-1]
            factor = conversions[material][1] if not own else 1.0
            _add_to_figures(
                figures,
                direction,
                flow,
                status,
                kg if own else 0.0,
                kg * factor if in_balance else 0.0,
            )
        return figures

    def _figures(self, material_type, site=None):
        """Figures of one material, from one SQL aggregate over the period's ledger lines.

        Inputs of other materials count through the period's standard conversion factor
        into this material (V3 5.1.2). ``site``: one site of an entity period (option 2);
        a site period (option 3) is always its own scope.
        """
        self.ensure_one()
        conversions = self._conversions()
        sources = [m for m, (out, _f) in conversions.items() if out == material_type.id]
        if site and not self.site_id:
            rows = self._ledger_sums([material_type.id, *sources], by_site=True)
            return self._figures_from_sums(rows, material_type.id, conversions, site.id)
        rows = self._ledger_sums([material_type.id, *sources])
        return self._figures_from_sums(rows, material_type.id, conversions)

    def get_balance(self, material_type, site=None):
        """The period's figures for one material, in kg (SPEC §7 keys).

        ``site``: the figures of one site of an entity period (option 2 reporting); a site
        period (option 3) is always its own scope. Both may be ids (a JSON-RPC client).
        """
        self.ensure_one()
        self.check_access("read")  # figures are read with SQL, below the record rules
        if isinstance(material_type, int):
            material_type = self.env["asi.material.type"].browse(material_type).exists()
        if isinstance(site, int):
            site = self.env["asi.site"].browse(site).exists()
        return self._figures(material_type, site).as_dict()

    def _balance_materials(self, rows, conversions):
        """Materials that have a balance, given grouped rows of the ledger."""
        ids = {
            _balance_material(material, direction, flow, conversions)
            for material, direction, flow, *_rest in rows
        }
        return self.env["asi.material.type"].browse(ids).sorted("sequence")

    def _material_types(self):
        """Materials with a balance in this period."""
        self.ensure_one()
        return self._balance_materials(self._ledger_sums(), self._conversions())

    def _listed_materials(self, rows=None, conversions=None):
        """Materials with a balance or with ledger lines of their own in this period (a
        material converted into another one has lines but no balance)."""
        self.ensure_one()
        rows = self._ledger_sums() if rows is None else rows
        conversions = self._conversions() if conversions is None else conversions
        own = self.env["asi.material.type"].browse({row[0] for row in rows})
        return (own | self._balance_materials(rows, conversions)).sorted("sequence")

    def _repayment_due(self, material_type, figures=None):
        """kg of the previous period's overdraft of this balance not repaid yet (V2.1 8.8 c,
        V3 5.2.2): due from the first day of this period."""
        self.ensure_one()
        previous = self._previous_period()
        if not previous:
            return 0.0
        figures = figures or self._figures(material_type)
        return max(previous._figures(material_type).overdraft - figures.overdraft_repaid, 0.0)

    def _designation_figures(self, material_type, site=None):
        """What a user needs before shipping ASI material (kg, balance unit): the balance
        (``available``), the previous overdraft still due (``repayment_due``), what can be
        designated (``designatable``), and under V2.1 the 8.7 headroom (``share_headroom``,
        None under V3) with the ``input_share`` it comes from."""
        self.ensure_one()
        self.check_access("read")  # figures are read with SQL, below the record rules
        rules = self._rules()
        figures = self._figures(material_type, site)
        due = self._repayment_due(material_type, figures)
        return {
            "available": figures.available,
            "repayment_due": due,
            "designatable": rules.designatable(figures, due),
            "share_headroom": rules.share_headroom(figures),
            "input_share": figures.input_share,
        }

    def _lock_for_designation(self):
        """Serialize designations of this period in PostgreSQL.

        The UPDATE takes the row lock; a concurrent transaction that designates in the same
        period waits, and when the first commits, PostgreSQL (repeatable read) makes it fail
        with a serialization error, which Odoo retries: the retry sees the first designation
        and is refused if the balance no longer covers it. This holds across --workers.
        """
        self.env.cr.execute(
            SQL(
                "UPDATE asi_accounting_period SET designation_seq = designation_seq + 1 "
                "WHERE id IN %s",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["designation_seq"])

    @api.depends("line_ids", "state")
    def _compute_balance_html(self):
        for period in self:
            if not period.id:
                period.balance_html = False
                continue
            conversions = period._conversions()
            sums = period._ledger_sums()
            rows = [
                (m, period._figures_from_sums(sums, m.id, conversions).as_dict())
                for m in period._listed_materials(sums, conversions)
            ]
            period.balance_html = self.env["ir.qweb"]._render(
                "asi_coc.asi_period_balance_table", {"rows": rows, "period": period, "kg": _kg}
            )

    def _asi_period_warnings(self, material=None):
        """Discrepancies of this period to explain to the auditor (V3 5.1.4), as translated
        sentences; ``material``: only those of that material's balance. Hook: operational
        modules add theirs (e.g. asi_coc_mrp compares the yield of the manufacturing orders
        with the standard conversion factors, V3 5.1.2). The period form, the close preview
        and the period reconciliation show them."""
        self.ensure_one()
        return []

    def _compute_warning_html(self):
        for period in self:
            warnings = period._asi_period_warnings() if period.id else []
            period.warning_html = (
                self.env["ir.qweb"]._render(
                    "asi_coc.asi_period_warnings", {"warnings": warnings, "period": period}
                )
                if warnings
                else False
            )

    # ------------------------------------------------------------------------------------
    # Close and reopen
    # ------------------------------------------------------------------------------------
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
        plan = []
        for material in materials.sorted("sequence"):
            figures = self._figures_from_sums(rows, material.id, conversions)
            prev_figures = [p._figures_from_sums(r, material.id, c) for p, r, c in previous]
            repayment_due = 0.0
            if prev_figures:
                repayment_due = max(prev_figures[0].overdraft - figures.overdraft_repaid, 0.0)
            if all(abs(v) < 0.0005 for v in figures.as_dict().values()) and not repayment_due:
                continue
            problems = rules.check_close(figures, repayment_due)
            if sites:
                # V3 option 2 (3.3, 5.3): minimum ASI sourcing of each site that ships ASI.
                site_figures = {
                    site: self._figures_from_sums(rows, material.id, conversions, site.id)
                    for site in sites
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
            if abs(sent - back) > 0.0005:
                # V2.1 2.4: material sent to and returned by outsourcing contractors is
                # reconciled each period, per balance (converted materials through their
                # factor, V3 5.1.2); a difference is flagged, not blocking.
                warnings.append(
                    self.env._(
                        "%(material)s: %(sent)s kg sent to outsourcing contractors, %(back)s kg "
                        "returned; explain the difference of %(diff)s kg (V2.1 2.4).",
                        material=material.name,
                        sent=_kg(sent),
                        back=_kg(back),
                        diff=_kg(sent - back),
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

    def action_close(self, carry_forward=True, explanation=None):
        """Close and lock the periods: every check of the rule set, then the carry-forward,
        expiry and overdraft repayment lines, then the lock. Nothing is written if any
        material fails a check. ``explanation``: why the flagged differences are what they
        are (V2.1 2.4, V3 5.1.4), kept on the closed period."""
        for period in self.sorted("date_from"):
            period._close(carry_forward, explanation)
        return True

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
                    balance=_kg(item["figures"].closing_balance),
                    carry=_kg(e.carry_forward),
                    expiry=_kg(e.expiry),
                    repaid=_kg(e.overdraft_repayment),
                )
            )
        return self.env._("Period closed.") + ("<br/>" + "<br/>".join(lines) if lines else "")

    def _problem_message(self, problem, material):
        v = dict(problem.values)
        for key, value in v.items():
            if isinstance(value, float) and key not in ("output_share", "input_share", "min_share"):
                v[key] = _kg(value)
            elif isinstance(value, float):
                v[key] = f"{value:.2f}"
        name = material.name
        site = v.get("site")
        messages = {
            "not_positive": lambda: self.env._("The mass to designate must be positive."),
            "insufficient": lambda: self.env._(
                "Not enough ASI balance for %(material)s in period %(period)s: %(available)s kg "
                "available, %(requested)s kg requested. ASI material is designated whole or "
                "not at all (V2.1 8.5, V3 6.2).",
                material=name,
                period=self.name,
                **v,
            ),
            "overdraft_above_affected": lambda: self.env._(
                "An internal overdraft of %(requested)s kg is more than the %(affected)s kg "
                "affected by the force-majeure event (V2.1 8.8 b).",
                **v,
            ),
            "overdraft_above_limit": lambda: self.env._(
                "%(material)s: an internal overdraft may not exceed 20 %% of the period's ASI "
                "inputs (%(asi_in)s kg, so at most %(limit)s kg; already taken %(taken)s kg, "
                "requested %(requested)s kg) (V2.1 8.8 a, V3 5.2.2).",
                material=name,
                **v,
            ),
            "repayment_reserved": lambda: self.env._(
                "%(material)s: %(due)s kg of the previous period's internal overdraft are "
                "reserved for its repayment (V2.1 8.8 c): %(available)s kg in the balance, "
                "%(designatable)s kg can be designated, %(requested)s kg requested.",
                material=name,
                **v,
            ),
            "repayment_from_overdraft": lambda: self.env._(
                "%(material)s: the internal overdraft of the previous period must be "
                "repaid from this period's own inputs, not from a new overdraft (V2.1 8.8 c): "
                "%(due)s kg due, %(own)s kg without the %(overdraft)s kg overdraft of this "
                "period.",
                material=name,
                **v,
            ),
            "repayment_missing": lambda: self.env._(
                "%(material)s: the internal overdraft of the previous period must be repaid in "
                "this one (V2.1 8.8 c): %(due)s kg due, %(available)s kg available.",
                material=name,
                **v,
            ),
            "negative_balance": lambda: self.env._(
                "%(material)s: the balance is negative (%(available)s kg). Record a "
                "force-majeure overdraft or a correction first.",
                material=name,
                **v,
            ),
            "share_exceeded": lambda: self.env._(
                "%(material)s: ASI output is %(output_share)s %% of total output "
                "(%(asi_out)s of %(out_total)s kg) but ASI input is only %(input_share)s %% of "
                "inflows, which allows %(allowed)s kg (V2.1 8.7).",
                material=name,
                **v,
            ),
            "carry_forward_not_allowed": lambda: self.env._(
                "%(material)s: a positive balance carries forward at most once in any three "
                "consecutive periods (V3 5.2.1 a); %(balance)s kg cannot be carried now. Close "
                "without carrying forward: the balance lapses.",
                material=name,
                **v,
            ),
            "site_share": lambda: self.env._(
                "Site %(site)s shipped %(asi_out)s kg of ASI %(material)s but sourced only "
                "%(asi_in)s kg; option 2 requires at least %(min_share)s %% (%(required)s kg) "
                "(V3 3.3).",
                material=name,
                **dict(v, site=site.display_name if site else ""),
            ),
        }
        return messages[problem.code]()

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
        for material in next_period._material_types() if next_period else []:
            if next_period._figures(material).available < -0.0005:
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

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("asi_coc.asi_ledger_line_action")
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"search_default_group_material": 1}
        return action


def _kg(value):
    """kg as every screen of the close shows them: up to 3 decimals (grams), no trailing
    zeros, thousands separated: 1,000.5."""
    if value is None:
        return ""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _balance_material(material_id, direction, flow, conversions):
    """The material whose balance a ledger row counts in (see _figures_from_sums)."""
    if material_id in conversions and flow in CONVERTIBLE_FLOWS:
        return conversions[material_id][0]
    return material_id


def _add_to_figures(figures, direction, flow, status, kg, kg_converted):
    """Adds one (direction, flow type, ASI status) sum of the ledger to the figures: ``kg``
    to the material's own figures, ``kg_converted`` to its balance (see Figures)."""
    is_in = direction == "input"
    credited = status in ("asi", "eligible")
    if flow in ("external", "correction"):
        if is_in:
            figures.total_in_converted += kg_converted
            if status == "asi":
                figures.asi_in += kg
            elif status == "eligible":
                figures.eligible_in += kg
            else:
                figures.non_asi_in += kg
            if credited:
                figures.asi_in_converted += kg_converted
        else:
            figures.out_total += kg
            figures.out_total_converted += kg_converted
            if credited:
                figures.asi_out += kg
                figures.asi_out_converted += kg_converted
    elif flow == "intra_entity":
        if is_in:
            figures.intra_in += kg
            figures.intra_asi_in += kg_converted if credited else 0.0
        else:
            figures.intra_out += kg
            figures.intra_asi_out += kg_converted if credited else 0.0
    elif flow == "outsourcing":
        if is_in:
            figures.outsourcing_in += kg
            figures.outsourcing_in_converted += kg_converted
        else:
            figures.outsourcing_out += kg
            figures.outsourcing_out_converted += kg_converted
    # The close entries and overdrafts are the balance's own (never converted).
    elif flow == "carry_forward":
        if is_in:
            figures.carried_in += kg_converted
        else:
            figures.carried_out += kg_converted
    elif flow == "expiry":
        figures.expired += kg_converted
    elif flow == "overdraft":
        figures.overdraft += kg_converted
    elif flow == "overdraft_repayment":
        figures.overdraft_repaid += kg_converted
