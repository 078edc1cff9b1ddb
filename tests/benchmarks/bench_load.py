"""Load benchmark: concurrent validations over JSON-RPC against Odoo with --workers (not a test).

An Odoo server in prefork mode (``--workers 4`` by default, no cron) serves a scratch
database; N clients (16 by default), each a real external client (OdooRPC over JSON-RPC,
logged in as the admin), validate at the same time, for a fixed number of rounds, one
receipt and one delivery each per round, while one more client reads ``get_balance`` in a
loop. It runs this load twice on the same server: with products that have an ASI material
type (receipts with CoC data, deliveries designated ASI: the suite's checks, ledger posting
and the period's designation lock) and with identical products without one. One warm-up
round of each load is not measured.

It prints, for each load: pickings validated per minute, the median and the worst time of
one validation, Odoo's concurrency retries, refusals and failures, the balance reads; the
ratio of the two loads; then the tie-out of the ledger against the stock moves (SQL
invariants and, where the suite has it, ``asi.accounting.period.asi_tie_out``).

Run it with ``./setup/bench.sh load`` (a copy of the scratch database, dropped afterwards).
"""

import argparse
import os
import statistics
import threading
import time

from load_harness import (
    KINDS,
    build_pickings,
    connect,
    count_retries,
    document_number_gaps,
    free_port,
    start_server,
    stop_server,
    tie_out_report,
    validate,
)

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.modules.registry import Registry

GOAL = 1.3
BALANCE_READ_PAUSE = 0.2  # seconds between two get_balance reads of the reading client


def load_average():
    return ", ".join(f"{avg:.1f}" for avg in os.getloadavg())


def run_load(clients, plan, kind, rounds, reader):
    """Every client validates its receipt then its delivery of each round in ``rounds``,
    all starting together. Returns (wall seconds, [(kind of picking, seconds, outcome)])."""
    results = []
    start = threading.Barrier(len(clients) + 1)

    def work(client, pairs):
        start.wait()
        for rnd in rounds:
            for picking, picking_id in zip(("receipt", "delivery"), pairs[rnd], strict=True):
                seconds, outcome = validate(client, picking_id)
                results.append((picking, seconds, outcome))

    threads = [
        threading.Thread(target=work, args=(client, plan[kind][i]))
        for i, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    reader.start_reading()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    reader.stop_reading()
    return wall, results


class BalanceReader:
    """The client that reads ``get_balance`` of the open period while the others work."""

    def __init__(self, client, period_id, material_id):
        self.client, self.period_id, self.material_id = client, period_id, material_id
        self.times, self.available, self.errors = [], [], []
        self._stop = threading.Event()
        self._thread = None

    def start_reading(self):
        self.times, self.available, self.errors = [], [], []
        self._stop.clear()
        self._thread = threading.Thread(target=self._read)
        self._thread.start()

    def _read(self):
        while not self._stop.is_set():
            start = time.perf_counter()
            try:
                balance = self.client.execute_kw(
                    "asi.accounting.period", "get_balance", [[self.period_id], self.material_id]
                )
                self.available.append(balance["available"])
            except Exception as error:  # noqa: BLE001 reported, not fatal to the load
                self.errors.append(str(error))
            self.times.append(time.perf_counter() - start)
            self._stop.wait(BALANCE_READ_PAUSE)

    def stop_reading(self):
        self._stop.set()
        self._thread.join()


def summarize(kind, wall, results, retries, exhausted, reader):
    done = [r for r in results if r[2] == "done"]
    seconds = [r[1] for r in done] or [0]
    refused = sum(r[2] == "refused" for r in results)
    failed = [r[2] for r in results if r[2].startswith("failed")]
    per_minute = len(done) / wall * 60
    print(
        f"{kind:<6} | {len(done):>5} | {wall:>7.1f} | {per_minute:>9.1f} | "
        f"{statistics.median(seconds) * 1000:>8.0f} | {max(seconds) * 1000:>8.0f} | "
        f"{retries:>7} | {refused:>7} | {len(failed):>6} | "
        f"{len(reader.times):>5} / {statistics.median(reader.times or [0]) * 1000:>5.0f} ms"
    )
    for picking in ("receipt", "delivery"):
        times = [r[1] for r in done if r[0] == picking] or [0]
        print(
            f"       {picking:<8} median {statistics.median(times) * 1000:.0f} ms, "
            f"worst {max(times) * 1000:.0f} ms"
        )
    for failure in failed[:5]:
        print(f"       failure: {failure[:200]}")
    if exhausted:
        print(f"       {exhausted} request(s) ran out of concurrency retries")
    if reader.errors:
        print(f"       get_balance errors: {reader.errors[:3]}")
    return per_minute, statistics.median(seconds), not failed and not exhausted


def kg_check(cr, plan):
    """No kilogram lost: the ledger holds exactly the kg of the ASI pickings done."""
    receipts = [pair[0] for pairs in plan["asi"] for pair in pairs]
    deliveries = [pair[1] for pairs in plan["asi"] for pair in pairs]
    problems = []
    for what, ids, direction, status in (
        ("receipts", receipts, "input", "asi"),
        ("deliveries", deliveries, "output", "asi"),
    ):
        cr.execute(
            """SELECT COALESCE(SUM(sm.quantity), 0),
                      (SELECT COALESCE(SUM(l.mass_kg), 0) FROM asi_ledger_line l
                         JOIN stock_move m ON m.id = l.res_id AND l.res_model = 'stock.move'
                        WHERE m.picking_id = ANY(%s) AND l.direction = %s
                          AND l.asi_status = %s)
                 FROM stock_move sm WHERE sm.picking_id = ANY(%s) AND sm.state = 'done'""",
            [ids, direction, status, ids],
        )
        moved, posted = cr.fetchone()
        print(f"ASI {what} done: {moved:,.0f} kg moved, {posted:,.0f} kg {status} {direction}")
        if abs(moved - posted) > 0.001:
            problems.append(f"ASI {what}: {moved} kg moved but {posted} kg in the ledger")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True, help="a scratch database (written)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds per client")
    parser.add_argument("--lines", type=int, default=10, help="lines per picking")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="HTTP port (default: a free one)")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    db = args.database
    started = time.perf_counter()
    rounds = args.rounds + 1  # round 0 is the warm-up
    with Registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        plan = build_pickings(env, args.clients, rounds, args.lines)
        material_id = env.ref("asi_coc.material_aluminium").id
        period_id = env["asi.accounting.period"].search([("state", "=", "open")], limit=1).id
        cr.commit()  # the server must see them
    sql_db.close_db(db)
    print(
        f"set-up: {time.perf_counter() - started:.0f} s: {args.clients} clients x {rounds} "
        f"rounds (1 warm-up) x (receipt + delivery) x {len(KINDS)} loads, {args.lines} lines "
        f"per picking; load average {load_average()}"
    )
    port = args.port or free_port()
    log_file = os.path.join(odoo.tools.config["data_dir"], f"bench-load-{db}.log")
    server = start_server(args.config, db, port, args.workers, log_file)
    ok = True
    try:
        clients = [connect(port, db) for _ in range(args.clients)]
        reader = BalanceReader(connect(port, db), period_id, material_id)
        for kind in KINDS:  # warm-up: caches, first compilations in every worker
            run_load(clients, plan, kind, [0], reader)
        print(
            f"Odoo --workers {args.workers}, {args.clients} clients over JSON-RPC (OdooRPC), "
            f"{args.rounds} measured rounds each, {args.lines} lines per picking; "
            f"load average {load_average()}"
        )
        print(
            "load   | picks |  wall s | picks/min | median ms | worst ms | retries | refused "
            "| failed | get_balance reads / median"
        )
        figures = {}
        for kind in KINDS:
            _r, _e, offset = count_retries(log_file)
            wall, results = run_load(clients, plan, kind, range(1, rounds), reader)
            retries, exhausted, _end = count_retries(log_file, offset)
            figures[kind] = summarize(kind, wall, results, retries, exhausted, reader)
            ok = ok and figures[kind][2]
            if kind == "asi" and reader.available:
                print(f"       lowest available balance read: {min(reader.available):,.0f} kg")
        ratio = figures["plain"][0] / figures["asi"][0]
        verdict = "within" if ratio <= GOAL else "ABOVE"
        print(
            f"ratio plain/ASI throughput {ratio:.2f}x, ASI/plain median validation "
            f"{figures['asi'][1] / figures['plain'][1]:.2f}x: {verdict} the goal of {GOAL}x; "
            f"load average {load_average()}"
        )
        with Registry(db).cursor() as cr:
            problems = tie_out_report(cr, clients[0]) + kg_check(cr, plan)
            print(
                f"CoC document numbers skipped (validations rolled back): "
                f"{document_number_gaps(cr)}"
            )
        print("tie-out: clean" if not problems else f"tie-out: {len(problems)} PROBLEM(S)")
        ok = ok and not problems
    finally:
        stop_server(server)
        sql_db.close_db(db)
    print(f"total: {time.perf_counter() - started:.0f} s; server log {log_file}")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
