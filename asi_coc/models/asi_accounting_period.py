from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from ..mass_balance import CONVERTIBLE_FLOWS  # noqa: F401 - imported from here by add-ons
from ..tools.format import format_kg
from .res_company import RULE_SET_SELECTION

# V2.1 8.2, V3 5.1.3: a material accounting period is at most twelve months.
MAX_PERIOD_MONTHS = 12


class AsiAccountingPeriod(models.Model):
    """A material accounting period: the scope and dates over which the ASI mass balance is
    reconciled (V2.1 8.2, V3 5.1.3), the rule set it follows, and the close that locks it.

    One model in four files: this one (fields, screens, finding periods), the figures
    (``asi_accounting_period_balance.py``: :meth:`get_balances`, one SQL aggregate over the
    ledger, summed by the flow table of ``asi_coc.mass_balance``, where the rules live),
    the close and reopening (``asi_accounting_period_close.py``) and the refusal messages
    (``asi_accounting_period_problem.py``).
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
        RULE_SET_SELECTION,
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
        *("close_hash", "close_hash_line_id"),  # asi_accounting_period_integrity.py
    )

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

    @api.depends("line_ids", "state")
    def _compute_balance_html(self):
        for period in self:
            if not period.id:
                period.balance_html = False
                continue
            # one GROUP BY for every material (get_balances() without the access check)
            rows = [(m, f.as_dict()) for m, f in period._figures_by_material().items()]
            period.balance_html = self.env["ir.qweb"]._render(
                "asi_coc.asi_period_balance_table",
                {"rows": rows, "period": period, "kg": format_kg},
            )

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

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("asi_coc.asi_ledger_line_action")
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"search_default_group_material": 1}
        return action

    def _asi_action_names(self):
        return self.env._("Close and Reopen")

    def _asi_retention_date(self):
        # V2.1 1.6: records are kept five years after the end of their period.
        return self.date_to

    def _asi_is_retained(self):
        # A period opened by mistake, with no ledger line yet, records nothing.
        self.ensure_one()
        return self.state == "closed" or bool(self.line_ids)

    def _asi_period_warnings(self, material=None):
        """Discrepancies of this period to explain to the auditor (V3 5.1.4), as translated
        sentences; ``material``: only those of that material's balance. Hook: operational
        modules add theirs (e.g. asi_coc_mrp compares the yield of the manufacturing orders
        with the standard conversion factors, V3 5.1.2). The period form, the close preview
        and the period reconciliation show them."""
        self.ensure_one()
        return []

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
