# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "ASI Chain of Custody",
    "summary": "Aluminium Stewardship Initiative Chain of Custody: company CoC profile, "
    "sites, material types, certificate register, partner roles",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/asi-coc/asi-coc-odoo",
    "author": "ASI Chain of Custody for Odoo",
    "license": "LGPL-3",
    "application": True,
    "depends": ["mail", "product", "uom"],
    "data": [
        "security/asi_coc_security.xml",
        "security/ir.model.access.csv",
        "data/asi_material_type_data.xml",
        "data/ir_cron_data.xml",
        "data/ir_sequence_data.xml",
        "views/asi_material_type_views.xml",
        "views/asi_site_views.xml",
        "views/asi_certificate_views.xml",
        "views/asi_conversion_factor_views.xml",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/product_category_views.xml",
        "views/res_config_settings_views.xml",
        "views/asi_accounting_period_views.xml",
        "views/asi_ledger_line_views.xml",
        "views/asi_force_majeure_views.xml",
        "views/asi_coc_error_views.xml",
        "views/asi_coc_menus.xml",
    ],
    "demo": ["demo/asi_coc_demo.xml"],
    "assets": {
        "web.assets_tests": ["asi_coc/static/tests/tours/*.js"],
    },
}
