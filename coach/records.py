"""What the workspace keeps, as strict models, and what is computed from them: draft diffs, the
outcome report, the decision export. Pure: no database (coach/store.py reads and writes these).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import Field

from coach.framework import (
    CandidatePartner,
    DealFacts,
    DealVerdict,
    Money,
    PartnerScore,
    ProgramDraft,
    Strict,
    Verdict,
    Weights,
)
from coach.spreadsheet import write_csv

Result = Literal["won", "lost", "stalled"]
# How the deal is attributed to a partner, never mixed (knowledge/operator-mindset.md): the partner brought the
# deal (sourced), sold it with us (co-sell), or helped it along (influenced); "none" when no partner took part.
Attribution = Literal["sourced", "co-sell", "influenced", "none"]
ATTRIBUTIONS: tuple[str, ...] = Attribution.__args__  # type: ignore[attr-defined]
RESULTS: tuple[str, ...] = Result.__args__  # type: ignore[attr-defined]
VERDICTS: tuple[str, ...] = Verdict.__args__  # type: ignore[attr-defined]


class FieldChange(Strict):
    """One field of a draft that changed between two versions; None means absent (unknown)."""

    path: str = Field(description="Dotted path of the field, e.g. 'buyers.decision_maker.title'.")
    before: Any = None
    after: Any = None


class DraftVersion(Strict):
    """One saved version of a program draft and what changed since the one before."""

    name: str
    version: int
    saved_at: datetime
    note: str
    changes: list[FieldChange]


class OutcomeRecord(Strict):
    """What happened to a deal after the decision."""

    result: Result
    cycle_days: int = Field(ge=0)
    partner_involved: bool
    recorded_at: datetime
    attribution: Attribution | None = Field(default=None, description="None: recorded before attribution was kept.")
    value: Money | None = Field(default=None, description="The deal's value as recorded (None: not given).")


class OverrideRecord(Strict):
    """A person's override of the verdict, with the reason they gave."""

    verdict: Verdict
    reason: str
    overridden_at: datetime
    by: str | None = Field(default=None, description="Who overrode, as they named themselves (unverified).")


class CorrectionRecord(Strict):
    """One person's word on one fact, as kept with the decision: a value, or None to confirm what was read."""

    fact: str
    value: str | None = None
    by: str | None = Field(default=None, description="As they gave their name (unverified).")


class Decision(Strict):
    """One go / no-go decision with its full audit record."""

    id: int
    decided_at: datetime
    account: str | None
    partner: str | None
    notes: str
    notes_sha256: str
    facts: DealFacts = Field(description="The facts the verdict rests on: as read, confirmed or corrected.")
    read: DealFacts | None = Field(
        default=None, description="The facts as the reader read them (None: saved before the workspace kept them)."
    )
    decided_by: str | None = Field(default=None, description="Who saved it, as they named themselves (unverified).")
    notices: list[str] = Field(default_factory=list, description="Every notice from the notes and the ICP.")
    rejected: list[str] = Field(default_factory=list, description="Quotes a model gave that are not in the notes.")
    corrections: list[CorrectionRecord] = Field(
        default_factory=list, description="Each person's word on a fact, with who (empty before schema 10)."
    )
    program: ProgramDraft | None
    icp_source: str | None
    rules_version: str
    extractor: str
    prompt_hash: str | None
    chunk_ids: list[str]
    verdict: DealVerdict
    overrides: list[OverrideRecord] = Field(default_factory=list, description="Oldest first; the last one counts.")
    outcomes: list[OutcomeRecord] = Field(default_factory=list, description="Oldest first; the last one counts.")

    @property
    def final_verdict(self) -> str:
        """The verdict acted on: the latest override, else the rules' verdict."""
        return self.overrides[-1].verdict if self.overrides else self.verdict.verdict

    @property
    def outcome(self) -> OutcomeRecord | None:
        """The latest recorded outcome, if any."""
        return self.outcomes[-1] if self.outcomes else None


class Scorecard(Strict):
    """A saved partner scoring run: the scored list with its weights and onboarding capacity."""

    id: int
    saved_at: datetime
    name: str
    weights: Weights
    capacity: int | None
    scores: list[PartnerScore]
    candidates: list[CandidatePartner] = Field(
        default_factory=list, description="The candidates as scored (empty: saved before schema 9 kept them)."
    )


class WeightReview(Strict):
    """A quarterly review's suggested weights for a scorecard, and what a person decided about them."""

    id: int
    scorecard_id: int
    reviewed_at: datetime
    current: Weights
    suggested: Weights
    decision: Literal["accepted", "rejected"]
    reason: str | None = None
    by: str | None = Field(default=None, description="Who decided, as they named themselves (unverified).")


class ReportRow(Strict):
    """Outcomes of the decisions in one group (a verdict, a rule, partner involvement)."""

    group: str
    decisions: int
    outcomes: int
    won: int
    lost: int
    stalled: int
    win_rate: float | None = Field(description="won / outcomes recorded, None without outcomes.")
    avg_cycle_days: float | None = Field(description="Mean cycle days over the outcomes recorded.")
    won_value: dict[str, float] = Field(
        default_factory=dict, description="Per currency: the annual value of the deals won (never converted)."
    )
    avg_value: dict[str, float] = Field(
        default_factory=dict, description="Per currency: the mean annual value of the outcomes that give one."
    )


class PartnerProductivity(Strict):
    """One partner's production in the log: ICP deals won, the measure of a partner (knowledge/icp-alignment.md)."""

    partner: str
    icp_won: int = Field(description="Deals won whose account was inside the ICP at decision time.")
    won: int
    outcomes: int


class OutcomeReport(Strict):
    """Win rate and cycle time by final verdict, by rule fired, by partner involvement, by attribution (sourced,
    co-sell and influenced kept apart), and for accounts inside the ICP against the rest; partner productivity."""

    decisions: int
    with_outcome: int
    by_verdict: list[ReportRow]
    by_rule: list[ReportRow]
    by_partner: list[ReportRow]
    by_attribution: list[ReportRow] = Field(default_factory=list)
    by_icp: list[ReportRow] = Field(default_factory=list)
    productivity: list[PartnerProductivity] = Field(default_factory=list)
    finance_roi: Literal["yes", "unknown"] = Field(
        default="unknown", description="Can Finance model partner ROI from the log (the readiness question)."
    )


def _flatten(value: Any, path: str = "") -> dict[str, Any]:
    """Leaves of a JSON value by dotted path; empty and null leaves are absent, as unknown facts are."""
    if isinstance(value, dict):
        return {
            k: v for key, item in value.items() for k, v in _flatten(item, f"{path}.{key}" if path else key).items()
        }
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in _flatten(item, f"{path}[{i}]").items()}
    return {} if value is None else {path: value}


def diff_drafts(before: ProgramDraft | None, after: ProgramDraft) -> list[FieldChange]:
    """The field-level changes from one draft to the next."""
    old = _flatten(before.model_dump(mode="json")) if before else {}
    new = _flatten(after.model_dump(mode="json"))
    paths = sorted(set(old) | set(new))
    return [FieldChange(path=p, before=old.get(p), after=new.get(p)) for p in paths if old.get(p) != new.get(p)]


def notes_hash(notes: str) -> str:
    """The SHA-256 of the notes as saved, so an audit can show they were not edited afterwards."""
    return hashlib.sha256(notes.encode("utf-8")).hexdigest()


def _row(group: str, decisions: list[Decision]) -> ReportRow:
    outcomes = [d.outcome for d in decisions if d.outcome]
    count = {r: sum(1 for o in outcomes if o.result == r) for r in RESULTS}
    won_value: dict[str, float] = {}
    values: dict[str, list[float]] = {}
    for o in outcomes:
        if o.value is not None:
            values.setdefault(o.value.currency, []).append(o.value.annual_amount())
            if o.result == "won":
                won_value[o.value.currency] = won_value.get(o.value.currency, 0.0) + o.value.annual_amount()
    return ReportRow(
        group=group,
        decisions=len(decisions),
        outcomes=len(outcomes),
        won=count["won"],
        lost=count["lost"],
        stalled=count["stalled"],
        win_rate=round(count["won"] / len(outcomes), 3) if outcomes else None,
        avg_cycle_days=round(sum(o.cycle_days for o in outcomes) / len(outcomes), 1) if outcomes else None,
        won_value={c: round(v, 2) for c, v in sorted(won_value.items())},
        avg_value={c: round(sum(v) / len(v), 2) for c, v in sorted(values.items())},
    )


ICP_GROUPS = {"in": "inside ICP", "out": "outside ICP", "unknown": "ICP unknown", "unchecked": "no ICP checked"}


def icp_at_decision(d: Decision, rates: dict[str, float] | None = None) -> str:
    """Whether the account was inside the ICP when the deal was decided: the ICP saved with the decision, checked
    against the facts it rests on, with the rate table and its overrides (`rates`, as COACH_FX_RATES gives them)
    as the verdict used them (in, out, unknown; "unchecked" when no ICP was saved)."""
    from coach import lexicon
    from coach.rules.fit import icp_fit, overall

    if d.program is None:
        return "unchecked"
    return overall(icp_fit(d.program.icp.conditions, d.facts, {**lexicon.usd_rates(), **(rates or {})}))


def finance_answer(decisions: list[Decision]) -> Literal["yes", "unknown"]:
    """'yes' once three or more deals a partner took part in have an outcome with its attribution and value."""
    modelled = [d for d in decisions if d.outcome and d.outcome.attribution not in (None, "none") and d.outcome.value]
    return "yes" if len(modelled) >= 3 else "unknown"


def build_report(decisions: list[Decision], rates: dict[str, float] | None = None) -> OutcomeReport:
    """Win rate and cycle time by final verdict, by each rule that fired, by partner involvement, by attribution
    and by ICP fit at decision time; ICP deals won per partner."""
    groups: dict[str, dict[str, list[Decision]]] = {"verdict": {}, "rule": {}, "partner": {}, "attr": {}, "icp": {}}
    productivity: dict[str, list] = {}  # folded partner name -> [name as first written, ICP won, won, outcomes]
    for d in sorted(decisions, key=lambda d: d.id):  # oldest first: rows keep a stable order
        groups["verdict"].setdefault(d.final_verdict, []).append(d)
        for rule in dict.fromkeys(f.rule for f in d.verdict.findings):
            groups["rule"].setdefault(rule, []).append(d)
        if d.outcome:
            key = "partner involved" if d.outcome.partner_involved else "no partner"
            groups["partner"].setdefault(key, []).append(d)
            groups["attr"].setdefault(d.outcome.attribution or "not recorded", []).append(d)
            fit = icp_at_decision(d, rates)
            groups["icp"].setdefault(ICP_GROUPS[fit], []).append(d)
            if d.partner and d.outcome.partner_involved:  # "Acme" and "acme " are one partner
                tally = productivity.setdefault(" ".join(d.partner.split()).casefold(), [d.partner, 0, 0, 0])
                won = d.outcome.result == "won"
                tally[1] += won and fit == "in"
                tally[2] += won
                tally[3] += 1
    return OutcomeReport(
        decisions=len(decisions),
        with_outcome=sum(1 for d in decisions if d.outcome),
        by_verdict=[_row(v, groups["verdict"][v]) for v in VERDICTS if v in groups["verdict"]],
        by_rule=[_row(r, ds) for r, ds in sorted(groups["rule"].items())],
        by_partner=[
            _row(k, groups["partner"][k]) for k in ("partner involved", "no partner") if k in groups["partner"]
        ],
        by_attribution=[_row(k, groups["attr"][k]) for k in (*ATTRIBUTIONS, "not recorded") if k in groups["attr"]],
        by_icp=[_row(k, groups["icp"][k]) for k in ICP_GROUPS.values() if k in groups["icp"]],
        productivity=sorted(
            (PartnerProductivity(partner=t[0], icp_won=t[1], won=t[2], outcomes=t[3]) for t in productivity.values()),
            key=lambda r: (-r.icp_won, -r.won, r.partner.lower()),
        ),
        finance_roi=finance_answer(decisions),
    )


EXPORT_COLUMNS = (
    "id", "decided_at", "decided_by", "account", "partner", "verdict", "final_verdict", "override_reason",
    "overridden_by", "rules",
    "result", "cycle_days", "partner_involved", "attribution", "value_amount", "value_currency", "value_period",
    "icp_at_decision", "outcome_recorded_at",
    "extractor", "rules_version", "prompt_hash", "notes_sha256", "chunk_ids", "icp_source",
)  # fmt: skip
# The CRM import (Salesforce's opportunity import names; the README maps each to the log's fields).
CRM_COLUMNS = (
    "Opportunity Name", "Account Name", "Stage", "Amount", "CurrencyIsoCode", "CloseDate", "Partner Account",
    "Partner Attribution", "Inside ICP", "Coach Decision Id", "Coach Verdict",
)  # fmt: skip
_CRM_STAGE = {"won": "Closed Won", "lost": "Closed Lost", "stalled": "Stalled"}


def export_row(d: Decision, rates: dict[str, float] | None = None) -> dict[str, Any]:
    """One decision as a flat row for a spreadsheet: the latest override and outcome, the rules fired."""
    override, outcome = (d.overrides[-1] if d.overrides else None), d.outcome
    return {
        "id": d.id,
        "decided_at": d.decided_at.isoformat(),
        "decided_by": d.decided_by or "",
        "account": d.account or "",
        "partner": d.partner or "",
        "verdict": d.verdict.verdict,
        "final_verdict": d.final_verdict,
        "override_reason": override.reason if override else "",
        "overridden_by": (override.by or "") if override else "",
        "rules": " ".join(dict.fromkeys(f.rule for f in d.verdict.findings)),
        "result": outcome.result if outcome else "",
        "cycle_days": outcome.cycle_days if outcome else "",
        "partner_involved": ("yes" if outcome.partner_involved else "no") if outcome else "",
        "attribution": (outcome.attribution or "") if outcome else "",
        "value_amount": _number(outcome.value.amount) if outcome and outcome.value else "",
        "value_currency": outcome.value.currency if outcome and outcome.value else "",
        "value_period": outcome.value.period if outcome and outcome.value else "",
        "icp_at_decision": icp_at_decision(d, rates),
        "outcome_recorded_at": outcome.recorded_at.isoformat() if outcome else "",
        "extractor": d.extractor,
        "rules_version": d.rules_version,
        "prompt_hash": d.prompt_hash or "",
        "notes_sha256": d.notes_sha256,
        "chunk_ids": " ".join(d.chunk_ids),
        "icp_source": d.icp_source or "",
    }


def _number(value: float) -> str:
    """A plain decimal a spreadsheet or CRM reads: "1500000", "4250.5", never "1.5e+06"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def crm_row(d: Decision, rates: dict[str, float] | None = None) -> dict[str, Any]:
    """One decision as a CRM opportunity row: the amount is the annual value, the stage the outcome."""
    outcome = d.outcome
    value = outcome.value if outcome else None
    return {
        "Opportunity Name": f"{d.account or 'Unnamed account'} - coach #{d.id}",
        "Account Name": d.account or "",
        "Stage": _CRM_STAGE[outcome.result] if outcome else "Open",
        "Amount": _number(value.annual_amount()) if value else "",
        "CurrencyIsoCode": value.currency if value else "",
        # The day the deal closed: the decision's day plus the cycle the outcome records.
        "CloseDate": (
            (d.decided_at + timedelta(days=outcome.cycle_days)).date().isoformat()
            if outcome and outcome.result != "stalled"
            else ""
        ),
        "Partner Account": d.partner or "",
        "Partner Attribution": (outcome.attribution or "") if outcome else "",
        "Inside ICP": icp_at_decision(d, rates),
        "Coach Decision Id": d.id,
        "Coach Verdict": d.final_verdict,
    }


def export_decisions(
    decisions: list[Decision], fmt: Literal["csv", "json", "crm"], rates: dict[str, float] | None = None
) -> str:
    """The decision log as CSV (one flat row each), JSON (the full audit records) or a CRM opportunity import
    (CRM_COLUMNS), oldest first; `rates` override the rate table when the ICP fit at decision time is checked."""
    ordered = sorted(decisions, key=lambda d: d.id)
    if fmt == "crm":
        return write_csv((crm_row(d, rates) for d in ordered), CRM_COLUMNS)
    if fmt == "json":
        records = [{**d.model_dump(mode="json"), "final_verdict": d.final_verdict} for d in ordered]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    return write_csv((export_row(d, rates) for d in ordered), EXPORT_COLUMNS)


# --- Plain-text views for the CLI ----------------------------------------------------------------


def _outcome_words(outcome: OutcomeRecord | None) -> str:
    if outcome is None:
        return "-"
    partner = "partner" if outcome.partner_involved else "no partner"
    return f"{outcome.result}, {outcome.cycle_days} d, {partner}"


def _verdict_words(d: Decision) -> str:
    return f"{d.final_verdict} (was {d.verdict.verdict})" if d.overrides else d.final_verdict


def render_decision_list(decisions: list[Decision]) -> str:
    """The decision log as a table, newest first."""
    rows = [("ID", "DECIDED", "ACCOUNT", "PARTNER", "VERDICT", "OUTCOME")]
    rows += [
        (
            str(d.id),
            d.decided_at.strftime("%Y-%m-%d %H:%M"),
            d.account or "?",
            d.partner or "?",
            _verdict_words(d),
            _outcome_words(d.outcome),
        )
        for d in sorted(decisions, key=lambda d: d.id, reverse=True)
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def render_decision(d: Decision) -> str:
    """One decision's audit record: who, on what evidence, under which rules, and what happened."""
    lines = [
        f"Decision {d.id}   {d.decided_at.isoformat()}",
        f"  Account: {d.account or '?'}   Partner: {d.partner or '?'}",
        f"  Decided by: {d.decided_by + ' (unverified)' if d.decided_by else 'not recorded'}",
        f"  Verdict: {_verdict_words(d)}",
    ]
    lines += [
        f"  Override ({o.overridden_at.isoformat()}{', by ' + o.by + ' (unverified)' if o.by else ''}): "
        f"{o.verdict}, because {o.reason}"
        for o in d.overrides
    ]
    lines.append(f"  Outcome: {_outcome_words(d.outcome)}")
    if len(d.outcomes) > 1:
        lines.append(f"  (outcome recorded {len(d.outcomes)} times; the latest counts)")
    lines.append("\nFindings:" if d.verdict.findings else "\nFindings: none")
    for f in d.verdict.findings:
        lines.append(f"  [{f.outcome}] {f.rule}: {f.message}")
        lines += [f'      "{quote}"' for quote in f.evidence]
    lines.append("\nFacts with their quotes:")
    facts = d.facts.model_dump(exclude_defaults=True, exclude={"account", "partner"})
    quoted = [(name, value) for name, value in facts.items() if isinstance(value, dict) and value.get("quote")]
    lines += [f'  {name}: "{value["quote"]}"' for name, value in quoted] or ["  (none quoted)"]
    trust = ", ".join(f"{k.replace('_', ' ')}={v}" for k, v in d.verdict.trust.items())
    lines.append(f"  trust: {trust or 'not assessed'}")
    corrected = corrections_in(d.facts)
    who = {c.fact: c.by for c in d.corrections if c.by}
    lines.append("\nCorrected by a person (the verdict rests on these):" if corrected else "\nCorrections: none")
    for name, word in corrected:
        if word.startswith("confirmed: ") and name in who:
            word = f"confirmed by {who[name]}: " + word.removeprefix("confirmed: ")
        lines.append(f"  {name}: {word}")
        if d.read is not None:
            lines.append(f"      as read: {as_read(d.read, name)}")
    if corrected and d.read is None:
        lines.append("  (the facts as read were not kept for decisions saved before this version)")
    lines += ["\nNotices:", *(f"  {n}" for n in d.notices)] if d.notices else []
    lines += (
        ["\nQuotes the model gave that are not in the notes (facts dropped):", *(f'  "{q}"' for q in d.rejected)]
        if d.rejected
        else []
    )
    no_prompt = "none (no model was asked)" if d.extractor == "offline" else "not recorded"
    lines += [
        "\nAudit:",
        f"  rules version: {d.rules_version}   extractor: {d.extractor}   prompt hash: {d.prompt_hash or no_prompt}",
        f"  notes sha256: {d.notes_sha256}",
        f"  program: {d.icp_source or '-'}   cited passages: {', '.join(d.chunk_ids) or '-'}",
    ]
    return "\n".join(lines)


def as_read(read: DealFacts, name: str) -> str:
    """One fact as the reader read it, in words: 'yes ("Dana's team knows them")', or 'unknown'."""
    if name.startswith("trust."):
        answer = getattr(read.trust, name.removeprefix("trust."))
        return f'{answer.answer} ("{answer.quote}")' if answer.quote else answer.answer
    fact = getattr(read, name, None)
    if fact is None:
        return "unknown"
    value = fact.model_dump(exclude={"quote", "start", "status", "confidence"}, exclude_none=True)
    shown = ", ".join(f"{k}={v}" for k, v in value.items()) or "stated"
    return f'{shown} ("{fact.quote}")' if getattr(fact, "quote", None) else shown


def corrections_in(facts: DealFacts) -> list[tuple[str, str]]:
    """The facts a person corrected or confirmed, with their word: ("stage", "corrected by Casey: evaluation")."""
    found = []
    for name in type(facts).model_fields:
        value = getattr(facts, name)
        if name == "trust":
            for q in type(value).model_fields:
                answer = getattr(value, q)
                if answer.status == "corrected":
                    found.append((f"trust.{q}", answer.quote or answer.answer))
                elif answer.status == "confirmed":
                    found.append((f"trust.{q}", f"confirmed: {answer.answer} ({answer.quote})"))
        elif getattr(value, "status", None) in ("corrected", "confirmed"):
            found.append((name, value.quote if value.status == "corrected" else f"confirmed: {value.quote}"))
    return found


def _money_words(values: dict[str, float]) -> str:
    return ", ".join(f"{c} {v:,.0f}" for c, v in values.items()) or "-"


def render_report(report: OutcomeReport) -> str:
    """The outcome report: by final verdict, rule fired, partner involvement, attribution (sourced, co-sell and
    influenced apart) and ICP fit at decision time; then ICP deals won per partner and the Finance answer."""
    lines = [f"{report.decisions} decisions, {report.with_outcome} with an outcome recorded."]
    for title, rows, money in (
        ("By verdict", report.by_verdict, False),
        ("By rule fired", report.by_rule, False),
        ("By partner involvement", report.by_partner, False),
        ("By attribution (never mixed)", report.by_attribution, True),
        ("Inside the ICP at decision time, or not", report.by_icp, True),
    ):
        lines.append(f"\n{title}:")
        if not rows:
            lines.append("  (no decisions)" if not money else "  (no outcomes)")
        width = max([len(r.group) for r in rows] + [5])
        lines += [
            f"  {r.group:{width}}  {r.decisions:3} decision{'' if r.decisions == 1 else 's'}  "
            f"{r.outcomes:3} outcome{'' if r.outcomes == 1 else 's'}  "
            f"won {r.won} lost {r.lost} stalled {r.stalled}  "
            f"win rate {'-' if r.win_rate is None else f'{r.win_rate:.0%}'}  "
            f"avg cycle {'-' if r.avg_cycle_days is None else f'{r.avg_cycle_days:g} d'}"
            + (f"  won value {_money_words(r.won_value)}  avg deal {_money_words(r.avg_value)}" if money else "")
            for r in rows
        ]
    lines.append("\nICP deals won per partner:")
    if not report.productivity:
        lines.append("  (no outcome with a partner yet)")
    width = max([len(p.partner) for p in report.productivity] + [5])
    lines += [
        f"  {p.partner:{width}}  ICP deals won {p.icp_won}  won {p.won} of {p.outcomes}" for p in report.productivity
    ]
    finance = (
        "yes (three or more partner deals carry an attribution and a value)"
        if report.finance_roi == "yes"
        else "not yet (record attribution and value on three or more partner deals)"
    )
    lines.append(f"\nCan Finance model partner ROI from this log: {finance}.")
    lines.append(
        "Win rate = won / outcomes recorded; cycle time = mean cycle days of those outcomes; values are annual, per"
        " currency, never converted."
    )
    return "\n".join(lines)
