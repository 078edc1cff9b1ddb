from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .stock_picking import COC_FILE_FORMATS


class StockPicking(models.Model):
    """The CoC document of a delivery as issued, its revisions and its CoC data files (one
    model split by concern: stock_picking.py builds the CoC data)."""

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------------------------
    # The CoC document as issued (V2.1 1.6, 9.2): frozen at validation, then revised
    # ------------------------------------------------------------------------------------
    def _asi_coc_document_revision_note(self):
        """(revision, first issue date) of the CoC document printed, or None for a first
        issue."""
        self.ensure_one()
        document = self.sudo().asi_coc_document_id
        if not document.revision:
            return None
        return {
            "revision": document.revision,
            "document_number": document.document_number,
            "first_issue_date": fields.Date.to_string(document.original_id.issue_date),
        }

    def _asi_issue_coc_document(self, reason=False):
        """Freeze the CoC data of each delivery as it is now, in the language of its slip;
        a second issue is a revision of the first. Returns the new documents."""
        Document = self.env["asi.coc.document"]
        documents = Document
        for picking in self:
            lang = picking._get_report_lang()
            picking = picking.with_context(lang=lang)
            data = picking._asi_coc_data_build()
            if reason:
                # The revision is issued today, for the same transfer of control.
                data["issue_date"] = fields.Date.to_string(fields.Date.context_today(picking))
            labels = picking._asi_coc_labels_build(data)
            documents |= Document.with_context(lang=lang)._asi_issue(picking, data, labels, reason)
        return documents.with_env(self.env)

    def _asi_coc_revise(self, reason):
        """Issue a revision of the CoC document from the master data of now (V2.1 2.5: a CoC
        error is corrected, never rewritten). The first issue stays as it was and the
        revision references it. For ASI CoC managers."""
        if not (self.env.su or self.env.user.has_group("asi_coc.group_asi_coc_manager")):
            raise AccessError(
                self.env._("Only an ASI CoC Manager can revise an issued CoC document.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the revision of the CoC document."))
        for picking in self:
            picking._asi_verify_has_coc_data()
        documents = self._asi_issue_coc_document(reason=reason)
        for document in documents:
            document.picking_id.message_post(
                body=self.env._(
                    "CoC document %(number)s revised (revision %(revision)s): %(reason)s",
                    number=document.document_number,
                    revision=document.revision,
                    reason=reason,
                )
            )
        return documents

    def action_asi_coc_revise(self):
        self.ensure_one()
        self._asi_verify_has_coc_data()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revise CoC Document"),
            "res_model": "asi.coc.document.revise",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    # ------------------------------------------------------------------------------------
    # CoC data file (coc_data.py, V2.1 9.1): what the receiving company imports at its receipt
    # ------------------------------------------------------------------------------------
    def _asi_coc_file(self, file_format):
        """(file name, content bytes, mimetype) of the CoC data file of this delivery."""
        self.ensure_one()
        encode, mimetype = COC_FILE_FORMATS[file_format]
        # The CoC document as issued (in the language of its slip); a revision is named
        # after its revision number.
        self._asi_verify_has_coc_data()
        document = self.sudo().asi_coc_document_id
        if document:
            return (
                document._asi_file_name(file_format),
                encode(document._asi_data()).encode(),
                mimetype,
            )
        picking = self.with_context(lang=self._get_report_lang())
        content = encode(picking._asi_coc_data_build()).encode()
        return f"{self.asi_document_number}.{file_format}", content, mimetype

    def _asi_coc_download(self, file_format):
        self.ensure_one()
        # Whoever can read the delivery can download its CoC data (also read-only auditors,
        # who cannot attach files: the attachment is written as superuser after this check).
        self.check_access("read")
        name, content, mimetype = self._asi_coc_file(file_format)
        Attachment = self.env["ir.attachment"].sudo()
        attachment = Attachment.search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", False),
                ("name", "=", name),
            ],
            limit=1,
        )
        vals = {"raw": content, "mimetype": mimetype}
        if attachment:
            # The file is the CoC document as issued: the stored copy stays as it is (it is
            # restored only if someone replaced its content).
            if attachment.raw != content:
                attachment.write(vals)
        else:
            attachment = Attachment.create(
                dict(vals, name=name, res_model=self._name, res_id=self.id)
            )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    def action_asi_coc_download_json(self):
        return self._asi_coc_download("json")

    def action_asi_coc_download_csv(self):
        return self._asi_coc_download("csv")
