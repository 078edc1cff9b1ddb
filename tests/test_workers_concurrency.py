"""V2.1 8.4-8.5: two deliveries designating the last ASI mass at the same time, with Odoo running
``--workers``: exactly one succeeds, the other gets a clear error.

A real Odoo server in multi-worker (prefork) mode serves the test database; two clients
confirm, at the same moment, a CoC correction that turns 800 kg of output into ASI output
while only 1 000 kg of ASI input exist. The lock is the period row in PostgreSQL: the
second transaction fails to serialize, Odoo retries it, and the retry is refused.
"""

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date

import odoo
from odoo import SUPERUSER_ID, api, sql_db

from odoo.addons.asi_coc.tests.common_chain import delete_committed_lines

YEAR = 2091


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rpc(port, model, method, args):
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [odoo.tools.config["db_name"], 2, "admin", model, method, args],
        },
    }
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/jsonrpc",
        json.dumps(payload).encode(),
        {"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _setup(cr):
    env = api.Environment(cr, SUPERUSER_ID, {})
    aluminium = env.ref("asi_coc.material_aluminium")
    period = env["asi.accounting.period"].create(
        {"date_from": date(YEAR, 1, 1), "date_to": date(YEAR, 6, 30), "rule_set": "v2_1"}
    )
    base = {"date": date(YEAR, 2, 1), "material_type_id": aluminium.id, "flow_type": "external"}
    Line = env["asi.ledger.line"]
    Line.post([dict(base, direction="input", asi_status="asi", mass_kg=1000)])
    errors = env["asi.coc.error"]
    for ref in ("DELIVERY-A", "DELIVERY-B"):
        line = Line.post(
            [dict(base, direction="output", asi_status="non_asi", mass_kg=800, document_ref=ref)]
        )
        errors |= errors.create(
            {
                "origin_line_id": line.id,
                "date": date(YEAR, 3, 1),
                "description": f"{ref} was shipped as ASI material",
                "corrected_asi_status": "asi",
                "corrected_mass_kg": 800,
            }
        )
    env.flush_all()
    return period.id, errors.ids


def _cleanup(cr, period_id):
    cr.execute(
        "SELECT id FROM asi_coc_error WHERE date BETWEEN %s AND %s",
        [date(YEAR, 1, 1), date(YEAR, 12, 31)],
    )
    error_ids = [r[0] for r in cr.fetchall()] or [0]
    for model, ids in (("asi.coc.error", error_ids), ("asi.accounting.period", [period_id])):
        cr.execute(
            "DELETE FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)", [model, ids]
        )
        cr.execute("DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)", [model, ids])
    cr.execute(
        "UPDATE asi_ledger_line SET coc_error_id = NULL, origin_line_id = NULL "
        "WHERE period_id = %s",
        [period_id],
    )
    cr.execute("DELETE FROM asi_coc_error WHERE id = ANY(%s)", [error_ids])
    delete_committed_lines(cr, period_id)
    cr.execute("DELETE FROM asi_accounting_period WHERE id = %s", [period_id])


def test_last_asi_kilograms_with_workers():
    db = odoo.tools.config["db_name"]
    with sql_db.db_connect(db).cursor() as cr:
        period_id, error_ids = _setup(cr)
        # the server must see the data
        cr.commit()  # pylint: disable=invalid-commit
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            odoo.tools.config.rcfile,
            "-d",
            db,
            f"--db-filter=^{db}$",
            "--workers=2",
            "--max-cron-threads=0",
            f"--http-port={port}",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/web/login", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        results = {}
        start = threading.Barrier(2)

        def confirm(error_id):
            start.wait()
            results[error_id] = _rpc(port, "asi.coc.error", "action_confirm", [[error_id]])

        threads = [threading.Thread(target=confirm, args=(i,)) for i in error_ids]
        for t in threads:
            t.start()
        for t in threads:
            t.join(90)
        succeeded = [i for i, r in results.items() if "result" in r]
        refused = [r["error"]["data"]["message"] for r in results.values() if "error" in r]
        assert len(succeeded) == 1, results
        assert len(refused) == 1, results
        assert "200 kg available, 800 kg requested" in refused[0]
        with sql_db.db_connect(db).cursor() as cr:
            cr.execute(
                "SELECT SUM(mass_kg) FROM asi_ledger_line WHERE period_id = %s "
                "AND direction = 'output' AND asi_status = 'asi'",
                [period_id],
            )
            assert cr.fetchone()[0] == 800
    finally:
        server.terminate()
        server.wait(30)
        with sql_db.db_connect(db).cursor() as cr:
            _cleanup(cr, period_id)
            cr.commit()  # pylint: disable=invalid-commit
