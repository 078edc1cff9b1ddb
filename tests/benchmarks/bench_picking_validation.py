"""Benchmark of picking validation with and without the suite's checks (not a test).

It validates (``button_validate``) a receipt and a delivery of N lines (200 by default) of
lot-tracked aluminium products that have an ASI material type, and the same pickings of
identical products without one (the suite's hooks skip them: "without the suite's checks").
The ASI receipt comes from a supplier with a valid CoC certificate and every line carries a
lot, the claimed status ``asi``, the certificate number and a CoC document reference; the
ASI delivery ships those lots with every line designated ASI. For each case it prints the
time with and without the checks (best and median of the repetitions), their ratio, and the
SQL queries of one validation (``cr.sql_log_count``) with the extra queries per line.

Run it with ``./setup/bench.sh picking`` (which builds the scratch database
``asi_coc_bench``); everything it writes is rolled back. ``--profile`` adds where the
checks spend their time and queries (cProfile and the SQL stack of every query).
"""

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import time
from collections import Counter
from contextlib import nullcontext
from datetime import date, timedelta

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.module import get_module_path
from odoo.modules.registry import Registry
from odoo.tools.profiler import Profiler

RECEIVED_KG = 100.0
DELIVERED_KG = 60.0
GOAL = 1.15


class Bench:
    """The records of one run, created as superuser, used as the admin (warehouse and ASI
    CoC manager) so that access rights and record rules are part of the measure."""

    def __init__(self, env, lines):
        self.lines = lines
        su = env(user=SUPERUSER_ID, su=True)
        self.env = env(user=su.ref("base.user_admin").id, su=False)
        self.company = self.env.company
        today = fields.Date.context_today(self.env.user)
        self.aluminium = su.ref("asi_coc.material_aluminium")
        kg = su.ref("uom.product_uom_kgm")
        self.warehouse = su["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.warehouse.asi_site_id = su["asi.site"].create(
            {"name": "Bench casthouse", "code": "BCH"}
        )
        self.stock = self.warehouse.lot_stock_id
        self.suppliers = su.ref("stock.stock_location_suppliers")
        self.customers = su.ref("stock.stock_location_customers")
        Period = su["asi.accounting.period"]
        covering = [
            ("company_id", "=", self.company.id),
            ("date_from", "<=", today),
            ("date_to", ">=", today),
        ]
        if not Period.search(covering + [("state", "=", "open")]):
            Period.create(
                {"date_from": date(today.year, 1, 1), "date_to": date(today.year, 12, 31)}
            )
        self.supplier = su["res.partner"].create(
            {"name": "Bench Smelter", "is_company": True, "asi_role": "coc_entity"}
        )
        self.customer = su["res.partner"].create(
            {"name": "Bench Rolling Mill", "is_company": True, "asi_role": "customer"}
        )
        # The company's own certificate: only a certified entity ships ASI material.
        su["asi.certificate"].create(
            {
                "number": "ASI-BENCH-OWN-1",
                "holder_id": su.company.partner_id.id,
                "date_start": today - timedelta(days=365),
                "date_end": today + timedelta(days=365),
                "material_type_ids": [(6, 0, self.aluminium.ids)],
            }
        )
        self.certificate = su["asi.certificate"].create(
            {
                "number": "ASI-BENCH-0001",
                "holder_id": self.supplier.id,
                "date_start": today - timedelta(days=365),
                "date_end": today + timedelta(days=365),
                "material_type_ids": [(6, 0, self.aluminium.ids)],
            }
        )

        def products(prefix, material):
            return (
                su["product.product"]
                .create(
                    [
                        {
                            "name": f"{prefix} {i:04d}",
                            "is_storable": True,
                            "tracking": "lot",
                            "uom_id": kg.id,
                            "uom_po_id": kg.id,
                            "asi_material_type_id": material.id,
                        }
                        for i in range(lines)
                    ]
                )
                .with_env(self.env)
            )

        self.asi_products = products("Bench ingot P1020", self.aluminium)
        self.plain_products = products("Bench plain ingot", su["asi.material.type"])
        assert all(self.asi_products.mapped("asi_material_type_id"))
        assert not any(self.plain_products.mapped("asi_material_type_id"))
        # Lots in stock for the deliveries: one validated receipt of each kind.
        self.receipt(self.asi_products, "S", asi=True).button_validate()
        self.receipt(self.plain_products, "S", asi=False).button_validate()
        lots = self.env["stock.lot"].search([("product_id", "in", self.asi_products.ids)])
        assert set(lots.mapped("asi_status")) == {"asi"}, "the ASI receipt was not verified"
        commit_work(self.env)

    def _picking(self, products, picking_type, src, dest, kg=None, **move_vals):
        picking = self.env["stock.picking"].create(
            {
                "partner_id": (self.supplier if src == self.suppliers else self.customer).id,
                "picking_type_id": picking_type.id,
                "location_id": src.id,
                "location_dest_id": dest.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": kg
                            or (RECEIVED_KG if src == self.suppliers else DELIVERED_KG),
                            "product_uom": product.uom_id.id,
                            "location_id": src.id,
                            "location_dest_id": dest.id,
                            **move_vals,
                        },
                    )
                    for product in products
                ],
            }
        )
        picking.action_confirm()
        return picking

    def receipt(self, products, prefix, asi, dest=None, kg=RECEIVED_KG):
        """A confirmed receipt of ``kg`` per line from the certified supplier into ``dest``
        (the warehouse's stock), each line with its lot and (when ``asi``) the supplier's
        CoC data, ready to validate."""
        dest = dest or self.stock
        picking = self._picking(products, self.warehouse.in_type_id, self.suppliers, dest, kg=kg)
        coc = {
            "asi_status": "asi",
            "asi_certificate_number": self.certificate.number,
        }
        for i, line in enumerate(picking.move_ids.move_line_ids):
            vals = {"lot_name": f"{prefix}-{i:04d}", "quantity": kg}
            if asi:
                vals.update(coc, asi_document_ref=f"NPS-{prefix}-{i:04d}")
                if "asi_declared_mass_kg" in line._fields:  # where the suite checks the mass
                    vals["asi_declared_mass_kg"] = kg
            line.write(vals)
        picking.move_ids.picked = True
        assert len(picking.move_ids.move_line_ids) == self.lines
        return picking

    def delivery(self, products, asi, src=None):
        """A confirmed and reserved delivery of the lots in ``src`` (the warehouse's stock),
        every line designated ASI when ``asi``, ready to validate."""
        picking = self._picking(
            products,
            self.warehouse.out_type_id,
            src or self.stock,
            self.customers,
            asi_designated=asi,
        )
        picking.action_assign()
        picking.move_ids.picked = True
        assert picking.state == "assigned" and all(picking.move_ids.move_line_ids.lot_id)
        return picking

    def cases(self):
        """(name, make the picking with the checks, make it without)."""
        return [
            (
                "receipt",
                lambda rep: self.receipt(self.asi_products, f"R{rep}", asi=True),
                lambda rep: self.receipt(self.plain_products, f"R{rep}", asi=False),
            ),
            (
                "delivery",
                lambda rep: self.delivery(self.asi_products, asi=True),
                lambda rep: self.delivery(self.plain_products, asi=False),
            ),
        ]


def commit_work(env):
    """What a commit adds to the request: pending writes, then the pre-commit hooks (the
    chatter's tracking messages), then what those wrote."""
    env.cr.flush()
    env.flush_all()


def validate_once(env, make, rep, sql_profiler=None, cprofile=None):
    """Makes a picking (not measured), validates it (measured, writes flushed), rolls it
    back. The measure includes the flush and the pre-commit hooks. Returns (seconds,
    CPU seconds of this process, i.e. Odoo's side without PostgreSQL, queries)."""
    cr = env.cr
    with cr.savepoint() as sp:
        picking = make(rep)
        cr.flush()
        gc.collect()  # no collection of the set-up's garbage inside the measure
        queries = cr.sql_log_count
        start, cpu = time.perf_counter(), time.process_time()
        with sql_profiler or nullcontext(), cprofile or nullcontext():
            result = picking.button_validate()
            commit_work(env)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        queries = cr.sql_log_count - queries
        assert result is True and picking.state == "done", (result, picking.state)
        sp.rollback()
    env.invalidate_all(flush=False)
    return elapsed, cpu, queries


def measure(bench, repeat):
    results = []
    for name, with_checks, without in bench.cases():
        times = {True: [], False: []}
        cpu = {True: [], False: []}
        queries = {True: [], False: []}
        # One warm-up pair (caches, first compilations), then alternate the order.
        for rep in range(repeat + 1):
            order = (True, False) if rep % 2 else (False, True)
            for checks in order:
                t, c, q = validate_once(bench.env, with_checks if checks else without, rep)
                if rep:
                    times[checks].append(t)
                    cpu[checks].append(c)
                    queries[checks].append(q)
        results.append((name, times, cpu, queries))
    return results


def report(results, lines):
    print(
        f"{'case (' + str(lines) + ' lines)':<20} | {'with checks ms':>16} | "
        f"{'without ms':>16} | {'ratio':>13} | {'queries with':>12} | {'without':>7} | "
        f"{'extra q/line':>12} | {'Odoo CPU ratio':>14}"
    )
    print(f"{'':<20} | {'best / median':>16} | {'best / median':>16} | {'best / median':>13} |")
    worst = 0
    for name, times, cpu, queries in results:
        w_best, w_med = min(times[True]), statistics.median(times[True])
        o_best, o_med = min(times[False]), statistics.median(times[False])
        q_with, q_without = max(queries[True]), max(queries[False])
        worst = max(worst, w_best / o_best)
        print(
            f"{name:<20} | {w_best * 1000:>7.0f} / {w_med * 1000:>6.0f} | "
            f"{o_best * 1000:>7.0f} / {o_med * 1000:>6.0f} | "
            f"{w_best / o_best:>5.2f}x/{w_med / o_med:>5.2f}x | {q_with:>12} | "
            f"{q_without:>7} | {(q_with - q_without) / lines:>12.2f} | "
            f"{min(cpu[True]) / min(cpu[False]):>13.2f}x"
        )
    verdict = "within" if worst <= GOAL else "ABOVE"
    print(
        f"worst ratio of the best runs (the least disturbed by other load) {worst:.2f}x: "
        f"{verdict} the goal of {GOAL:.2f}x"
    )


def suite_dirs():
    return tuple(get_module_path(name) + "/" for name in ("asi_coc", "asi_coc_stock"))


def short(filename, lineno, func):
    if "/addons/" in filename:
        name = filename.rpartition("/addons/")[2]
    else:
        name = "/".join(filename.split("/")[-3:])
    return f"{name}:{lineno} {func}"


def suite_frame(stack, dirs):
    """The innermost frame of the suite's code in an SQL entry's stack."""
    for filename, lineno, func, _line in reversed(stack):
        if filename.startswith(dirs):
            return short(filename, lineno, func)
    return "(no frame of the suite: Odoo's own work)"


def query_shape(query):
    """A query without its values: its first words up to the WHERE clause or 90 characters."""
    query = " ".join(query.split())
    return query.split(" WHERE ")[0][:90]


def cumulative(stats, keep):
    """{label: (cumulative seconds, calls)} of the functions ``keep(filename)`` selects."""
    return {
        short(filename, lineno, func): (cumtime, ncalls)
        for (filename, lineno, func), (_cc, ncalls, _tt, cumtime, _callers) in stats.items()
        if keep(filename)
    }


def profile(bench, top):
    """Where the checks spend their time and queries, from one validation with and one
    without the checks under cProfile and Odoo's SQL profiler (times are inflated by the
    profilers; compare them with each other, not with the measure above)."""
    env = bench.env
    dirs = suite_dirs()
    for name, with_checks, without in bench.cases():
        runs = {}
        for checks, make in ((True, with_checks), (False, without)):
            prof = cProfile.Profile()
            sql = Profiler(collectors=["sql"], db=None)
            elapsed, _cpu, _ = validate_once(env, make, 90, sql_profiler=sql, cprofile=prof)
            runs[checks] = (elapsed, sql.collectors[0].entries, pstats.Stats(prof).stats)
        (t_with, sql_with, stats_with), (t_without, sql_without, stats_without) = (
            runs[True],
            runs[False],
        )
        print(
            f"\n--- profile: {name}, {bench.lines} lines: with the checks {len(sql_with)} "
            f"queries, {t_with * 1000:.0f} ms; without {len(sql_without)} queries, "
            f"{t_without * 1000:.0f} ms (under the profilers)"
        )
        count, sql_ms = Counter(), Counter()
        for entry in sql_with:
            frame = suite_frame(entry["stack"], dirs)
            count[frame] += 1
            sql_ms[frame] += entry["time"] * 1000
        print(f"{'queries':>8} {'SQL ms':>7}  with the checks, by innermost frame of the suite")
        for frame, n in count.most_common(top):
            print(f"{n:>8} {sql_ms[frame]:>7.0f}  {frame}")
        shapes = Counter(query_shape(e["query"]) for e in sql_with)
        shapes.subtract(query_shape(e["query"]) for e in sql_without)
        print(f"{'extra':>8}  queries the checks add, by statement (without WHERE)")
        for shape, n in shapes.most_common(top):
            if n > 0:
                print(f"{n:>8}  {shape}")
        suite = cumulative(stats_with, lambda f: f.startswith(dirs))
        print(f"{'cum ms':>8} {'calls':>6}  functions of the suite (cProfile, cumulative)")
        for label, (cum, calls) in sorted(suite.items(), key=lambda i: -i[1][0])[:top]:
            print(f"{cum * 1000:>8.0f} {calls:>6}  {label}")
        odoo_with = cumulative(stats_with, lambda f: not f.startswith(dirs))
        odoo_without = cumulative(stats_without, lambda f: not f.startswith(dirs))
        diff = {
            label: (cum - odoo_without.get(label, (0, 0))[0], calls, odoo_without.get(label))
            for label, (cum, calls) in odoo_with.items()
        }
        print(f"{'+cum ms':>8} {'calls':>13}  Odoo functions that take longer with the checks")
        for label, (extra, calls, before) in sorted(diff.items(), key=lambda i: -i[1][0])[:top]:
            calls_before = before[1] if before else 0
            print(f"{extra * 1000:>8.0f} {calls_before:>6}>{calls:<6}  {label}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=7, help="measured runs per case")
    parser.add_argument("--profile", action="store_true", help="also profile the checks")
    parser.add_argument("--top", type=int, default=15, help="rows of each profile table")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = Registry(args.database)
    started = time.perf_counter()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        with cr.savepoint() as sp:
            bench = Bench(env, args.lines)
            load = ", ".join(f"{avg:.1f}" for avg in os.getloadavg())
            print(f"set-up: {time.perf_counter() - started:.0f} s; load average {load}")
            report(measure(bench, args.repeat), args.lines)
            if args.profile:
                profile(bench, args.top)
            sp.rollback()
        cr.rollback()
    load = ", ".join(f"{avg:.1f}" for avg in os.getloadavg())
    print(f"total: {time.perf_counter() - started:.0f} s, everything rolled back; load {load}")


if __name__ == "__main__":
    main()
