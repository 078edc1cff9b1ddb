import io
import zipfile

from odoo import api, fields, models
from odoo.exceptions import UserError


class AsiCocDataExportWizard(models.TransientModel):
    """The CoC data of several deliveries at once (V3 6.3, V2.1 9.1-9.3): a zip
    of one file per shipment, named after its CoC document number, in the format the goods
    receipt of the receiving company imports one by one (JSON or CSV)."""

    _name = "asi.coc.data.export.wizard"
    _inherit = ["asi.download.mixin"]
    _description = "ASI CoC Data Export"

    picking_ids = fields.Many2many("stock.picking", string="Deliveries", required=True)
    file_format = fields.Selection(
        [("json", "JSON"), ("csv", "CSV")], string="Format", required=True, default="json"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "stock.picking" and context.get("active_ids"):
            pickings = self.env["stock.picking"].browse(context["active_ids"])
            self._asi_verify_pickings(pickings)
            values["picking_ids"] = [(6, 0, pickings.ids)]
        return values

    @api.model
    def _asi_verify_pickings(self, pickings):
        """Only validated deliveries of ASI material carry a CoC document: refuse the rest,
        all of them named."""
        pickings.check_access("read")
        refused = pickings.filtered(lambda p: not p._asi_has_coc_data())
        if refused:
            raise UserError(
                self.env._(
                    "Only validated deliveries of ASI material carry CoC data. Remove these "
                    "from the selection: %(pickings)s.",
                    pickings=", ".join(refused.mapped("display_name")),
                )
            )
        if not pickings:
            raise UserError(self.env._("Select the deliveries whose CoC data to export."))

    def _asi_export(self):
        """(zip file name, zip bytes): one ``<CoC document number>.<format>`` per shipment
        (``-R<n>`` for a revision; slashes of the number become dashes), each the CoC
        document as issued (V2.1 1.6)."""
        self.ensure_one()
        pickings = self.picking_ids.sorted("asi_document_number")
        self._asi_verify_pickings(pickings)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for picking in pickings:
                name, content, _mimetype = picking._asi_coc_file(self.file_format)
                archive.writestr(name.replace("/", "-"), content)
        return f"asi-coc-data-{fields.Date.context_today(self)}.zip", out.getvalue()

    def action_export(self):
        return self._asi_download(*self._asi_export())
