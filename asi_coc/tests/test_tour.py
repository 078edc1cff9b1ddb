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
