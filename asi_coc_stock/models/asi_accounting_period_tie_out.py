from datetime import datetime, time, timedelta

from odoo import models
from odoo.tools import SQL, float_compare

from odoo.addons.asi_coc.tools import format_kg


class AsiAccountingPeriod(models.Model):
    """The tie-out of the ledger against stock (V2.1 8.1, V3 5.1: the material accounting
    records every flow of aluminium across the scope): each done move of ASI material that
    crosses the scope has exactly its ledger lines, each line that names a move names a done
    one, and each CoC document number is used once (V2.1 9.2 b, V3 6.3.1)."""

    _inherit = "asi.accounting.period"  # pylint: disable=consider-merging-classes-inherited

    def asi_tie_out(self):
        differences = super().asi_tie_out()
        for period in self.sudo():
            differences += period._asi_tie_out_moves()
            differences += period._asi_tie_out_lines()
            differences += period._asi_tie_out_documents()
        return differences

    def _asi_tie_out_moves(self):
        """Every done move of the period with an ASI material type that crosses the scope:
        per flow, the ledger holds its mass at aluminium content (V2.1 8.3), in the period
        of its date, with the status it was posted with."""
        self.ensure_one()
        moves = self.env["stock.move"].search(
            [
                ("state", "=", "done"),
                ("company_id", "=", self.company_id.id),
                ("product_id.product_tmpl_id.asi_material_type_id", "!=", False),
                ("date", ">=", datetime.combine(self.date_from, time.min)),
                ("date", "<", datetime.combine(self.date_to + timedelta(days=1), time.min)),
            ],
            order="id",
        )
        lines_of = {}
        for line in self.env["asi.ledger.line"].search(
            [("res_model", "=", "stock.move"), ("res_id", "in", moves.ids)], order="id"
        ):
            lines_of.setdefault(line.res_id, self.env["asi.ledger.line"])
            lines_of[line.res_id] |= line
        differences = []
        for move in moves:
            lines = lines_of.get(move.id, self.env["asi.ledger.line"])
            expected_kg = sum(
                move.product_id._asi_aluminium_kg(ml.quantity, ml.product_uom_id)
                for ml in move.move_line_ids
            )
            for direction, sign, flow_type, site in move._asi_flows():
                if self.site_id and site != self.site_id or not expected_kg:
                    continue
                flow_lines = lines.filtered(
                    lambda x, d=direction, f=flow_type: x.direction == d and x.flow_type == f
                )
                found = self._asi_tie_out_move(move, flow_lines, sign * expected_kg)
                if not any(d["code"] == "ledger_mass" for d in found):
                    found += self._asi_tie_out_status(move, lines, direction, flow_type, sign)
                differences += found
        return differences

    def _asi_tie_out_move(self, move, lines, expected_kg):
        actual_kg = sum(lines.mapped("mass_kg"))
        if float_compare(actual_kg, expected_kg, precision_digits=3):
            return [
                self._asi_difference(
                    "ledger_mass",
                    self.env._(
                        "%(move)s moved %(expected)s kg of aluminium but the ledger holds "
                        "%(actual)s kg for it.",
                        move=move.reference or move.display_name,
                        expected=format_kg(expected_kg),
                        actual=format_kg(actual_kg),
                    ),
                    "stock.move",
                    move.id,
                )
            ]
        differences = []
        posted_on = move.date.date()
        for line in lines:
            # One day either way: the posting date is the day in the user's time zone.
            if abs((line.date - posted_on).days) > 1:
                differences.append(
                    self._asi_difference(
                        "ledger_period",
                        self.env._(
                            "Ledger line %(line)s of %(move)s is dated %(date)s in period "
                            "%(period)s; the move was done on %(done)s.",
                            line=line.id,
                            move=move.reference,
                            date=line.date,
                            period=line.period_id.name,
                            done=posted_on,
                        ),
                        "asi.ledger.line",
                        line.id,
                    )
                )
        return differences

    def _asi_tie_out_status(self, move, lines, direction, flow_type, sign):
        """The status of a delivery (or of its return) is its designation (V2.1 8.5); a
        receipt has kg at the status each of its lots was recorded with (V2.1 10.1-10.3)."""
        if flow_type != "external":
            return []
        if direction == "input" and sign > 0:
            received = lines.filtered(lambda x: x.direction == "input")
            differences = []
            for lot in move.move_line_ids.lot_id.with_company(move.company_id):
                status = lot.asi_status or "non_asi"
                kg = sum(received.filtered(lambda x, s=status: x.asi_status == s).mapped("mass_kg"))
                if float_compare(kg, 0, precision_digits=3) <= 0:
                    differences.append(
                        self._asi_difference(
                            "ledger_status",
                            self.env._(
                                "Lot %(lot)s of %(move)s was received as %(status)s, but the "
                                "ledger holds no %(status)s kg for the move.",
                                lot=lot.name,
                                move=move.reference,
                                status=status,
                            ),
                            "stock.move",
                            move.id,
                        )
                    )
            return differences
        if direction != "output":
            return []
        shipped = move if sign > 0 else move.origin_returned_move_id
        expected = shipped._asi_designated_status() if shipped.asi_designated else "non_asi"
        return [
            self._asi_difference(
                "ledger_status",
                self.env._(
                    "Ledger line %(line)s of %(move)s is recorded %(status)s; the move was "
                    "shipped as %(expected)s.",
                    line=line.id,
                    move=move.reference,
                    status=line.asi_status,
                    expected=expected,
                ),
                "asi.ledger.line",
                line.id,
            )
            for line in lines.filtered(
                lambda x: x.direction == "output" and x.flow_type == "external"
            )
            if line.asi_status != expected
        ]

    def _asi_tie_out_lines(self):
        """Every ledger line of the period that names a stock move names a done one."""
        self.ensure_one()
        self.env["stock.move"].flush_model(["state", "reference"])
        rows = self.env.execute_query(
            SQL(
                "SELECT l.id, m.reference, m.state FROM asi_ledger_line l "
                "JOIN stock_move m ON m.id = l.res_id WHERE l.period_id = %s "
                "AND l.res_model = 'stock.move' AND m.state != 'done' ORDER BY l.id",
                self.id,
            )
        )
        return [
            self._asi_difference(
                "source_not_done",
                self.env._(
                    "Ledger line %(line)s names stock move %(move)s, which is not done "
                    "(%(state)s).",
                    line=line_id,
                    move=reference or "",
                    state=state,
                ),
                "asi.ledger.line",
                line_id,
            )
            for line_id, reference, state in rows
        ]

    def _asi_tie_out_documents(self):
        """V2.1 9.2 b, V3 6.3.1: a CoC document number identifies one shipment. Each
        delivery of the period that reuses a number of an earlier one is named."""
        self.ensure_one()
        self.env["stock.picking"].flush_model(["asi_document_number", "date_done"])
        self.env["asi.coc.document"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                WITH numbers AS (
                    SELECT asi_document_number AS number, id AS picking_id
                      FROM stock_picking
                     WHERE company_id = %(company)s AND asi_document_number IS NOT NULL
                     UNION
                    SELECT document_number, picking_id
                      FROM asi_coc_document WHERE company_id = %(company)s
                ), reused AS (
                    SELECT number, picking_id,
                           MIN(picking_id) OVER (PARTITION BY number) AS first_id
                      FROM numbers
                )
                SELECT r.number, r.picking_id, r.first_id
                  FROM reused r JOIN stock_picking p ON p.id = r.picking_id
                 WHERE r.picking_id != r.first_id
                   AND p.date_done >= %(start)s AND p.date_done < %(end)s
              ORDER BY r.picking_id
                """,
                company=self.company_id.id,
                start=datetime.combine(self.date_from, time.min),
                end=datetime.combine(self.date_to + timedelta(days=1), time.min),
            )
        )
        Picking = self.env["stock.picking"]
        return [
            self._asi_difference(
                "document_number",
                self.env._(
                    "CoC document number %(number)s is used by %(picking)s and by %(first)s "
                    "before it: a CoC document number identifies one shipment.",
                    number=number,
                    picking=Picking.browse(picking_id).name,
                    first=Picking.browse(first_id).name,
                ),
                "stock.picking",
                picking_id,
            )
            for number, picking_id, first_id in rows
        ]
