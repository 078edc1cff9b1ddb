from . import asi_annual_report_wizard
from . import asi_claims_report_wizard
from . import asi_ledger_export_wizard
from . import asi_coc_data_export_wizard
