from datetime import date

from odoo import models
from odoo.tools import SQL

# Ledger lines are read and written in batches of this many rows: with xlsxwriter's
# constant_memory mode, memory does not grow with the ledger.
BATCH = 5000
KG = "#,##0.000"
TONNES = '#,##0.000 "t"'
SHARE = "0.0 %"


class AsiPeriodReconciliationXlsx(models.AbstractModel):
    """Period reconciliation as a workbook: a summary sheet with a chart of inputs vs
    outputs per material, one sheet per material (every scope, kg and t), and the ledger
    lines behind the figures. The figures are those of the PDF: both come from
    ``asi.accounting.period._asi_reconciliation()``."""

    _name = "report.asi_coc_report.period_reconciliation_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "ASI Period Reconciliation (xlsx)"

    def get_workbook_options(self):
        # Each row is flushed to a temporary file once the next one starts (rows are
        # written in order), so a ledger of any size fits in flat memory.
        return {"constant_memory": True, "default_date_format": "yyyy-mm-dd"}

    def _asi_formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "title_provisional": workbook.add_format(
                {"bold": True, "font_size": 14, "font_color": "#B00020"}
            ),
            "muted": workbook.add_format({"italic": True, "font_color": "#666666"}),
            "header": workbook.add_format(
                {"bold": True, "bottom": 1, "bg_color": "#E8EEF4", "text_wrap": True}
            ),
            "section": workbook.add_format({"bold": True, "italic": True}),
            "kg": workbook.add_format({"num_format": KG}),
            "t": workbook.add_format({"num_format": TONNES}),
            "share": workbook.add_format({"num_format": SHARE}),
            "bold_kg": workbook.add_format({"num_format": KG, "bold": True}),
            "flag": workbook.add_format({"font_color": "#B00020"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }

    def generate_xlsx_report(self, workbook, data, objects):
        reconciliations = objects._asi_reconciliation()
        formats = self._asi_formats(workbook)
        summary = workbook.add_worksheet(self.env._("Summary"))
        self._asi_write_summary(workbook, summary, reconciliations, formats)
        several = len(reconciliations) > 1
        for item in reconciliations:
            for material in item["materials"]:
                name = material["material"].name
                if several:
                    name = f"{item['period'].date_from.isoformat()} {name}"
                sheet = workbook.add_worksheet(name[:31])
                self._asi_write_material(sheet, item, material, formats)
        periods = self.env["asi.accounting.period"].union(
            *(
                block["periods"]
                for item in reconciliations
                for material in item["materials"]
                for block in material["blocks"]
            ),
            objects,
        )
        ledger = workbook.add_worksheet(self.env._("Ledger Lines"))
        self._asi_write_ledger(ledger, periods, formats)

    # ------------------------------------------------------------------------------------
    # Summary: one row per material and scope, the chart
    # ------------------------------------------------------------------------------------
    def _asi_summary_columns(self):
        return [
            ("asi_in", self.env._("ASI input (kg)")),
            ("eligible_in", self.env._("Eligible input (kg)")),
            ("non_asi_in", self.env._("Non-ASI input (kg)")),
            ("in_total", self.env._("Total input (kg)")),
            ("asi_in_converted", self.env._("ASI input after conversion (kg)")),
            ("out_total", self.env._("Total output (kg)")),
            ("asi_out", self.env._("ASI-designated output (kg)")),
            ("carried_in", self.env._("Carried in (kg)")),
            ("overdraft", self.env._("Overdraft taken (kg)")),
            ("overdraft_repaid", self.env._("Overdraft repaid (kg)")),
            ("available", self.env._("Available (kg)")),
            ("closing_balance", self.env._("Closing balance (kg)")),
            ("carried_out", self.env._("Carried out (kg)")),
            ("expired", self.env._("Expired (kg)")),
            ("input_share", self.env._("ASI input share")),
            ("output_share", self.env._("ASI output share")),
        ]

    def _asi_write_summary(self, workbook, sheet, reconciliations, f):
        columns = self._asi_summary_columns()
        sheet.set_column(0, 1, 24)
        sheet.set_column(2, len(columns) + 1, 14)
        sheet.set_column(len(columns) + 2, len(columns) + 2, 80)
        row = 0
        for number, item in enumerate(reconciliations):
            title_format = f["title_provisional"] if item["provisional"] else f["title"]
            sheet.write_string(row, 0, item["title"], title_format)
            sheet.write_string(
                row + 1,
                0,
                self.env._(
                    "%(company)s · %(rule_set)s · %(state)s · figures in kg, scrap and "
                    "eligible waste at aluminium content (V2.1 8.3)",
                    company=item["company"].name,
                    rule_set=item["rule_set"],
                    state=item["state"],
                ),
                f["muted"],
            )
            if item["explanation"]:
                sheet.write_string(
                    row + 2, 0, self.env._("Explanation of differences"), f["section"]
                )
                sheet.write_string(row + 2, 2, item["explanation"])
            header = row + 3
            sheet.write_row(
                header,
                0,
                [self.env._("Material"), self.env._("Scope")]
                + [label for _k, label in columns]
                + [self.env._("Discrepancies")],
                f["header"],
            )
            if number == 0:
                sheet.freeze_panes(header + 1, 2)
            row = header + 1
            first = row
            # Entity (or only) scope first: the chart reads these rows.
            ordered = sorted(
                (
                    (block_index, material)
                    for material in item["materials"]
                    for block_index in range(len(material["blocks"]))
                ),
                key=lambda pair: (pair[0] != len(pair[1]["blocks"]) - 1, pair[0]),
            )
            for index, material in ordered:
                block = material["blocks"][index]
                sheet.write_string(row, 0, material["material"].name)
                sheet.write_string(row, 1, block["label"])
                for col, (key, _label) in enumerate(columns, start=2):
                    value = block["figures"][key]
                    if value is None:
                        sheet.write_blank(row, col, None)
                    elif key in ("input_share", "output_share"):
                        sheet.write_number(row, col, value, f["share"])
                    else:
                        sheet.write_number(row, col, value, f["kg"])
                if block["discrepancies"]:
                    sheet.write_string(
                        row, len(columns) + 2, " ".join(block["discrepancies"]), f["flag"]
                    )
                row += 1
            if item["materials"]:
                self._asi_add_chart(workbook, sheet, item, columns, first, row)
                row += 18
            else:
                sheet.write_string(
                    row, 0, self.env._("No ledger lines in this period."), f["muted"]
                )
                row += 1
            row += 2

    def _asi_add_chart(self, workbook, sheet, item, columns, first, row):
        keys = [key for key, _label in columns]
        last = first + len(item["materials"]) - 1
        chart = workbook.add_chart({"type": "column"})
        for key in ("in_total", "out_total", "asi_in_converted", "asi_out"):
            col = keys.index(key) + 2
            chart.add_series(
                {
                    "name": [sheet.name, first - 1, col],
                    "categories": [sheet.name, first, 0, last, 0],
                    "values": [sheet.name, first, col, last, col],
                }
            )
        chart.set_title({"name": self.env._("Inputs vs outputs per material (kg)")})
        chart.set_y_axis({"num_format": "#,##0"})
        chart.set_size({"width": 760, "height": 320})
        sheet.insert_chart(row + 1, 0, chart)

    # ------------------------------------------------------------------------------------
    # One sheet per material: every figure, every scope, in kg and t
    # ------------------------------------------------------------------------------------
    def _asi_write_material(self, sheet, item, material, f):
        blocks = material["blocks"]
        sheet.set_column(0, 0, 34)
        sheet.set_column(1, 1, 36)
        sheet.set_column(2, 1 + 2 * len(blocks), 15)
        title_format = f["title_provisional"] if item["provisional"] else f["title"]
        sheet.write_string(0, 0, f"{item['title']} · {material['material'].name}", title_format)
        sheet.write_string(
            1,
            0,
            self.env._(
                "%(company)s · %(rule_set)s · %(state)s · scrap and eligible waste at "
                "aluminium content (V2.1 8.3)",
                company=item["company"].name,
                rule_set=item["rule_set"],
                state=item["state"],
            ),
            f["muted"],
        )
        header = [self.env._("Section"), self.env._("Figure")]
        for block in blocks:
            header += [f"{block['label']} (kg)", f"{block['label']} (t)"]
        header.append(self.env._("Key"))
        sheet.write_row(3, 0, header, f["header"])
        sheet.freeze_panes(4, 2)
        row = 4
        for line in material["rows"]:
            sheet.write_string(row, 0, line["section"], f["section"])
            sheet.write_string(row, 1, line["label"])
            for index, value in enumerate(line["values"]):
                col = 2 + 2 * index
                if value is None:
                    continue
                if line["is_share"]:
                    sheet.write_number(row, col, value, f["share"])
                else:
                    kg_format = f["bold_kg"] if line["key"] == "available" else f["kg"]
                    sheet.write_number(row, col, value, kg_format)
                    sheet.write_number(row, col + 1, value / 1000.0, f["t"])
            sheet.write_string(row, 2 + 2 * len(blocks), line["key"], f["muted"])
            row += 1
        row += 1
        sheet.write_string(row, 0, self.env._("Discrepancies"), f["section"])
        row += 1
        found = [d for block in blocks for d in block["discrepancies"]]
        for text in found or [self.env._("None")]:
            sheet.write_string(row, 0, text, f["flag"] if found else f["muted"])
            row += 1

    # ------------------------------------------------------------------------------------
    # The ledger lines, streamed
    # ------------------------------------------------------------------------------------
    def _asi_ledger_columns(self):
        return [
            self.env._("Line"),
            self.env._("Date"),
            self.env._("Period"),
            self.env._("Site"),
            self.env._("Material"),
            self.env._("Direction"),
            self.env._("Flow Type"),
            self.env._("ASI Status"),
            self.env._("Mass (kg)"),
            self.env._("Counterparty"),
            self.env._("Certificate"),
            self.env._("CoC Document"),
            self.env._("Source"),
        ]

    def _asi_ledger_rows(self, periods):
        """The ledger lines of ``periods`` as tuples of cell values, in batches (keyset
        pagination on id), names resolved once per record."""
        Line = self.env["asi.ledger.line"]
        Line.flush_model()
        selections = {
            name: dict(Line._fields[name]._description_selection(self.env))
            for name in ("direction", "flow_type", "asi_status")
        }
        names = {
            "period": {p.id: p.name for p in periods},
            "asi.site": {},
            "asi.material.type": {},
            "res.partner": {},
            "asi.certificate": {},
        }

        def resolve(model, ids, field="display_name"):
            cache = names[model]
            missing = {i for i in ids if i and i not in cache}
            if missing:
                records = self.env[model].sudo().with_context(active_test=False).browse(missing)
                cache.update((r.id, r[field] or "") for r in records)

        sources = {}

        def resolve_sources(pairs):
            # The source document as people name it (a receipt's WH/IN/00012, the move's
            # reference), not the technical model and id.
            by_model = {}
            for model, res_id in pairs:
                if model and res_id and (model, res_id) not in sources:
                    by_model.setdefault(model, set()).add(res_id)
            for model, ids in by_model.items():
                if model not in self.env:
                    sources.update(((model, i), f"{model},{i}") for i in ids)
                    continue
                records = self.env[model].sudo().with_context(active_test=False).browse(ids)
                existing = records.exists()
                field = "reference" if "reference" in records._fields else "display_name"
                for record in existing:
                    sources[(model, record.id)] = record[field] or record.display_name or ""
                for missing in records - existing:
                    sources[(model, missing.id)] = f"{model},{missing.id}"

        # In date order, as a ledger is read (keyset pagination on date, id).
        last = (date.min, 0)
        while True:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT id, date, period_id, site_id, material_type_id, direction,
                           flow_type, asi_status, mass_kg, partner_id, certificate_id,
                           document_ref, res_model, res_id
                      FROM asi_ledger_line
                     WHERE period_id IN %s AND (date, id) > (%s, %s)
                  ORDER BY date, id
                     LIMIT %s
                    """,
                    tuple(periods.ids),
                    last[0],
                    last[1],
                    BATCH,
                )
            )
            if not rows:
                return
            resolve("asi.site", {r[3] for r in rows}, "code")
            resolve("asi.material.type", {r[4] for r in rows}, "name")
            resolve("res.partner", {r[9] for r in rows})
            resolve("asi.certificate", {r[10] for r in rows}, "number")
            resolve_sources({(r[12], r[13]) for r in rows})
            yield [
                (
                    r[0],
                    r[1],
                    names["period"].get(r[2], ""),
                    names["asi.site"].get(r[3], ""),
                    names["asi.material.type"].get(r[4], ""),
                    selections["direction"][r[5]],
                    selections["flow_type"][r[6]],
                    selections["asi_status"][r[7]],
                    r[8],
                    names["res.partner"].get(r[9], ""),
                    names["asi.certificate"].get(r[10], ""),
                    r[11] or "",
                    sources.get((r[12], r[13]), "") if r[12] else "",
                )
                for r in rows
            ]
            last = (rows[-1][1], rows[-1][0])

    def _asi_write_ledger(self, sheet, periods, f):
        columns = self._asi_ledger_columns()
        sheet.set_column(0, 0, 9)
        sheet.set_column(1, 1, 11)
        sheet.set_column(2, len(columns) - 1, 16)
        sheet.write_row(0, 0, columns, f["header"])
        sheet.freeze_panes(1, 0)
        row = 1
        for batch in self._asi_ledger_rows(periods):
            row = write_ledger_rows(sheet, row, batch, f["date"], f["kg"])
        sheet.autofilter(0, 0, max(row - 1, 1), len(columns) - 1)


def write_ledger_rows(sheet, row, batch, date_format, kg_format):
    """Writes ledger rows (tuples of _asi_ledger_rows) with the typed xlsxwriter calls; the
    benchmark writes the same cells with the same calls, without Odoo around them."""
    write_number, write_string = sheet.write_number, sheet.write_string
    for values in batch:
        write_number(row, 0, values[0])
        sheet.write_datetime(row, 1, values[1], date_format)
        for col in (2, 3, 4, 5, 6, 7):
            write_string(row, col, values[col])
        write_number(row, 8, values[8], kg_format)
        for col in (9, 10, 11, 12):
            if values[col]:
                write_string(row, col, values[col])
        row += 1
    return row
