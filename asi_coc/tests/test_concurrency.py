# Two real transactions must commit, like two Odoo workers do:
# pylint: disable=invalid-commit
import threading
import time
from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import UserError
from odoo.tests.common import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common_chain import delete_committed_lines


@tagged("post_install", "-at_install")
class TestConcurrentDesignation(BaseCase):
    """Two transactions designate the last ASI kg at the same time: exactly one succeeds.

    Uses real, separately committed PostgreSQL transactions (not the test cursor), like two
    Odoo workers; the data lives in a period of 2090 and is removed afterwards.
    """

    def setUp(self):
        super().setUp()
        self.db = get_db_name()
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.aluminium_id = env.ref("asi_coc.material_aluminium").id
            company = env.ref("base.main_company")
            period = env["asi.accounting.period"].create(
                {
                    "company_id": company.id,
                    "date_from": date(2090, 1, 1),
                    "date_to": date(2090, 6, 30),
                    "rule_set": "v2_1",
                }
            )
            self.period_id = period.id
            self.company_id = company.id
            env["asi.ledger.line"].post([self._vals("input", 1000)])
            env.flush_all()
            cr.commit()
        self.addCleanup(self._cleanup)

    def _cursor(self):
        return sql_db.db_connect(self.db).cursor()

    def _vals(self, direction, kg):
        return {
            "date": date(2090, 2, 1),
            "company_id": self.company_id,
            "material_type_id": self.aluminium_id,
            "direction": direction,
            "asi_status": "asi",
            "flow_type": "external",
            "mass_kg": kg,
        }

    def _designate(self, env, kg):
        env["asi.ledger.line"].post([self._vals("output", kg)])
        env.flush_all()

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

    def test_last_kilograms_designated_twice_at_once(self):
        outcome = {}

        # Environments are made here: the test runner holds the registry lock, which a new
        # thread would wait for.
        second_cr = self._cursor()
        second_env = api.Environment(second_cr, SUPERUSER_ID, {})

        def second_worker():
            try:
                self._designate(second_env, 800)
                second_cr.commit()
                outcome["second"] = "committed"
            except Exception as e:  # noqa: BLE001 (the outcome is what the test checks)
                second_cr.rollback()
                outcome["second"] = e

        first = self._cursor()
        try:
            # holds the period's row lock, not committed yet
            self._designate(api.Environment(first, SUPERUSER_ID, {}), 800)
            worker = threading.Thread(target=second_worker)
            with mute_logger("odoo.sql_db"):
                worker.start()
                time.sleep(1.0)
                self.assertTrue(worker.is_alive(), "the second designation waits for the lock")
                first.commit()
                worker.join(30)
        finally:
            first.close()
            second_cr.close()
        # PostgreSQL refuses the second transaction; Odoo retries such a request, and the
        # retry sees the first designation:
        self.assertIsInstance(outcome["second"], psycopg2.errors.SerializationFailure)
        with self._cursor() as cr:
            with self.assertRaisesRegex(UserError, "200 kg available, 800 kg requested"):
                self._designate(api.Environment(cr, SUPERUSER_ID, {}), 800)
            cr.rollback()
            cr.execute(
                "SELECT SUM(mass_kg) FROM asi_ledger_line WHERE period_id = %s "
                "AND direction = 'output'",
                [self.period_id],
            )
            self.assertEqual(cr.fetchone()[0], 800)
