from odoo import models

from ..tools.format import format_kg

# Values of a Problem that are percentages, not kilograms.
PERCENT_KEYS = ("output_share", "input_share", "min_share")


class AsiAccountingPeriod(models.Model):
    """The refusal messages: a Problem of ``asi_coc.mass_balance.rules`` (a code and its kg)
    as the sentence the user reads, with the clause that refuses."""

    # One model split by concern (issue 15): fields, figures, close, messages.
    _inherit = "asi.accounting.period"  # pylint: disable=consider-merging-classes-inherited

    def _problem_message(self, problem, material):
        v = dict(problem.values)
        for key, value in v.items():
            if isinstance(value, float) and key not in PERCENT_KEYS:
                v[key] = format_kg(value)
            elif isinstance(value, float):
                v[key] = f"{value:.2f}"
        name = material.name
        site = v.get("site")
        messages = {
            "not_positive": lambda: self.env._("The mass to designate must be positive."),
            "insufficient": lambda: self.env._(
                "Not enough ASI balance for %(material)s in period %(period)s: %(available)s kg "
                "available, %(requested)s kg requested. ASI material is designated whole or "
                "not at all (V2.1 8.5, V3 6.2).",
                material=name,
                period=self.name,
                **v,
            ),
            "overdraft_above_affected": lambda: self.env._(
                "An internal overdraft of %(requested)s kg is more than the %(affected)s kg "
                "affected by the force-majeure event (V2.1 8.8 b).",
                **v,
            ),
            "overdraft_above_limit": lambda: self.env._(
                "%(material)s: an internal overdraft may not exceed 20 %% of the period's ASI "
                "inputs (%(asi_in)s kg, so at most %(limit)s kg; already taken %(taken)s kg, "
                "requested %(requested)s kg) (V2.1 8.8 a, V3 5.2.2).",
                material=name,
                **v,
            ),
            "repayment_reserved": lambda: self.env._(
                "%(material)s: %(due)s kg of the previous period's internal overdraft are "
                "reserved for its repayment (V2.1 8.8 c): %(available)s kg in the balance, "
                "%(designatable)s kg can be designated, %(requested)s kg requested.",
                material=name,
                **v,
            ),
            "repayment_from_overdraft": lambda: self.env._(
                "%(material)s: the internal overdraft of the previous period must be "
                "repaid from this period's own inputs, not from a new overdraft (V2.1 8.8 c): "
                "%(due)s kg due, %(own)s kg without the %(overdraft)s kg overdraft of this "
                "period.",
                material=name,
                **v,
            ),
            "repayment_missing": lambda: self.env._(
                "%(material)s: the internal overdraft of the previous period must be repaid in "
                "this one (V2.1 8.8 c): %(due)s kg due, %(available)s kg available.",
                material=name,
                **v,
            ),
            "negative_balance": lambda: self.env._(
                "%(material)s: the balance is negative (%(available)s kg). Record a "
                "force-majeure overdraft or a correction first.",
                material=name,
                **v,
            ),
            "share_exceeded": lambda: self.env._(
                "%(material)s: ASI output is %(output_share)s %% of total output "
                "(%(asi_out)s of %(out_total)s kg) but ASI input is only %(input_share)s %% of "
                "inflows, which allows %(allowed)s kg (V2.1 8.7).",
                material=name,
                **v,
            ),
            "carry_forward_not_allowed": lambda: self.env._(
                "%(material)s: a positive balance carries forward at most once in any three "
                "consecutive periods (V3 5.2.1 a); %(balance)s kg cannot be carried now. Close "
                "without carrying forward: the balance lapses.",
                material=name,
                **v,
            ),
            "site_share": lambda: self.env._(
                "Site %(site)s shipped %(asi_out)s kg of ASI %(material)s but sourced only "
                "%(asi_in)s kg; option 2 requires at least %(min_share)s %% (%(required)s kg) "
                "(V3 3.3).",
                material=name,
                **dict(v, site=site.display_name if site else ""),
            ),
        }
        return messages[problem.code]()
