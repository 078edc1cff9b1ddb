"""The mass-balance rules of the ASI CoC Standard, apart from Odoo.

``flows`` is the one table of which ledger rows (direction, flow type, ASI status) each
figure counts, and sums the rows of one SQL aggregate (``asi.accounting.period``) into
``figures``: the kilograms of one material in one scope and period. ``rules`` has one
class per rule set that answers "may these kg be designated ASI?", "may this period
close?" and "what carries forward or expires?". Nothing here touches the database, so it
can be read next to the standard and tested on its own.
"""

from .figures import EPSILON, Figures
from .flows import (
    ACROSS,
    CONVERTIBLE_FLOWS,
    CREDITED,
    FLOWS,
    balance_material,
    figures_from_sums,
    is_designation,
    ledger_filters,
)
from .rules import RULE_SETS, CloseEntries, Problem, rules_for
