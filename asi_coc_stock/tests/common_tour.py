from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase


class AsiTourCase(HttpCase):
    """What the browser tours start from: the company under V2.1 with a period that covers
    today (the browser runs in real time), its warehouse, and the tour's user (admin) with
    lots and ASI CoC Manager, plus the groups in ``tour_groups``."""

    tour_groups = ()

    def setUp(self):
        super().setUp()
        env = self.env
        self.today = fields.Date.context_today(env.user)
        self.aluminium = env.ref("asi_coc.material_aluminium")
        self.company = env.company
        self.company.asi_rule_set = "v2_1"
        env["asi.accounting.period"].create(
            {
                "date_from": self.today - relativedelta(months=6),
                "date_to": self.today + relativedelta(months=5),
            }
        )
        groups = ("stock.group_production_lot", *self.tour_groups, "asi_coc.group_asi_coc_manager")
        env.ref("base.user_admin").write(
            {"groups_id": [(4, env.ref(group).id) for group in groups]}
        )
        self.warehouse = env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )

    def tour_certificate(self, number, holder, **values):
        """A certificate of aluminium valid from a year ago to a year from now."""
        return self.env["asi.certificate"].create(
            {
                "number": number,
                "holder_id": holder.id,
                "date_start": self.today - relativedelta(years=1),
                "date_end": self.today + relativedelta(years=1),
                "material_type_ids": [(6, 0, self.aluminium.ids)],
                **values,
            }
        )

    def tour_picking(self, partner, picking_type, src, dest, product):
        """A confirmed transfer of 1,000 of ``product``."""
        picking = self.env["stock.picking"].create(
            {
                "partner_id": partner.id,
                "picking_type_id": picking_type.id,
                "location_id": src.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 1000,
                            "product_uom": product.uom_id.id,
                            "location_id": src.id,
                            "location_dest_id": dest.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking
