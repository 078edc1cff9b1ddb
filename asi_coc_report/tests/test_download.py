from urllib.parse import unquote

from odoo.tests import tagged

from .common import ReportCase


@tagged("post_install", "-at_install")
class TestDownload(ReportCase):
    """asi.download.mixin: the export wizards keep the file and download it by a URL whose
    file name is percent-encoded; /web/content names the download from it (RFC 5987)."""

    def test_file_name_is_percent_encoded_in_the_url(self):
        wizard = self.env["asi.ledger.export.wizard"].create(
            {"mode": "period", "period_id": self.p1.id, "file_format": "csv"}
        )
        action = wizard._asi_download("铝 ledger #1/2 100%.csv", b"id\n")
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "download")
        # the slash, which cannot stand in a path segment, becomes a dash
        self.assertEqual(wizard.filename, "铝 ledger #1-2 100%.csv")
        prefix = f"/web/content/asi.ledger.export.wizard/{wizard.id}/data/"
        self.assertTrue(action["url"].startswith(prefix))
        segment, query = action["url"][len(prefix) :].split("?")
        self.assertEqual(segment, "%E9%93%9D%20ledger%20%231-2%20100%25.csv")
        self.assertEqual(unquote(segment), wizard.filename)
        self.assertEqual(query, "download=true")
