import subprocess
from datetime import date

from psycopg2 import errors

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install", "asi_integrity")
class TestLedgerIntegrity(MassBalanceCase):
    """V2.1 1.6, V3 2.2: the ledger is kept unaltered. Each posted line is sealed by a hash
    of its content and of the previous line's hash (as Odoo's account seals journal
    entries); a change below the ORM is found and named.

    Worked example (aluminium, period 2026-01-01 .. 2026-06-30): 1,000 kg ASI in on 1 Feb,
    400 kg ASI out on 1 Mar, 250 kg ASI in on 1 Apr: balance 1,000 - 400 + 250 = 850 kg."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.l1 = cls.post(1000)
        cls.l2 = cls.post(400, direction="output", on=date(2026, 3, 1))
        cls.l3 = cls.post(250, on=date(2026, 4, 1))

    def sql(self, query, *args):
        self.env.flush_all()
        self.env.cr.execute(query, args)
        self.env.invalidate_all()

    def test_each_posting_is_chained_to_the_previous_one(self):
        for line in self.l1 | self.l2 | self.l3:
            self.assertEqual(len(line.inalterable_hash), 64)  # SHA-256, hexadecimal
        self.assertEqual(self.l2.previous_hash, self.l1.inalterable_hash)
        self.assertEqual(self.l3.previous_hash, self.l2.inalterable_hash)
        self.assertEqual(self.l2.chain_sequence, self.l1.chain_sequence + 1)
        self.assertEqual(self.l3.chain_sequence, self.l1.chain_sequence + 2)
        # the company's head is the last line
        self.assertEqual(self.company.sudo().asi_ledger_chain_hash, self.l3.inalterable_hash)
        self.assertEqual(self.company.sudo().asi_ledger_chain_sequence, self.l3.chain_sequence)

    def test_intact_chain(self):
        result = self.p1.asi_check_integrity()
        self.assertTrue(result["ok"], result["message"])
        self.assertFalse(result["first_broken_line_id"])
        # every line of the company's chain up to the last one dated in the period
        self.assertEqual(result["lines_checked"], self.l3.chain_sequence)
        self.assertIn("intact", result["message"])

    def test_sql_update_names_the_changed_line(self):
        # 400 kg out becomes 399 kg below the ORM and the triggers (open period)
        self.sql("UPDATE asi_ledger_line SET mass_kg = 399 WHERE id = %s", self.l2.id)
        result = self.p1.asi_check_integrity()
        self.assertFalse(result["ok"])
        self.assertEqual(result["first_broken_line_id"], self.l2.id)
        self.assertEqual(result["lines_checked"], self.l2.chain_sequence - 1)
        self.assertIn(f"ledger line {self.l2.id} does not match its hash", result["message"])

    def test_sql_delete_names_the_next_line(self):
        self.sql("DELETE FROM asi_ledger_line WHERE id = %s", self.l2.id)
        result = self.p1.asi_check_integrity()
        self.assertFalse(result["ok"])
        self.assertEqual(result["first_broken_line_id"], self.l3.id)

    def test_sql_delete_of_the_last_line_is_found(self):
        self.sql("DELETE FROM asi_ledger_line WHERE id = %s", self.l3.id)
        result = self.p1.asi_check_integrity()
        self.assertFalse(result["ok"])
        self.assertFalse(result["first_broken_line_id"])
        self.assertIn("last line(s) of the chain are missing", result["message"])

    def test_sql_insert_is_found(self):
        self.sql(
            "INSERT INTO asi_ledger_line (date, period_id, company_id, material_type_id, "
            "asi_status, direction, flow_type, mass_kg) "
            "VALUES ('2026-02-02', %s, %s, %s, 'asi', 'input', 'external', 5000) RETURNING id",
            self.p1.id,
            self.company.id,
            self.aluminium.id,
        )
        forged = self.Line.search([("mass_kg", "=", 5000), ("period_id", "=", self.p1.id)])
        result = self.p1.asi_check_integrity()
        self.assertFalse(result["ok"])
        self.assertEqual(result["first_broken_line_id"], forged.id)

    def test_close_records_the_last_hash(self):
        # closing balance 850 kg carried forward: out of P1, into the next period
        self.p1.action_close(carry_forward=True)
        carried_in = self.Line.search(
            [("flow_type", "=", "carry_forward"), ("direction", "=", "input")]
        )
        self.assertEqual(carried_in.mass_kg, 850)
        self.assertEqual(self.p1.close_hash, carried_in.inalterable_hash)
        self.assertEqual(self.p1.close_hash_line_id, carried_in)
        self.assertTrue(self.p1.asi_check_integrity()["ok"])

    def test_close_refuses_a_broken_chain_and_writes_nothing(self):
        self.sql("UPDATE asi_ledger_line SET mass_kg = 399 WHERE id = %s", self.l2.id)
        lines = self.Line.search_count([])
        periods = self.Period.search_count([])
        with self.assertRaisesRegex(UserError, f"ledger line {self.l2.id} does not match"):
            self.p1.action_close(carry_forward=True)
        self.p1.invalidate_recordset()
        self.assertEqual(self.p1.state, "open")
        self.assertFalse(self.p1.close_hash)
        self.assertEqual(self.Line.search_count([]), lines)
        self.assertEqual(self.Period.search_count([]), periods)  # no next period opened

    def test_tie_out_names_a_line_outside_its_period(self):
        self.assertEqual(self.p1.asi_tie_out(), [])
        self.sql("UPDATE asi_ledger_line SET date = '2026-08-01' WHERE id = %s", self.l3.id)
        differences = self.p1.asi_tie_out()
        self.assertEqual(
            [(d["code"], d["res_model"], d["res_id"]) for d in differences],
            [("period_mismatch", "asi.ledger.line", self.l3.id)],
        )
        lines = self.Line.search_count([])
        with self.assertRaisesRegex(UserError, "does not tie out"):
            self.p1.action_close(carry_forward=True)
        self.assertEqual(self.p1.state, "open")
        self.assertEqual(self.Line.search_count([]), lines)

    def test_tie_out_names_a_missing_source(self):
        self.sql(
            "UPDATE asi_ledger_line SET res_model = 'asi.site', res_id = 2147483000 WHERE id = %s",
            self.l1.id,
        )
        differences = self.p1.asi_tie_out()
        self.assertEqual(
            [(d["code"], d["res_id"]) for d in differences], [("source_missing", self.l1.id)]
        )
        self.assertIn("asi.site 2147483000", differences[0]["message"])
        # the wizard lists it with a link
        tie_out = self.env["asi.period.tie.out"].create({"period_id": self.p1.id})
        self.assertEqual(tie_out.line_ids.res_id, self.l1.id)
        self.assertEqual(tie_out.line_ids.action_open_record()["res_model"], "asi.ledger.line")

    def test_reopen_seals_the_chain_again(self):
        self.p1.action_close(carry_forward=True)
        p2 = self.p1._next_period()
        later = self.post(100, on=p2.date_from)  # chained after the close entries
        self.p1.action_reopen("Late supplier invoice")
        self.assertFalse(self.p1.close_hash)
        result = p2.asi_check_integrity()
        self.assertTrue(result["ok"], result["message"])
        self.assertEqual(later.chain_sequence, self.l3.chain_sequence + 1)
        self.assertEqual(later.previous_hash, self.l3.inalterable_hash)

    def test_lines_posted_before_the_chain_are_sealed_in_posting_order(self):
        self.p1.action_close(carry_forward=False)
        # the closed-period trigger lets the seal be written, nothing else
        self.sql(
            "UPDATE asi_ledger_line SET chain_sequence = NULL, previous_hash = NULL, "
            "inalterable_hash = NULL WHERE company_id = %s",
            self.company.id,
        )
        self.sql(
            "UPDATE res_company SET asi_ledger_chain_sequence = 0, asi_ledger_chain_hash = NULL "
            "WHERE id = %s",
            self.company.id,
        )
        self.assertFalse(self.p1.asi_check_integrity()["ok"])
        self.Line._asi_chain_unchained()
        self.assertTrue(self.p1.asi_check_integrity()["ok"])
        self.assertEqual(self.l2.previous_hash, self.l1.inalterable_hash)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(errors.CheckViolation),
            self.env.cr.savepoint(),
        ):
            self.sql("UPDATE asi_ledger_line SET mass_kg = 399 WHERE id = %s", self.l2.id)

    def test_integrity_pdf(self):
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html("asi_coc.report_ledger_integrity", self.p1.ids)[0]
        self.assertIn(b"The hash chain is intact", html)
        self.assertIn(b"ASI Ledger Integrity Check", html)
        self.sql("UPDATE asi_ledger_line SET mass_kg = 399 WHERE id = %s", self.l2.id)
        html = report._render_qweb_html("asi_coc.report_ledger_integrity", self.p1.ids)[0]
        self.assertIn(f"ledger line {self.l2.id} does not match its hash".encode(), html)
        self.assertIn(b"First broken line", html)
        pdf = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            "asi_coc.report_ledger_integrity", self.p1.ids
        )[0]
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        self.assertIn(f"ledger line {self.l2.id} does not match its hash", " ".join(text.split()))
