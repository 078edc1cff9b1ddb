# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "ASI Chain of Custody - Manufacturing",
    "summary": "Producers under mass balance: what manufacturing orders make ships as ASI from "
    "the balance, process scrap sells as eligible scrap, yields are checked against the "
    "standard conversion factors",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "website": "https://github.com/asi-coc/asi-coc-odoo",
    "author": "ASI Chain of Custody for Odoo",
    "license": "LGPL-3",
    "depends": ["asi_coc_stock", "mrp"],
    "data": [
        "security/ir.model.access.csv",
        "views/mrp_production_views.xml",
    ],
    "demo": ["demo/asi_coc_mrp_demo.xml"],
    "assets": {
        "web.assets_tests": ["asi_coc_mrp/static/tests/tours/*.js"],
    },
}
