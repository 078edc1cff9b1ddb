import json
from datetime import date
from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestClosedPeriodOverRpc(HttpCase):
    """V2.1 1.6: the administrator, over real JSON-RPC and XML-RPC calls with any context,
    cannot reopen a closed period nor change the conversion factor it used."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.asi_rule_set = "v2_1"
        alumina = cls.env.ref("asi_coc.material_alumina")
        aluminium = cls.env.ref("asi_coc.material_aluminium")
        cls.factor = cls.env["asi.conversion.factor"].create(
            {
                "input_material_type_id": alumina.id,
                "output_material_type_id": aluminium.id,
                "factor": 0.5,
                "date_from": date(2031, 1, 1),
            }
        )
        cls.period = cls.env["asi.accounting.period"].create(
            {"date_from": date(2031, 1, 1), "date_to": date(2031, 6, 30), "rule_set": "v2_1"}
        )
        # 4,000 kg ASI alumina x 0.5 = 2,000 kg aluminium credited; all of it lapses
        cls.env["asi.ledger.line"].post(
            {
                "date": date(2031, 2, 1),
                "material_type_id": alumina.id,
                "direction": "input",
                "asi_status": "asi",
                "flow_type": "external",
                "mass_kg": 4000,
            }
        )
        cls.period.action_close(carry_forward=False)

    def call_kw(self, model, method, args, context=None):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": {"context": context or {}},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_jsonrpc_write_of_state_and_factor_is_refused(self):
        self.authenticate("admin", "admin")
        context = {"asi_action_write": True, "asi_ledger_post": True, "install_mode": True}
        reply = self.call_kw(
            "asi.accounting.period", "write", [[self.period.id], {"state": "open"}], context
        )
        self.assertIn("change only through Close and Reopen", reply["error"]["data"]["message"])
        reply = self.call_kw(
            "asi.conversion.factor", "write", [[self.factor.id], {"factor": 0.25}], context
        )
        self.assertIn(
            f"used by the closed period {self.period.name}", reply["error"]["data"]["message"]
        )
        reply = self.call_kw("asi.conversion.factor", "unlink", [[self.factor.id]], context)
        self.assertIn("error", reply)
        # private methods are not callable over RPC
        reply = self.call_kw(
            "asi.accounting.period", "_asi_action_write", [[self.period.id], {"state": "open"}]
        )
        self.assertIn("error", reply)
        self.period.invalidate_recordset()
        self.factor.invalidate_recordset()
        self.assertEqual(self.period.state, "closed")
        self.assertEqual(self.factor.factor, 0.5)
        balance = self.period.get_balance(self.env.ref("asi_coc.material_aluminium"))
        self.assertEqual((balance["asi_in_converted"], balance["expired"]), (2000, 2000))

    def test_jsonrpc_get_balance_with_ids(self):
        """A JSON-RPC client passes the material (and site) as ids: 4,000 kg of ASI alumina
        x 0.5 = 2,000 kg of aluminium credited, all expired at the close."""
        self.authenticate("admin", "admin")
        aluminium = self.env.ref("asi_coc.material_aluminium")
        reply = self.call_kw(
            "asi.accounting.period", "get_balance", [[self.period.id], aluminium.id]
        )
        self.assertEqual(
            (reply["result"]["asi_in_converted"], reply["result"]["expired"]), (2000, 2000)
        )

    def test_xmlrpc_write_of_state_is_refused(self):
        admin = self.env.ref("base.user_admin")
        with self.assertRaisesRegex(Fault, "change only through Close and Reopen"):
            self.xmlrpc_object.execute(
                self.env.cr.dbname,
                admin.id,
                "admin",
                "asi.accounting.period",
                "write",
                [self.period.id],
                {"state": "open"},
            )
        self.period.invalidate_recordset()
        self.assertEqual(self.period.state, "closed")
