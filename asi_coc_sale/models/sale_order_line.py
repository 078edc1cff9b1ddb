from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    asi_requested = fields.Boolean(
        string="ASI Requested",
        help="The customer asks for ASI material for the whole line: every delivery of it is "
        "designated ASI (indivisible, V2.1 8.5, V3 6.2) and the CoC data reaches the invoice.",
    )
    asi_material_type_id = fields.Many2one(
        related="product_id.product_tmpl_id.asi_material_type_id", string="ASI Material"
    )
    asi_requested_kg = fields.Float(
        string="ASI Mass (kg)",
        compute="_compute_asi_availability",
        digits="Stock Weight",
        help="Aluminium mass of the line (V2.1 8.3), drawn on the ASI balance at delivery.",
    )
    asi_available_kg = fields.Float(
        string="ASI Available (kg)",
        compute="_compute_asi_availability",
        digits="Stock Weight",
        help="ASI mass that can be designated now for this material in the open material "
        "accounting period: the engine's balance, less the previous period's internal "
        "overdraft still to repay (V2.1 8.8 c). The delivery is refused if it cannot cover "
        "it when it is validated.",
    )
    asi_share_headroom_kg = fields.Float(
        string="ASI Share Headroom (kg)",
        compute="_compute_asi_availability",
        digits="Stock Weight",
        help="Percentage method (V2.1 8.7): the ASI share of the period's inputs times the "
        "outputs so far, plus the balance carried in and any overdraft, less the ASI outputs. "
        "ASI output beyond it makes the period close refuse unless non-ASI output follows.",
    )
    asi_share_rule = fields.Boolean(compute="_compute_asi_availability")
    asi_availability_warning = fields.Char(
        string="ASI Availability", compute="_compute_asi_availability"
    )

    # ------------------------------------------------------------------------------------
    # Availability (read from the engine, never computed here)
    # ------------------------------------------------------------------------------------
    def _asi_designation_figures(self):
        """The engine's figures for designating this line's material in its open period
        (available, repayment_due, designatable, share_headroom), or None when no open
        period covers today."""
        self.ensure_one()
        company = self.order_id.company_id or self.env.company
        site = self.warehouse_id.asi_site_id or self.order_id.warehouse_id.asi_site_id
        Period = self.env["asi.accounting.period"].sudo().with_company(company)
        try:
            period = Period._find_open_period(company, fields.Date.context_today(self), site)
        except UserError:
            return None
        return period._designation_figures(self.asi_material_type_id)

    def _asi_balance_available(self):
        """ASI kg that can be designated for this line's material now, or None."""
        figures = self._asi_designation_figures()
        return figures and figures["designatable"]

    @api.depends(
        "asi_requested",
        "product_id",
        "product_uom_qty",
        "product_uom",
        "order_id.order_line.asi_requested",
        "order_id.order_line.product_uom_qty",
    )
    @api.depends_context("company")
    def _compute_asi_availability(self):
        # Everything the order asks as ASI per material, against one balance (V2.1 8.4).
        ordered = defaultdict(float)
        for line in self:
            line.asi_requested_kg = line._asi_requested_kg()
        for order in self.order_id:
            for line in order.order_line.filtered("asi_requested"):
                kg = line._asi_requested_kg()
                ordered[order.id, line.asi_material_type_id.id] += kg
        balances = {}
        for line in self:
            line.asi_available_kg = 0.0
            line.asi_share_headroom_kg = 0.0
            line.asi_share_rule = False
            line.asi_availability_warning = False
            if not (line.asi_requested and line.asi_material_type_id):
                continue
            key = (line.order_id.company_id.id, line.warehouse_id.id, line.asi_material_type_id)
            if key not in balances:
                balances[key] = line._asi_designation_figures()
            figures = balances[key]
            if figures is None:
                line.asi_availability_warning = self.env._(
                    "No open material accounting period: the ASI balance is unknown."
                )
                continue
            # What can be designated: the balance less the overdraft due (V2.1 8.8 c).
            available = figures["designatable"]
            headroom = figures["share_headroom"]
            line.asi_available_kg = available
            line.asi_share_rule = headroom is not None
            line.asi_share_headroom_kg = headroom or 0.0
            wanted = ordered[line.order_id.id, line.asi_material_type_id.id]
            warnings = []
            if wanted > available + 1e-6:
                warnings.append(
                    self.env._(
                        "The order asks %(wanted)s kg of ASI %(material)s, the balance has "
                        "%(available)s kg: the delivery will be refused unless ASI inputs "
                        "arrive first (V2.1 8.4).",
                        wanted=formatLang(self.env, wanted, digits=2),
                        material=line.asi_material_type_id.name,
                        available=formatLang(self.env, available, digits=2),
                    )
                )
            share = figures["input_share"]
            if headroom is not None and share < 1 - 1e-9:
                # V2.1 8.7, checked at the close, shown now so that nobody ships what the
                # close will refuse: x kg more ASI output keep the share if
                # share x (outputs + x) + carried-in + overdraft >= ASI outputs + x.
                most = max(headroom, 0.0) / (1 - share)
                if wanted > most + 1e-6:
                    warnings.append(
                        self.env._(
                            "The ASI share of the period's inputs (%(share)s %%) leaves a "
                            "headroom of %(headroom)s kg on the outputs so far: at most "
                            "%(most)s kg more of ASI %(material)s, the order asks %(wanted)s "
                            "kg. The period will not close unless non-ASI output or ASI input "
                            "follows (V2.1 8.7).",
                            share=formatLang(self.env, share * 100, digits=1),
                            headroom=formatLang(self.env, headroom, digits=2),
                            most=formatLang(self.env, most, digits=2),
                            material=line.asi_material_type_id.name,
                            wanted=formatLang(self.env, wanted, digits=2),
                        )
                    )
            line.asi_availability_warning = " ".join(warnings) or False

    def _asi_requested_kg(self):
        if not (self.asi_requested and self.asi_material_type_id and self.product_uom):
            return 0.0
        try:
            return self.product_id._asi_aluminium_kg(self.product_uom_qty, self.product_uom)
        except UserError:
            return 0.0

    @api.onchange("asi_requested", "product_uom_qty", "product_id")
    def _onchange_asi_requested(self):
        if self.asi_requested and not self.asi_material_type_id:
            self.asi_requested = False
            return {
                "warning": {
                    "title": self.env._("Not ASI material"),
                    "message": self.env._(
                        "%(product)s has no ASI material type: it cannot be sold as ASI material.",
                        product=self.product_id.display_name,
                    ),
                }
            }
        if self.asi_availability_warning:
            # A warning, not a block: the engine refuses at delivery validation (V2.1 8.5).
            return {
                "warning": {
                    "title": self.env._("Not enough ASI material"),
                    "message": self.asi_availability_warning,
                }
            }
        return None

    # ------------------------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------------------------
    @api.constrains("asi_requested", "product_id")
    def _check_asi_requested(self):
        for line in self.filtered("asi_requested"):
            if not line.asi_material_type_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s has no ASI material type: only ASI material can be "
                        "requested as ASI.",
                        product=line.product_id.display_name,
                    )
                )

    def write(self, vals):
        if "asi_requested" in vals:
            changed = self.filtered(lambda line: line.asi_requested != bool(vals["asi_requested"]))
            changed._asi_verify_request_change(bool(vals["asi_requested"]))
        res = super().write(vals)
        if "asi_requested" in vals:
            # V3 6.2: a confirmed order stays ASI as a whole (checked once for the order's
            # lines when they are written through the order).
            if not self.env.context.get("asi_whole_transaction_later"):
                self.order_id.filtered(lambda o: o.state == "sale")._asi_verify_whole_transaction()
            # The request follows to the deliveries not done yet (whole lines, V2.1 8.5).
            open_moves = changed.move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
            open_moves.write({"asi_designated": bool(vals["asi_requested"])})
        return res

    def _asi_verify_request_change(self, requested):
        shipped = self.filtered(
            lambda line: any(
                m.state == "done" and m.location_dest_id.usage == "customer" for m in line.move_ids
            )
        )
        if shipped:
            # V2.1 8.5: what left as ASI (or not) stays so; a change after shipment would make
            # the invoice say something else than the CoC document.
            raise UserError(
                self.env._(
                    "%(product)s on %(order)s has already been delivered: its ASI request can "
                    "no longer change. Record a CoC error to correct a shipped CoC document.",
                    product=shipped[0].product_id.display_name,
                    order=shipped[0].order_id.name,
                )
            )
        if requested:
            confirmed = self.filtered(lambda line: line.order_id.state == "sale")
            for order in confirmed.order_id:
                lines = confirmed.filtered(lambda line, o=order: line.order_id == o)
                order.company_id._asi_verify_certificate(lines.asi_material_type_id)

    def _prepare_procurement_values(self, group_id=False):
        values = super()._prepare_procurement_values(group_id=group_id)
        # The request becomes the designation of the delivery (whole line, V2.1 8.5, V3 6.2).
        values["asi_designated"] = self.asi_requested
        return values
