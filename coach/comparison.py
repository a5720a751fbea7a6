"""Comparing our ICP with a partner's, and the partner-facing ICP brief. Pure: two program drafts in.

Both descriptions are read into the same models (`ProgramDraft`); the comparison sets them side by side per
dimension (firmographic, technographic, the deal, buyer roles, triggers, exclusions) and says where they agree,
overlap or differ, and which segments only one side targets. Places and industries compare through the lexicon
(a city lies in its country, "payments" in fintech), sizes and money as ranges (money by the rate table). Where
both target the same segment and our program has no rule that keeps some deals direct, a channel-conflict warning
says so. The brief is inert Markdown for the partner: our checkable conditions, buyer map, trigger, exclusions and
operator sentence, without internal numbers (deal-size floors, the evidence) unless asked for.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coach import lexicon
from coach.framework import BuyerRole, IcpCondition, ProgramDraft, Strict
from coach.markdown import inert
from coach.rules.fit import money_words
from coach.rules.program import operator_sentence

Status = Literal["agree", "overlap", "differ", "only ours", "only theirs", "neither"]
GROUPS = {
    "industry": "firmographic",
    "company_size": "firmographic",
    "revenue": "firmographic",
    "region": "firmographic",
    "tech_stack": "technographic",
    "deal_size": "the deal",
    "buying_situation": "the deal",
}
_ROLES = {"decision_maker": "who signs", "influencer": "who shapes the shortlist", "blocker": "who can stall it"}
# Exclusions that keep some deals direct: with one of them, both sides may target a segment without conflict.
_SPLITS = ("deal_size", "repeatable_direct_motion", "buyer_trusts_vendor", "segment")


class DimensionRow(Strict):
    """One dimension of the two ICPs side by side."""

    group: str
    dimension: str
    ours: str
    theirs: str
    status: Status
    only_ours: list[str] = Field(default_factory=list, description="Segments only we target on this dimension.")
    only_theirs: list[str] = Field(default_factory=list, description="Segments only the partner targets.")


class IcpComparison(Strict):
    rows: list[DimensionRow]
    shared_segment: bool | None = Field(
        description="Both target a common segment (industry and region, where both name them); None when neither "
        "dimension is named by both sides, so it cannot be told."
    )
    channel_conflict: str | None = Field(description="The warning, when nothing splits our direct motion from theirs.")
    split_by: list[str] = Field(default_factory=list, description="Our exclusions that keep some deals direct.")


def _conditions(draft: ProgramDraft, dimension: str) -> list[IcpCondition]:
    return [c for c in draft.icp.conditions if c.dimension == dimension and c.is_checkable()]


def _named(draft: ProgramDraft, dimension: str) -> list[str]:
    return list(dict.fromkeys(v for c in _conditions(draft, dimension) for v in c.values))


def _words(conditions: list[IcpCondition]) -> str:
    return "; ".join(dict.fromkeys(c.text for c in conditions)) or "-"


def _values_row(ours: ProgramDraft, theirs: ProgramDraft, dimension: str) -> DimensionRow:
    a, b = _named(ours, dimension), _named(theirs, dimension)
    text = (_words(_conditions(ours, dimension)), _words(_conditions(theirs, dimension)))
    if not a or not b:
        status: Status = "neither" if not a and not b else "only ours" if a else "only theirs"
        return DimensionRow(group=GROUPS[dimension], dimension=dimension, ours=text[0], theirs=text[1], status=status)
    inside = {"industry": lexicon.industry_inside, "region": lexicon.place_inside}.get(dimension)

    def covered(value: str, other: list[str]) -> bool:
        if inside is not None:
            return bool(inside(value, other))
        return value.lower() in {o.lower() for o in other}

    only_a = [v for v in a if not covered(v, b) and not any(covered(o, [v]) for o in b)]
    only_b = [v for v in b if not covered(v, a) and not any(covered(o, [v]) for o in a)]
    same = {_canonical(dimension, v) for v in a} == {_canonical(dimension, v) for v in b}
    status = "agree" if same else "differ" if len(only_a) == len(a) and len(only_b) == len(b) else "overlap"
    return DimensionRow(
        group=GROUPS[dimension], dimension=dimension, ours=text[0], theirs=text[1], status=status,
        only_ours=only_a, only_theirs=only_b,
    )  # fmt: skip


def _canonical(dimension: str, value: str) -> str:
    if dimension == "industry" and (industry := lexicon.industry_of(value)):
        return industry.name
    if dimension == "region" and (place := lexicon.place_of(value)):
        return place.name
    return value.lower()


def _range(draft: ProgramDraft, dimension: str, rates: dict[str, float]) -> tuple[float, float] | None:
    """The widest range the conditions on one dimension allow, money in US dollars."""
    found = [c for c in _conditions(draft, dimension) if c.minimum is not None or c.maximum is not None]
    if not found:
        return None
    rate = [rates.get(c.currency or "USD", 1.0) if dimension in ("revenue", "deal_size") else 1.0 for c in found]
    low = min((c.minimum or 0.0) * r for c, r in zip(found, rate, strict=True))
    high = max((c.maximum if c.maximum is not None else float("inf")) * r for c, r in zip(found, rate, strict=True))
    return low, high


def _range_row(ours: ProgramDraft, theirs: ProgramDraft, dimension: str, rates: dict[str, float]) -> DimensionRow:
    a, b = _range(ours, dimension, rates), _range(theirs, dimension, rates)
    text = (_words(_conditions(ours, dimension)), _words(_conditions(theirs, dimension)))
    if a is None or b is None:
        status: Status = "neither" if a is None and b is None else "only ours" if a else "only theirs"
        return DimensionRow(group=GROUPS[dimension], dimension=dimension, ours=text[0], theirs=text[1], status=status)
    same = abs(a[0] - b[0]) <= 0.01 * max(a[0], 1) and (a[1] == b[1] or abs(a[1] - b[1]) <= 0.01 * max(a[1], 1))
    apart = a[1] < b[0] or b[1] < a[0]
    status = "agree" if same else "differ" if apart else "overlap"
    return DimensionRow(group=GROUPS[dimension], dimension=dimension, ours=text[0], theirs=text[1], status=status)


def _title(role: BuyerRole | None) -> str:
    return role.title if role is not None and role.title else "-"


def _plain_title(title: str) -> str:
    return " ".join(w for w in title.lower().replace(",", " ").split() if w not in ("of", "the", "for", "and"))


def compare(ours: ProgramDraft, theirs: ProgramDraft, rates: dict[str, float] | None = None) -> IcpComparison:
    """Our ICP and a partner's, dimension by dimension, with the channel-conflict check."""
    rates = {**lexicon.usd_rates(), **(rates or {})}
    rows = [_values_row(ours, theirs, d) for d in ("industry", "region")]
    rows += [_range_row(ours, theirs, d, rates) for d in ("company_size", "revenue")]
    rows += [_values_row(ours, theirs, d) for d in ("tech_stack", "buying_situation")]
    rows.append(_range_row(ours, theirs, "deal_size", rates))
    for role, words in _ROLES.items():
        a, b = _title(getattr(ours.buyers, role)), _title(getattr(theirs.buyers, role))
        status: Status = (
            "neither" if a == b == "-" else "only ours" if b == "-" else "only theirs" if a == "-"
            else "agree" if _plain_title(a) == _plain_title(b) else "differ"
        )  # fmt: skip
        rows.append(DimensionRow(group="buyer roles", dimension=words, ours=a, theirs=b, status=status))
    a_kind = ours.trigger.kind if ours.trigger else None
    b_kind = theirs.trigger.kind if theirs.trigger else None
    trigger_status: Status = (
        "neither" if a_kind is None and b_kind is None else "only ours" if b_kind is None
        else "only theirs" if a_kind is None else "agree" if a_kind == b_kind else "differ"
    )  # fmt: skip
    rows.append(
        DimensionRow(
            group="triggers", dimension="trigger", status=trigger_status,
            ours=f"{ours.trigger.text} ({a_kind})" if ours.trigger else "-",
            theirs=f"{theirs.trigger.text} ({b_kind})" if theirs.trigger else "-",
        )
    )  # fmt: skip
    a_ex = sorted({e.kind for e in ours.exclusions})
    b_ex = sorted({e.kind for e in theirs.exclusions})
    ex_status: Status = (
        "neither" if not a_ex and not b_ex else "only ours" if not b_ex else "only theirs" if not a_ex
        else "agree" if a_ex == b_ex else "overlap" if set(a_ex) & set(b_ex) else "differ"
    )  # fmt: skip
    rows.append(
        DimensionRow(
            group="exclusions", dimension="where partners are not allowed", status=ex_status,
            ours="; ".join(e.text for e in ours.exclusions) or "-",
            theirs="; ".join(e.text for e in theirs.exclusions) or "-",
            only_ours=[k for k in a_ex if k not in b_ex], only_theirs=[k for k in b_ex if k not in a_ex],
        )
    )  # fmt: skip
    shared = _shared_segment(rows)
    split_by = [e.text for e in ours.exclusions if e.kind in _SPLITS]
    conflict = None
    if shared and not split_by:
        segment = ", ".join(r.ours for r in rows if r.dimension in ("industry", "region") and r.status != "neither")
        conflict = (
            f"Channel conflict: we and the partner both target {segment or 'the same accounts'}, and our program has "
            "no rule that keeps some of those deals direct (a deal-size floor, the repeatable direct motion, existing "
            "sponsors, or a segment kept from partners). Agree which deals stay direct before routing leads."
        )
    return IcpComparison(rows=rows, shared_segment=shared, channel_conflict=conflict, split_by=split_by)


def _shared_segment(rows: list[DimensionRow]) -> bool | None:
    """Both target a common segment: industry and region overlap or agree wherever both sides name them; None
    when neither is named by both sides."""
    both = [r for r in rows if r.dimension in ("industry", "region") and r.status in ("agree", "overlap", "differ")]
    if not both:
        return None
    return all(r.status in ("agree", "overlap") for r in both)


# --- The partner-facing brief ---------------------------------------------------------------------


def _md(text: str) -> str:
    return inert(text, one_line=True)


def partner_brief(draft: ProgramDraft, *, with_numbers: bool = False) -> str:
    """Our ICP as a Markdown brief a partner can be given: what we sell to, who buys, why now, where partners are
    not allowed, and the operator sentence. Deal-size floors and the ICP's evidence are internal numbers: left out
    unless `with_numbers`."""
    lines = ["# Who we sell to, for our partners", ""]
    conditions = [c for c in draft.icp.conditions if c.is_checkable() and (with_numbers or c.dimension != "deal_size")]
    lines.append("## The accounts")
    lines += [f"- {GROUPS.get(c.dimension, c.dimension)}, {c.dimension.replace('_', ' ')}: {_md(c.text)}"
              for c in conditions] or ["- (not stated yet)"]  # fmt: skip
    lines += ["", "## Who buys"]
    for role, words in _ROLES.items():
        found = getattr(draft.buyers, role)
        lines.append(f"- {words.capitalize()}: {_md(found.title) if found and found.title else 'not stated'}")
    lines += ["", "## Why they buy now"]
    lines.append(f"- {_md(draft.trigger.text)}" if draft.trigger else "- (not stated yet)")
    lines += ["", "## Where partners are not brought in"]
    for e in draft.exclusions:
        if e.kind == "deal_size" and not with_numbers:
            lines.append("- Deals below our minimum deal size (ask your partner manager for the figure).")
        elif e.kind == "deal_size" and e.threshold is not None:
            lines.append(f"- Deals below {money_words(e.threshold)}.")
        else:
            lines.append(f"- {_md(e.text)}")
    if not draft.exclusions:
        lines.append("- (not stated yet)")
    if with_numbers and draft.icp.evidence:
        lines += ["", "## What the numbers show"]
        lines += [f"- {_md(e.text)}" for e in draft.icp.evidence]
    sentence = operator_sentence(draft)
    if sentence:
        lines += ["", "## In one sentence", "", _md(sentence)]
    return "\n".join(lines) + "\n"
