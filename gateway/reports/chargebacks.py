"""Price the partner's chargeback rules against the breaches the report's measures found.

The measures (:mod:`gateway.reports.measures`) record every breach a rule may charge for as an
:class:`~gateway.reports.model.Occurrence` with the cartons and the value concerned. Here each rule
of the profile's ``compliance.chargebacks`` prices its occurrences one by one, as vendor
compliance manuals do (the minimum and maximum bound each occurrence's charge, not the total),
rounds each charge to cents, and adds them up. A rule the gateway cannot measure is listed with
no occurrences and nothing at risk, so the report shows it was not forgotten.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from gateway.partners.model import ChargebackRule
from gateway.reports.figures import money
from gateway.reports.model import Chargeback, Occurrence

#: rule name -> the breaches found for it in the period
Incidents = dict[str, list[Occurrence]]


def price(rule: ChargebackRule, occurrence: Occurrence) -> tuple[Decimal, bool, bool]:
    """The charge of one occurrence in cents, and whether the minimum or the maximum set it."""
    unbounded = ChargebackRule(basis=rule.basis, amount=rule.amount, percent=rule.percent)
    raw = unbounded.charge(occurrence.cartons, occurrence.value)
    charged = rule.charge(occurrence.cartons, occurrence.value)
    return money(charged), rule.minimum is not None and charged > raw, rule.maximum is not None and charged < raw


def price_rules(rules: Mapping[str, ChargebackRule], incidents: Incidents,
                measured_by: Mapping[str, str]) -> list[Chargeback]:
    """One :class:`Chargeback` per rule, by rule name, with its occurrences priced."""
    out = []
    for name, rule in sorted(rules.items()):
        measured = name in measured_by
        # copies: one breach may count under several rules (a late ASN that also ships too much)
        items = [replace(i) for i in incidents.get(name, [])] if measured else []
        total = Decimal(0)
        minimums = maximums = 0
        for item in items:
            item.charge, low, high = price(rule, item)
            total += item.charge
            minimums += low
            maximums += high
        out.append(Chargeback(
            rule=name, basis=rule.basis, amount=rule.amount, percent=rule.percent, minimum=rule.minimum,
            maximum=rule.maximum, occurrences=len(items) if measured else None,
            cartons=sum(i.cartons for i in items),
            value=money(sum((i.value for i in items if i.value is not None), Decimal(0))),
            unvalued=sum(1 for i in items if i.value is None), minimums_applied=minimums,
            maximums_applied=maximums, at_risk=money(total),
            measured_by=measured_by.get(name, "not measured by the gateway"), items=items))
    return out
