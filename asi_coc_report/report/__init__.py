from . import asi_abstract_report
from . import asi_abstract_report_xlsx
from . import asi_period_reconciliation
from . import asi_period_reconciliation_xlsx
from . import asi_annual_report
from . import asi_annual_report_xlsx
from . import asi_claims_report
from . import asi_claims_report_xlsx
