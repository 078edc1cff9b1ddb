import re

from odoo.tests import HttpCase, tagged

from .common import AsiPurchaseCase


@tagged("post_install", "-at_install")
class TestSurveyPublicFlow(AsiPurchaseCase, HttpCase):
    """The vendor opens the link of the e-mail, not logged in, answers the questionnaire
    through survey's public routes, and the assessment becomes answered."""

    def _post_json(self, url, params):
        response = self.opener.post(self.base_url() + url, json={"params": params})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("error", response.json(), response.text)
        return response.json()["result"]

    def test_vendor_answers_through_the_public_link(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        answer = dd.user_input_id
        token, survey_token = answer.access_token, self.survey.access_token
        url = dd.questionnaire_url.replace(dd.get_base_url(), "")

        response = self.url_open(url)  # /survey/start/<survey>?answer_token=<answer>
        self.assertEqual(response.status_code, 200)
        self.assertIn("supplier due-diligence questionnaire", response.text)
        response = self.url_open(f"/survey/{survey_token}/{token}")
        self.assertEqual(response.status_code, 200)
        csrf = re.search(r'csrf_token.+value="([a-f0-9]{40}o[0-9]*)"', response.text).group(1)

        self._post_json(f"/survey/begin/{survey_token}/{token}", {})
        post = {"csrf_token": csrf, "token": token}
        for question in self.survey.question_ids:
            if question.question_type == "simple_choice":
                post[str(question.id)] = str(question.suggested_answer_ids[0].id)
            elif question.question_type == "multiple_choice":
                post[str(question.id)] = [str(question.suggested_answer_ids[1].id)]
            elif question.question_type in ("char_box", "text_box"):
                post[str(question.id)] = "Plain Metals Ltd, Shanghai"
        self._post_json(f"/survey/submit/{survey_token}/{token}", post)

        answer.invalidate_recordset()
        dd.invalidate_recordset()
        self.assertEqual(answer.state, "done")
        self.assertEqual(dd.state, "answered")
        self.assertIn("Post-consumer scrap", dd.answer_summary)
        self.assertIn("Plain Metals Ltd, Shanghai", dd.answer_summary)
        self.assess(dd)
        dd.action_approve()
        self.assertEqual(dd.state, "approved")

    def test_incomplete_submission_is_refused(self):
        dd = self.new_dd(self.non_coc)
        self.send(dd)
        token, survey_token = dd.user_input_id.access_token, self.survey.access_token
        response = self.url_open(f"/survey/start/{survey_token}?answer_token={token}")
        self.assertEqual(response.status_code, 200)
        response = self.url_open(f"/survey/{survey_token}/{token}")
        csrf = re.search(r'csrf_token.+value="([a-f0-9]{40}o[0-9]*)"', response.text).group(1)
        self._post_json(f"/survey/begin/{survey_token}/{token}", {})
        response = self.opener.post(
            self.base_url() + f"/survey/submit/{survey_token}/{token}",
            json={"params": {"csrf_token": csrf, "token": token}},
        )
        self.assertEqual(response.json()["result"][1]["error"], "validation")
        dd.invalidate_recordset()
        self.assertEqual(dd.state, "sent")
