# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "ASI Chain of Custody - Manufacturing and Sales",
    "summary": "Glue: the casthouse sells the billets it casts as ASI on sales orders, with "
    "the CoC document on the delivery slip and the CoC data on the invoice",
    "version": "18.0.1.0.0",
    "category": "Manufacturing/Manufacturing",
    "website": "https://github.com/asi-coc/asi-coc-odoo",
    "author": "ASI Chain of Custody for Odoo",
    "license": "LGPL-3",
    "depends": ["asi_coc_mrp", "asi_coc_sale"],
    "demo": ["demo/asi_coc_mrp_sale_demo.xml"],
    "auto_install": True,
}
