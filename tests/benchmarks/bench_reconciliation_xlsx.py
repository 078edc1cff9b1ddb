"""Benchmark of the period reconciliation workbook (not a test: it prints ratios, asserts
nothing).

For 10k / 100k ledger lines in one period of a scratch database it renders the
reconciliation xlsx (``asi_coc_report.action_report_period_reconciliation_xlsx``: summary,
chart, one sheet per material, every ledger line) and times it as a ratio to writing the same
cells with bare xlsxwriter in the same run (same constant_memory mode, same typed calls, the
cell values prepared beforehand). It prints the peak Python memory of the report
(tracemalloc, a separate run), which should not grow with the ledger.

Run it with ``./setup/bench.sh xlsx`` (which builds the scratch database ``asi_coc_bench``);
everything it writes is rolled back.
"""

import argparse
import io
import statistics
import time
import tracemalloc
from datetime import date

import xlsxwriter

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

REPORT = "asi_coc_report.action_report_period_reconciliation_xlsx"


def generate(env, period, n, partners):
    """n lines: three materials, 60 % inputs (60 % of them ASI), outputs inside the balance,
    50 counterparties and a CoC document reference on each line."""
    materials = [
        env.ref(f"asi_coc.material_{code}").id
        for code in ("aluminium", "alumina", "scrap_post_consumer")
    ]
    env.cr.execute(
        """
        INSERT INTO asi_ledger_line (date, period_id, company_id, material_type_id, direction,
                                     flow_type, asi_status, mass_kg, close_entry, partner_id,
                                     document_ref)
        SELECT %(date)s::date + (i %% 300), %(period)s, %(company)s,
               (%(materials)s::int[])[1 + i %% 3],
               CASE WHEN i %% 5 < 3 THEN 'input' ELSE 'output' END, 'external',
               CASE WHEN i %% 10 < 6 THEN 'asi' ELSE 'non_asi' END,
               CASE WHEN i %% 5 < 3 THEN 1000 ELSE 400 END, false,
               (%(partners)s::int[])[1 + i %% 50], 'DOC-' || i
          FROM generate_series(1, %(n)s) AS i
        """,
        {
            "date": period.date_from,
            "period": period.id,
            "company": period.company_id.id,
            "materials": materials,
            "partners": partners,
            "n": n,
        },
    )
    env.cr.execute("ANALYZE asi_ledger_line")


def bare_workbook(ledger_rows, reconciliation):
    """The same cells, bare xlsxwriter: the figures of each material and the ledger lines."""
    # the add-on is importable once the configuration has set the addons path
    from odoo.addons.asi_coc_report.report.asi_abstract_report_xlsx import KG, SHARE, TONNES
    from odoo.addons.asi_coc_report.report.asi_period_reconciliation_xlsx import (
        write_ledger_rows,
    )

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True})
    kg = workbook.add_format({"num_format": KG})
    tonnes = workbook.add_format({"num_format": TONNES})
    share = workbook.add_format({"num_format": SHARE})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    summary = workbook.add_worksheet("Summary")
    for row, material in enumerate(reconciliation["materials"], start=4):
        summary.write_string(row, 0, material["material"].name)
        for col, line in enumerate(material["rows"], start=2):
            value = line["values"][-1]
            summary.write_number(row, col, value, share if line["is_share"] else kg)
    for material in reconciliation["materials"]:
        sheet = workbook.add_worksheet(material["material"].name[:31])
        for row, line in enumerate(material["rows"], start=4):
            sheet.write_string(row, 0, line["section"])
            sheet.write_string(row, 1, line["label"])
            sheet.write_number(row, 2, line["values"][0], share if line["is_share"] else kg)
            sheet.write_number(row, 3, line["values"][0] / 1000.0, tonnes)
    ledger = workbook.add_worksheet("Ledger Lines")
    row = 1
    for batch in ledger_rows:
        row = write_ledger_rows(ledger, row, batch, day, kg)
    workbook.close()
    return output.getvalue()


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(env, n, year, repeat):
    partners = env["res.partner"].create([{"name": f"Bench supplier {i}"} for i in range(50)])
    period = env["asi.accounting.period"].create(
        {"date_from": date(year, 1, 1), "date_to": date(year, 12, 31), "rule_set": "v2_1"}
    )
    generate(env, period, n, partners.ids)
    env.invalidate_all()
    Report = env["ir.actions.report"]
    xlsx_model = env["report.asi_coc_report.period_reconciliation_xlsx"]
    # the cell values, prepared once outside the timing of the bare workbook
    ledger_rows = list(xlsx_model._asi_ledger_rows(period))
    (reconciliation,) = period._asi_reconciliation()

    def report():
        content, _kind = Report._render_xlsx(REPORT, period.ids, {})
        return content

    def bare():
        return bare_workbook(ledger_rows, reconciliation)

    size = len(report())  # warm-up
    t_report = timed(report, repeat)
    t_bare = timed(bare, repeat)
    tracemalloc.start()
    report()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return t_report, t_bare, peak, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    print(
        f"{'lines':>9} | {'report xlsx':>11} | {'bare xlsxwriter':>15} | {'ratio':>6} | "
        f"{'file MB':>7} | {'peak py MB':>10}"
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for i, n in enumerate(int(s) for s in args.sizes.split(",")):
            with cr.savepoint() as sp:
                t_report, t_bare, peak, size = run(env, n, 2300 + i, args.repeat)
                env.flush_all()
                sp.rollback()
            env.invalidate_all(flush=False)
            print(
                f"{n:>9,} | {t_report * 1000:>8,.0f} ms | {t_bare * 1000:>12,.0f} ms | "
                f"{t_report / t_bare:>5.2f}× | {size / 1e6:>7.2f} | {peak / 1e6:>10.1f}",
                flush=True,
            )
        cr.rollback()


if __name__ == "__main__":
    main()
