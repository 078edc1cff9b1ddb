from . import test_period_reconciliation
from . import test_annual_report
from . import test_claims_report
from . import test_ledger_export
from . import test_coc_data_export
from . import test_dashboard
from . import test_zh_cn_pdf
from . import test_reconciliation_screens
