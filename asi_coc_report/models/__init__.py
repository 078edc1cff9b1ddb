# The mixin first: the dashboard imports the wizards, which inherit it.
from . import asi_download_mixin
from . import asi_accounting_period
from . import asi_coc_dashboard
from . import asi_ledger_line
from . import asi_period_reconciliation_line
