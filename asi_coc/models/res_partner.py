from odoo import api, fields, models

ASI_ROLES = [
    ("coc_entity", "CoC certified entity"),
    ("trader", "Trader"),
    ("scrap_supplier", "Scrap supplier"),
    ("non_coc_supplier", "Non-CoC supplier"),
    ("outsourcing_contractor", "Outsourcing contractor"),
    ("customer", "Customer"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    asi_role = fields.Selection(
        ASI_ROLES,
        string="ASI Role",
        tracking=True,
        help="Role of this business partner in the ASI Chain of Custody. It decides what "
        "onboarding needs: a CoC entity needs a valid CoC certificate; traders, scrap and "
        "non-CoC suppliers need due diligence (V2.1 7.1).",
    )
    asi_certificate_ids = fields.Many2many(
        "asi.certificate",
        string="ASI Certificates",
        compute="_compute_asi_certificates",
        help="Certificates held by this partner's commercial entity.",
    )
    asi_certificate_id = fields.Many2one(
        "asi.certificate",
        string="Current CoC Certificate",
        compute="_compute_asi_certificates",
        help="The CoC certificate of the commercial entity that is valid today.",
    )
    asi_certificate_count = fields.Integer(compute="_compute_asi_certificates")
    asi_source_partner_ids = fields.Many2many(
        "res.partner",
        "res_partner_asi_source_rel",
        "trader_id",
        "source_id",
        string="Originating CoC Entities",
        domain="[('is_company', '=', True), ('id', '!=', id)]",
        help="For a trader: the CoC certified entities it sources ASI material from. ASI "
        "material bought through the trader is accepted only with the certificate of one of "
        "them (V3 3.1.2).",
    )
    asi_outsourcing_identifier = fields.Char(
        string="Outsourcing Contractor ID",
        copy=False,
        help="Unique identifier of this outsourcing contractor in the CoC records (V2.1 2, V3 7).",
    )

    # V2.1 4.3: identity, responsible person and business location of scrap suppliers.
    asi_identity_ref = fields.Char(
        string="Identity / Registration No.",
        tracking=True,
        help="Company registration number, or the identity document number of an individual "
        "scrap supplier (V2.1 4.3).",
    )
    asi_responsible_person = fields.Char(
        string="Responsible Person",
        tracking=True,
        help="The person responsible for the scrap supplier's business (V2.1 4.3).",
    )
    asi_grievance_ids = fields.One2many("asi.grievance", "supplier_id", string="Grievances")
    asi_grievance_count = fields.Integer(compute="_compute_asi_grievance_count")

    _sql_constraints = [
        (
            "asi_outsourcing_identifier_unique",
            "unique(asi_outsourcing_identifier)",
            "Two outsourcing contractors cannot share an identifier.",
        )
    ]

    @api.model
    def _commercial_fields(self):
        # Contacts of a company share its ASI role and traders' sources (certificates are
        # looked up on the commercial entity below).
        return super()._commercial_fields() + ["asi_role", "asi_source_partner_ids"]

    @api.depends("commercial_partner_id")
    def _compute_asi_certificates(self):
        Certificate = self.env["asi.certificate"]
        commercial = self.commercial_partner_id
        certs = (
            Certificate.search([("holder_id", "in", commercial.ids)])
            if commercial.ids
            else Certificate
        )
        today = fields.Date.context_today(self)
        for partner in self:
            own = certs.filtered(lambda c, p=partner: c.holder_id == p.commercial_partner_id)
            partner.asi_certificate_ids = own
            partner.asi_certificate_count = len(own)
            valid = own.filtered(
                lambda c, d=today: c.certificate_type == "coc" and c._is_valid_on(d)
            )
            partner.asi_certificate_id = valid.sorted("date_end", reverse=True)[:1]

    def _compute_asi_grievance_count(self):
        counts = dict(
            self.env["asi.grievance"]._read_group(
                [("supplier_id", "in", self.commercial_partner_id.ids)],
                ["supplier_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.asi_grievance_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_asi_grievances(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("asi_coc.asi_grievance_action")
        commercial = self.commercial_partner_id
        action["domain"] = [("supplier_id", "=", commercial.id)]
        action["context"] = {"default_supplier_id": commercial.id}
        return action

    def _asi_scrap_supplier_missing(self):
        """What V2.1 4.3 asks to know of a scrap supplier before buying from it and is not
        recorded yet: a list of labels, empty when complete."""
        self.ensure_one()
        partner = self.commercial_partner_id
        missing = []
        if not partner.asi_identity_ref:
            missing.append(self.env._("identity or registration number"))
        if not partner.asi_responsible_person:
            missing.append(self.env._("responsible person"))
        if not (partner.street and partner.city and partner.country_id):
            missing.append(self.env._("business location (street, city, country)"))
        return missing

    def action_view_asi_certificates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("asi_coc.asi_certificate_action")
        commercial = self.commercial_partner_id
        action["domain"] = [("holder_id", "=", commercial.id)]
        action["context"] = {"default_holder_id": commercial.id}
        return action
