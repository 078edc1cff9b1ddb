from . import asi_annual_report_wizard
