from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    # The head of the company's ledger hash chain (see asi.ledger.line._asi_chain). Written
    # by SQL at every posting: that UPDATE is what serializes postings of one company. Odoo
    # runs in REPEATABLE READ: a transaction that waited for another one's posting fails
    # with a serialization error when the first commits, and Odoo retries it, so it never
    # chains onto a head it could not see (a fork). It also seals the end of the chain: a
    # deleted last line no longer matches the head.
    asi_ledger_chain_sequence = fields.Integer(
        string="Ledger Chain Length", readonly=True, copy=False, groups="base.group_system"
    )
    asi_ledger_chain_hash = fields.Char(
        string="Ledger Chain Head", readonly=True, copy=False, groups="base.group_system"
    )
