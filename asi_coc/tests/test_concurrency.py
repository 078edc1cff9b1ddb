# Two real transactions must commit, like two Odoo workers do:
# pylint: disable=invalid-commit

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests.common import tagged

from .common_chain import CommittedPeriodCase


@tagged("post_install", "-at_install")
class TestConcurrentDesignation(CommittedPeriodCase):
    """Two transactions designate the last ASI kg at the same time: exactly one succeeds.

    Real, separately committed transactions (CommittedPeriodCase); 1,000 kg of ASI
    aluminium received in the period of 2090.
    """

    YEAR = 2090

    def _set_up_committed(self, env):
        env["asi.ledger.line"].post([self._vals("input", 1000)])

    def _designate(self, env, kg):
        env["asi.ledger.line"].post([self._vals("output", kg)])
        env.flush_all()

    def test_last_kilograms_designated_twice_at_once(self):
        # the first holds the period's row lock, not committed yet
        _result, second = self._race(
            lambda env: self._designate(env, 800),
            lambda env: self._designate(env, 800),
            waits_for="the period's designation lock",
        )
        # PostgreSQL refuses the second transaction; Odoo retries such a request, and the
        # retry sees the first designation:
        self.assertIsInstance(second, psycopg2.errors.SerializationFailure)
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
