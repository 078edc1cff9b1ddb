from odoo import SUPERUSER_ID, api


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
