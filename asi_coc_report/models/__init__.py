from . import asi_accounting_period
from . import asi_coc_dashboard
from . import asi_period_reconciliation_line
