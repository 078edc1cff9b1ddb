# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Deliveries validated before CoC documents were kept get theirs now (V2.1 1.6): from
    the master data of the upgrade, dated as issued at validation. From now on nothing
    rebuilds them."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    pickings = env["stock.picking"].search(
        [
            ("state", "=", "done"),
            ("picking_type_code", "=", "outgoing"),
            ("asi_document_number", "!=", False),
            ("asi_coc_document_ids", "=", False),
        ]
    )
    pickings.filtered(lambda p: p._asi_has_coc_data())._asi_issue_coc_document()
