"""The mass-balance rules of the ASI CoC Standard, apart from Odoo.

``figures`` holds the kilograms of one material in one scope and period (filled by one SQL
aggregate in ``asi.accounting.period``); ``rules`` has one class per rule set that answers
"may these kg be designated ASI?", "may this period close?" and "what carries forward or
expires?". Nothing here touches the database, so it can be read next to the standard and
tested on its own.
"""

from .figures import Figures
from .rules import RULE_SETS, CloseEntries, Problem, rules_for
