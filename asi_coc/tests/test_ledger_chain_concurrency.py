# Two real transactions must commit, like two Odoo workers do:
# pylint: disable=invalid-commit

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests.common import tagged

from .common_chain import CommittedPeriodCase


@tagged("post_install", "-at_install", "asi_integrity")
class TestConcurrentChain(CommittedPeriodCase):
    """Two workers post to the ledger of one company at the same time: the chain does not
    fork. The second waits for the first, fails to serialize when the first commits (Odoo
    retries such a request) and its retry is chained after the first line.

    Real, separately committed transactions; the data lives in a period of 2092 and is
    removed afterwards (the chain sealed again)."""

    YEAR = 2092

    def _post(self, env, kg):
        line = env["asi.ledger.line"].post([self._vals("input", kg)])
        env.flush_all()
        return line.id

    def test_two_postings_at_once_do_not_fork_the_chain(self):
        # 1,000 kg posted, the company's chain head locked, not committed yet
        first_id, second = self._race(
            lambda env: self._post(env, 1000),
            lambda env: self._post(env, 700),
            waits_for="the company's chain",
        )
        self.assertIsInstance(second, psycopg2.errors.SerializationFailure)
        # Odoo retries the request: the retry is chained after the first line
        with self._cursor() as cr:
            second_id = self._post(api.Environment(cr, SUPERUSER_ID, {}), 700)
            cr.commit()
            cr.execute(
                "SELECT id, chain_sequence, previous_hash, inalterable_hash FROM asi_ledger_line "
                "WHERE id IN %s ORDER BY chain_sequence",
                [(first_id, second_id)],
            )
            (a, seq_a, _prev_a, hash_a), (b, seq_b, prev_b, _hash_b) = cr.fetchall()
            self.assertEqual((a, b), (first_id, second_id))
            self.assertEqual((seq_b, prev_b), (seq_a + 1, hash_a))
            env = api.Environment(cr, SUPERUSER_ID, {})
            result = env["asi.accounting.period"].browse(self.period_id).asi_check_integrity()
            self.assertTrue(result["ok"], result["message"])
