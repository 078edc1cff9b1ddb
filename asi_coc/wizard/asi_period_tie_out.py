from odoo import api, fields, models


class AsiPeriodTieOut(models.TransientModel):
    """The tie-out of a period, on screen: each difference between the ledger and what it
    was posted from, with a link to the record to look at (asi.accounting.period.asi_tie_out).
    """

    _name = "asi.period.tie.out"
    _description = "Tie-out of a Material Accounting Period"

    period_id = fields.Many2one("asi.accounting.period", required=True, ondelete="cascade")
    line_ids = fields.One2many("asi.period.tie.out.line", "tie_out_id", string="Differences")
    line_count = fields.Integer(compute="_compute_line_count")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for tie_out in self:
            tie_out.line_count = len(tie_out.line_ids)

    @api.model_create_multi
    def create(self, vals_list):
        tie_outs = super().create(vals_list)
        for tie_out in tie_outs:
            tie_out.line_ids = [
                fields.Command.create(difference) for difference in tie_out.period_id.asi_tie_out()
            ]
        return tie_outs

    def _action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Tie-out of %s", self.period_id.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class AsiPeriodTieOutLine(models.TransientModel):
    _name = "asi.period.tie.out.line"
    _description = "Tie-out Difference"

    tie_out_id = fields.Many2one("asi.period.tie.out", required=True, ondelete="cascade")
    code = fields.Char(required=True)
    message = fields.Text(string="Difference", required=True)
    res_model = fields.Char(string="Record Model")
    res_id = fields.Many2oneReference(string="Record", model_field="res_model")

    def action_open_record(self):
        self.ensure_one()
        # The ledger line's own link to its source record, on this difference's record.
        source = self.env["asi.ledger.line"].new(
            {"res_model": self.res_model, "res_id": self.res_id}
        )
        return source.action_open_source()
