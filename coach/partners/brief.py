"""The joint-call brief: one page per GO deal, for the partner and our team before the first joint call. Pure.

Every line comes from the deal's facts (with the notes' quotes), the ICP, or the capability map; anything not
known is written as an open question, never filled in. Untrusted text (quotes, names, notes) is set in code
spans or escaped, so a brief pasted into a Markdown viewer cannot carry links, images or markup.
"""

from __future__ import annotations

import re

from coach.framework import STAGE_ORDER, DealFacts, DealVerdict, LeverageZone, ProgramDraft
from coach.markdown import inert
from coach.partners.capability import PartnerProfile
from coach.partners.matching import PartnerMatch, in_account
from coach.rules.catalog import SOURCES, TRUST_QUESTIONS
from coach.rules.deal import late_stage, minimum_deal_size
from coach.rules.fit import icp_fit, money_words

LOGGING_SOURCE = "operator-mindset.md#build-order"


def plain(text: str) -> str:
    """Untrusted text as inert Markdown: one line, every Markdown character escaped, web addresses as code."""
    return inert(text, one_line=True)


def quoted(text: str | None) -> str:
    """A quote from the notes, set off as quoted text."""
    return f'"{plain(text)}"' if text else ""


def _zone(program: ProgramDraft | None, facts: DealFacts, match: PartnerMatch | None) -> LeverageZone | None:
    """The program's leverage zone for this partner's leverage type, else its first zone."""
    zones = program.leverage if program else []
    wanted = match.leverage.split(":")[0].split(" ")[0] if match and match.leverage else None
    if wanted is None and facts.leverage and facts.leverage.type:
        wanted = facts.leverage.type
    return next((z for z in zones if z.type == wanted), zones[0] if zones else None)


def joint_call_brief(
    facts: DealFacts,
    program: ProgramDraft | None,
    verdict: DealVerdict,
    *,
    partner: PartnerMatch | None = None,
    profile: PartnerProfile | None = None,
    decision_id: int | None = None,
) -> str:
    """The brief as Markdown. `partner` and `profile` come from matching; without them, the notes' partner."""
    name = partner.name if partner else facts.partner or "the partner"
    account = facts.account or "the account"
    questions: list[str] = []
    lines = [f"# Joint-call brief: {plain(account)} with {plain(name)}", ""]
    where = f"decision {decision_id}" if decision_id is not None else "this deal"
    lines += [
        f"Verdict: **{partner.verdict if partner else verdict.verdict}** for {plain(name)} on {where}. Every line "
        "below comes from the notes (quoted), the ICP or the capability map; what nobody stated is an open question.",
        "",
        "## The account and why now",
    ]
    lines += _account_lines(facts, questions)
    lines += ["", "## Buyer map: who the partner meets", "", "| Role | Who | Partner's standing |", "|---|---|---|"]
    lines += _buyer_rows(facts, program, profile, questions)
    lines += ["", "## The leverage the partner brings"]
    lines += _leverage_lines(facts, program, partner, questions)
    lines += ["", "## Trust evidence", "", "| Question | Answer | From | Evidence |", "|---|---|---|---|"]
    lines += _trust_rows(facts, partner, questions)
    lines += ["", "## Exclusions checked"]
    lines += _exclusion_lines(facts, program, verdict, partner, questions)
    lines += ["", "## Bring to the first joint call"]
    lines += _bring_lines(facts, program, profile, name)
    lines += ["", f"## After the call: what to log in the CRM (source: {LOGGING_SOURCE})"]
    lines += _logging_lines(name, decision_id)
    lines += ["", "## Open questions"]
    # The verdict's own questions are about the partner the notes propose; a matched partner has its answers above.
    asked = list(dict.fromkeys([*questions, *([] if partner else verdict.questions)]))
    lines += [f"- {q}" for q in asked] or ["- None: every line above is stated."]
    return "\n".join(lines) + "\n"


def _account_lines(facts: DealFacts, questions: list[str]) -> list[str]:
    lines = []
    profile = [
        f"industry {plain(facts.industry.value)}" if facts.industry else None,
        f"region {plain(facts.region.value.title())}" if facts.region else None,
        f"{facts.employees.value:,.0f} employees" if facts.employees else None,
    ]
    shown = ", ".join(p for p in profile if p)
    lines.append(f"- Account: {plain(facts.account or 'not named')}" + (f" ({shown})" if shown else ""))
    if facts.trigger and facts.trigger.present:
        said = "" if facts.trigger.text in facts.trigger.quote else f"{plain(facts.trigger.text)}: "
        lines.append(f"- Why now: {said}{quoted(facts.trigger.quote)}")
    else:
        lines.append("- Why now: not stated.")
        questions.append("Why would this account decide now?")
    deal = []
    if facts.deal_size:
        money = facts.deal_size.money
        deal.append(f"{money_words(money)} {money.period.replace('_', ' ')}")
    if facts.stage:
        deal.append(f"stage {facts.stage.stage.replace('_', ' ')}")
    if facts.deal_type:
        deal.append(facts.deal_type.deal_type.replace("_", " "))
    lines.append("- Deal: " + (", ".join(deal) if deal else "size and stage not stated."))
    return lines


def _buyer_rows(
    facts: DealFacts, program: ProgramDraft | None, profile: PartnerProfile | None, questions: list[str]
) -> list[str]:
    known = in_account(profile, facts.account) if profile else []
    rows = []
    expected = program.buyers if program else None
    for role, label in (("decision_maker", "Decision maker"), ("influencer", "Influencer"), ("blocker", "Blocker")):
        stated = facts.decision_maker if role == "decision_maker" else None
        icp_role = getattr(expected, role) if expected else None
        if stated:
            who = f"{plain(stated.title)}: {quoted(stated.quote)}"
        elif icp_role:
            who = f"not named in the notes (the ICP expects {plain(icp_role.title)})"
            questions.append(f"Who is the {label.lower()} at this account?")
        else:
            who = "not named"
            questions.append(f"Who is the {label.lower()} at this account?")
        titles = " ".join(t for t in (stated.title if stated else "", icp_role.title if icp_role else "") if t)
        meets = next((r for r in known if titles and _shares_word(r.person, titles)), None)
        standing = (
            f"knows {plain(meets.person)} ({meets.strength}{', since ' + plain(meets.since) if meets.since else ''})"
            if meets
            else "no recorded relationship"
        )
        rows.append(f"| {label} | {who} | {standing} |")
    return rows


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2} | set(re.findall(r"\b[A-Z]{2,4}\b", text))


def _shares_word(a: str, b: str) -> bool:
    return bool(_words(a) & _words(b))


def _leverage_lines(
    facts: DealFacts, program: ProgramDraft | None, partner: PartnerMatch | None, questions: list[str]
) -> list[str]:
    lines = []
    if partner and partner.leverage:
        lines.append(f"- Leverage: {plain(partner.leverage)}")
    elif facts.leverage and facts.leverage.present:
        lines.append(f"- Leverage: {facts.leverage.type or 'leverage'}: {quoted(facts.leverage.quote)}")
    else:
        lines.append("- Leverage: not stated.")
        questions.append("What exactly will the partner add: signal, speed or confidence, and for whom?")
    zone = _zone(program, facts, partner)
    if zone and zone.stage:
        lines.append(f"- At which stage (ICP): {zone.stage.replace('_', ' ')}")
    elif facts.stage:
        lines.append(f"- At which stage: now, at {facts.stage.stage.replace('_', ' ')} (the ICP names no stage)")
    if zone and zone.change:
        lines.append(f"- Before: {plain(zone.change.before)}. After: {plain(zone.change.after)} (ICP).")
    else:
        lines.append("- Before and after: not stated.")
        questions.append("What should measurably change once the partner is in (before and after)?")
    return lines


def _trust_rows(facts: DealFacts, partner: PartnerMatch | None, questions: list[str]) -> list[str]:
    rows = []
    for name, question in TRUST_QUESTIONS.items():
        if partner:
            a = partner.trust[name]
            answer, source, evidence = a.answer, a.source, a.evidence
            if a.conflict:
                evidence += f" (conflict: {a.conflict})"
        else:
            t = getattr(facts.trust, name)
            answer, source, evidence = t.answer, "notes" if t.answer != "unknown" else "none", t.quote or ""
        if answer == "unknown":
            questions.append(question)
        rows.append(f"| {name.replace('_', ' ')} | {answer} | {source} | {quoted(evidence) if evidence else ''} |")
    return rows


def _exclusion_lines(
    facts: DealFacts,
    program: ProgramDraft | None,
    verdict: DealVerdict,
    partner: PartnerMatch | None,
    questions: list[str],
) -> list[str]:
    lines = []
    for check in icp_fit(program.icp.conditions, facts) if program else []:
        if check.fit == "unchecked":
            continue
        mark = {"in": "passed", "out": "FAILED", "unknown": "not checked: value not stated"}[check.fit]
        lines.append(f"- ICP {check.dimension.replace('_', ' ')} ({plain(check.condition)}): {mark}")
        if check.fit == "unknown":
            questions.append(f"What is the account's {check.dimension.replace('_', ' ')}?")
    floor = minimum_deal_size(program) if program else None
    if floor:
        fired = any(f.rule == "deal.below_size_threshold" for f in verdict.findings)
        open_size = any(f.rule == "deal.size_not_comparable" for f in verdict.findings)
        state = (
            "FAILED" if fired else "not checked: the size cannot be compared" if open_size
            else "passed" if facts.deal_size else "not checked: size not stated"
        )  # fmt: skip
        lines.append(f"- Minimum deal size ({money_words(floor)}): {state}")
    late = late_stage(program)
    if facts.stage:
        early = STAGE_ORDER.index(facts.stage.stage) < STAGE_ORDER.index(late)
        lines.append(f"- Stage before {late.replace('_', ' ')}: {'passed' if early else 'FAILED'}")
    direct = facts.repeatable_direct_motion
    lines.append(
        "- Repeatable direct motion: "
        + ("FAILED" if direct and direct.value else "not the case" if direct else "not stated")
    )
    trusts = facts.buyer_trusts_vendor
    lines.append(
        "- Buyer already trusts us: "
        + ("FAILED" if trusts and trusts.value else "not the case" if trusts else "not stated")
    )
    for finding in partner.findings if partner else []:
        lines.append(
            f"- {finding.rule} ({finding.outcome}): {plain(finding.message)} (source: {SOURCES[finding.rule]})"
        )
    return lines


def _bring_lines(
    facts: DealFacts, program: ProgramDraft | None, profile: PartnerProfile | None, name: str
) -> list[str]:
    metrics = (
        ", ".join(plain(m.text) for m in program.metrics) if program and program.metrics else "not stated in the ICP"
    )
    ours = [
        f"- Our team: the account's situation and the trigger's date; the buyer's success metric ({metrics}); "
        "where the deal stands and the next step; who from the account is on the call.",
    ]
    named = [p.text for p in profile.proof if p.named] if profile else []
    theirs = "- The partner: "
    parts = []
    if named:
        parts.append("its referenceable proof (" + "; ".join(plain(p) for p in named) + ")")
    if profile and profile.metrics:
        parts.append("its view on " + "; ".join(plain(m) for m in profile.metrics))
    known = in_account(profile, facts.account) if profile else []
    if known:
        parts.append(f"the introduction to {plain(known[0].person or known[0].account)}")
    parts.append("what it has seen in accounts like this one, without any client's confidential data")
    return [*ours, theirs + "; ".join(parts) + "."]


def _logging_lines(name: str, decision_id: int | None) -> list[str]:
    return [
        f"- Attribution: co-sell with {plain(name)} (never mixed with sourced or influenced).",
        "- The date, and who attended from the account, by buyer role (decision maker, influencer, blocker).",
        "- The stage the partner entered at, and the leverage it delivered (signal, speed or confidence).",
        "- The before and after observed so far, and the next step with its owner and date.",
        f"- The decision id{f' ({decision_id})' if decision_id is not None else ''} this brief came from, so the "
        "outcome can be recorded against it.",
    ]
