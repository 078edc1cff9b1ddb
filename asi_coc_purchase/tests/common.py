from odoo.tests import Form

from odoo.addons.asi_coc.tests.common import new_company_user
from odoo.addons.asi_coc_stock.tests.common import AsiStockCase


class AsiPurchaseCase(AsiStockCase):
    """Vendors of every ASI role, the company's responsible-sourcing policy, the shipped
    questionnaire, purchase users, and helpers that walk an assessment through its states."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A sender for e-mails written by OdooBot (cron, activity assignments), as a
        # configured server has; without it Odoo's runner logs a sending error.
        if not cls.company.alias_domain_id:
            cls.company.alias_domain_id = cls.env["mail.alias.domain"].create(
                {"name": "casthouse.example.com", "default_from": "notifications"}
            )
        cls.DueDiligence = cls.env["asi.due.diligence"]
        cls.survey = cls.env.ref("asi_coc_purchase.survey_asi_due_diligence")
        cls.company.asi_sourcing_policy = "<p>We buy responsibly sourced aluminium only.</p>"
        Partner = cls.env["res.partner"]
        cls.smelter.email = "coc@smelter.example.com"
        cls.non_coc = Partner.create(
            {
                "name": "Plain Metals Ltd",
                "is_company": True,
                "asi_role": "non_coc_supplier",
                "email": "sales@plain-metals.example.com",
            }
        )
        cls.trader = Partner.create(
            {
                "name": "Metal Trader AG",
                "is_company": True,
                "asi_role": "trader",
                "email": "desk@trader.example.com",
                "asi_source_partner_ids": [(6, 0, cls.smelter.ids)],
            }
        )
        cls.scrap_dealer = Partner.create(
            {
                "name": "Scrap Yard BV",
                "is_company": True,
                "asi_role": "scrap_supplier",
                "email": "yard@scrap.example.com",
                "vat": "NL123456789B01",
                "asi_identity_ref": "KVK 7654321",
                "asi_responsible_person": "Jan de Vries",
                "street": "Havenweg 1",
                "city": "Rotterdam",
                "country_id": cls.env.ref("base.nl").id,
                "child_ids": [(0, 0, {"name": "Jan de Vries", "type": "contact"})],
            }
        )
        cls.silicon = cls.env["product.product"].create(
            {"name": "Silicon metal", "is_storable": True}
        )
        cls.purchaser = new_company_user(
            cls.env,
            "asi_purchaser",
            "base.group_user,purchase.group_purchase_user,asi_coc.group_asi_coc_user",
            cls.company,
        )
        cls.purchase_manager = new_company_user(
            cls.env,
            "asi_purchase_manager",
            "base.group_user,purchase.group_purchase_manager,asi_coc.group_asi_coc_manager",
            cls.company,
        )

    # ------------------------------------------------------------------------------------
    def new_dd(self, vendor):
        return self.DueDiligence.create({"partner_id": vendor.id})

    def answer_as_vendor(self, dd, choice=0):
        """Fill the questionnaire as the vendor does: save every answer on the vendor's
        survey.user_input (as the public user the link logs in) and mark it done."""
        public = self.env.ref("base.public_user")
        answer = dd.user_input_id.with_user(public).sudo()
        for question in dd.survey_id.question_ids:
            if question.question_type in ("simple_choice", "multiple_choice"):
                answer._save_lines(question, question.suggested_answer_ids[choice].id)
            elif question.question_type in ("char_box", "text_box"):
                answer._save_lines(question, f"Answer to {question.title}")
        answer._mark_done()
        dd.invalidate_recordset()
        return answer

    def assess(self, dd, risk="low", **vals):
        dd.write(
            {
                "criterion_anti_corruption": "met",
                "criterion_responsible_sourcing": "met",
                "criterion_human_rights": "met",
                "criterion_cahra": "met",
                "risk_level": risk,
                **vals,
            }
        )

    def send(self, dd):
        """Send the questionnaire as the buyer does: Send opens Odoo's composer, filled in
        from the template; sending it moves the assessment to Questionnaire Sent."""
        action = dd.action_send_questionnaire()
        composer = Form(dd.env["mail.compose.message"].with_context(**action["context"]))
        composer.save().action_send_mail()

    def approve(self, vendor):
        dd = self.new_dd(vendor)
        self.send(dd)
        self.answer_as_vendor(dd)
        self.assess(dd)
        dd.action_approve()
        return dd

    def make_po(self, vendor, product=None, qty=1000.0, user=None):
        env = self.env(user=user) if user else self.env
        return env["purchase.order"].create(
            {
                "partner_id": vendor.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": (product or self.ingot).id,
                            "product_qty": qty,
                            "price_unit": 2.5,
                        },
                    )
                ],
            }
        )
