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
    "depends": ["asi_coc_stock", "purchase_stock", "survey"],
    "data": [
        "security/ir.model.access.csv",
    ],
}
