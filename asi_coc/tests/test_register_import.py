import base64
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AsiCocCase

HEADER = "Certificate Number,Holder,Type,Status,Valid From,Valid Until,Scope\n"


@tagged("post_install", "-at_install")
class TestRegisterImport(AsiCocCase):
    def run_import(self, text, register_date=date(2026, 5, 4), encoding="utf-8"):
        # The upload widget names the file: the form's filename field is hidden.
        form = Form(
            self.env["asi.certificate.register.import"].with_context(
                default_filename="register.csv"
            )
        )
        form.data_file = base64.b64encode(text.encode(encoding))
        form.register_date = register_date
        wizard = form.save()
        wizard.action_import()
        return wizard.result

    def test_register_updates_states_and_verification(self):
        other = self.make_certificate(number="ASI-T-0200")
        result = self.run_import(
            HEADER + "ASI-T-0001,Test Smelter,Chain of Custody,Suspended,2025-01-01,2027-12-31,"
            "aluminium;scrap_post_consumer\n"
            + "ASI-T-0200,Test Smelter,CoC,Active,2025-01-01,2028-06-30,aluminium\n"
            + "ASI-UNKNOWN-9,Somebody,CoC,Active,2025-01-01,2028-06-30,aluminium\n"
        )
        self.assertEqual(
            (self.cert.state, self.cert.date_invalid, self.cert.source, self.cert.last_verified),
            ("suspended", date(2026, 5, 4), "register_import", date(2026, 5, 4)),
        )
        self.assertEqual(self.cert.material_type_ids, self.aluminium | self.scrap_post)
        self.assertEqual((other.date_end, other.state), (date(2028, 6, 30), "active"))
        self.assertEqual(
            result.splitlines(),
            [
                "2 certificate(s) updated, 0 unchanged, 1 row(s) not matched.",
                "Updated: ASI-T-0001, ASI-T-0200",
                "row 4: ASI-UNKNOWN-9 is not in the register",
            ],
        )
        self.assertFalse(self.Certificate.search([("number", "=", "ASI-UNKNOWN-9")]))
        # The same file again changes nothing.
        messages = self.cert.message_ids
        result = self.run_import(
            HEADER + "ASI-T-0001,Test Smelter,Chain of Custody,Suspended,2025-01-01,2027-12-31,"
            "aluminium;scrap_post_consumer\n"
            + "ASI-T-0200,Test Smelter,CoC,Active,2025-01-01,2028-06-30,aluminium\n"
        )
        self.assertEqual(
            result.splitlines()[0], "0 certificate(s) updated, 2 unchanged, 0 row(s) not matched."
        )
        self.assertEqual(self.cert.message_ids, messages)

    def test_holder_mismatch_is_reported_not_applied(self):
        result = self.run_import(HEADER + "ASI-T-0001,Other Metals Ltd,CoC,Withdrawn,,,\n")
        self.assertIn(
            "row 2: ASI-T-0001 is held by Test Smelter in the register, not by Other Metals Ltd",
            result,
        )
        self.assertEqual(self.cert.state, "active")

    def assert_refused(self, text, message, **kwargs):
        with self.assertRaisesRegex(UserError, message):
            self.run_import(text, **kwargs)
        self.assertEqual((self.cert.state, self.cert.last_verified), ("active", False))

    def test_bad_files_are_refused_whole(self):
        self.assert_refused(
            "Number,Status,Colour\nASI-T-0001,Active,red\n", "Unknown: number, colour"
        )
        self.assert_refused(
            HEADER
            + "ASI-T-0001,Test Smelter,CoC,Suspended,,,\n"
            + "asi-t-0001,Test Smelter,CoC,Active,,,\n",
            "row 3: asi-t-0001 appears twice \\(row 2\\)",
        )
        self.assert_refused(
            HEADER + "ASI-T-0001,Test Smelter,CoC,Dormant,,,\n", "row 2: unknown status Dormant"
        )
        self.assert_refused(
            HEADER + "ASI-T-0001,Test Smelter,CoC,Active,31/12/2027,,\n",
            "row 2: 31/12/2027 is not a date",
        )
        self.assert_refused(
            HEADER + "ASI-T-0001,Smelter Süd,CoC,Active,,,copper\n",
            "not UTF-8 text",
            encoding="latin-1",
        )
        self.assert_refused(HEADER, "the file has no rows")
