"""The flow table: which ledger rows (direction, flow type, ASI status) each figure counts.

This one table drives the figures of a balance (:func:`figures_from_sums`), the check of
what is a designation (:func:`is_designation`) and the reconciliation's filters and
drill-down domains (:func:`ledger_filters`), so that a figure and the lines behind it can
never disagree (as mis_builder builds its drill-down from the expression it computes).
"""

from dataclasses import dataclass
from functools import cache

from .figures import Figures

INPUT, OUTPUT = "input", "output"
# Flows across the certification scope: the inputs and outputs of the balance.
ACROSS = ("external", "correction")
# ASI and eligible material is credited to the balance (V2.1 8.3, 8.4; V3 5.1).
CREDITED = ("asi", "eligible")
# Flows of a converted material that count in the balance of the material it is converted
# into, all through the standard conversion factor (V3 5.1.2; outputs, V2.1 8.6): inputs,
# outputs, intra-entity transfers and outsourcing. The close entries and overdrafts are the
# balance's own (never converted).
CONVERTIBLE_FLOWS = (*ACROSS, "intra_entity", "outsourcing")

# Units of a figure (see Figures): the material's own kg, or kg of the balance (its own
# flows plus those of the materials converted into it, through their factor); DERIVED: no
# field of Figures, a sum or difference the reconciliation prints (its filter only).
OWN, BALANCE, DERIVED = "own", "balance", "derived"


@dataclass(frozen=True)
class Flow:
    """The ledger rows one figure counts: ``None`` matches every direction or status."""

    flow_types: tuple
    direction: str | None = None
    statuses: tuple | None = None
    unit: str = OWN

    def matches(self, direction, flow_type, status):
        return (
            flow_type in self.flow_types
            and self.direction in (None, direction)
            and (self.statuses is None or status in self.statuses)
        )

    def domain(self):
        """The filter on asi.ledger.line of the rows this figure counts."""
        domain = [] if self.direction is None else [("direction", "=", self.direction)]
        if len(self.flow_types) == 1:
            domain.append(("flow_type", "=", self.flow_types[0]))
        else:
            domain.append(("flow_type", "in", self.flow_types))
        if self.statuses is not None and len(self.statuses) == 1:
            domain.append(("asi_status", "=", self.statuses[0]))
        elif self.statuses is not None:
            domain.append(("asi_status", "in", self.statuses))
        return domain


INTRA, OUTSOURCING = ("intra_entity",), ("outsourcing",)
FLOWS = {
    # Inputs across the scope (V2.1 8.3, 8.4; V3 5.1); all of them for the share (V2.1 8.7)
    "asi_in": Flow(ACROSS, INPUT, ("asi",)),
    "eligible_in": Flow(ACROSS, INPUT, ("eligible",)),
    "non_asi_in": Flow(ACROSS, INPUT, ("non_asi",)),
    "in_total": Flow(ACROSS, INPUT, unit=DERIVED),
    "asi_in_converted": Flow(ACROSS, INPUT, CREDITED, BALANCE),
    "total_in_converted": Flow(ACROSS, INPUT, unit=BALANCE),
    # Outputs across the scope; the credited ones are designations (V2.1 8.5, 8.6; V3 6.2)
    "out_total": Flow(ACROSS, OUTPUT),
    "out_total_converted": Flow(ACROSS, OUTPUT, unit=BALANCE),
    "asi_out": Flow(ACROSS, OUTPUT, CREDITED),
    "asi_out_converted": Flow(ACROSS, OUTPUT, CREDITED, BALANCE),
    "non_asi_out": Flow(ACROSS, OUTPUT, ("non_asi",), DERIVED),
    # Inside the scope: between sites (V2.1 1.7 g; option 3 moves balance, V3 1.2)
    "intra_in": Flow(INTRA, INPUT),
    "intra_out": Flow(INTRA, OUTPUT),
    "intra_asi_in": Flow(INTRA, INPUT, CREDITED, BALANCE),
    "intra_asi_out": Flow(INTRA, OUTPUT, CREDITED, BALANCE),
    # Inside the scope: outsourcing contractors, reconciled each period (V2.1 2.4)
    "outsourcing_out": Flow(OUTSOURCING, OUTPUT),
    "outsourcing_in": Flow(OUTSOURCING, INPUT),
    "outsourcing_out_converted": Flow(OUTSOURCING, OUTPUT, unit=BALANCE),
    "outsourcing_in_converted": Flow(OUTSOURCING, INPUT, unit=BALANCE),
    "outsourcing_difference": Flow(OUTSOURCING, unit=DERIVED),
    # The close entries and overdrafts (V2.1 8.8, 8.9; V3 5.2)
    "carried_in": Flow(("carry_forward",), INPUT, unit=BALANCE),
    "carried_out": Flow(("carry_forward",), OUTPUT, unit=BALANCE),
    "expired": Flow(("expiry",), unit=BALANCE),
    "overdraft": Flow(("overdraft",), unit=BALANCE),
    "overdraft_repaid": Flow(("overdraft_repayment",), unit=BALANCE),
}
# The debits of ASI output (Figures.debits): an output row that one of these counts is a
# designation, checked against the balance before it is written (V2.1 8.5, V3 6.2).
# Intra-entity transfers move balance only between site balances (option 3, V3 1.2).
DESIGNATIONS = ("asi_out_converted",)
SITE_DESIGNATIONS = ("intra_asi_out",)


@cache
def _figures_of(direction, flow_type, status):
    """(own figures, balance figures) that one kind of ledger row adds to."""
    matching = [
        (name, flow.unit)
        for name, flow in FLOWS.items()
        if flow.unit != DERIVED and flow.matches(direction, flow_type, status)
    ]
    own = tuple(name for name, unit in matching if unit == OWN)
    balance = tuple(name for name, unit in matching if unit == BALANCE)
    return own, balance


def is_designation(direction, flow_type, status, site_scope=False):
    """Whether a row of this kind draws on the balance (an ASI or eligible output)."""
    names = DESIGNATIONS + (SITE_DESIGNATIONS if site_scope else ())
    return any(FLOWS[name].matches(direction, flow_type, status) for name in names)


def balance_material(material_id, flow_type, conversions):
    """The material whose balance a ledger row counts in: a material converted into another
    one (``conversions``: {input id: (output id, factor)}) is accounted in that one's
    balance for its convertible flows (V3 5.1.2)."""
    if material_id in conversions and flow_type in CONVERTIBLE_FLOWS:
        return conversions[material_id][0]
    return material_id


def figures_from_sums(rows, conversions, site_scope=False, site_id=None):
    """{material id: Figures} from grouped ledger rows (material, direction, flow type, ASI
    status[, site], kg), for each material with rows of its own or with a balance.

    A material's own rows give its own kg (the reconciliation lists them). A material
    converted into another one is accounted in that one's balance: all its flows through
    the factor (V3 5.1.2), so that 2,000 kg of alumina sold at 0.5 debit 1,000 kg of
    aluminium, and eligible scrap a producer ships draws on the same ASI share as its
    aluminium (V2.1 8.6). ``site_id``: only the rows of that site (rows grouped by site)."""
    result = {}

    def figures(material_id):
        if material_id not in result:
            result[material_id] = Figures(site_scope=site_scope)
        return result[material_id]

    for row in rows:
        material_id, direction, flow_type, status = row[:4]
        if site_id is not None and row[4] != site_id:
            continue
        kg = row[-1]
        own_names, balance_names = _figures_of(direction, flow_type, status)
        own = figures(material_id)
        for name in own_names:
            setattr(own, name, getattr(own, name) + kg)
        target_id = balance_material(material_id, flow_type, conversions)
        balance = figures(target_id)
        factor = conversions[material_id][1] if target_id != material_id else 1.0
        for name in balance_names:
            setattr(balance, name, getattr(balance, name) + kg * factor)
    return result


def ledger_filters(keys):
    """{figure: domain of the ledger lines it counts} for the reconciliation's drill-down;
    ``None`` for a figure of every line (e.g. the available balance)."""
    return {key: FLOWS[key].domain() if key in FLOWS else None for key in keys}
