from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    asi_due_diligence_id = fields.Many2one(
        "asi.due.diligence",
        string="ASI Due Diligence",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )

    def _mark_done(self):
        res = super()._mark_done()
        # V2.1 7.1: the vendor's completed questionnaire moves its assessment to answered.
        # The vendor answers as the public user: the link is followed with sudo.
        for answer in self.filtered("asi_due_diligence_id").sudo():
            answer.asi_due_diligence_id._asi_mark_answered(answer)
        return res
