from datetime import date

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "asi_coc_tour")
class TestAsiCocTour(HttpCase):
    def test_certificate_tour(self):
        """A CoC manager registers a supplier certificate and verifies it, in the browser."""
        self.env["res.partner"].create(
            {"name": "Tour Smelter", "is_company": True, "asi_role": "coc_entity"}
        )
        self.start_tour(
            "/odoo/action-asi_coc.asi_certificate_action", "asi_coc_certificate_tour", login="admin"
        )
        cert = self.env["asi.certificate"].search([("number", "=", "ASI-TOUR-0001")])
        self.assertEqual(cert.holder_id.name, "Tour Smelter")
        self.assertEqual(cert.material_type_ids, self.env.ref("asi_coc.material_aluminium"))
        self.assertTrue(cert.last_verified)

    def test_period_close_tour(self):
        """An accountant sees the balance, reads what the close will do, and closes."""
        period = self.env["asi.accounting.period"].create(
            {"date_from": date(2030, 1, 1), "date_to": date(2030, 6, 30), "rule_set": "v2_1"}
        )
        vals = {
            "date": date(2030, 2, 1),
            "material_type_id": self.env.ref("asi_coc.material_aluminium").id,
            "asi_status": "asi",
            "flow_type": "external",
        }
        self.env["asi.ledger.line"].post(
            [
                dict(vals, direction="input", mass_kg=1000),
                dict(vals, direction="output", mass_kg=400),
            ]
        )
        self.start_tour(
            f"/odoo/action-asi_coc.asi_accounting_period_action/{period.id}",
            "asi_coc_period_close_tour",
            login="admin",
        )
        self.assertEqual(period.state, "closed")
        self.assertEqual(
            period.get_balance(self.env.ref("asi_coc.material_aluminium"))["carried_out"], 600
        )
