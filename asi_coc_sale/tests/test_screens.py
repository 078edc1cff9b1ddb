from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged

COC_COLUMNS = ["asi_designated", "asi_material_type_id", "asi_mass_kg", "asi_document_numbers"]


@tagged("post_install", "-at_install")
class TestScreens(TransactionCase):
    """What a new user sees without help (issue 14, points 5 and 6)."""

    def test_invoice_shows_the_coc_columns_when_it_carries_asi_material(self):
        # An optional="hide" column stays hidden until the user finds the column toggler:
        # the CoC columns are shown by default on a customer invoice with ASI material and
        # hidden (column_invisible) on the others.
        arch = self.env["account.move"].get_view(view_type="form")["arch"]
        lines = etree.fromstring(arch).xpath("//field[@name='invoice_line_ids']/list")[0]
        for name in COC_COLUMNS:
            column = lines.xpath(f"field[@name='{name}']")[0]
            self.assertEqual(column.get("optional"), "show", name)
            self.assertIn("not parent.asi_has_coc", column.get("column_invisible"), name)
            self.assertIn("parent.move_type not in", column.get("column_invisible"), name)

    def test_sales_user_reaches_the_orders(self):
        # Odoo's Sales app menu is created inactive by `sale` and activated by
        # `sale_management`: without it nobody, administrator included, reaches the orders.
        salesman = new_test_user(
            self.env, login="asi_salesman", groups="sales_team.group_sale_salesman"
        )
        menus = self.env["ir.ui.menu"].with_user(salesman).load_menus(debug=False)
        root = self.env.ref("sale.sale_menu_root")
        self.assertIn(root.id, menus["root"]["children"])
        self.assertIn(self.env.ref("sale.menu_sale_order").id, menus)
