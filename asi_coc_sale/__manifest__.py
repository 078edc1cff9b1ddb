# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "ASI Chain of Custody - Sales",
    "summary": "Customers ask for ASI material on sales lines; invoices carry the CoC data of "
    "what was delivered; returns and credit notes reach the right period",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/asi-coc/asi-coc-odoo",
    "author": "ASI Chain of Custody for Odoo",
    "license": "LGPL-3",
    "depends": ["asi_coc_stock", "sale_stock", "sale_management"],
    "data": [
        "security/ir.model.access.csv",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "report/sale_order_report.xml",
        "report/account_invoice_report.xml",
    ],
    "demo": ["demo/asi_coc_sale_demo.xml"],
}
