from datetime import date

from odoo import api, models
from odoo.tools import SQL

# Ledger lines are read (and written to a file) in batches of this many rows: memory does
# not grow with the ledger.
BATCH = 5000
# The values of each row that ``_asi_read_batches`` yields, in this order.
READ_COLUMNS = (
    "id",
    "date",
    "period_id",
    "site_id",
    "site_code",
    "material_type_id",
    "material_code",
    "direction",
    "flow_type",
    "asi_status",
    "mass_kg",
    "partner_id",
    "partner_name",
    "certificate_number",
    "document_ref",
    "res_model",
    "res_id",
    "origin_line_id",
)


class AsiLedgerLine(models.Model):
    _inherit = "asi.ledger.line"

    @api.model
    def _asi_read_batches(self, periods, date_from=None, date_to=None, batch=BATCH):
        """The ledger lines of ``periods`` dated from ``date_from`` to ``date_to`` (inclusive;
        ``None``: unbounded), in the order a ledger is read (date, id), as lists of at most
        ``batch`` tuples of READ_COLUMNS: one query per batch (keyset pagination on date and
        id, the codes and numbers joined in the same query), whatever the ledger's size.

        Raw SQL, as the exports of the whole ledger need: the caller checks the access
        (``asi.accounting.period._asi_check_report_access``)."""
        self.flush_model()
        for model, fnames in (
            ("asi.site", ["code"]),
            ("asi.material.type", ["code"]),
            ("res.partner", ["name"]),
            ("asi.certificate", ["number"]),
        ):
            self.env[model].flush_model(fnames)
        last = (date.min, 0)
        while True:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT l.id, l.date, l.period_id, l.site_id, s.code, l.material_type_id,
                           m.code, l.direction, l.flow_type, l.asi_status, l.mass_kg,
                           l.partner_id, p.name, c.number, l.document_ref, l.res_model,
                           l.res_id, l.origin_line_id
                      FROM asi_ledger_line l
                      JOIN asi_material_type m ON m.id = l.material_type_id
                 LEFT JOIN asi_site s ON s.id = l.site_id
                 LEFT JOIN res_partner p ON p.id = l.partner_id
                 LEFT JOIN asi_certificate c ON c.id = l.certificate_id
                     WHERE l.period_id IN %s %s %s AND (l.date, l.id) > (%s, %s)
                  ORDER BY l.date, l.id
                     LIMIT %s
                    """,
                    tuple(periods.ids) or (0,),
                    SQL("AND l.date >= %s", date_from) if date_from else SQL(),
                    SQL("AND l.date <= %s", date_to) if date_to else SQL(),
                    last[0],
                    last[1],
                    batch,
                )
            )
            if not rows:
                return
            yield rows
            last = (rows[-1][1], rows[-1][0])
