from datetime import date

from .common import AsiCocCase


class MassBalanceCase(AsiCocCase):
    """A V2.1 company with one open period (2026-01-01 .. 2026-06-30) and helpers to post."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Period = cls.env["asi.accounting.period"]
        cls.Line = cls.env["asi.ledger.line"]
        cls.company.asi_rule_set = "v2_1"
        cls.p1 = cls.Period.create({"date_from": date(2026, 1, 1), "date_to": date(2026, 6, 30)})

    @classmethod
    def post(
        cls,
        kg,
        direction="input",
        status="asi",
        material=None,
        flow="external",
        on=date(2026, 2, 1),
        site=None,
        **extra,
    ):
        vals = {
            "date": on,
            "material_type_id": (material or cls.aluminium).id,
            "direction": direction,
            "asi_status": status,
            "flow_type": flow,
            "mass_kg": kg,
            "partner_id": cls.smelter.id,
            "site_id": site.id if site else False,
        }
        vals.update(extra)
        return cls.Line.post([vals])

    def balance(self, period=None, material=None, site=None):
        return (period or self.p1).get_balance(material or self.aluminium, site)

    def lines_of(self, period, flow):
        return self.Line.search([("period_id", "=", period.id), ("flow_type", "=", flow)])
