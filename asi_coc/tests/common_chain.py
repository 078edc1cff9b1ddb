# Tests with real transactions must commit, like two Odoo workers do:
# pylint: disable=invalid-commit
import threading
import time
from datetime import date

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests.common import BaseCase, get_db_name
from odoo.tools import mute_logger


def delete_committed_lines(cr, period_id):
    """Remove the committed ledger lines of a test's period (tests with real transactions
    clean up this way) and seal the company's hash chain again from the first of them: the
    tests that follow in the same database find an intact chain."""
    cr.execute(
        "SELECT company_id, MIN(chain_sequence) FROM asi_ledger_line WHERE period_id = %s "
        "GROUP BY company_id",
        [period_id],
    )
    chains = cr.fetchall()
    cr.execute("DELETE FROM asi_ledger_line WHERE period_id = %s", [period_id])
    env = api.Environment(cr, SUPERUSER_ID, {})
    for company_id, sequence in chains:
        if sequence:
            env["asi.ledger.line"]._asi_reseal(env["res.company"].browse(company_id), sequence)
    env.flush_all()


class CommittedPeriodCase(BaseCase):
    """Real, separately committed PostgreSQL transactions (not the test cursor), like two
    Odoo workers: a period of ``YEAR`` (first half) in the main company, removed afterwards
    with its lines (the hash chain sealed again)."""

    YEAR = 2090

    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.aluminium_id = env.ref("asi_coc.material_aluminium").id
            self.company_id = env.ref("base.main_company").id
            self.period_id = (
                env["asi.accounting.period"]
                .create(
                    {
                        "company_id": self.company_id,
                        "date_from": date(self.YEAR, 1, 1),
                        "date_to": date(self.YEAR, 6, 30),
                        "rule_set": "v2_1",
                    }
                )
                .id
            )
            self._set_up_committed(env)
            env.flush_all()
            cr.commit()
        self.addCleanup(self._cleanup)

    def _set_up_committed(self, env):
        """What the test needs committed besides the period (hook)."""

    def _cursor(self):
        return sql_db.db_connect(self.db).cursor()

    def _race(self, first_action, second_action, waits_for):
        """Two workers at once: ``first_action(env)`` runs and holds its locks uncommitted;
        ``second_action(env)`` starts in a thread (its snapshot taken before the first
        commits) and must wait (``waits_for`` says for what); then the first commits.
        Returns (what the first returned, the second's outcome: "committed" or the
        exception it raised)."""
        outcome = {}
        # Environments are made here: the test runner holds the registry lock, which a new
        # thread would wait for.
        second_cr = self._cursor()
        second_env = api.Environment(second_cr, SUPERUSER_ID, {})

        def second_worker():
            try:
                second_action(second_env)
                second_cr.commit()
                outcome["second"] = "committed"
            except Exception as e:  # noqa: BLE001 (the outcome is what the test checks)
                second_cr.rollback()
                outcome["second"] = e

        first = self._cursor()
        try:
            second_cr.execute("SELECT 1")  # the second's snapshot predates the first's commit
            result = first_action(api.Environment(first, SUPERUSER_ID, {}))
            worker = threading.Thread(target=second_worker)
            with mute_logger("odoo.sql_db"):
                worker.start()
                time.sleep(1.0)
                self.assertTrue(worker.is_alive(), f"the second waits for {waits_for}")
                first.commit()
                worker.join(30)
        finally:
            first.close()
            second_cr.close()
        return result, outcome.get("second")

    def _vals(self, direction, kg):
        return {
            "date": date(self.YEAR, 2, 1),
            "company_id": self.company_id,
            "material_type_id": self.aluminium_id,
            "direction": direction,
            "asi_status": "asi",
            "flow_type": "external",
            "mass_kg": kg,
        }

    def _cleanup(self):
        with self._cursor() as cr:
            delete_committed_lines(cr, self.period_id)
            cr.execute(
                "DELETE FROM mail_followers WHERE res_model = 'asi.accounting.period' "
                "AND res_id = %s",
                [self.period_id],
            )
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'asi.accounting.period' AND res_id = %s",
                [self.period_id],
            )
            cr.execute("DELETE FROM asi_accounting_period WHERE id = %s", [self.period_id])
            cr.commit()
