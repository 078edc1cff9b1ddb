"""What the load benchmark (bench_load.py) and the fault tests (tests/test_faults.py) share:
the pickings they validate, a real Odoo server with ``--workers``, OdooRPC clients and the
tie-out of the ledger against the stock moves after the load.

The pickings are made in the database beforehand (not measured), committed, ready to
validate: per client and round one receipt of the certified supplier and one delivery, of
lot-tracked aluminium products with an ASI material type ("asi": every receipt line carries
the supplier's CoC data, every delivery line is designated ASI) or of identical products
without one ("plain", which the suite's hooks skip). Each client delivers from its own
stock location (its own lots), so clients do not compete for the same quants; what they do
share is the period's designation lock (ASI deliveries) and the sequences.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import odoorpc
import psutil
from bench_picking_validation import DELIVERED_KG, Bench, commit_work

KINDS = ("asi", "plain")


# ----------------------------------------------------------------------------------------
# The pickings
# ----------------------------------------------------------------------------------------
def build_pickings(env, clients, rounds, lines, kinds=KINDS):
    """Products, certificates and the open period (``Bench``), then for each kind and
    client a stock location filled by one validated receipt, and ``rounds`` pairs (receipt,
    delivery) ready to validate. Returns {kind: [[(receipt id, delivery id), ...] per
    client]}; the caller commits."""
    bench = Bench(env, lines)
    products = {"asi": bench.asi_products, "plain": bench.plain_products}
    Location = env["stock.location"].sudo()
    plan = {}
    for kind in kinds:
        asi = kind == "asi"
        plan[kind] = []
        for client in range(clients):
            location = Location.create(
                {"name": f"Load {kind} {client:02d}", "location_id": bench.stock.id}
            )
            bench.receipt(
                products[kind],
                f"{kind}{client:02d}STOCK",
                asi,
                dest=location,
                kg=DELIVERED_KG * rounds,
            ).button_validate()
            pairs = []
            for rnd in range(rounds):
                receipt = bench.receipt(products[kind], f"{kind}{client:02d}R{rnd:03d}", asi)
                delivery = bench.delivery(products[kind], asi, src=location)
                pairs.append((receipt.id, delivery.id))
            plan[kind].append(pairs)
    commit_work(env)
    return plan


# ----------------------------------------------------------------------------------------
# A real Odoo server and its clients
# ----------------------------------------------------------------------------------------
def free_port(low=None, high=None):
    """A free TCP port on 127.0.0.1, in [low, high] when given."""
    for port in range(low, high + 1) if low else [0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in {low}-{high}")


def start_server(config, db, port, workers, log_file, extra=()):
    """Odoo in prefork mode on ``db`` only, no cron (determinism); its log (with the
    concurrency retries of odoo.service.model) goes to ``log_file``."""
    args = [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        config,
        "-d",
        db,
        f"--db-filter=^{re.escape(db)}$",
        f"--workers={workers}",
        "--max-cron-threads=0",
        f"--http-port={port}",
        "--http-interface=127.0.0.1",
        "--gevent-port=0",
        "--limit-time-real=600",
        "--limit-time-cpu=600",
        "--log-level=warn",
        "--log-handler=odoo.service.model:INFO",
        f"--logfile={log_file}",
        *extra,
    ]
    if os.path.exists(log_file):  # the log of this run only (Odoo appends)
        os.remove(log_file)
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"Odoo exited with {server.returncode}, see {log_file}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=5)
            return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"Odoo did not answer on port {port}, see {log_file}")


def stop_server(server):
    """Stops the server this process started (its workers are its children)."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(30)


def serving_worker(server, port):
    """The pid of the worker of ``server`` that holds an open HTTP connection on ``port``
    (the one serving the request in flight), or None. The application_name of the
    database connections cannot tell: with -d, the workers inherit the master's."""
    serving = []
    for child in psutil.Process(server.pid).children():
        try:  # psutil < 6 names it connections()
            conns = getattr(child, "net_connections", child.connections)("tcp")
        except psutil.Error:  # a worker that just ended
            continue
        if any(c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port for c in conns):
            serving.append(child.pid)
    return serving[0] if len(serving) == 1 else None


def connect(port, db, timeout=600):
    """An OdooRPC client over JSON-RPC, logged in as the admin."""
    client = odoorpc.ODOO("127.0.0.1", protocol="jsonrpc", port=port, timeout=timeout)
    client.login(db, "admin", "admin")
    return client


def validate(client, picking_id):
    """Validates one picking over JSON-RPC. Returns (seconds, outcome) with outcome "done",
    "refused" (a UserError: the server said no, nothing written) or "failed: ..." (the
    request broke: a killed worker, a lost database connection, retries exhausted)."""
    start = time.perf_counter()
    try:
        result = client.execute_kw("stock.picking", "button_validate", [[picking_id]])
    except odoorpc.error.RPCError as error:
        kind = (error.info or {}).get("data", {}).get("name", "")
        outcome = "refused" if kind.endswith(("UserError", "ValidationError")) else "failed"
        return time.perf_counter() - start, outcome if outcome == "refused" else f"failed: {error}"
    except Exception as error:  # noqa: BLE001 the connection itself broke
        return time.perf_counter() - start, f"failed: {type(error).__name__}: {error}"
    if result is not True:
        return time.perf_counter() - start, f"failed: button_validate returned {result!r}"
    return time.perf_counter() - start, "done"


def count_retries(log_file, since=0):
    """Concurrency retries Odoo made (odoo.service.model logs each one), from byte
    ``since`` of the log. Returns (retries, requests that ran out of tries, end offset)."""
    with open(log_file, "rb") as log:
        log.seek(since)
        text = log.read().decode(errors="replace")
        end = log.tell()
    return text.count(" tries left, try again in "), text.count("maximum number of tries"), end


# ----------------------------------------------------------------------------------------
# Tie-out
# ----------------------------------------------------------------------------------------
SQL_INVARIANTS = {
    # Each flow of a move posts its kg: moves in a weight unit, per direction and flow type
    # (returns and corrections excluded: they post against another line).
    "ledger kg differs from its move": """
        SELECT l.res_id, l.direction, l.flow_type, SUM(l.mass_kg),
               sm.quantity / mu.factor * kg.factor * pt.asi_aluminium_content / 100
          FROM asi_ledger_line l
          JOIN stock_move sm ON sm.id = l.res_id
          JOIN uom_uom mu ON mu.id = sm.product_uom
          JOIN uom_uom kg ON kg.id = (SELECT res_id FROM ir_model_data
                                       WHERE module = 'uom' AND name = 'product_uom_kgm')
          JOIN product_product pp ON pp.id = sm.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
         WHERE l.res_model = 'stock.move' AND l.origin_line_id IS NULL
           AND NOT COALESCE(l.close_entry, FALSE) AND mu.category_id = kg.category_id
         GROUP BY l.res_id, l.direction, l.flow_type, sm.quantity, mu.factor, kg.factor,
                  pt.asi_aluminium_content
        HAVING ABS(SUM(l.mass_kg)
                   - sm.quantity / mu.factor * kg.factor * pt.asi_aluminium_content / 100)
               > 0.001 * COUNT(*)
    """,
    "ledger line without its done move": """
        SELECT l.id, l.res_id, sm.state FROM asi_ledger_line l
          LEFT JOIN stock_move sm ON sm.id = l.res_id
         WHERE l.res_model = 'stock.move' AND sm.state IS DISTINCT FROM 'done'
    """,
    "done ASI move across the scope without ledger line": """
        SELECT sm.id, sm.reference FROM stock_move sm
          JOIN product_product pp ON pp.id = sm.product_id
          JOIN product_template pt ON pt.id = pp.product_tmpl_id
          JOIN stock_location src ON src.id = sm.location_id
          JOIN stock_location dst ON dst.id = sm.location_dest_id
         WHERE sm.state = 'done' AND pt.asi_material_type_id IS NOT NULL
           AND sm.quantity > 0 AND pt.asi_aluminium_content > 0
           AND ((src.usage IN ('supplier', 'customer') AND dst.usage = 'internal')
             OR (src.usage = 'internal' AND dst.usage IN ('supplier', 'customer')))
           AND NOT EXISTS (SELECT 1 FROM asi_ledger_line l
                            WHERE l.res_model = 'stock.move' AND l.res_id = sm.id)
    """,
    "CoC document number issued twice": """
        SELECT asi_document_number, COUNT(*) FROM stock_picking
         WHERE asi_document_number IS NOT NULL
         GROUP BY asi_document_number HAVING COUNT(*) > 1
        UNION ALL
        SELECT document_number, COUNT(*) FROM asi_coc_document WHERE revision = 0
         GROUP BY document_number HAVING COUNT(*) > 1
    """,
    "ASI designated beyond the period's balance": """
        SELECT period_id, material_type_id,
               SUM(CASE WHEN direction = 'input' THEN mass_kg ELSE -mass_kg END)
          FROM asi_ledger_line
         WHERE asi_status IN ('asi', 'eligible')
         GROUP BY period_id, material_type_id
        HAVING SUM(CASE WHEN direction = 'input' THEN mass_kg ELSE -mass_kg END) < -0.001
    """,
    "done ASI delivery without its CoC document number": """
        SELECT DISTINCT sp.id, sp.name FROM stock_picking sp
          JOIN stock_move sm ON sm.picking_id = sp.id
         WHERE sp.state = 'done' AND sm.asi_designated AND sm.state = 'done'
           AND sp.asi_document_number IS NULL
    """,
}


def sql_tie_out(cr):
    """The invariants of the ledger against the stock moves, in SQL (psycopg2 or Odoo
    cursor): a list of "what: row" strings, empty when clean. The balance check is the
    sum of ASI and eligible kg in minus out (no conversion factors, no overdraft: the load
    uses neither)."""
    problems = []
    for what, query in SQL_INVARIANTS.items():
        cr.execute(query)
        problems += [f"{what}: {row}" for row in cr.fetchall()]
    return problems


def document_number_gaps(cr):
    """CoC document numbers skipped (a validation rolled back after taking its number:
    the sequence is not transactional): the count of missing numbers between the first
    and the last one issued, per prefix."""
    cr.execute(
        "SELECT asi_document_number FROM stock_picking WHERE asi_document_number IS NOT NULL"
    )
    numbers = {}
    for (number,) in cr.fetchall():
        prefix, _sep, digits = number.rpartition("/")
        if digits.isdigit():
            numbers.setdefault(prefix, []).append(int(digits))
    return sum(max(n) - min(n) + 1 - len(n) for n in numbers.values())


def rpc_tie_out(client):
    """The differences ``asi.accounting.period.asi_tie_out()`` finds over JSON-RPC (called
    on every period; one by one when the method wants a single record), or None when the
    installed suite has no such method yet."""
    model = "asi.accounting.period"
    ids = client.execute_kw(model, "search", [[]])
    try:
        return client.execute_kw(model, "asi_tie_out", [ids])
    except odoorpc.error.RPCError as error:
        message = str(error)
        if "asi_tie_out" in message and "does not exist" in message:
            return None
        if "singleton" not in message:
            raise
    found = []
    for period_id in ids:
        found += client.execute_kw(model, "asi_tie_out", [[period_id]])
    return found


def tie_out_report(cr, client):
    """Prints and returns every difference: the SQL invariants and, when available,
    ``asi_tie_out``."""
    problems = sql_tie_out(cr)
    found = rpc_tie_out(client)
    if found is None:
        print("tie-out: not available (asi.accounting.period has no asi_tie_out)")
    else:
        print(f"tie-out (asi_tie_out over JSON-RPC): {len(found)} difference(s)")
        problems += [f"asi_tie_out {d.get('code')}: {d.get('message')}" for d in found]
    print(f"tie-out (SQL invariants): {len(problems)} difference(s)")
    for problem in problems:
        print(f"  {problem}")
    return problems


def pg_bin():
    """The folder of the newest PostgreSQL server binaries on this machine (Debian)."""
    versions = sorted(
        (d for d in os.listdir("/usr/lib/postgresql") if d.isdigit()), key=int, reverse=True
    )
    for version in versions:
        path = f"/usr/lib/postgresql/{version}/bin"
        if os.path.exists(f"{path}/initdb"):
            return path
    raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
