from odoo import fields, models
from odoo.exceptions import UserError


class StockMove(models.Model):
    _inherit = "stock.move"

    def _asi_verify_before_done(self):
        res = super()._asi_verify_before_done()
        scrap = self.filtered(
            lambda m: (
                m.asi_designated
                and m.asi_material_type_id.category == "eligible_input"
                and m.location_dest_id.usage == "customer"
                and not m.origin_returned_move_id
            )
        )
        if scrap:
            scrap._asi_verify_eligible_scrap_output()
        return res

    def _asi_verify_eligible_scrap_output(self):
        """V2.1 8.6: process scrap a producer generates can go out as eligible pre-consumer
        scrap only to another certified CoC entity, with a CoC document, at the same share as
        its ASI aluminium output: it draws on the balance of the CoC material it is converted
        into (the period's standard conversion factor, V3 5.1.2)."""
        today = fields.Date.context_today(self)
        Period = self.env["asi.accounting.period"].sudo()
        for move in self:
            material = move.asi_material_type_id
            if material.code != "scrap_pre_consumer":
                raise UserError(
                    self.env._(
                        "%(product)s is %(material)s: only pre-consumer scrap from your own "
                        "processes can be shipped as eligible scrap (V2.1 8.6).",
                        product=move.product_id.display_name,
                        material=material.name,
                    )
                )
            customer = move._asi_partner()
            certified = (
                self.env["asi.certificate"]
                .sudo()
                .search_count(
                    [
                        ("company_id", "=", move.company_id.id),
                        ("holder_id", "=", customer.id),
                        ("certificate_type", "=", "coc"),
                        *self.env["asi.certificate"]._valid_on_domain(today),
                    ],
                    limit=1,
                )
            )
            if not certified:
                raise UserError(
                    self.env._(
                        "%(product)s can be shipped as eligible scrap only to another certified "
                        "CoC entity (V2.1 8.6): %(customer)s has no valid CoC certificate in "
                        "the register on %(date)s.",
                        product=move.product_id.display_name,
                        customer=customer.display_name,
                        date=today,
                    )
                )
            period = Period._find_open_period(move.company_id, today, move._asi_site())
            target = period._asi_balance_material(material)
            if target == material or target.category != "coc_material":
                raise UserError(
                    self.env._(
                        "%(material)s is shipped at the same share as your ASI aluminium "
                        "output (V2.1 8.6): add a standard conversion factor from "
                        "%(material)s into the CoC material you make, valid in period "
                        "%(period)s (ASI CoC > Configuration > Conversion Factors).",
                        material=material.name,
                        period=period.name,
                    )
                )
