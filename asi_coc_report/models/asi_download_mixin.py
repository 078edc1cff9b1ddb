import base64
from urllib.parse import quote

from odoo import fields, models


class AsiDownloadMixin(models.AbstractModel):
    """An export wizard whose result is a file the browser downloads: ``_asi_download``
    keeps the file on the wizard and returns the action that downloads it.

    The file name is percent-encoded in the URL (every character but letters, digits and
    ``-._~``), so that spaces, ``#``, ``?``, ``%`` and non-ASCII company names (e.g. in
    Chinese) reach the server intact; Odoo's /web/content then names the download with it
    in the RFC 5987 form ``Content-Disposition: attachment; filename*=UTF-8''...`` (RFC
    6266), which every browser reads. A slash cannot stand in a URL path segment: it
    becomes a dash."""

    _name = "asi.download.mixin"
    _description = "ASI CoC File Download"

    data = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    def _asi_download(self, name, content):
        """Keeps ``content`` (bytes) as ``name`` on the wizard; the act_url downloading it."""
        self.ensure_one()
        name = name.replace("/", "-").replace("\\", "-")
        self.write({"data": base64.b64encode(content), "filename": name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/data/{quote(name, safe='')}?download=true",
            "target": "download",
        }
