import json

from odoo import api, fields, models
from odoo.exceptions import UserError


class AsiCocDocument(models.Model):
    """The CoC document of a delivery as it was issued (V2.1 1.6, 9.2; V3 6.3).

    Written once, when the delivery is validated, from the master data of that moment; the
    delivery slip, the invoice's CoC block and the CoC data files read it, never the current
    master data. It is never changed: a correction is a new revision that references the
    first issue. Kept five years from its issue (V2.1 1.6)."""

    _name = "asi.coc.document"
    _description = "ASI CoC Document (as issued)"
    _inherit = ["asi.retention.mixin"]
    _order = "picking_id, revision"
    _rec_name = "document_number"
    _check_company_auto = True

    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, ondelete="restrict"
    )
    document_number = fields.Char(
        string="CoC Document No.",
        required=True,
        readonly=True,
        help="The shipment's CoC document number (V3 6.3.1); a revision keeps it.",
    )
    revision = fields.Integer(
        required=True, readonly=True, default=0, help="0 for the first issue."
    )
    original_id = fields.Many2one(
        "asi.coc.document",
        string="Revision of",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The first issue of the CoC document that this revision replaces.",
    )
    revision_ids = fields.One2many("asi.coc.document", "original_id", string="Revisions")
    reason = fields.Text(readonly=True, help="Why the CoC document was revised.")
    issue_date = fields.Date(required=True, readonly=True)
    lang = fields.Char(string="Language", readonly=True, help="Language of its texts.")
    coc_data = fields.Text(
        string="CoC Data",
        required=True,
        readonly=True,
        help="Every CoC data point as issued (JSON): what the slip prints and the files carry.",
    )
    coc_labels = fields.Text(
        string="Labels", readonly=True, help="Names of the codes as printed (JSON)."
    )
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", help="The latest revision."
    )

    _sql_constraints = [
        (
            "picking_revision_uniq",
            "unique(picking_id, revision)",
            "A delivery has one CoC document per revision.",
        )
    ]

    def init(self):
        res = super().init()
        # The issued document holds for every writer, also raw SQL: no change of what was
        # issued (only Odoo's own bookkeeping columns may change), no deletion within the
        # five-year retention period (V2.1 1.6).
        self.env.cr.execute(
            """
                CREATE OR REPLACE FUNCTION asi_coc_document_guard() RETURNS trigger AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND ROW(
                        NEW.picking_id, NEW.company_id, NEW.document_number, NEW.revision,
                        NEW.original_id, NEW.reason, NEW.issue_date, NEW.lang, NEW.coc_data,
                        NEW.coc_labels
                    ) IS DISTINCT FROM ROW(
                        OLD.picking_id, OLD.company_id, OLD.document_number, OLD.revision,
                        OLD.original_id, OLD.reason, OLD.issue_date, OLD.lang, OLD.coc_data,
                        OLD.coc_labels
                    ) THEN
                        RAISE EXCEPTION 'ASI CoC document % is issued: it cannot be changed', OLD.id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    IF TG_OP = 'DELETE' AND OLD.issue_date + interval '5 years' > current_date THEN
                        RAISE EXCEPTION 'ASI CoC document % is kept until %', OLD.id,
                            (OLD.issue_date + interval '5 years')::date
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
                END
                $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS asi_coc_document_guard ON asi_coc_document;
                CREATE TRIGGER asi_coc_document_guard
                    BEFORE UPDATE OR DELETE ON asi_coc_document
                    FOR EACH ROW EXECUTE FUNCTION asi_coc_document_guard();
            """
        )
        return res

    @api.depends("revision", "document_number")
    def _compute_display_name(self):
        for document in self:
            if document.revision:
                document.display_name = self.env._(
                    "%(number)s revision %(revision)s",
                    number=document.document_number,
                    revision=document.revision,
                )
            else:
                document.display_name = document.document_number

    def _compute_is_current(self):
        for document in self:
            latest = document.picking_id.sudo().asi_coc_document_ids.sorted("revision")[-1:]
            document.is_current = latest == document

    def _asi_retention_date(self):
        return self.issue_date

    def write(self, vals):
        if self:
            # V2.1 1.6, 9.2: the document as issued is the record; a correction is a revision.
            raise UserError(
                self.env._(
                    "%(document)s is an issued CoC document: it cannot be changed. Revise the "
                    "CoC document of the delivery instead; the revision references this issue.",
                    document=", ".join(self.mapped("display_name")),
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------------------------
    # What the slip, the invoice and the files read
    # ------------------------------------------------------------------------------------
    def _asi_data(self):
        """The CoC data as issued: the dict of ``stock.picking._asi_coc_data()``."""
        self.ensure_one()
        return json.loads(self.coc_data)

    def _asi_labels(self):
        self.ensure_one()
        return json.loads(self.coc_labels or "{}")

    def _asi_file_name(self, file_format):
        self.ensure_one()
        suffix = f"-R{self.revision}" if self.revision else ""
        return f"{self.document_number}{suffix}.{file_format}"

    @api.model
    def _asi_issue(self, picking, data, labels, reason=False):
        """Create the document of ``picking`` from ``data`` (as superuser: nobody creates
        one by hand). A second one is a revision of the first."""
        previous = picking.sudo().asi_coc_document_ids.sorted("revision")
        first = previous[:1]
        return self.sudo().create(
            {
                "picking_id": picking.id,
                "company_id": picking.company_id.id,
                "document_number": data["document_number"],
                "revision": previous[-1].revision + 1 if previous else 0,
                "original_id": first.id,
                "reason": reason,
                "issue_date": data["issue_date"],
                "lang": self.env.lang,
                "coc_data": json.dumps(data, ensure_ascii=False, indent=1),
                "coc_labels": json.dumps(labels, ensure_ascii=False),
            }
        )
