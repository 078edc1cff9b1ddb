from . import test_period_reconciliation
from . import test_annual_report
