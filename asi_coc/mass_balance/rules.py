from dataclasses import dataclass, field

from .figures import EPSILON

# V2.1 8.8 a / V3 5.2.2 b: an internal overdraft is at most 20 % of the period's CoC material
# input (ASI and eligible, in the balance's unit).
OVERDRAFT_MAX_SHARE = 0.20
# V3 5.2.1 a: a positive balance carries forward at most once in any three consecutive periods.
V3_CARRY_FORWARD_WINDOW = 3


@dataclass
class Problem:
    """A reason why something is refused; the Odoo layer turns it into a translated message."""

    code: str
    values: dict = field(default_factory=dict)


@dataclass
class CloseEntries:
    """What closing one material's balance writes (kg, all >= 0)."""

    overdraft_repayment: float = 0.0
    expiry: float = 0.0
    carry_forward: float = 0.0


class RuleSet:
    """Rules common to every rule set. Subclasses follow the clause text."""

    code = None

    def designatable(self, figures, repayment_due=0.0):
        """What can still be designated: the balance less the previous period's overdraft
        still to repay, reserved from the first day of this period (V2.1 8.8 c "应当在随后的
        材料核算期补足", V3 5.2.2)."""
        return figures.available - max(repayment_due, 0.0)

    def share_headroom(self, figures):
        """The ASI output the input share still allows (V2.1 8.7); None where the rule set
        has no share rule."""
        return None  # noqa: RET501 - subclasses return kg

    def check_share(self, figures):
        """The input-share rule (V2.1 8.7) at close; None where the rule set has none."""
        return None  # noqa: RET501 - PercentageRules returns a Problem

    def check_designation(self, figures, kg, repayment_due=0.0):
        """V2.1 8.5, V3 6.2: a designation is of a whole quantity; it is accepted only if the
        balance, less the overdraft due (V2.1 8.8 c), covers all of it."""
        if kg <= 0:
            return Problem("not_positive", {"requested": kg})
        designatable = self.designatable(figures, repayment_due)
        if repayment_due > EPSILON and kg > designatable + EPSILON:
            return Problem(
                "repayment_reserved",
                {
                    "due": repayment_due,
                    "available": figures.available,
                    "designatable": designatable,
                    "requested": kg,
                },
            )
        if kg > designatable + EPSILON:
            return Problem("insufficient", {"available": figures.available, "requested": kg})
        return None

    def check_overdraft(self, figures, kg, affected_kg, already_taken=0.0):
        """V2.1 8.8 a-b, V3 5.2.2: at most 20 % of the period's CoC material input, in the
        balance's unit (converted, V3 5.1.2), and at most the mass affected by the
        force-majeure event."""
        if kg <= 0:
            return Problem("not_positive", {"requested": kg})
        if kg > affected_kg + EPSILON:
            return Problem("overdraft_above_affected", {"requested": kg, "affected": affected_kg})
        base = figures.asi_in_converted
        limit = OVERDRAFT_MAX_SHARE * base
        if already_taken + kg > limit + EPSILON:
            return Problem(
                "overdraft_above_limit",
                {"requested": kg, "taken": already_taken, "limit": limit, "asi_in": base},
            )
        return None

    def check_close(self, figures, repayment_due=0.0):
        """Problems that forbid closing this material's balance."""
        problems = []
        base = figures.asi_in_converted
        if figures.overdraft > OVERDRAFT_MAX_SHARE * base + EPSILON:
            problems.append(
                Problem(
                    "overdraft_above_limit",
                    {
                        "requested": figures.overdraft,
                        "taken": 0.0,
                        "limit": OVERDRAFT_MAX_SHARE * base,
                        "asi_in": base,
                    },
                )
            )
        # V2.1 8.8 c, V3 5.2.2 b: the previous period's overdraft is repaid in this one,
        # from its own inputs: a new overdraft never repays an old one.
        if repayment_due > figures.available + EPSILON:
            problems.append(
                Problem("repayment_missing", {"due": repayment_due, "available": figures.available})
            )
        elif repayment_due > figures.own_resources + EPSILON:
            problems.append(
                Problem(
                    "repayment_from_overdraft",
                    {
                        "due": repayment_due,
                        "own": figures.own_resources,
                        "overdraft": figures.overdraft,
                    },
                )
            )
        elif figures.available < -EPSILON:
            problems.append(Problem("negative_balance", {"available": figures.available}))
        return problems

    def may_carry_forward(self, carried_out_history):
        """Whether a positive balance may carry into the next period, given the kg carried
        out of the previous periods of the scope (most recent first)."""
        return True

    def close_entries(self, figures, repayment_due=0.0, carry_forward=True, carry_allowed=True):
        """Repayment of the previous overdraft, expiry of an unused carried-in balance, and
        what carries forward (V2.1 8.8 c, 8.9; V3 5.2)."""
        entries = CloseEntries(overdraft_repayment=max(repayment_due, 0.0))
        remaining = figures.available - entries.overdraft_repayment
        # V2.1 8.9 b / V3 5.2.1 b: a carried-in balance is used first and expires at the end
        # of the period it was carried into.
        consumed = (
            figures.asi_out_converted + figures.overdraft_repaid + entries.overdraft_repayment
        )
        if figures.site_scope:
            consumed += figures.intra_asi_out
        unused_carried = max(figures.carried_in - consumed, 0.0)
        entries.expiry = min(unused_carried, max(remaining, 0.0))
        remaining -= entries.expiry
        if remaining > EPSILON:
            if carry_forward and carry_allowed:
                entries.carry_forward = remaining
            else:
                # Not carried: the positive balance lapses, recorded explicitly.
                entries.expiry += remaining
        return entries


class PercentageRules(RuleSet):
    """ASI CoC Standard V2.1, criterion 8: the percentage method.

    During the period, designations are limited by the ASI (and eligible) inputs plus
    carried-in balance and overdraft (8.4); at close, the ASI share of total outputs may not
    exceed the ASI share of inputs (8.7; brochure: 50 % ASI input, at most 50 % ASI output).
    A carried-in balance (8.9) and an overdraft (8.8) are kg of ASI output the entity is
    entitled to: they add to what the share allows, they are not inflows diluted by it.
    """

    code = "v2_1"

    def share_allowed(self, figures):
        """ASI output (kg, balance unit) the period may have at close (V2.1 8.7-8.9)."""
        return (
            figures.out_total_converted * figures.input_share
            + figures.carried_in
            + figures.overdraft
        )

    def share_headroom(self, figures):
        """V2.1 8.7: input share x outputs so far (+ carried-in balance and overdraft)
        - ASI outputs: what can still leave as ASI before the close refuses it."""
        return self.share_allowed(figures) - figures.asi_out_converted

    def check_share(self, figures):
        """V2.1 8.7: the ASI output may not exceed what the input share allows. The close
        refuses it and the reconciliation flags it: one check, one tolerance."""
        allowed = self.share_allowed(figures)
        if figures.asi_out_converted > allowed + EPSILON:
            return Problem(
                "share_exceeded",
                {
                    "asi_out": figures.asi_out_converted,
                    "out_total": figures.out_total_converted,
                    "output_share": figures.output_share * 100,
                    "input_share": figures.input_share * 100,
                    "allowed": allowed,
                },
            )
        return None

    def check_close(self, figures, repayment_due=0.0):
        problems = super().check_close(figures, repayment_due)
        problem = self.check_share(figures)
        return [*problems, problem] if problem else problems


class CreditRules(RuleSet):
    """ASI CoC Standard V3 draft, section 5: the credit method.

    Available = ASI inputs x standard conversion factor + carried-in + overdraft - ASI
    outputs (5.1); a positive balance carries forward at most once in three consecutive
    periods and only into the next one (5.2.1).
    """

    code = "v3_option1"
    min_site_share = None  # option 2 only

    def may_carry_forward(self, carried_out_history):
        recent = carried_out_history[: V3_CARRY_FORWARD_WINDOW - 1]
        return not any(kg > EPSILON for kg in recent)


class CreditRulesOption2(CreditRules):
    """V3 option 2 (3.3, 5.3): entity balance, and each site that ships ASI material sources
    ASI inputs of at least a minimum share of its ASI outputs."""

    code = "v3_option2"

    def check_sites(self, site_figures, min_share):
        """``site_figures``: {site: Figures}. ``min_share`` in % (company setting)."""
        problems = []
        for site, figures in site_figures.items():
            if figures.asi_out_converted <= EPSILON:
                continue
            required = figures.asi_out_converted * min_share / 100.0
            if figures.asi_in_converted + EPSILON < required:
                problems.append(
                    Problem(
                        "site_share",
                        {
                            "site": site,
                            "asi_in": figures.asi_in_converted,
                            "asi_out": figures.asi_out_converted,
                            "min_share": min_share,
                            "required": required,
                        },
                    )
                )
        return problems


class CreditRulesOption3(CreditRules):
    """V3 option 3 (1.2): one balance per site; intra-entity transfers move balance."""

    code = "v3_option3"


RULE_SETS = {
    rules.code: rules
    for rules in (PercentageRules, CreditRules, CreditRulesOption2, CreditRulesOption3)
}


def rules_for(code):
    return RULE_SETS[code]()
