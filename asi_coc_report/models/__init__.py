from . import asi_accounting_period
from . import asi_period_reconciliation_line
