"""The administrator, over real JSON-RPC calls (/web/dataset/call_kw, as the web client
makes them), cannot call the engine's private methods: posting ledger lines, creating
periods and writing action-only fields belong to the operations (V2.1 1.6, 8.2)."""

from datetime import date

from odoo.tests import HttpCase, tagged

from . import test_closed_period_rpc

PRIVATE = "cannot be called remotely"


@tagged("post_install", "-at_install")
class TestBadInputRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.asi_rule_set = "v2_1"
        cls.aluminium = cls.env.ref("asi_coc.material_aluminium")
        cls.Line = cls.env["asi.ledger.line"]
        cls.Period = cls.env["asi.accounting.period"]
        cls.period = cls.Period.create(
            {"date_from": date(2032, 1, 1), "date_to": date(2032, 6, 30), "rule_set": "v2_1"}
        )
        # 1,000 kg ASI in: the balance the calls below would change
        cls.Line.post(
            {
                "date": date(2032, 2, 1),
                "material_type_id": cls.aluminium.id,
                "direction": "input",
                "asi_status": "asi",
                "flow_type": "external",
                "mass_kg": 1000,
            }
        )

    # the JSON-RPC call of the web client, as the closed-period RPC tests make it
    call_kw = test_closed_period_rpc.TestClosedPeriodOverRpc.call_kw

    def refusal(self, model, method, args):
        return self.call_kw(model, method, args)["error"]["data"]["message"]

    def available(self):
        return self.period.get_balance(self.aluminium)["available"]

    def test_post_of_ledger_lines_over_rpc_refused(self):
        self.authenticate("admin", "admin")
        count = self.Line.search_count([])
        message = self.refusal(
            "asi.ledger.line",
            "post",
            [
                [
                    {
                        "date": "2032-02-02",
                        "material_type_id": self.aluminium.id,
                        "direction": "input",
                        "asi_status": "asi",
                        "flow_type": "external",
                        "mass_kg": 50000,
                    }
                ]
            ],
        )
        self.assertIn(f"(such as 'asi.ledger.line.post') {PRIVATE}", message)
        # still 1,000 kg, not 51,000 kg
        self.assertEqual(self.Line.search_count([]), count)
        self.assertEqual(self.available(), 1000)

    def test_next_period_created_over_rpc_refused(self):
        self.authenticate("admin", "admin")
        count = self.Period.search_count([])
        message = self.refusal("asi.accounting.period", "_next_period", [[self.period.id], True])
        self.assertIn(PRIVATE, message)
        self.assertEqual(self.Period.search_count([]), count)

    def test_action_write_over_rpc_refused(self):
        self.authenticate("admin", "admin")
        message = self.refusal(
            "asi.accounting.period", "_asi_action_write", [[self.period.id], {"state": "closed"}]
        )
        self.assertIn(PRIVATE, message)
        self.period.invalidate_recordset()
        self.assertEqual(self.period.state, "open")
        self.assertEqual(self.available(), 1000)
