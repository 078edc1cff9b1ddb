from odoo import models

from .asi_abstract_report_xlsx import column


class AsiPeriodReconciliationXlsx(models.AbstractModel):
    """Period reconciliation as a workbook: a summary sheet with a chart of inputs vs
    outputs per material, one sheet per material (every scope, kg and t), and the ledger
    lines behind the figures. The figures are those of the PDF: both come from
    ``asi.accounting.period._asi_reconciliation()``."""

    _name = "report.asi_coc_report.period_reconciliation_xlsx"
    _inherit = "report.asi_coc_report.abstract_report_xlsx"
    _description = "ASI Period Reconciliation (xlsx)"

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
        header_columns = [
            column(self.env._("Material"), 24),
            column(self.env._("Scope"), 24),
            *(column(label, 14) for _key, label in columns),
            column(self.env._("Discrepancies"), 80),
        ]
        self._asi_set_widths(sheet, header_columns)
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
            self._asi_write_header(sheet, header, header_columns, f, widths=False)
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
        header = [column(self.env._("Section"), 34), column(self.env._("Figure"), 36)]
        for block in blocks:
            header += [column(f"{block['label']} (kg)", 15), column(f"{block['label']} (t)", 15)]
        header.append(column(self.env._("Key")))
        self._asi_write_header(sheet, 3, header, f)
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
            column(self.env._("Line"), 9),
            column(self.env._("Date"), 11),
            column(self.env._("Period"), 16),
            column(self.env._("Site"), 16),
            column(self.env._("Material"), 16),
            column(self.env._("Direction"), 16),
            column(self.env._("Flow Type"), 16),
            column(self.env._("ASI Status"), 16),
            column(self.env._("Mass (kg)"), 16),
            column(self.env._("Counterparty"), 16),
            column(self.env._("Certificate"), 16),
            column(self.env._("CoC Document"), 16),
            column(self.env._("Source"), 16),
        ]

    def _asi_ledger_rows(self, periods):
        """The ledger lines of ``periods`` as tuples of cell values, in batches (the ledger
        reader, ``asi.ledger.line._asi_read_batches``), names resolved once per record."""
        Line = self.env["asi.ledger.line"]
        selections = {
            name: dict(Line._fields[name]._description_selection(self.env))
            for name in ("direction", "flow_type", "asi_status")
        }
        names = {
            "period": {p.id: p.name for p in periods},
            "asi.material.type": {},
            "res.partner": {},
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

        # In date order, as a ledger is read.
        for rows in Line._asi_read_batches(periods):
            # the material's name is translated, the partner's display name computed
            resolve("asi.material.type", {r[16] for r in rows}, "name")
            resolve("res.partner", {r[17] for r in rows})
            resolve_sources({(r[11], r[12]) for r in rows})
            yield [
                (
                    r[0],
                    r[1],
                    names["period"].get(r[14], ""),
                    r[2] or "",
                    names["asi.material.type"].get(r[16], ""),
                    selections["direction"][r[5]],
                    selections["flow_type"][r[6]],
                    selections["asi_status"][r[4]],
                    r[7],
                    names["res.partner"].get(r[17], ""),
                    r[9] or "",
                    r[10] or "",
                    sources.get((r[11], r[12]), "") if r[11] else "",
                )
                for r in rows
            ]

    def _asi_write_ledger(self, sheet, periods, f):
        columns = self._asi_ledger_columns()
        self._asi_write_header(sheet, 0, columns, f)
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
