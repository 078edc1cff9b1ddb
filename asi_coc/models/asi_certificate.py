from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

VALID_STATES = ("active", "provisional")
INVALID_STATES = ("suspended", "withdrawn", "expired")
# Days before the end date at which the responsible users are reminded.
EXPIRY_REMINDER_DAYS = 30


class AsiCertificate(models.Model):
    """Register of ASI certificates: the company's own and its suppliers' and customers'.

    ASI's one-year provisional certification counts as valid. A certificate that
    becomes suspended, withdrawn or expired keeps the date from which it is invalid,
    so that transfers made before that date stay valid (V2.1 10.1: the certificate
    must be valid on the date of the transfer).
    """

    _name = "asi.certificate"
    _description = "ASI Certificate"
    _inherit = ["mail.thread", "mail.activity.mixin", "asi.retention.mixin"]
    _order = "date_end desc, number"
    _rec_name = "number"
    _check_company_auto = True

    number = fields.Char(required=True, tracking=True, copy=False)
    holder_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        index=True,
        help="The certified entity (the commercial entity, not a contact person).",
    )
    certificate_type = fields.Selection(
        [("coc", "Chain of Custody"), ("ps", "Performance Standard")],
        string="Type",
        required=True,
        default="coc",
        tracking=True,
    )
    state = fields.Selection(
        [
            ("active", "Active"),
            ("provisional", "Provisional"),
            ("suspended", "Suspended"),
            ("withdrawn", "Withdrawn"),
            ("expired", "Expired"),
        ],
        required=True,
        default="active",
        tracking=True,
    )
    date_start = fields.Date(string="Valid From", required=True, tracking=True)
    date_end = fields.Date(string="Valid Until", required=True, tracking=True)
    date_invalid = fields.Date(
        string="Invalid Since",
        tracking=True,
        copy=False,
        help="First day on which a suspended, withdrawn or expired certificate is no "
        "longer valid. Transfers before that day remain covered.",
    )
    material_type_ids = fields.Many2many(
        "asi.material.type",
        string="Scope (Materials)",
        help="ASI materials and eligible inputs covered by the certificate.",
    )
    last_verified = fields.Date(tracking=True, copy=False, readonly=True)
    verified_by = fields.Many2one("res.users", copy=False, readonly=True)
    source = fields.Selection(
        [("manual", "Manual"), ("register_import", "ASI register import")],
        required=True,
        default="manual",
    )
    reverify_due = fields.Boolean(
        string="To Re-verify",
        tracking=True,
        copy=False,
        help="Used on receipts in the last 12 months and not verified against ASI's register "
        "recently (V2.1 10.3); set by a daily job, cleared by a verification.",
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")
    note = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    active = fields.Boolean(default=True)
    is_valid_today = fields.Boolean(
        string="Valid Today", compute="_compute_is_valid_today", search="_search_is_valid_today"
    )

    _sql_constraints = [
        (
            "number_company_uniq",
            "unique(number, company_id)",
            "A certificate with this number is already in the register.",
        ),
    ]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        # Same rule as the SQL constraint, checked first so that forms get a readable message.
        for cert in self:
            if cert.date_start and cert.date_end and cert.date_end < cert.date_start:
                raise ValidationError(
                    self.env._(
                        "Certificate %(number)s ends on %(end)s, before it starts on "
                        "%(start)s. Correct the validity dates.",
                        number=cert.number,
                        end=cert.date_end,
                        start=cert.date_start,
                    )
                )

    def _asi_verify_number_available(self, number, company_id, exclude_ids=()):
        # Checked before writing, with a message that names the existing record; the SQL
        # constraint stays as the guard against two simultaneous creations.
        other = self.with_context(active_test=False).search(
            [
                ("number", "=ilike", number),
                ("company_id", "=", company_id),
                ("id", "not in", list(exclude_ids)),
            ],
            limit=1,
        )
        if other:
            raise ValidationError(
                self.env._(
                    "Certificate number %(number)s is already in the register "
                    "(held by %(holder)s). Open that certificate instead of creating "
                    "a second one.",
                    number=number,
                    holder=other.holder_id.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        seen = set()
        for vals in vals_list:
            if vals.get("number"):
                vals["number"] = vals["number"].strip()
                company_id = vals.get("company_id") or self.env.company.id
                key = (vals["number"].lower(), company_id)
                if key in seen:
                    raise ValidationError(
                        self.env._("Certificate number %s appears twice.", vals["number"])
                    )
                seen.add(key)
                self._asi_verify_number_available(vals["number"], company_id)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("number") or vals.get("company_id"):
            if vals.get("number"):
                vals["number"] = vals["number"].strip()
            for cert in self:
                cert._asi_verify_number_available(
                    vals.get("number", cert.number),
                    vals.get("company_id", cert.company_id.id),
                    exclude_ids=self.ids,
                )
        if vals.get("state") in INVALID_STATES and "date_invalid" not in vals:
            today = fields.Date.context_today(self)
            for cert in self.filtered(lambda c: c.state in VALID_STATES):
                cert.date_invalid = min(today, cert.date_end + timedelta(days=1))
        elif vals.get("state") in VALID_STATES and "date_invalid" not in vals:
            vals["date_invalid"] = False
        return super().write(vals)

    def _asi_retention_date(self):
        # V2.1 1.6: kept five years after the certificate stopped being valid.
        return self.date_end

    @api.depends("state", "date_start", "date_end", "date_invalid")
    @api.depends_context("date")
    def _compute_is_valid_today(self):
        today = fields.Date.context_today(self)
        for cert in self:
            cert.is_valid_today = cert._is_valid_on(today)

    def _search_is_valid_today(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(self.env._("Unsupported search on validity."))
        domain = expression.normalize_domain(self._valid_on_domain(fields.Date.context_today(self)))
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _valid_on_domain(self, date):
        return [
            ("date_start", "<=", date),
            ("date_end", ">=", date),
            "|",
            ("state", "in", VALID_STATES),
            "&",
            ("date_invalid", "!=", False),
            ("date_invalid", ">", date),
        ]

    def _is_valid_on(self, date):
        self.ensure_one()
        if not (self.date_start and self.date_end) or not self.date_start <= date <= self.date_end:
            return False
        if self.state in VALID_STATES:
            return True
        return bool(self.date_invalid and date < self.date_invalid)

    @api.model
    def _asi_coc_domain(self, company, holder, on_date, material_type=None):
        """The CoC certificates of ``holder`` (its commercial entity) in ``company``'s
        register valid on ``on_date``, and covering ``material_type`` when given."""
        domain = [
            ("company_id", "=", company.id),
            ("holder_id", "=", holder.commercial_partner_id.id),
            ("certificate_type", "=", "coc"),
            *self._valid_on_domain(on_date),
        ]
        if material_type is not None:
            domain.append(("material_type_ids", "in", material_type.ids))
        return domain

    @api.model
    def _asi_find_coc(self, company, holder, on_date, material_type=None, preferred=None):
        """The one certificate finder: the CoC certificate of ``holder`` in ``company``'s
        register valid on ``on_date`` (covering ``material_type`` when given), ``preferred``
        first when it qualifies, else the one valid longest; or an empty recordset. Read in
        sudo: whoever validates a delivery or an order needs the answer, not the register."""
        Certificate = self.sudo()
        preferred = (preferred or Certificate).sudo()
        if (
            preferred
            and preferred.certificate_type == "coc"
            and (material_type is None or material_type in preferred.material_type_ids)
            and preferred._is_valid_on(fields.Date.to_date(on_date))
        ):
            return preferred
        return Certificate.search(
            self._asi_coc_domain(company, holder, on_date, material_type),
            order="date_end desc",
            limit=1,
        )

    def is_valid_for(self, material_type, date):
        """Whether this CoC certificate covered ``material_type`` on ``date``.

        Valid means active or provisional (ASI's provisional certification counts)
        on that date, of type CoC, with the material in its scope (V2.1 10.1,
        V3 3.1). This is the one check every other module uses.
        """
        self.ensure_one()
        date = fields.Date.to_date(date)
        return (
            self.certificate_type == "coc"
            and material_type in self.material_type_ids
            and self._is_valid_on(date)
        )

    def action_verify(self):
        """Record that someone checked the certificate against ASI's public register."""
        today = fields.Date.context_today(self)
        self.write({"last_verified": today, "verified_by": self.env.uid, "reverify_due": False})
        for cert in self:
            cert.message_post(
                body=self.env._(
                    "Certificate verified against the ASI register by %(user)s.",
                    user=self.env.user.name,
                )
            )
        return True

    def action_suspend(self):
        self.write({"state": "suspended"})

    def action_withdraw(self):
        self.write({"state": "withdrawn"})

    def action_reactivate(self):
        self.write({"state": "active"})

    @api.model
    def _cron_expire_certificates(self):
        """Daily: expire certificates past their end date and remind before expiry."""
        today = fields.Date.context_today(self)
        expired = self.search([("state", "in", VALID_STATES), ("date_end", "<", today)])
        for cert in expired:
            cert.write({"state": "expired", "date_invalid": cert.date_end + timedelta(days=1)})
        soon = self.search(
            [
                ("state", "in", VALID_STATES),
                ("date_end", ">=", today),
                ("date_end", "<=", today + timedelta(days=EXPIRY_REMINDER_DAYS)),
            ]
        )
        soon._schedule_expiry_activities()

    @api.model
    def _cron_flag_reverification(self):
        """Daily (V2.1 10.3): every supplier certificate used on a receipt in the last 12
        months must have been verified against ASI's register within the company's interval;
        the others are flagged and the CoC responsible persons get an activity."""
        today = fields.Date.context_today(self)
        Line = self.env["asi.ledger.line"].sudo()
        used = Line._read_group(
            [
                ("certificate_id", "!=", False),
                ("direction", "=", "input"),
                ("date", ">=", today - relativedelta(months=12)),
            ],
            ["certificate_id"],
        )
        certificates = self.browse([certificate.id for (certificate,) in used]).exists()
        due = certificates.filtered(
            lambda c: (
                not c.reverify_due
                and (
                    not c.last_verified
                    or c.last_verified
                    < today - timedelta(days=c.company_id.asi_certificate_reverify_days or 90)
                )
            )
        )
        if not due:
            return
        due.write({"reverify_due": True})
        for cert in due:
            for user in cert.company_id.asi_responsible_user_ids or cert.create_uid:
                cert.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Re-verify certificate %s", cert.number),
                    note=self.env._(
                        "Used on receipts in the last 12 months: check it against ASI's "
                        "certificate register and click Verify (V2.1 10.3)."
                    ),
                )

    def _schedule_expiry_activities(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for cert in self:
            # V2.1 1.4: the people responsible for the CoC; whoever registered it otherwise.
            users = cert.company_id.asi_responsible_user_ids or cert.create_uid
            planned = cert.activity_ids.filtered(lambda a: a.activity_type_id == todo).user_id
            for user in users - planned:
                cert.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=cert.date_end,
                    summary=self.env._(
                        "Certificate %(number)s expires on %(date)s",
                        number=cert.number,
                        date=cert.date_end,
                    ),
                    note=self.env._(
                        "Obtain the renewed certificate and verify it in the ASI register."
                    ),
                    user_id=user.id,
                )
