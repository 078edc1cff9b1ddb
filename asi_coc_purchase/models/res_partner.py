from odoo import api, fields, models

from .asi_due_diligence import DD_ROLES, DD_STATES, RISK_LEVELS


class ResPartner(models.Model):
    _inherit = "res.partner"

    asi_due_diligence_ids = fields.One2many(
        "asi.due.diligence", "partner_id", string="Due Diligence Assessments"
    )
    asi_due_diligence_count = fields.Integer(compute="_compute_asi_due_diligence")
    asi_due_diligence_id = fields.Many2one(
        "asi.due.diligence",
        string="Current Due Diligence",
        compute="_compute_asi_due_diligence",
        help="The approval in force, otherwise the latest assessment (this company's).",
    )
    asi_due_diligence_state = fields.Selection(
        DD_STATES, string="Due Diligence", compute="_compute_asi_due_diligence"
    )
    asi_risk_level = fields.Selection(
        RISK_LEVELS, string="Risk Level", compute="_compute_asi_due_diligence"
    )
    asi_next_review_date = fields.Date(string="Next Review", compute="_compute_asi_due_diligence")

    @api.depends(
        "commercial_partner_id",
        "commercial_partner_id.asi_due_diligence_ids.state",
        "commercial_partner_id.asi_due_diligence_ids.valid_until",
        "commercial_partner_id.asi_due_diligence_ids.risk_level",
    )
    @api.depends_context("company")
    def _compute_asi_due_diligence(self):
        DueDiligence = self.env["asi.due.diligence"]
        commercial = self.commercial_partner_id
        all_dd = (
            DueDiligence.search(
                [
                    ("partner_id", "in", commercial.ids),
                    ("company_id", "=", self.env.company.id),
                ]
            )
            if commercial.ids
            else DueDiligence
        )
        for partner in self:
            own = all_dd.filtered(lambda d, p=partner: d.partner_id == p.commercial_partner_id)
            current = own._asi_current()
            partner.asi_due_diligence_count = len(own)
            partner.asi_due_diligence_id = current
            partner.asi_due_diligence_state = current.state
            partner.asi_risk_level = current.risk_level
            partner.asi_next_review_date = (
                current.valid_until if current.state == "approved" else False
            )

    def _asi_needs_due_diligence(self):
        return self.commercial_partner_id.asi_role in DD_ROLES

    def _asi_onboarding_issues(self, material_types, date):
        """What is missing before aluminium of ``material_types`` may be bought from this
        vendor on ``date``; an empty list when nothing is (V2.1 7.1-7.3, 4.3; V3 3.1.2, 4.1).
        Other modules extend the list."""
        self.ensure_one()
        vendor = self.commercial_partner_id
        role = vendor.asi_role
        issues = []
        if role in (False, "customer"):
            issues.append(
                self.env._(
                    "%(vendor)s has no supplier ASI role: set its ASI role (CoC entity, "
                    "trader, scrap supplier or non-CoC supplier)",
                    vendor=vendor.display_name,
                )
            )
            return issues
        if role == "coc_entity":
            certificates = vendor.asi_certificate_ids
            for material in material_types:
                if not any(c.is_valid_for(material, date) for c in certificates):
                    issues.append(
                        self.env._(
                            "%(vendor)s is a CoC entity without a CoC certificate valid on "
                            "%(date)s for %(material)s: register or renew it",
                            vendor=vendor.display_name,
                            date=date,
                            material=material.name,
                        )
                    )
        if role == "trader" and not vendor.asi_source_partner_ids:
            issues.append(
                self.env._(
                    "the trader %(vendor)s has not identified the CoC entities it sources "
                    "from (V3 3.1.2)",
                    vendor=vendor.display_name,
                )
            )
        if role == "scrap_supplier":
            issues += vendor._asi_scrap_supplier_identity_issues()
        if role in DD_ROLES:
            current = vendor.with_company(self.env.company).asi_due_diligence_id
            if current.state != "approved" or (current.valid_until and current.valid_until < date):
                if current:
                    # Named, so the buyer finds the assessment to complete.
                    state = self.env._(
                        "%(assessment)s, %(state)s",
                        assessment=current.name,
                        state=current._state_label(),
                    )
                else:
                    state = self.env._("no assessment")
                issues.append(
                    self.env._(
                        "%(vendor)s needs an approved due-diligence assessment (V2.1 7.1), "
                        "it has: %(state)s",
                        vendor=vendor.display_name,
                        state=state,
                    )
                )
        return issues

    def _asi_scrap_due_diligence_reasons(self, company, on_date):
        """Answers asi_coc_stock's hook from the assessments on record: post-consumer scrap
        and eligible waste are eligible when this company approved the supplier's due
        diligence before ``on_date`` and the approval runs until ``on_date`` at least (V2.1
        4.2 b, c; 7.1). An approval that ended since then (expired) still covered that date."""
        self.ensure_one()
        approved = (
            self.env["asi.due.diligence"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", company.id),
                    ("state", "in", ("approved", "expired")),
                    ("date_decision", "<=", on_date),
                    ("valid_until", ">=", on_date),
                ],
                limit=1,
            )
        )
        if approved:
            return []
        return super()._asi_scrap_due_diligence_reasons(company, on_date)

    def _asi_scrap_supplier_identity_issues(self):
        """V2.1 4.3: identity, responsible person and business location of a scrap supplier
        are known before the first purchase."""
        self.ensure_one()
        missing = self._asi_scrap_supplier_missing()
        if not missing:
            return []
        return [
            self.env._(
                "the scrap supplier %(vendor)s lacks %(missing)s (V2.1 4.3)",
                vendor=self.display_name,
                missing=", ".join(missing),
            )
        ]

    def action_view_asi_due_diligence(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "asi_coc_purchase.asi_due_diligence_action"
        )
        commercial = self.commercial_partner_id
        action["domain"] = [("partner_id", "=", commercial.id)]
        action["context"] = {"default_partner_id": commercial.id}
        return action
