from odoo import models
from odoo.tools import SQL

from ..mass_balance import Figures, balance_material, figures_from_sums, rules_for


class AsiAccountingPeriod(models.Model):
    """The figures of a period: one SQL aggregate over its ledger lines, summed into
    ``Figures`` by the flow table of ``asi_coc.mass_balance`` (which rows count where)."""

    # One model split by concern (issue 15): fields, figures, close, messages.
    _inherit = "asi.accounting.period"  # pylint: disable=consider-merging-classes-inherited

    def get_balances(self, site=None):
        """The period's figures for every material with ledger lines or a balance, in kg
        (the keys of Figures.as_dict()): {material: figures}, in material order, from one
        GROUP BY.

        ``site``: the figures of one site of an entity period (option 2 reporting); a site
        period (option 3) is always its own scope.
        """
        self.ensure_one()
        self.check_access("read")  # figures are read with SQL, below the record rules
        return {m: figures.as_dict() for m, figures in self._figures_by_material(site=site).items()}

    def get_balance(self, material_type, site=None):
        """The figures of one material: its view of :meth:`get_balances` (all zero when it
        has no ledger line in the period). ``material_type`` and ``site`` may be ids (a
        JSON-RPC client)."""
        self.ensure_one()
        self.check_access("read")  # figures are read with SQL, below the record rules
        if isinstance(material_type, int):
            material_type = self.env["asi.material.type"].browse(material_type).exists()
        if isinstance(site, int):
            site = self.env["asi.site"].browse(site).exists()
        return self._figures(material_type, site).as_dict()

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

    def _figures_by_id(self, rows, conversions, site_id=None):
        """{material id: Figures} from grouped rows of this period (see figures_from_sums)."""
        return figures_from_sums(rows, conversions, bool(self.site_id), site_id)

    def _figures_from_sums(self, rows, material_id, conversions, site_id=None):
        """The figures of one material from grouped rows (at most a few dozen)."""
        figures = self._figures_by_id(rows, conversions, site_id)
        return figures.get(material_id) or Figures(site_scope=bool(self.site_id))

    def _figures_by_material(self, materials=None, site=None, conversions=None):
        """{material: Figures} from one SQL aggregate over the period's ledger lines: of
        ``materials`` (each one present, with the materials converted into it, V3 5.1.2), or
        of every material with lines or a balance. ``site``: one site of an entity period
        (option 2); a site period (option 3) is always its own scope. ``conversions``: the
        period's, when the caller has them already."""
        self.ensure_one()
        conversions = self._conversions() if conversions is None else conversions
        material_ids = None
        if materials:
            material_ids = set(materials.ids)
            material_ids |= {m for m, (out, _f) in conversions.items() if out in material_ids}
        by_site = bool(site) and not self.site_id
        rows = self._ledger_sums(material_ids and sorted(material_ids), by_site=by_site)
        by_id = self._figures_by_id(rows, conversions, site.id if by_site else None)
        for material in materials or ():
            by_id.setdefault(material.id, Figures(site_scope=bool(self.site_id)))
        ordered = self.env["asi.material.type"].browse(by_id).sorted("sequence")
        return {material: by_id[material.id] for material in ordered}

    def _figures(self, material_type, site=None, conversions=None):
        """Figures of one material (see _figures_by_material)."""
        return self._figures_by_material(material_type, site, conversions)[material_type]

    def _balance_materials(self, rows, conversions):
        """Materials that have a balance, given grouped rows of the ledger."""
        ids = {
            balance_material(material, flow, conversions)
            for material, _direction, flow, *_rest in rows
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
