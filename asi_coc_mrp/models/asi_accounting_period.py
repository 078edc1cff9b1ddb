from collections import defaultdict
from datetime import timedelta

from odoo import models

from odoo.addons.asi_coc.mass_balance.figures import EPSILON
from odoo.addons.asi_coc.tools import format_kg


class AsiAccountingPeriod(models.Model):
    _inherit = "asi.accounting.period"

    def _asi_balance_material(self, material):
        """The material whose balance ``material`` counts in: the output of its standard
        conversion factor in this period (V3 5.1.2), else itself."""
        self.ensure_one()
        target = self._conversions().get(material.id, (material.id,))[0]
        return self.env["asi.material.type"].browse(target)

    def _asi_production_kg(self, raw):
        """kg of aluminium content (V2.1 8.3) per product that the done manufacturing orders
        of this period and scope consumed (``raw``) or produced, finished products and
        by-products: {product: kg}. One GROUP BY, not a loop over the moves."""
        self.ensure_one()
        order = "raw_material_production_id" if raw else "production_id"
        domain = [
            ("state", "=", "done"),
            (f"{order}.state", "=", "done"),
            ("company_id", "=", self.company_id.id),
            ("date", ">=", self.date_from),
            ("date", "<", self.date_to + timedelta(days=1)),
            ("product_id.product_tmpl_id.asi_material_type_id", "!=", False),
        ]
        if self.site_id:
            domain.append(
                (f"{order}.picking_type_id.warehouse_id.asi_site_id", "=", self.site_id.id)
            )
        groups = (
            self.env["stock.move"]
            .sudo()
            ._read_group(domain, ["product_id", "product_uom"], ["quantity:sum"])
        )
        kg = defaultdict(float)
        for product, uom, quantity in groups:
            kg[product] += product._asi_aluminium_kg(quantity, uom)
        return kg

    def _asi_yields(self):
        """Per balance material, what the period's done manufacturing orders consumed and
        produced (kg of aluminium content) next to the standard conversion factors in force
        (V3 5.1.2): a list of dicts, one per material made from a converted input:

        ``material``, ``produced_kg``, ``consumed_kg`` (all inputs of that balance),
        ``credited_kg`` (what the factors credit for them), ``inputs``: a list of
        (input material, consumed kg, factor, credited kg)."""
        self.ensure_one()
        conversions = self._conversions()
        Material = self.env["asi.material.type"]

        def balance_of(product):
            material = product.product_tmpl_id.asi_material_type_id
            return Material.browse(conversions.get(material.id, (material.id,))[0])

        consumed = defaultdict(lambda: defaultdict(float))
        for product, kg in self._asi_production_kg(raw=True).items():
            consumed[balance_of(product)][product.product_tmpl_id.asi_material_type_id] += kg
        produced = defaultdict(float)
        for product, kg in self._asi_production_kg(raw=False).items():
            produced[balance_of(product)] += kg
        yields = []
        for material in Material.browse(sorted(m.id for m in consumed)).sorted("sequence"):
            inputs = []
            for source, kg in sorted(consumed[material].items(), key=lambda i: i[0].sequence):
                factor = conversions[source.id][1] if source != material else 1.0
                inputs.append((source, kg, factor, kg * factor))
            if all(source == material for source, *_rest in inputs):
                continue  # no conversion factor is involved
            yields.append(
                {
                    "material": material,
                    "produced_kg": produced[material],
                    "consumed_kg": sum(i[1] for i in inputs),
                    "credited_kg": sum(i[3] for i in inputs),
                    "inputs": inputs,
                }
            )
        return yields

    def _asi_period_warnings(self, material=None):
        warnings = super()._asi_period_warnings(material)
        for row in self._asi_yields():
            if material and row["material"] != material:
                continue
            if row["credited_kg"] <= row["produced_kg"] + EPSILON:
                continue
            # (figures formatted before the translated sentence: Odoo's term extraction
            # cannot read f-strings among the arguments of _())
            inputs = [
                (source.name, format(factor, "g"), format_kg(kg))
                for source, kg, factor, _credited in row["inputs"]
                if source != row["material"]
            ]
            factors = ", ".join(
                self.env._("%(input)s %(factor)s (%(kg)s kg consumed)", input=i, factor=f, kg=k)
                for i, f, k in inputs
            )
            share = format(row["produced_kg"] / row["consumed_kg"] * 100, ".1f")
            # V3 5.1.2, 5.1.4: output after the conversion factor above what was made is a
            # discrepancy to explain, and a sign that the factor is too high.
            warnings.append(
                self.env._(
                    "%(material)s: the standard conversion factors credit %(credited)s kg for "
                    "the %(consumed)s kg the done manufacturing orders consumed, but they "
                    "produced %(produced)s kg (yield %(share)s %%). The factor credits more "
                    "output than the plant yields: %(factors)s (V3 5.1.2, 5.1.4).",
                    material=row["material"].name,
                    credited=format_kg(row["credited_kg"]),
                    consumed=format_kg(row["consumed_kg"]),
                    produced=format_kg(row["produced_kg"]),
                    share=share,
                    factors=factors,
                )
            )
        return warnings
