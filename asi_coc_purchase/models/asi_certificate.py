from odoo import models

from odoo.addons.asi_coc.models.asi_certificate import INVALID_STATES


class AsiCertificate(models.Model):
    _inherit = "asi.certificate"

    def write(self, vals):
        becoming_invalid = (
            self.filtered(lambda c: c.state not in INVALID_STATES)
            if vals.get("state") in INVALID_STATES
            else self.browse()
        )
        result = super().write(vals)
        becoming_invalid._asi_warn_open_operations()
        return result

    def _asi_warn_open_operations(self):
        """A supplier's certificate that becomes invalid mid-period: whoever handles its open
        purchase orders and incoming receipts must know that what arrives from now on is not
        ASI (V2.1 10.1, 10.3)."""
        for cert in self.filtered(lambda c: c.certificate_type == "coc"):
            holder = cert.holder_id.commercial_partner_id
            orders = self.env["purchase.order"].search(
                [
                    ("partner_id", "child_of", holder.id),
                    ("company_id", "=", cert.company_id.id),
                    ("state", "in", ("draft", "sent", "to approve", "purchase")),
                    ("receipt_status", "!=", "full"),
                ]
            )
            receipts = self.env["stock.picking"].search(
                [
                    ("partner_id", "child_of", holder.id),
                    ("company_id", "=", cert.company_id.id),
                    ("picking_type_code", "=", "incoming"),
                    ("state", "not in", ("done", "cancel")),
                ]
            )
            summary = self.env._(
                "ASI certificate %(number)s of %(holder)s is %(state)s",
                number=cert.number,
                holder=holder.display_name,
                state=dict(cert._fields["state"]._description_selection(self.env))[cert.state],
            )
            note = self.env._(
                "Material received from %(date)s on is not ASI unless the supplier's certificate "
                "is valid again. Tell the supplier and check the CoC data of what arrives.",
                date=cert.date_invalid or "-",
            )
            responsible = cert.company_id.asi_responsible_user_ids
            for record in [*orders, *receipts]:
                # The buyer or the receipt's responsible, and the CoC responsible persons.
                for user in (record.user_id | responsible) or self.env.user:
                    record.activity_schedule(
                        "mail.mail_activity_data_warning",
                        user_id=user.id,
                        summary=summary,
                        note=note,
                    )
