from odoo import api, fields, models


class AsiPeriodReconciliationLine(models.TransientModel):
    """One figure of a period reconciliation on screen, with a button to the ledger lines
    behind it (the drill-down). Built from the same rows as the xlsx and PDF reports."""

    _name = "asi.period.reconciliation.line"
    _description = "ASI Period Reconciliation Figure"
    _order = "sequence, id"

    sequence = fields.Integer()
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    period_id = fields.Many2one("asi.accounting.period", required=True, readonly=True)
    # The periods the figure is read from: one, or the site periods of option 3 for the
    # entity total.
    period_ids = fields.Many2many("asi.accounting.period", string="Periods", readonly=True)
    material_type_id = fields.Many2one("asi.material.type", string="Material", readonly=True)
    scope = fields.Char(readonly=True)
    site_id = fields.Many2one("asi.site", readonly=True)
    section = fields.Char(readonly=True)
    key = fields.Char(readonly=True)
    name = fields.Char(string="Figure", readonly=True)
    # The rows of one group are different figures (inputs, outputs, balances, shares): a
    # group total of them adds unrelated kg, so none is computed.
    value_kg = fields.Float(string="kg", digits=(16, 3), readonly=True, aggregator=None)
    value_t = fields.Float(string="t", digits=(16, 3), readonly=True, aggregator=None)
    share = fields.Float(string="Share (%)", digits=(16, 1), readonly=True, aggregator=None)
    is_share = fields.Boolean(readonly=True)

    @api.model
    def _create_from(self, period):
        vals_list = []
        for item in period._asi_reconciliation():
            for material in item["materials"]:
                for index, block in enumerate(material["blocks"]):
                    for row in material["rows"]:
                        value = row["values"][index]
                        vals_list.append(
                            {
                                "sequence": len(vals_list),
                                "company_id": period.company_id.id,
                                "period_id": period.id,
                                "period_ids": [(6, 0, block["periods"].ids)],
                                "material_type_id": material["material"].id,
                                "scope": block["label"],
                                "site_id": block["site"].id if block["site"] else False,
                                "section": row["section"],
                                "key": row["key"],
                                "name": row["label"],
                                "is_share": row["is_share"],
                                "value_kg": 0.0 if row["is_share"] else value,
                                "value_t": 0.0 if row["is_share"] else value / 1000.0,
                                "share": (value or 0.0) * 100 if row["is_share"] else 0.0,
                            }
                        )
        return self.create(vals_list)

    def action_open_ledger(self):
        self.ensure_one()
        return self.period_ids.action_open_ledger(
            self.material_type_id.id, self.key, self.site_id.id
        )
