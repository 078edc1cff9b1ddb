from dataclasses import asdict, dataclass, fields

# Kilograms below this are rounding noise (masses are stored with 3 decimals).
EPSILON = 0.0005


@dataclass
class Figures:
    """Kilograms of one material in one scope (entity or site) for one period.

    Inputs and outputs are the flows across the certification scope (external and
    corrections); intra-entity and outsourcing flows are kept apart: they stay inside the
    scope, except that under option 3 intra-entity transfers move balance between sites.
    Masses are aluminium content for scrap and eligible waste (V2.1 8.3).

    Two units (V3 5.1.2): the plain fields (``asi_in``, ``out_total``, ``intra_in``...) are
    this material's own kg, for the reconciliation; the ``*_converted`` fields and
    ``intra_asi_*`` are kg of the balance, in its material: its own flows plus those of the
    materials converted into it, each through its standard conversion factor. The rules
    read the balance fields only. A material converted into another has its own kg here
    and no balance (its flows are charged to the other one).
    """

    asi_in: float = 0.0
    eligible_in: float = 0.0
    non_asi_in: float = 0.0
    # (ASI + eligible) inputs, i.e. the CoC material input, converted into this material
    # with the period's standard conversion factors (V3 5.1.2); all inputs converted, for
    # the input share (V2.1 8.7)
    asi_in_converted: float = 0.0
    total_in_converted: float = 0.0
    out_total: float = 0.0
    asi_out: float = 0.0
    # outputs charged to the balance through the same factors (V3 5.1.2, V2.1 8.6)
    out_total_converted: float = 0.0
    asi_out_converted: float = 0.0
    intra_in: float = 0.0
    intra_out: float = 0.0
    # ASI (and eligible) intra-entity flows in the balance's unit (option 3 moves them)
    intra_asi_in: float = 0.0
    intra_asi_out: float = 0.0
    outsourcing_out: float = 0.0
    outsourcing_in: float = 0.0
    # outsourcing in the balance's unit, reconciled per balance (V2.1 2.4)
    outsourcing_out_converted: float = 0.0
    outsourcing_in_converted: float = 0.0
    carried_in: float = 0.0
    carried_out: float = 0.0
    expired: float = 0.0
    overdraft: float = 0.0
    overdraft_repaid: float = 0.0
    # True when the figures are those of one site under option 3: intra-entity transfers
    # then move ASI balance between sites (V3 1.2).
    site_scope: bool = False

    @property
    def credits(self):
        credits = self.asi_in_converted + self.carried_in + self.overdraft
        if self.site_scope:
            credits += self.intra_asi_in
        return credits

    @property
    def debits(self):
        debits = self.asi_out_converted + self.carried_out + self.expired + self.overdraft_repaid
        if self.site_scope:
            debits += self.intra_asi_out
        return debits

    @property
    def available(self):
        """ASI output that can still be designated (V3 5.1, V2.1 8.4 running check)."""
        return self.credits - self.debits

    @property
    def own_resources(self):
        """The balance without this period's overdraft and its designations: what this
        period's own inputs and carried-in balance leave to repay the previous period's
        overdraft (V2.1 8.8 c: a new overdraft never repays an old one)."""
        designated = self.asi_out_converted + (self.intra_asi_out if self.site_scope else 0.0)
        return self.available - self.overdraft + designated

    @property
    def closing_balance(self):
        """The balance at the end of the period, before it is carried forward or expires."""
        return self.available + self.carried_out + self.expired

    @property
    def input_share(self):
        """ASI (and eligible) share of the period's own inputs, in the balance's unit
        (V2.1 8.7). A carried-in balance and an overdraft are not inflows: they are kg of
        ASI output the entity is entitled to (V2.1 8.8, 8.9), added to what the share
        allows (see PercentageRules)."""
        total = self.total_in_converted
        return self.asi_in_converted / total if total > EPSILON else 0.0

    @property
    def output_share(self):
        out = self.out_total_converted
        return self.asi_out_converted / out if out > EPSILON else 0.0

    @classmethod
    def from_dict(cls, values, site_scope=False):
        """The figures back from :meth:`as_dict` (e.g. get_balance()), for the rules."""
        names = {f.name for f in fields(cls)} - {"site_scope"}
        return cls(site_scope=site_scope, **{k: v for k, v in values.items() if k in names})

    def as_dict(self):
        values = asdict(self)
        values.pop("site_scope")
        values.update(
            available=self.available,
            closing_balance=self.closing_balance,
            input_share=self.input_share,
            output_share=self.output_share,
            outsourcing_difference=self.outsourcing_out - self.outsourcing_in,
        )
        return values
