from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_mass_balance import MassBalanceCase


@tagged("post_install", "-at_install")
class TestPeriodCloseWizard(MassBalanceCase):
    """The close wizard as an accountant meets it (issue 14, point 8). Period p1 runs from
    2026-01-01 to 2026-06-30."""

    def wizard(self, period=None):
        return Form(
            self.env["asi.period.close"].with_context(default_period_id=(period or self.p1).id)
        )

    def test_close_before_the_period_ends_asks_for_confirmation(self):
        self.post(1000)
        with freeze_time("2026-06-15"):
            form = self.wizard()
            self.assertTrue(form.ends_later)
            self.assertIn("runs until 2026-06-30", form.preview_html)
            wizard = form.save()
            with self.assertRaisesRegex(UserError, "runs until 2026-06-30"):
                wizard.action_confirm()
            self.assertEqual(self.p1.state, "open")
            form = self.wizard()
            form.confirm_early_close = True
            form.save().action_confirm()
        self.assertEqual(self.p1.state, "closed")

    def test_close_after_the_period_ended_needs_no_confirmation(self):
        self.post(1000)
        with freeze_time("2026-07-01"):
            form = self.wizard()
            self.assertFalse(form.ends_later)
            self.assertNotIn("runs until", form.preview_html)
            form.save().action_confirm()
        self.assertEqual(self.p1.state, "closed")

    def test_outsourcing_difference_is_explained_and_kept_on_the_period(self):
        # 1,000 kg ASI in; 500 kg sent to the contractor, 485 kg returned: 15 kg to explain.
        self.post(1000)
        self.post(500, direction="output", flow="outsourcing")
        self.post(485, direction="input", flow="outsourcing")
        form = self.wizard()
        self.assertTrue(form.has_warnings)
        self.assertIn("explain the difference of 15 kg", form.preview_html)
        with self.assertRaises(AssertionError):  # required on the screen
            form.save()
        wizard = self.env["asi.period.close"].create({"period_id": self.p1.id})
        with self.assertRaisesRegex(UserError, "Explain the differences"):
            wizard.action_confirm()
        self.assertEqual(self.p1.state, "open")
        self.assertFalse(self.p1.close_explanation)
        form = self.wizard()
        form.close_explanation = "15 kg melt loss at the contractor, its report of 2026-06-30"
        form.save().action_confirm()
        self.assertEqual(self.p1.state, "closed")
        self.assertEqual(
            self.p1.close_explanation, "15 kg melt loss at the contractor, its report of 2026-06-30"
        )
        # A closed period's record is frozen: the explanation changes only through the close.
        with self.assertRaisesRegex(UserError, "change only through Close and Reopen"):
            self.p1.write({"close_explanation": "something else"})
        self.assertEqual(
            self.p1.close_explanation, "15 kg melt loss at the contractor, its report of 2026-06-30"
        )

    def test_figures_have_one_format_in_the_wizard_and_on_the_form(self):
        # 1,234.5 kg in, 234 kg out: 1,000.5 kg carried forward, in both places the same way.
        self.post(1234.5)
        self.post(234, direction="output")
        preview = self.wizard().preview_html
        self.assertIn("1,234.5", self.p1.balance_html)
        self.assertIn("1,000.5", self.p1.balance_html)
        self.assertIn("1,000.5", preview)
        self.assertNotIn("1,234.500", preview)
        self.assertNotIn("0.000", preview)
