"""Faults during delivery validation (issue 16, point 3), against a real Odoo server started
with ``--workers`` and real JSON-RPC clients (OdooRPC):

1. the worker serving the validation of a 150-line ASI delivery is killed (SIGKILL) in the
   middle of the request, once while it waits for the period's designation lock (the first
   thing a designating validation takes) and once after its moves are done and its ledger
   lines posted, while it waits to issue the CoC document (on the document's unique key);
2. PostgreSQL is restarted (fast shutdown: open transactions are aborted) while four
   clients validate ASI receipts and deliveries.

Afterwards the tie-out is clean: no ledger line without its done move, no done ASI move
without its ledger lines, the kg of each move in the ledger, no CoC document number issued
twice (a number taken by a validation that was rolled back is skipped once), no balance
below zero; and the interrupted validation is simply done again.

Each test works on a copy of the test database; the PostgreSQL restart uses a throwaway
cluster of its own (initdb in a temporary folder, a Unix socket only), never the server the
other tests use. Only the processes the tests start are killed.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path
from unittest.mock import patch

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.modules.registry import Registry
from odoo.service import db as db_service

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
from load_harness import (
    build_pickings,
    connect,
    count_retries,
    document_number_gaps,
    free_port,
    pg_bin,
    rpc_tie_out,
    serving_worker,
    sql_tie_out,
    start_server,
    stop_server,
    validate,
)


def _copy_with_pickings(name, **plan_args):
    """A copy of the test database with the pickings of the plan, committed."""
    source = odoo.tools.config["db_name"]
    _drop(name)
    # Loading the copy's registry must not run the modules' tests (pytest-odoo enables them).
    with patch.dict(odoo.tools.config.options, {"test_enable": False}):
        db_service.exp_duplicate_database(source, name)
        with Registry(name).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            plan = build_pickings(env, kinds=("asi",), **plan_args)["asi"]
            cr.commit()  # pylint: disable=invalid-commit
    Registry.delete(name)
    sql_db.close_db(name)
    return plan


def _drop(name):
    """Drops database ``name`` (a copy made here) and its filestore, if they exist."""
    Registry.delete(name)
    sql_db.close_db(name)
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True  # DROP DATABASE cannot run in a transaction
        db_service._drop_conn(cr, name)
        cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    shutil.rmtree(odoo.tools.config.filestore(name), ignore_errors=True)


def _log_file(name):
    return os.path.join(odoo.tools.config["data_dir"], f"{name}.log")


def _assert_clean(cr, client):
    assert sql_tie_out(cr) == []
    assert rpc_tie_out(client) in (None, [])


def _wait_for_backend(cr, db, query_start, timeout=600):
    """The backend pid of the request of ``db`` waiting on a lock in a statement that
    starts with ``query_start``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cr.execute(
            "SELECT pid, application_name FROM pg_stat_activity WHERE datname = %s "
            "AND wait_event_type = 'Lock' AND ltrim(query) LIKE %s",
            [db, query_start + "%"],
        )
        row = cr.fetchone()
        if row:
            return row[0]
        time.sleep(0.1)
    raise AssertionError(f"no request of {db} waited in {query_start}")


def _kill_mid_validation(db, server, port, client, picking_id, block):
    """Validates ``picking_id`` while ``block`` (SQL run in a transaction held open) makes
    the request wait; kills the worker serving it and checks what was committed."""
    outcome = {}
    watch = psycopg2.connect(**sql_db.connection_info_for(db)[1])
    watch.autocommit = True  # pg_stat_activity is read afresh outside a transaction
    with sql_db.db_connect(db).cursor() as blocker, watch.cursor() as watch:
        query_start = block(blocker, picking_id)
        thread = threading.Thread(
            target=lambda: outcome.update(result=validate(client, picking_id))
        )
        thread.start()
        backend = _wait_for_backend(watch, db, query_start)
        worker = serving_worker(server, port)  # the only request in flight
        assert worker, "only a worker this test started is killed"
        os.kill(worker, signal.SIGKILL)
        thread.join(120)
        blocker.rollback()
        # The orphan backend ends (its transaction aborted) when it next talks to its client.
        for _ in range(600):
            watch.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend])
            if not watch.fetchone():
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"the backend {backend} of the killed worker is still there")
    assert outcome["result"][1].startswith("failed"), outcome
    with sql_db.db_connect(db).cursor() as cr:
        cr.execute("SELECT state FROM stock_picking WHERE id = %s", [picking_id])
        assert cr.fetchone()[0] == "assigned"
        cr.execute(
            "SELECT COUNT(*) FROM asi_ledger_line l JOIN stock_move m ON m.id = l.res_id "
            "AND l.res_model = 'stock.move' WHERE m.picking_id = %s",
            [picking_id],
        )
        assert cr.fetchone()[0] == 0
        _assert_clean(cr, client)


def _block_designation(cr, picking_id):
    # The period row: the validation waits in _lock_for_designation, taken first.
    cr.execute("SELECT id FROM asi_accounting_period WHERE state = 'open' FOR UPDATE")
    return "UPDATE asi_accounting_period SET designation_seq"


def _block_document(cr, picking_id):
    # The CoC document's unique key (picking, revision 0): the validation waits when it
    # issues the document, its ledger lines posted.
    cr.execute(
        "INSERT INTO asi_coc_document (picking_id, company_id, document_number, revision, "
        "issue_date, coc_data) SELECT id, company_id, 'BLOCKER', 0, CURRENT_DATE, '{}' "
        "FROM stock_picking WHERE id = %s",
        [picking_id],
    )
    return 'INSERT INTO "asi_coc_document"'


def test_worker_killed_mid_validation():
    db = odoo.tools.config["db_name"] + "_kill"
    server = None
    try:
        plan = _copy_with_pickings(db, clients=1, rounds=2, lines=150)[0]
        deliveries = [delivery for _receipt, delivery in plan]
        port = free_port(8343, 8349)
        server = start_server(odoo.tools.config.rcfile, db, port, 2, _log_file(db))
        client = connect(port, db)
        for picking_id, block in zip(
            deliveries, (_block_designation, _block_document), strict=True
        ):
            _kill_mid_validation(db, server, port, client, picking_id, block)
        # The interrupted validations are simply done again (a new worker serves them).
        client = connect(port, db)
        assert [validate(client, d)[1] for d in deliveries] == ["done", "done"]
        with sql_db.db_connect(db).cursor() as cr:
            _assert_clean(cr, client)
            cr.execute(
                "SELECT COUNT(*), SUM(l.mass_kg) FROM asi_ledger_line l JOIN stock_move m "
                "ON m.id = l.res_id AND l.res_model = 'stock.move' WHERE m.picking_id = ANY(%s) "
                "AND l.direction = 'output' AND l.asi_status = 'asi'",
                [deliveries],
            )
            # 2 deliveries x 150 lines x 60 kg = 18,000 kg designated, once
            assert cr.fetchone() == (300, 18000)
            # each killed validation had taken a CoC document number: skipped once each
            assert document_number_gaps(cr) <= 2 + count_retries(_log_file(db))[0]
    finally:
        if server:
            stop_server(server)
        _drop(db)


class PrivateCluster:
    """A throwaway PostgreSQL cluster in a temporary folder, reached by a Unix socket in
    that folder only (no TCP port), run as ``postgres`` when the tests run as root."""

    def __init__(self):
        self.bin = pg_bin()
        self.dir = tempfile.mkdtemp(prefix="asi_coc_pgfault_")
        os.chmod(self.dir, 0o755)  # the socket in it must be reachable
        self.data = os.path.join(self.dir, "data")
        self.port = free_port(55432, 55931)
        self.as_owner = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "-U", "odoo", "-A", "trust", "--no-sync")
        self.pg_ctl("start")

    def _run(self, tool, *args):
        subprocess.run(
            [*self.as_owner, f"{self.bin}/{tool}", *args], check=True, capture_output=True
        )

    def pg_ctl(self, action, *args):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses='' -c fsync=off"
        log = os.path.join(self.dir, "postgres.log")
        self._run("pg_ctl", action, "-D", self.data, "-w", "-l", log, "-o", options, *args)

    def client_args(self):
        return ["-h", self.dir, "-p", str(self.port), "-U", "odoo"]

    def load(self, source, name):
        """Copies database ``source`` of the main server into this cluster as ``name``."""
        dump = os.path.join(self.dir, "db.dump")
        subprocess.run([f"{self.bin}/pg_dump", "-Fc", "-f", dump, source], check=True)
        subprocess.run([f"{self.bin}/createdb", *self.client_args(), name], check=True)
        subprocess.run(
            [f"{self.bin}/pg_restore", *self.client_args(), "-d", name, "-O", "-x", dump],
            check=True,
        )

    def connect(self, name):
        return psycopg2.connect(host=self.dir, port=self.port, user="odoo", dbname=name)

    def remove(self):
        try:
            self.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def _validate_until_done(client_args, pairs, attempts, stop):
    """One client: validates each picking of its rounds, again after a failure (the
    server lost its database) until it is done."""
    client = None
    for pair in pairs:
        for picking_id in pair:
            while not stop.is_set():
                try:
                    client = client or connect(*client_args)
                except Exception:  # noqa: BLE001 the server cannot reach its database yet
                    time.sleep(0.5)
                    continue
                _seconds, outcome = validate(client, picking_id)
                attempts.append((picking_id, outcome))
                if outcome == "done":
                    break
                assert outcome.startswith("failed"), outcome  # never a refusal here
                client = None
                time.sleep(0.5)


def test_postgresql_restart_during_load():
    source = odoo.tools.config["db_name"] + "_pgsrc"
    name = odoo.tools.config["db_name"] + "_pgfault"
    server = cluster = None
    try:
        plan = _copy_with_pickings(source, clients=4, rounds=3, lines=10)
        cluster = PrivateCluster()
        cluster.load(source, name)
        _drop(source)
        port = free_port(8343, 8349)
        data_dir = os.path.join(cluster.dir, "odoo-data")
        server = start_server(
            odoo.tools.config.rcfile,
            name,
            port,
            2,
            _log_file(name),
            extra=[
                f"--db_host={cluster.dir}",
                f"--db_port={cluster.port}",
                "--db_user=odoo",
                f"--data-dir={data_dir}",
            ],
        )
        attempts, stop = [], threading.Event()
        threads = [
            threading.Thread(
                target=_validate_until_done, args=((port, name), pairs, attempts, stop)
            )
            for pairs in plan
        ]
        for thread in threads:
            thread.start()
        watch = cluster.connect(name)
        watch.autocommit = True
        restarts = 0
        # Restart while a validation is in flight, until one was interrupted (3 at most).
        while (
            restarts < 3
            and not any(o != "done" for _p, o in attempts)
            and any(thread.is_alive() for thread in threads)
        ):
            with watch.cursor() as cr:
                # a validation: a transaction of a worker open for a while, once the
                # clients are validating (a login is short)
                cr.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = %s AND state <> 'idle' "
                    "AND application_name LIKE 'odoo-%%' "
                    "AND xact_start < now() - interval '300 milliseconds'",
                    [name],
                )
                busy = cr.fetchone()
            if not busy or not attempts:
                time.sleep(0.05)
                continue
            watch.close()
            cluster.pg_ctl("restart", "-m", "fast")
            restarts += 1
            time.sleep(2)
            watch = cluster.connect(name)
            watch.autocommit = True
        for thread in threads:
            thread.join(900)
        stop.set()
        interrupted = [o for _p, o in attempts if o != "done"]
        assert restarts and interrupted, "no validation was in flight at the restart"
        done = {p for p, o in attempts if o == "done"}
        assert done == {p for pairs in plan for pair in pairs for p in pair}
        client = connect(port, name)
        with watch.cursor() as cr:
            _assert_clean(cr, client)
            # a number is skipped once per rolled-back attempt: interrupted or retried
            retries = count_retries(_log_file(name))[0]
            assert document_number_gaps(cr) <= len(interrupted) + retries
            cr.execute(
                "SELECT direction, SUM(mass_kg) FROM asi_ledger_line l JOIN stock_move m "
                "ON m.id = l.res_id AND l.res_model = 'stock.move' WHERE m.picking_id = ANY(%s) "
                "GROUP BY direction ORDER BY direction",
                [sorted(done)],
            )
            # 4 clients x 3 rounds x 10 lines: 100 kg received, 60 kg delivered per line
            assert cr.fetchall() == [("input", 12000), ("output", 7200)]
        watch.close()
    finally:
        if server:
            stop_server(server)
        if cluster:
            cluster.remove()
        _drop(source)
