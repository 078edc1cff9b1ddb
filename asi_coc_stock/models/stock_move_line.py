from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import float_compare

from odoo.addons.asi_coc.models.asi_ledger_line import ASI_STATUSES

from ..coc_data import MASS_BASES


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    asi_status = fields.Selection(
        ASI_STATUSES,
        string="ASI Status",
        help="At receipt: what the supplier's CoC document claims; verified at validation.",
    )
    asi_certificate_number = fields.Char(string="Supplier Certificate No.")
    asi_document_ref = fields.Char(string="Supplier CoC Document")
    asi_declared_mass_kg = fields.Float(
        string="Declared ASI Mass (kg)",
        digits="Stock Weight",
        help="The ASI material mass the supplier's CoC document states for this line (V3 6.3.7); "
        "it must match the mass received (V2.1 10.2), measured on the same basis: aluminium "
        "content or gross mass, as the Declared Mass Basis says.",
    )
    asi_declared_mass_basis = fields.Selection(
        MASS_BASES,
        string="Declared Mass Basis",
        default="aluminium_content",
        help="What the declared ASI mass measures. CoC data of this suite states the aluminium "
        "content (the mass the ledger counts, V2.1 8.3); the receipt compares it with the "
        "aluminium content received. Gross mass: compared with the gross kg received.",
    )
    asi_transfer_date = fields.Date(
        string="Transfer of Control",
        help="Date of transfer of control on the supplier's CoC document (V3 6.3.5); the "
        "certificate must be valid on it. Empty: the date of the receipt.",
    )
    asi_material_type_id = fields.Many2one(
        related="product_id.product_tmpl_id.asi_material_type_id"
    )
    asi_expected_status = fields.Selection(
        ASI_STATUSES,
        string="Recorded As",
        compute="_compute_asi_expected_status",
        help="What the receipt will record this line as once validated, after the supplier's "
        "CoC data is checked against the certificate register (V2.1 10.1-10.3).",
    )
    asi_expected_reason = fields.Char(
        string="Why Non-ASI",
        compute="_compute_asi_expected_status",
        help="Why the line will be recorded non-ASI, in the register's words.",
    )

    # A done move line of ASI material is in the ledger: changing what moved would leave the
    # ledger behind the stock (V2.1 8.1, V3 5.1).
    _ASI_FROZEN_WHEN_DONE = (
        "quantity",
        "product_uom_id",
        "lot_id",
        "location_id",
        "location_dest_id",
    )

    def write(self, vals):
        frozen = [name for name in self._ASI_FROZEN_WHEN_DONE if name in vals]
        if frozen:
            changed = self.filtered(
                lambda ml: (
                    ml.state == "done"
                    and ml.asi_material_type_id
                    and any(
                        ml._fields[name].convert_to_write(ml[name], ml) != vals[name]
                        for name in frozen
                    )
                )
            )
            if changed:
                raise UserError(
                    self.env._(
                        "%s: the quantity, lot and locations of a done move of ASI material "
                        "cannot be changed, the ASI ledger recorded it. Return the goods, or "
                        "record a CoC error and its correction.",
                        ", ".join(changed.move_id.mapped("reference")),
                    )
                )
        return super().write(vals)

    @api.depends(
        "asi_status",
        "asi_certificate_number",
        "asi_document_ref",
        "asi_declared_mass_kg",
        "asi_declared_mass_basis",
        "asi_transfer_date",
        "quantity",
        "product_uom_id",
        "product_id",
        "state",
        "lot_id",
        "picking_id.partner_id",
        "picking_id.scheduled_date",
    )
    def _compute_asi_expected_status(self):
        receipts = self.filtered(
            lambda ml: (
                ml.asi_material_type_id
                and ml.picking_code == "incoming"
                and ml.location_id.usage == "supplier"
            )
        )
        (self - receipts).update({"asi_expected_status": False, "asi_expected_reason": False})
        certificates = receipts._asi_find_certificates()
        for line in receipts:
            if line.state == "done":
                # Recorded: what the lot was received as, and why (the origin record).
                lot = line.lot_id.with_company(line.company_id)
                line.asi_expected_status = lot.asi_status or False
                line.asi_expected_reason = lot.asi_verification_note or False
                continue
            date = fields.Date.context_today(line)
            status, _certificate, reasons = line._asi_verify_receipt(date, certificates)
            line.asi_expected_status = status
            line.asi_expected_reason = "; ".join(reasons) or False

    def _asi_receipt_warning_text(self):
        """One line of the receipt's warning: the product, lot, kg and why."""
        self.ensure_one()
        return self.env._(
            "%(product)s, lot %(lot)s, %(kg)s kg: recorded non-ASI because %(reasons)s",
            product=self.product_id.display_name,
            lot=self.lot_id.name or self.lot_name or "-",
            kg=round(self.product_id._asi_aluminium_kg(self.quantity, self.product_uom_id), 3),
            reasons=self.asi_expected_reason,
        )

    def _asi_find_certificates(self):
        """The register's certificates of these lines' numbers, in one query: {number: cert}."""
        numbers = {(n or "").strip().upper() for n in self.mapped("asi_certificate_number")} - {""}
        if not numbers:
            return {}
        # Numbers are matched case-insensitively, as the register's uniqueness check does.
        number_domain = expression.OR([[("number", "=ilike", number)] for number in numbers])
        certificates = self.env["asi.certificate"].search(
            expression.AND([number_domain, [("company_id", "in", self.company_id.ids)]])
        )
        return {c.number.upper(): c for c in certificates}

    def _asi_verify_receipt(self, date, certificates=None):
        """Verify one received line against the certificate register (V2.1 10.1-10.3,
        V3 3.1, 3.2, 6.1). Returns (status, certificate, reasons): anything that fails is
        recorded non-ASI until verified (V3 3.3 note). Closed-loop scrap is "eligible" here
        while any of its cap is left; ``_asi_closed_loop_credit`` says how many kg."""
        self.ensure_one()
        claimed = self.asi_status or "non_asi"
        Certificate = self.env["asi.certificate"]
        if claimed == "non_asi":
            return "non_asi", Certificate, []
        material = self.asi_material_type_id
        partner = self.picking_id.partner_id.commercial_partner_id
        date = self.asi_transfer_date or date
        if material.category == "eligible_input":
            # Scrap and eligible waste are eligible inputs, never ASI material themselves.
            claimed = "eligible"
            if material.code != "scrap_pre_consumer":
                # Eligible post-consumer scrap and eligible waste come from collection and
                # recycling systems, not with a CoC document (V3 glossary). They are eligible
                # only from a supplier whose due diligence (V2.1 7) is approved and valid on
                # the date (V2.1 4.2 b, c), never on the receiver's word alone.
                reasons = partner._asi_scrap_due_diligence_reasons(self.company_id, date)
                if reasons:
                    return "non_asi", Certificate, reasons
                return "eligible", Certificate, []
        if certificates is None:
            certificates = self._asi_find_certificates()
        number = (self.asi_certificate_number or "").strip()
        certificate = certificates.get(number.upper(), Certificate)
        reasons = self._asi_certificate_reasons(number, certificate, partner, material, date)
        reasons += self._asi_data_reasons()
        if reasons and material.code == "scrap_pre_consumer":
            if self._asi_is_closed_loop_scrap(partner, date):
                return "eligible", Certificate, []
            # V3 3.2 and glossary: pre-consumer scrap is eligible only with the CoC data of
            # another certified entity, or as closed-loop scrap of ASI material we shipped.
            reasons.append(
                self.env._(
                    "pre-consumer scrap is eligible only with a certified supplier's CoC data "
                    "or as closed-loop scrap of ASI material shipped to %s (V3 3.2)",
                    partner.display_name,
                )
            )
        if reasons:
            return "non_asi", certificate, reasons
        return claimed, certificate, []

    def _asi_certificate_reasons(self, number, certificate, partner, material, date):
        reasons = []
        if not number:
            return [self.env._("no certificate number")]
        if not certificate:
            return [self.env._("certificate %s is not in the register", number)]
        holder = certificate.holder_id.commercial_partner_id
        if holder != partner:
            if partner.asi_role == "trader" and holder in partner.asi_source_partner_ids:
                pass  # V3 3.1.2: via a trader, from an identified originating CoC entity
            elif partner.asi_role == "trader":
                reasons.append(
                    self.env._(
                        "certificate %(number)s is held by %(holder)s, which the trader "
                        "%(supplier)s has not identified as an originating CoC entity "
                        "(V3 3.1.2)",
                        number=certificate.number,
                        holder=holder.display_name,
                        supplier=partner.display_name,
                    )
                )
            else:
                reasons.append(
                    self.env._(
                        "certificate %(number)s is held by %(holder)s, not by the supplier "
                        "%(supplier)s",
                        number=certificate.number,
                        holder=holder.display_name,
                        supplier=partner.display_name,
                    )
                )
        if certificate.certificate_type != "coc" or not certificate.is_valid_for(material, date):
            reasons.append(
                self.env._(
                    "certificate %(number)s is not valid for %(material)s on %(date)s: %(why)s",
                    number=certificate.number,
                    material=material.name,
                    date=date,
                    why=self._asi_certificate_invalid_why(certificate, material, date),
                )
            )
        return reasons

    def _asi_certificate_invalid_why(self, certificate, material, date):
        """Why ``certificate`` does not cover ``material`` on ``date``, in the register's
        words (suspended since, withdrawn, expired, not in scope): the receiver can then tell
        whether to ask the supplier or wait for the certificate's reinstatement (V2.1 10.1,
        V3 3.1)."""
        since = certificate.date_invalid
        if certificate.certificate_type != "coc":
            return self.env._("it is a Performance Standard certificate, not a CoC certificate")
        if material not in certificate.material_type_ids:
            return self.env._("%(material)s is not in its scope", material=material.name)
        if certificate.date_start and date < certificate.date_start:
            return self.env._("it is valid only from %(start)s", start=certificate.date_start)
        if certificate.state == "suspended" and since and since <= date:
            return self.env._("it is suspended since %(since)s", since=since)
        if certificate.state == "withdrawn" and since and since <= date:
            return self.env._("it was withdrawn on %(since)s", since=since)
        if certificate.date_end and date > certificate.date_end:
            return self.env._("it expired on %(end)s", end=certificate.date_end)
        if certificate.state == "expired" and since and since <= date:
            return self.env._("it expired, invalid since %(since)s", since=since)
        return self.env._("it is %(state)s in the register", state=certificate.state)

    def _asi_data_reasons(self):
        """V2.1 10.2, V3 6.1: the CoC data is complete and matches what was received. The
        declared mass is compared with the received mass on the same basis: aluminium content
        (what CoC data of this suite states, V2.1 8.3) or gross mass."""
        reasons = []
        if not self.asi_document_ref:
            reasons.append(self.env._("no CoC document reference"))
        declared = self.asi_declared_mass_kg
        if not declared:
            reasons.append(self.env._("no declared ASI mass"))
            return reasons
        gross = self.asi_declared_mass_basis == "gross"
        if gross:
            received = self.product_id._asi_quantity_to_kg(self.quantity, self.product_uom_id)
        else:
            received = self.product_id._asi_aluminium_kg(self.quantity, self.product_uom_id)
        tolerance = self.company_id.asi_receipt_mass_tolerance / 100.0
        if float_compare(abs(declared - received), declared * tolerance, precision_digits=3) > 0:
            values = {
                "declared": round(declared, 3),
                "received": round(received, 3),
                "tolerance": self.company_id.asi_receipt_mass_tolerance,
            }
            if gross:
                reasons.append(
                    self.env._(
                        "declared gross mass %(declared)s kg does not match the %(received)s kg "
                        "received (tolerance %(tolerance)s %%)",
                        **values,
                    )
                )
            else:
                reasons.append(
                    self.env._(
                        "declared mass %(declared)s kg does not match the %(received)s kg of "
                        "aluminium content received (tolerance %(tolerance)s %%)",
                        **values,
                    )
                )
        return reasons

    # ------------------------------------------------------------------------------------
    # Closed-loop pre-consumer scrap (V2.1 4.2 a i, V3 3.2 and glossary)
    # ------------------------------------------------------------------------------------
    def _asi_is_closed_loop_scrap(self, partner, date):
        """Glossary, eligible pre-consumer scrap: scrap of ASI aluminium we shipped to this
        partner, returned to us (closed loop), while some of the cap is left."""
        return float_compare(self._asi_closed_loop_room(partner, date), 0, precision_digits=3) > 0

    def _asi_closed_loop_room(self, partner, date):
        """Kg of aluminium content still creditable as closed-loop scrap from ``partner`` on
        ``date`` (V2.1 4.2 a i): the ASI aluminium this company shipped to it in the window
        before ``date`` (company setting, 12 months by default), less the closed-loop scrap
        already credited from it since the window began. 500 kg ASI shipped to X, then
        50,000 kg of scrap back from X: at most 500 kg is eligible.

        Credited closed-loop scrap is the eligible pre-consumer scrap input from the partner
        without a certificate: with a certificate it came with a certified supplier's CoC
        data, not through the closed loop. Credits dated after ``date`` count too (a late
        verification must not credit the same shipment twice). Lines of the same validation,
        not posted yet, are in the context (``asi_closed_loop_pending``)."""
        company = self.company_id
        start = date - relativedelta(months=company.asi_closed_loop_window_months or 12)
        Line = self.env["asi.ledger.line"].sudo()
        common = [("company_id", "=", company.id), ("partner_id", "=", partner.id)]
        shipped = Line._read_group(
            common
            + [
                ("direction", "=", "output"),
                ("asi_status", "=", "asi"),
                ("flow_type", "=", "external"),
                ("date", ">=", start),
                ("date", "<=", date),
            ],
            [],
            ["mass_kg:sum"],
        )[0][0]
        credited = Line._read_group(
            common
            + [
                ("direction", "=", "input"),
                ("asi_status", "=", "eligible"),
                ("flow_type", "in", ("external", "correction")),
                ("material_type_id.code", "=", "scrap_pre_consumer"),
                ("certificate_id", "=", False),
                ("date", ">=", start),
            ],
            [],
            ["mass_kg:sum"],
        )[0][0]
        pending = (self.env.context.get("asi_closed_loop_pending") or {}).get(
            f"{company.id},{partner.id}", 0.0
        )
        return shipped - credited - pending

    def _asi_closed_loop_credit(self, status, certificate, mass, date):
        """Of ``mass`` kg of aluminium content received with ``status`` and ``certificate``
        (what ``_asi_verify_receipt`` returned): the kg credited eligible and, when that is
        less than ``mass``, the reason for the rest, which stays non-ASI. The receipt is
        recorded in full either way (V2.1 8.1). The credit is added to the kg pending in the
        context, if any, so that the next line of the same validation sees it."""
        self.ensure_one()
        closed_loop = (
            status == "eligible"
            and not certificate
            and self.asi_material_type_id.code == "scrap_pre_consumer"
        )
        if not closed_loop:
            return mass, False
        partner = self.picking_id.partner_id.commercial_partner_id
        date = self.asi_transfer_date or date
        room = max(self._asi_closed_loop_room(partner, date), 0.0)
        credited = mass if float_compare(mass, room, precision_digits=3) <= 0 else room
        pending = self.env.context.get("asi_closed_loop_pending")
        if pending is not None:
            key = f"{self.company_id.id},{partner.id}"
            pending[key] = pending.get(key, 0.0) + credited
        if credited == mass:
            return mass, False
        return room, self.env._(
            "only %(eligible)s kg of the %(mass)s kg of aluminium content is eligible "
            "closed-loop scrap: the ASI aluminium shipped to %(partner)s in the %(months)s "
            "months before %(date)s, less the closed-loop scrap already credited from it "
            "(V2.1 4.2 a i, V3 3.2); %(rest)s kg is non-ASI",
            eligible=round(room, 3),
            mass=round(mass, 3),
            partner=partner.display_name,
            months=self.company_id.asi_closed_loop_window_months,
            date=date,
            rest=round(mass - room, 3),
        )
