import re

from lxml import etree

from odoo.tests import BaseCase, tagged
from odoo.tools.misc import file_path


@tagged("post_install", "-at_install")
class TestDemoData(BaseCase):
    """The demo database is what a new user learns from (issue 14, point 10): its
    outsourcing lines name the outsourcing contractor, as the stock flow records it
    (asi_coc_stock: the picking's partner, an outsourcing contractor; V2.1 2)."""

    def test_outsourcing_lines_name_an_outsourcing_contractor(self):
        tree = etree.parse(file_path("asi_coc/demo/asi_coc_demo.xml"))
        roles = {
            record.get("id"): record.findtext("field[@name='asi_role']")
            for record in tree.iterfind("//record[@model='res.partner']")
        }
        partners = []
        for function in tree.iterfind("//function[@model='asi.ledger.line'][@name='post']"):
            for line in re.findall(
                r"\{[^{}]*'flow_type': 'outsourcing'[^{}]*\}", function.get("eval")
            ):
                partners.append(re.search(r"'partner_id': ref\('(\w+)'\)", line).group(1))
        self.assertEqual(len(partners), 2)  # 5,000 kg sent to the anodiser, 4,985 kg back
        self.assertEqual({roles[p] for p in partners}, {"outsourcing_contractor"})
