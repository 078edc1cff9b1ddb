# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "ASI Chain of Custody - Reports",
    "summary": "Period reconciliation, annual report to the ASI Secretariat and claims report "
    "(xlsx and PDF), ledger and CoC data exports for auditors, ASI CoC overview",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/asi-coc/asi-coc-odoo",
    "author": "ASI Chain of Custody for Odoo",
    "license": "LGPL-3",
    "depends": ["asi_coc_stock", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "security/asi_coc_report_security.xml",
        "report/asi_period_reconciliation_templates.xml",
        "report/asi_annual_report_templates.xml",
        "report/asi_claims_report_templates.xml",
        "report/asi_coc_report_reports.xml",
        "wizard/asi_annual_report_wizard_views.xml",
        "wizard/asi_claims_report_wizard_views.xml",
        "wizard/asi_ledger_export_wizard_views.xml",
        "wizard/asi_coc_data_export_wizard_views.xml",
        "views/asi_period_reconciliation_line_views.xml",
        "views/asi_accounting_period_views.xml",
        "views/asi_coc_dashboard_views.xml",
        "views/asi_coc_report_menus.xml",
    ],
    "assets": {
        "web.assets_backend": ["asi_coc_report/static/src/dashboard/*"],
        "web.assets_tests": ["asi_coc_report/static/tests/tours/*.js"],
    },
}
