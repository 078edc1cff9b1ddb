# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "ASI Chain of Custody - Purchase",
    "summary": "Vendor onboarding with due-diligence questionnaires, PO gating, traders, "
    "scrap suppliers and their cash limit, certificate verification, grievances",
    "version": "18.0.1.0.0",
    "category": "Inventory/Purchase",
    "website": "https://github.com/asi-coc/asi-coc-odoo",
    "author": "ASI Chain of Custody for Odoo",
    "license": "LGPL-3",
    "depends": ["asi_coc_stock", "asi_coc_report", "purchase_stock", "survey"],
    "data": [
        "security/asi_coc_purchase_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/asi_due_diligence_survey.xml",
        "data/mail_template_data.xml",
        "views/asi_due_diligence_views.xml",
        "views/res_partner_views.xml",
        "views/purchase_order_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/asi_po_gate_override_views.xml",
        "views/asi_coc_purchase_menus.xml",
    ],
    "demo": ["demo/asi_coc_purchase_demo.xml"],
}
