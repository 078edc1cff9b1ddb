from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..mass_balance import is_designation

DIRECTIONS = [("input", "Input"), ("output", "Output")]
ASI_STATUSES = [("asi", "ASI"), ("eligible", "Eligible"), ("non_asi", "Non-ASI")]
FLOW_TYPES = [
    ("external", "External"),
    ("intra_entity", "Intra-entity"),
    ("outsourcing", "Outsourcing"),
    ("carry_forward", "Carry-forward"),
    ("overdraft", "Overdraft"),
    ("overdraft_repayment", "Overdraft repayment"),
    ("expiry", "Expiry"),
    ("correction", "Correction"),
]
# Only these fields of a ledger line may change after it is posted (in an open period).
MUTABLE_FIELDS = {"note"}


class AsiLedgerLine(models.Model):
    """The material accounting system (V2.1 8.1, V3 5.1): one line per flow of
    aluminium-related material into, out of or inside the certification scope.

    Operational modules write it through :meth:`post` only; people only record corrections.
    Lines of a closed period are immutable: the ORM refuses, and a PostgreSQL trigger
    refuses what bypasses the ORM.
    """

    _name = "asi.ledger.line"
    _description = "ASI Ledger Line"
    _inherit = ["asi.retention.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Date(required=True, index=True, readonly=True)
    period_id = fields.Many2one(
        "asi.accounting.period", required=True, index=True, ondelete="restrict", readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    site_id = fields.Many2one("asi.site", index=True, readonly=True)
    material_type_id = fields.Many2one(
        "asi.material.type", required=True, index=True, ondelete="restrict", readonly=True
    )
    asi_status = fields.Selection(ASI_STATUSES, string="ASI Status", required=True, readonly=True)
    direction = fields.Selection(DIRECTIONS, required=True, readonly=True)
    flow_type = fields.Selection(FLOW_TYPES, required=True, readonly=True)
    mass_kg = fields.Float(
        string="Mass (kg)",
        digits=(16, 3),
        required=True,
        readonly=True,
        help="Aluminium content for scrap and eligible waste (V2.1 8.3). Negative only for a "
        "line that reverses another one.",
    )
    partner_id = fields.Many2one("res.partner", string="Counterparty", index=True, readonly=True)
    certificate_id = fields.Many2one("asi.certificate", readonly=True)
    document_ref = fields.Char(string="CoC Document", index=True, readonly=True)
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )
    origin_line_id = fields.Many2one(
        "asi.ledger.line",
        string="Reverses / Corrects",
        readonly=True,
        index="btree_not_null",
        help="The line this one reverses (a return) or corrects (a CoC error, V2.1 2.5).",
    )
    force_majeure_id = fields.Many2one("asi.force.majeure", readonly=True, index="btree_not_null")
    coc_error_id = fields.Many2one("asi.coc.error", readonly=True, index="btree_not_null")
    close_entry = fields.Boolean(
        readonly=True, help="Written by the close of a period (carry-forward, expiry, repayment)."
    )
    note = fields.Char()
    period_state = fields.Selection(related="period_id.state", string="Period Status")

    @api.constrains("mass_kg", "origin_line_id")
    def _check_mass(self):
        for line in self:
            if line.mass_kg == 0 or (line.mass_kg < 0 and not line.origin_line_id):
                raise ValidationError(
                    self.env._(
                        "A ledger line needs a positive mass; only a line that reverses or "
                        "corrects another one may be negative."
                    )
                )

    def init(self):
        res = super().init()
        # The lock of closed periods holds for every writer, also raw SQL and cascades.
        self.env.cr.execute(
            """
                CREATE OR REPLACE FUNCTION asi_ledger_line_closed_guard() RETURNS trigger AS $$
                BEGIN
                    -- Sealing a line in the hash chain changes no content (integrity file).
                    IF TG_OP = 'UPDATE' AND to_jsonb(NEW)
                            - '{chain_sequence,previous_hash,inalterable_hash}'::text[]
                            = to_jsonb(OLD)
                            - '{chain_sequence,previous_hash,inalterable_hash}'::text[] THEN
                        RETURN NEW;
                    END IF;
                    IF TG_OP <> 'INSERT' AND EXISTS (
                        SELECT 1 FROM asi_accounting_period
                         WHERE id = OLD.period_id AND state = 'closed') THEN
                        RAISE EXCEPTION 'ASI ledger line % is in a closed period', OLD.id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    IF TG_OP <> 'DELETE' AND EXISTS (
                        SELECT 1 FROM asi_accounting_period
                         WHERE id = NEW.period_id AND state = 'closed') THEN
                        RAISE EXCEPTION 'ASI ledger: period % is closed', NEW.period_id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END
                $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS asi_ledger_line_closed_guard ON asi_ledger_line;
                CREATE TRIGGER asi_ledger_line_closed_guard
                    BEFORE INSERT OR UPDATE OR DELETE ON asi_ledger_line
                    FOR EACH ROW EXECUTE FUNCTION asi_ledger_line_closed_guard();
                -- Balances are GROUP BYs of one period: an index-only scan serves them.
                CREATE INDEX IF NOT EXISTS asi_ledger_line_balance_sum_idx
                    ON asi_ledger_line
                       (period_id, material_type_id, direction, flow_type, asi_status)
                       INCLUDE (mass_kg, site_id);
                CREATE INDEX IF NOT EXISTS asi_ledger_line_source_idx
                    ON asi_ledger_line (res_model, res_id);
            """
        )
        return res

    def _asi_retention_date(self):
        return self.period_id.date_to

    # ------------------------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------------------------
    @api.private
    @api.model
    def post(self, vals_list):
        """The one way operational code writes the ledger.

        Each line goes into the open period of its date and scope (refused when it is
        closed or missing). ASI outputs are designations: under a row lock on the period,
        the rule set must cover each material's designated kg in full (V2.1 8.5, V3 6.2),
        or nothing is written. Returns the created lines.

        Server-side only (not callable over RPC): it writes as superuser on behalf of the
        operation that called it.
        """
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        Period = self.env["asi.accounting.period"]
        credits, designations = [], []
        demand = defaultdict(float)
        conversions = {}
        open_periods = {}  # one lookup per company, date and site, not per line
        for vals in vals_list:
            vals = dict(vals)
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            site = self.env["asi.site"].browse(vals.get("site_id") or [])
            date = fields.Date.to_date(vals.get("date") or fields.Date.context_today(self))
            key = (company.id, date, site.id)
            if key not in open_periods:
                open_periods[key] = Period._find_open_period(company, date, site)
            period = open_periods[key]
            vals.update(company_id=company.id, date=date, period_id=period.id)
            if self._is_designation(vals, period):
                designations.append(vals)
                # A converted material draws on the balance it is accounted in (V2.1 8.6),
                # through its standard conversion factor (V3 5.1.2).
                if period not in conversions:
                    conversions[period] = period._conversions()
                balance_material, factor = conversions[period].get(
                    vals["material_type_id"], (vals["material_type_id"], 1.0)
                )
                demand[(period, balance_material)] += vals["mass_kg"] * factor
            else:
                credits.append(vals)
        Line = self.sudo().with_context(asi_ledger_post=True)
        with self.env.cr.savepoint():
            # Inputs of the same batch count for its designations; a refusal undoes both.
            lines = Line.create(credits)
            for period in sorted({period for period, _m in demand}, key=lambda p: p.id):
                # a reversal of designated output (kg <= 0) gives balance back
                material_ids = sorted(m for (p, m), kg in demand.items() if p == period and kg > 0)
                if not material_ids:
                    continue
                # One lock per period, then one GROUP BY for all its designated materials.
                period._lock_for_designation()
                materials = self.env["asi.material.type"].browse(material_ids)
                balances = period._figures_by_material(materials, conversions=conversions[period])
                for material in materials:
                    figures = balances[material]
                    # V2.1 8.8 c: the previous overdraft still due is not designatable.
                    due = period._repayment_due(material, figures)
                    kg = demand[(period, material.id)]
                    problem = period._rules().check_designation(figures, kg, due)
                    if problem:
                        raise UserError(period._problem_message(problem, material))
            lines |= Line.create(designations)
        return lines.sudo(False)

    @api.model
    def _is_designation(self, vals, period):
        """An ASI (or eligible) output that draws on the balance (the flow table's debits;
        intra-entity transfers only between site balances, option 3)."""
        return is_designation(
            vals.get("direction"),
            vals.get("flow_type"),
            vals.get("asi_status"),
            site_scope=bool(period.site_id),
        )

    @api.model_create_multi
    def create(self, vals_list):
        # Nobody has the create right: post() and the period close create as superuser.
        if not self.env.context.get("asi_ledger_post"):
            raise UserError(
                self.env._(
                    "Ledger lines are written by the operations (receipts, deliveries, period "
                    "closes). To change the balance by hand, record a CoC error and its "
                    "correction."
                )
            )
        periods = self.env["asi.accounting.period"].browse(
            {vals["period_id"] for vals in vals_list if vals.get("period_id")}
        )
        self._raise_if_closed(periods)
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - MUTABLE_FIELDS:
            raise UserError(
                self.env._("Posted ledger lines cannot be changed: record a correction instead.")
            )
        self._raise_if_closed(self.period_id)
        return super().write(vals)

    def unlink(self):
        self._raise_if_closed(self.period_id)
        return super().unlink()

    def _raise_if_closed(self, periods):
        closed = periods.filtered(lambda p: p.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "The material accounting period %(period)s is closed: its ledger lines "
                    "cannot be created, changed or deleted. Record a correction in the open "
                    "period.",
                    period=closed[0].name,
                )
            )

    def action_open_source(self):
        self.ensure_one()
        if not (self.res_model and self.res_id):
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
