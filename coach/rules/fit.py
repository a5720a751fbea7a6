"""One definition of "inside the ICP": each checkable ICP condition against what is known of an account. Pure.

The deal verdict (`deal.outside_icp`) and account fit (`coach fit`) both ask this module. A condition is `in`
when a stated value meets it, `out` when a stated value fails it, `unknown` when the value it needs is not
stated (never counted as a pass), and `unchecked` when the condition is not one an account's data can check
(a buying situation, a deal size).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from coach import lexicon
from coach.framework import DealFacts, IcpCondition, Money, NumberFact, Strict

Fit = Literal["in", "out", "unknown", "unchecked"]
# A company-size condition counted in these units compares with an employee count; "lawyers" or "beds" do not.
PEOPLE_UNITS = {"employees", "staff", "people", "fte", "ftes", "emp", "headcount"}
CHECKABLE = ("industry", "company_size", "revenue", "region", "tech_stack")


class ConditionFit(Strict):
    """One ICP condition checked against one account."""

    condition: str
    dimension: str
    fit: Fit
    reason: str
    quote: str | None = None


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", text.lower()) if len(t) > 2 or t.isdigit()}


def inside(value: str, allowed: list[str], known: Callable[[str, list[str]], bool | None]) -> bool:
    """Whether a stated value is inside the ICP's named values: by the shared alias table, else by whole words.

    The alias table decides when it knows both sides ("Toronto" is inside "US or Canada", "payments" inside
    "fintech", "Australia" is not inside "US"). Otherwise a value is inside when one side's words all occur
    among the other's whole words; never by substring.
    """
    verdict = known(value, allowed)
    if verdict is not None:
        return verdict
    words = _tokens(value)
    return any(words and (words <= _tokens(a) or _tokens(a) <= words) for a in allowed if _tokens(a))


def money_words(money: Money) -> str:
    symbol = {"USD": "$", "EUR": "EUR ", "GBP": "GBP ", "CAD": "CAD ", "AUD": "AUD "}.get(money.currency, "")
    return f"{symbol}{money.amount:,.0f}"


def in_currency(money: Money, currency: str, rates: dict[str, float]) -> float | None:
    """The amount per year in another currency, by US-dollar rates; None when either rate is unknown."""
    if money.currency == currency:
        return money.annual_amount()
    if money.currency not in rates or currency not in rates:
        return None
    return money.annual_amount() * rates[money.currency] / rates[currency]


def counts_people(condition: IcpCondition) -> bool:
    """Whether a company-size condition counts employees (rather than beds, lawyers, stores...)."""
    return not condition.values or bool(set(v.lower() for v in condition.values) & PEOPLE_UNITS)


def condition_fit(
    condition: IcpCondition,
    deal: DealFacts,
    rates: dict[str, float] | None = None,
    size: NumberFact | None = None,
) -> ConditionFit:
    """Check one condition. `size` is the account's size in the condition's own unit when it is not people."""
    rates = rates if rates is not None else lexicon.usd_rates()

    def result(fit: Fit, reason: str, quote: str | None = None) -> ConditionFit:
        return ConditionFit(
            condition=condition.text, dimension=condition.dimension, fit=fit, reason=reason, quote=quote
        )

    def bounded(x: float) -> bool:
        low, high = condition.minimum, condition.maximum
        return (low is None or x >= low) and (high is None or x <= high)

    dimension, named = condition.dimension, bool(condition.values)
    if dimension in ("industry", "region", "tech_stack") and not named:
        return result("unchecked", f"{condition.text!r} names no value to check")
    if dimension == "industry":
        if deal.industry is None:
            return result("unknown", "the industry is not stated")
        stated = lexicon.industry_of(deal.industry.value)
        named = [lexicon.industry_of(a) for a in condition.values]
        lines = [w for w in named if w and stated and w.parent == stated.name]
        # "manufacturing" for "discrete manufacturers": which line it is, the notes do not say.
        if lines and stated not in named:
            return result("unknown", f"industry {deal.industry.value!r} is broader than {condition.text!r}",
                          deal.industry.quote)  # fmt: skip
        ok = inside(deal.industry.value, condition.values, lexicon.industry_inside)
        word = "is" if ok else "is not"
        return result("in" if ok else "out", f"industry {deal.industry.value!r} {word} in {condition.text!r}",
                      deal.industry.quote)  # fmt: skip
    if dimension == "region":
        if deal.region is None:
            return result("unknown", "the region is not stated")
        ok = inside(deal.region.value, condition.values, lexicon.place_inside)
        if not ok and any(lexicon.place_inside(v, [deal.region.value]) for v in condition.values):
            # "EMEA" against "EU": the account may or may not be inside; a broader place is never a pass or a fail.
            return result("unknown", f"region {deal.region.value!r} is broader than {condition.text!r}",
                          deal.region.quote)  # fmt: skip
        word = "is" if ok else "is not"
        return result("in" if ok else "out", f"region {deal.region.value!r} {word} in {condition.text!r}",
                      deal.region.quote)  # fmt: skip
    if dimension == "company_size":
        if condition.minimum is None and condition.maximum is None:
            return result("unchecked", f"{condition.text!r} has no bound")
        count, unit = (deal.employees, "employees") if counts_people(condition) else (size, condition.values[0])
        if count is None:
            return result("unknown", f"the number of {unit} is not stated")
        ok = bounded(count.value)
        return result("in" if ok else "out", f"{count.value:,.0f} {unit} is {'' if ok else 'outside '}"
                      f"{'within ' if ok else ''}{condition.text!r}", count.quote)  # fmt: skip
    if dimension == "revenue":
        if condition.minimum is None and condition.maximum is None:
            return result("unchecked", f"{condition.text!r} has no bound")
        if deal.revenue is None:
            return result("unknown", "the revenue is not stated")
        money = deal.revenue.money
        amount = in_currency(money, condition.currency or money.currency, rates)
        if amount is None:
            return result("unknown", f"revenue in {money.currency} has no known rate to {condition.currency}",
                          deal.revenue.quote)  # fmt: skip
        ok = bounded(amount)
        return result("in" if ok else "out", f"revenue of {money_words(money)} is {'within' if ok else 'outside'} "
                      f"{condition.text!r}", deal.revenue.quote)  # fmt: skip
    if dimension == "tech_stack":
        if not deal.tech:
            return result("unknown", "the systems the account runs are not stated")
        runs = [t for t in deal.tech if inside(t.value, condition.values, lexicon.tech_inside)]
        if runs:
            return result("in", f"the account runs {runs[0].value}", runs[0].quote)
        # "SAP" against "SAP ECC": a family says nothing of which product; a product named beside it does.
        broad = [t for t in deal.tech if lexicon.tech_broader(t.value, condition.values)]
        named = [t for t in deal.tech if t not in broad]
        # A system of another kind (a data warehouse against a CRM condition) says nothing either way.
        if rivals := [t for t in named if lexicon.tech_rival(t.value, condition.values) is not False]:
            return result("out", f"the account runs {rivals[0].value}, not {condition.text!r}", rivals[0].quote)
        if broad:
            return result("unknown", f"{broad[0].value!r} is broader than {condition.text!r}", broad[0].quote)
        return result("unknown", f"the account's {condition.text!r} system is not stated", deal.tech[0].quote)
    return result("unchecked", f"a {dimension.replace('_', ' ')} condition is not checked against an account")


def icp_fit(
    conditions: list[IcpCondition],
    deal: DealFacts,
    rates: dict[str, float] | None = None,
    size: NumberFact | None = None,
) -> list[ConditionFit]:
    """Every checkable condition, one answer per dimension: conditions on one dimension are alternatives.

    "Fintech or banking", written as two industry conditions, is met by either; the dimensions themselves must
    all be met. A size counted in another unit (beds, lawyers) is its own dimension.
    """
    groups: dict[tuple[str, ...], list[ConditionFit]] = {}
    for condition in refined(conditions):
        unit = () if condition.dimension != "company_size" or counts_people(condition) else tuple(condition.values)
        groups.setdefault((condition.dimension, *unit), []).append(condition_fit(condition, deal, rates, size))
    return [either(checks) for checks in groups.values()]


def refined(conditions: list[IcpCondition]) -> list[IcpCondition]:
    """The conditions less a place, an industry or a system that another condition narrows: "North America" in a
    title, then "the United States and Canada" in the text, means the two countries (Mexico is not an alternative
    way in); "DACH manufacturing" in a title, then "discrete manufacturers" in the text, means that line of it;
    "SAP" in a title, then "running SAP ECC 6.0 today", means ECC (an account already on S/4HANA is not in)."""

    def within(value: str, broader: list[str]) -> bool:
        line = lexicon.industry_of(value)
        return line is not None and any((b := lexicon.industry_of(w)) and line.parent == b.name for w in broader)

    def narrows(a: IcpCondition, b: IcpCondition) -> bool:
        if a is b or a.dimension != b.dimension or not a.values or set(a.values) == set(b.values):
            return False
        if a.dimension == "region":
            return all(lexicon.place_inside(v, b.values) for v in a.values)
        if a.dimension == "tech_stack":
            return all(lexicon.tech_broader(v, a.values) for v in b.values)
        return a.dimension == "industry" and all(within(v, b.values) for v in a.values)

    return [b for b in conditions if not any(narrows(a, b) for a in conditions)]


def either(checks: list[ConditionFit]) -> ConditionFit:
    """Alternatives: in when any is met, else unknown when any cannot be checked, else out (every one failed)."""
    for fit in ("in", "unknown", "out", "unchecked"):
        found = [c for c in checks if c.fit == fit]
        if found:
            if len(checks) == 1 or fit in ("in", "unchecked"):
                return found[0]
            names = " or ".join(dict.fromkeys(c.condition for c in checks))
            reason = found[0].reason.replace(repr(found[0].condition), repr(names))
            return found[0].model_copy(update={"condition": names, "reason": reason})
    raise ValueError("no checks")


def overall(checks: list[ConditionFit]) -> Fit:
    """out when any condition fails; unknown when none fails but one cannot be checked; else in."""
    fits = {c.fit for c in checks}
    return "out" if "out" in fits else "unknown" if "unknown" in fits else "in"
