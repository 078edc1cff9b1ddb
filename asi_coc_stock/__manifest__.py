# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "ASI Chain of Custody - Inventory",
    "summary": "Receipts that verify the supplier's CoC data, lots with ASI status, "
    "ASI deliveries with a CoC document number, all posted to the ASI ledger",
    "version": "18.0.1.1.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/asi-coc/asi-coc-odoo",
    "author": "ASI Chain of Custody for Odoo",
    "license": "LGPL-3",
    "depends": ["asi_coc", "stock"],
    "data": [
        "security/ir.model.access.csv",
        "security/asi_coc_stock_security.xml",
        "data/ir_sequence_data.xml",
        "wizard/asi_receipt_verify_views.xml",
        "wizard/asi_receipt_confirm_views.xml",
        "wizard/asi_coc_data_import_views.xml",
        "wizard/asi_coc_document_revise_views.xml",
        "views/asi_coc_document_views.xml",
        "views/stock_lot_views.xml",
        "views/stock_move_line_views.xml",
        "views/stock_picking_views.xml",
        "views/stock_warehouse_views.xml",
        "views/res_config_settings_views.xml",
        "views/product_template_views.xml",
        "report/report_deliveryslip.xml",
    ],
    "demo": ["demo/asi_coc_stock_demo.xml"],
    "assets": {
        "web.assets_tests": ["asi_coc_stock/static/tests/tours/*.js"],
    },
}
