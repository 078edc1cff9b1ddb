from odoo import models

DD_TEMPLATE = "asi_coc_purchase.mail_template_asi_due_diligence_request"


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _generate_template_attachments(self, res_ids, render_fields, render_results=None):
        """The due-diligence questionnaire carries the company's responsible-sourcing
        policy file (PS 2.4, V2.1 7.1): added where Odoo adds the reports of a template, so
        the composer shows it as an attachment the buyer can check before sending."""
        render_results = super()._generate_template_attachments(
            res_ids, render_fields, render_results=render_results
        )
        if "report_template_ids" not in render_fields or self != self.env.ref(
            DD_TEMPLATE, raise_if_not_found=False
        ):
            return render_results
        for dd in self.env[self.model].browse(res_ids):
            company = dd.company_id
            if company.asi_sourcing_policy_file:
                render_results.setdefault(dd.id, {}).setdefault("attachments", []).append(
                    (
                        company.asi_sourcing_policy_filename or "responsible_sourcing_policy.pdf",
                        company.asi_sourcing_policy_file,
                    )
                )
        return render_results
