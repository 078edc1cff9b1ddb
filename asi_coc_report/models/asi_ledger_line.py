from datetime import date

from odoo import api, models
from odoo.tools import SQL

# Ledger lines are read (and written to a file) in batches of this many rows: memory does
# not grow with the ledger.
BATCH = 5000


class AsiLedgerLine(models.Model):
    _inherit = "asi.ledger.line"

    @api.model
    def _asi_read_batches(self, periods, date_from=None, date_to=None, batch=BATCH):
        """The ledger lines of ``periods`` dated from ``date_from`` to ``date_to`` (inclusive;
        ``None``: unbounded), in the order a ledger is read (date, id), as lists of at most
        ``batch`` tuples: one query per batch (keyset pagination on date and id, the codes
        and numbers joined in the same query), whatever the ledger's size.

        Each tuple: 0 id, 1 date, 2 site code, 3 material code, 4 ASI status, 5 direction,
        6 flow type, 7 mass (kg), 8 partner name, 9 certificate number, 10 CoC document,
        11 source model, 12 source id, 13 line it reverses or corrects (the columns of the
        ledger export after its period), then 14 period id, 15 site id, 16 material id,
        17 partner id.

        Raw SQL, as the exports of the whole ledger need: the caller checks the access
        (``asi.accounting.period._asi_verify_report_access``)."""
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
                    SELECT l.id, l.date, s.code, m.code, l.asi_status, l.direction,
                           l.flow_type, l.mass_kg, p.name, c.number, l.document_ref,
                           l.res_model, l.res_id, l.origin_line_id,
                           l.period_id, l.site_id, l.material_type_id, l.partner_id
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
