"""Matching a deal to partners: every partner in the capability map judged by the deal rules, and ranked. Pure.

For each partner the four trust answers come from two sources, each answer saying which: the capability map
(a recorded relationship in this account, the partner's industries, the metrics it speaks to, its proof) and
the notes (what they say about the partner by name, or about "the partner" they propose). The notes win; when
they contradict the map, the disagreement is shown. The deal rules then run per partner (`rules.decide_deal`),
with two partner rules beside them: no presence in the account's region, and no motion that joins a deal.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field

from coach import lexicon
from coach.framework import (
    DealFacts,
    DealFinding,
    PartnerLeverage,
    ProgramDraft,
    Strict,
    TriState,
    TrustAnswer,
    TrustQuestions,
    Verdict,
)
from coach.partners.capability import PartnerProfile, Relationship, key
from coach.rules import decide_deal
from coach.rules.catalog import SOURCES, TRUST_QUESTIONS
from coach.rules.fit import inside

Source = Literal["notes", "map", "correction", "none"]
_STRENGTH_RANK = {"strong": 3, "medium": 2, "weak": 1, "lapsed": 0}
_VERDICT_RANK = {"GO": 0, "NEEDS_INFO": 1, "NO_GO": 2}
# The deal rules whose answer differs from partner to partner; every other finding is about the deal itself.
PARTNER_RULES = frozenset(
    {
        "deal.trust_threshold_failed",
        "deal.trust_gap",
        "deal.trust_unassessed",
        "deal.leverage_unknown",
        "deal.no_leverage",
        "match.no_presence",
        "match.no_joint_motion",
        "match.notes_contradict_map",
    }
)


class SourcedAnswer(Strict):
    """One trust answer for one partner, and where it came from."""

    answer: TriState
    source: Source = Field(description="notes, map (the capability map), correction (a person's word), or none.")
    evidence: str = Field(default="", description="The quote from the notes, or the map entry it rests on.")
    conflict: str | None = Field(default=None, description="What the other source said, when the two disagree.")


class PartnerNotes(Strict):
    """What the notes say about one partner: its trust answers and what it adds (None: nothing)."""

    trust: TrustQuestions = Field(default_factory=TrustQuestions)
    leverage: PartnerLeverage | None = None


class PartnerMatch(Strict):
    """One partner judged for the deal."""

    name: str
    rank: int
    verdict: Verdict
    in_map: bool = Field(description="False for a partner the notes propose that the map does not hold.")
    proposed: bool = Field(description="True for the partner the notes propose.")
    trust: dict[str, SourcedAnswer]
    leverage: str = Field(default="", description="The leverage it brings, for which buyer role, from where.")
    relationship: str = Field(default="", description="Its strongest recorded relationship in this account.")
    findings: list[DealFinding] = Field(default_factory=list, description="The partner's own findings.")


class MatchResult(Strict):
    """Every partner ranked for one deal, and the best-placed one."""

    best: str | None = Field(description="The first GO partner, or None when no partner may be brought in.")
    proposed: str | None = Field(description="The partner the notes propose, if they name one.")
    better_placed: str | None = Field(
        default=None, description="When the proposed partner is not GO: the best-placed partner instead."
    )
    deal_findings: list[DealFinding] = Field(
        default_factory=list, description="Findings about the deal itself: they hold for every partner."
    )
    partners: list[PartnerMatch]


# --- The map's answers ---------------------------------------------------------------------------------


def names_account(relationship: Relationship, account: str) -> bool:
    """Whether a recorded relationship is in this account: same name, or one name's words within the other's."""
    mine, theirs = _words(relationship.account), _words(account)
    return bool(mine and theirs) and (mine <= theirs or theirs <= mine)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.casefold()) if w not in lexicon.generic_name_words()}


def in_account(profile: PartnerProfile, account: str | None) -> list[Relationship]:
    """The partner's recorded relationships in this account, strongest first."""
    if not account:
        return []
    found = [r for r in profile.relationships if names_account(r, account)]
    return sorted(found, key=lambda r: -_STRENGTH_RANK[r.strength])


def _entry(r: Relationship) -> str:
    parts = [r.account, r.person, f"since {r.since}" if r.since else "", r.strength]
    return "capability map: relationship " + " / ".join(p for p in parts if p)


def map_answers(profile: PartnerProfile, deal: DealFacts, program: ProgramDraft | None) -> dict[str, SourcedAnswer]:
    """The four trust answers from the capability map alone."""
    return {
        "prior_relationship": _relationship_answer(profile, deal),
        "category_credibility": _credibility_answer(profile, deal),
        "speaks_success_metric": _metric_answer(profile, program),
        "referenceable_proof": _proof_answer(profile),
    }


def _relationship_answer(profile: PartnerProfile, deal: DealFacts) -> SourcedAnswer:
    found = in_account(profile, deal.account)
    if found and _STRENGTH_RANK[found[0].strength] >= _STRENGTH_RANK["medium"]:
        return SourcedAnswer(answer="yes", source="map", evidence=_entry(found[0]))
    if found and found[0].strength == "lapsed":
        return SourcedAnswer(answer="no", source="map", evidence=_entry(found[0]))
    if found:
        return SourcedAnswer(answer="unknown", source="map", evidence=_entry(found[0]) + " (too weak to count)")
    return SourcedAnswer(answer="unknown", source="none")


def _credibility_answer(profile: PartnerProfile, deal: DealFacts) -> SourcedAnswer:
    if deal.industry is None or not profile.industries:
        return SourcedAnswer(answer="unknown", source="none")
    industries = "; ".join(profile.industries)
    if inside(deal.industry.value, profile.industries, lexicon.industry_inside):
        return SourcedAnswer(answer="yes", source="map", evidence=f"capability map: industries {industries}")
    return SourcedAnswer(
        answer="no", source="map", evidence=f"capability map: industries {industries} (not {deal.industry.value})"
    )


def _metric_answer(profile: PartnerProfile, program: ProgramDraft | None) -> SourcedAnswer:
    wanted = program.metrics if program else []
    if not wanted or not profile.metrics:
        return SourcedAnswer(answer="unknown", source="none")
    kinds = {m.kind for m in wanted} | {k for m in wanted for k in lexicon.metric_kinds(m.text)}
    words = {w for m in wanted for w in _content(m.text)}
    for metric in profile.metrics:
        own = lexicon.metric_kinds(metric) | {metric.lower().replace(" ", "_")}
        if own & kinds or _content(metric) & words:
            return SourcedAnswer(answer="yes", source="map", evidence=f"capability map: speaks to {metric}")
    return SourcedAnswer(
        answer="no", source="map", evidence=f"capability map: speaks to {'; '.join(profile.metrics)} only"
    )


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9/]+", text.lower()) if len(w) > 3}


def _proof_answer(profile: PartnerProfile) -> SourcedAnswer:
    named = [p for p in profile.proof if p.named]
    if named:
        return SourcedAnswer(answer="yes", source="map", evidence=f"capability map: proof {named[0].text} (named)")
    if profile.proof:
        return SourcedAnswer(
            answer="no", source="map", evidence=f"capability map: proof {profile.proof[0].text} (client not named)"
        )
    return SourcedAnswer(answer="unknown", source="none")


# --- Both sources --------------------------------------------------------------------------------------


def combine(from_map: SourcedAnswer, said: TrustAnswer) -> SourcedAnswer:
    """The notes' answer wins over the map's; a disagreement between two stated answers is kept and shown."""
    if said.answer == "unknown":
        return from_map
    source: Source = "correction" if said.status == "corrected" else "notes"
    conflict = None
    if from_map.answer != "unknown" and from_map.answer != said.answer:
        conflict = f"the map says {from_map.answer} ({from_map.evidence.removeprefix('capability map: ')})"
    return SourcedAnswer(answer=said.answer, source=source, evidence=said.quote or "", conflict=conflict)


def _as_trust(answers: dict[str, SourcedAnswer]) -> TrustQuestions:
    return TrustQuestions(
        **{
            name: TrustAnswer(
                answer=a.answer,
                quote=a.evidence or None,
                status="corrected" if a.source == "correction" else "suggested" if a.source == "notes" else "confirmed",
            )
            for name, a in answers.items()
        }
    )


def map_leverage(profile: PartnerProfile, deal: DealFacts) -> PartnerLeverage | None:
    """What the map says the partner brings here: signal through a relationship, confidence through named proof."""
    known = [r for r in in_account(profile, deal.account) if _STRENGTH_RANK[r.strength] >= _STRENGTH_RANK["medium"]]
    if known:
        r = known[0]
        role = "decision_maker" if _signs(r, deal) else None
        who = r.person or "someone"
        return PartnerLeverage(
            quote=_entry(r), present=True, type="signal", role=role, text=f"a relationship with {who} at {r.account}"
        )
    if deal.industry is not None:
        for proof in profile.proof:
            if proof.named and inside(deal.industry.value, profile.industries, lexicon.industry_inside):
                return PartnerLeverage(
                    quote=f"capability map: proof {proof.text} (named)",
                    present=True,
                    type="confidence",
                    text=f"named proof in {deal.industry.value}: {proof.text}",
                )
    return None


def _signs(relationship: Relationship, deal: DealFacts) -> bool:
    if deal.decision_maker is None or not relationship.person:
        return False
    title = _content(deal.decision_maker.title) | set(re.findall(r"\b[A-Z]{2,4}\b", deal.decision_maker.title))
    person = _content(relationship.person) | set(re.findall(r"\b[A-Z]{2,4}\b", relationship.person))
    return bool(title & person)


def _presence(profile: PartnerProfile, deal: DealFacts) -> DealFinding | None:
    if deal.region is None or not profile.regions:
        return None
    # Present when the account lies in one of its regions, or one of its regions lies in the account's
    # (an account known only as "US" and a partner in Ohio: not known to be absent).
    if inside(deal.region.value, profile.regions, lexicon.place_inside) or any(
        lexicon.place_inside(region, [deal.region.value]) for region in profile.regions
    ):
        return None
    return DealFinding(
        rule="match.no_presence",
        outcome="NO_GO",
        message=f"{profile.name} has no presence in {deal.region.value.title()} "
        f"(it covers {'; '.join(profile.regions)}).",
        evidence=[deal.region.quote],
        source=SOURCES["match.no_presence"],
    )


def _motion(profile: PartnerProfile) -> DealFinding | None:
    if not profile.motions or {"co-sell", "resell"} & set(profile.motions):
        return None
    return DealFinding(
        rule="match.no_joint_motion",
        outcome="NO_GO",
        message=f"{profile.name} only works as {' and '.join(profile.motions)}: it does not co-sell or resell, so it "
        "does not join the deal.",
        source=SOURCES["match.no_joint_motion"],
    )


def _contradictions(name: str, answers: dict[str, SourcedAnswer]) -> DealFinding | None:
    clashes = {q: a for q, a in answers.items() if a.conflict}
    if not clashes:
        return None
    said = "; ".join(f"{q.replace('_', ' ')}: the notes say {a.answer}, {a.conflict}" for q, a in clashes.items())
    return DealFinding(
        rule="match.notes_contradict_map",
        outcome="warning",
        message=f"The notes contradict the capability map on {name} ({said}); the notes are taken. Update the map "
        "if they are right.",
        evidence=[a.evidence for a in clashes.values() if a.evidence],
        source=SOURCES["match.notes_contradict_map"],
    )


# --- Ranking -------------------------------------------------------------------------------------------


def judge(
    profile: PartnerProfile,
    deal: DealFacts,
    program: ProgramDraft | None,
    said: PartnerNotes,
    *,
    proposed: bool,
    in_map: bool = True,
    rates: dict[str, float] | None = None,
) -> tuple[PartnerMatch, list[DealFinding]]:
    """One partner judged: its match, and the deal-wide findings (the same for every partner)."""
    from_map = map_answers(profile, deal, program)
    answers = {q: combine(from_map[q], getattr(said.trust, q)) for q in TRUST_QUESTIONS}
    leverage = said.leverage if said.leverage is not None else map_leverage(profile, deal)
    facts = deal.model_copy(update={"trust": _as_trust(answers), "leverage": leverage, "partner": profile.name})
    verdict = decide_deal(facts, program, rates)
    own = [f for f in verdict.findings if f.rule in PARTNER_RULES]
    own += [f for f in (_presence(profile, deal), _motion(profile), _contradictions(profile.name, answers)) if f]
    outcomes = {f.outcome for f in verdict.findings} | {f.outcome for f in own}
    decided: Verdict = "NO_GO" if "NO_GO" in outcomes else "NEEDS_INFO" if "NEEDS_INFO" in outcomes else "GO"
    strongest = in_account(profile, deal.account)
    match = PartnerMatch(
        name=profile.name,
        rank=0,
        verdict=decided,
        in_map=in_map,
        proposed=proposed,
        trust=answers,
        leverage=_leverage_words(leverage),
        relationship=_entry(strongest[0]).removeprefix("capability map: relationship ") if strongest else "",
        findings=sorted(own, key=lambda f: ("NO_GO", "NEEDS_INFO", "warning").index(f.outcome)),
    )
    return match, [f for f in verdict.findings if f.rule not in PARTNER_RULES]


def _leverage_words(leverage: PartnerLeverage | None) -> str:
    if leverage is None:
        return ""
    if not leverage.present:
        return f"none: {leverage.text}"
    role = f" for the {leverage.role.replace('_', ' ')}" if leverage.role else ""
    origin = "the map" if leverage.quote.startswith("capability map:") else "the notes"
    return f"{leverage.type or 'leverage'}{role}: {leverage.text} (from {origin})"


def _rank_key(match: PartnerMatch, profile: PartnerProfile, deal: DealFacts) -> tuple:
    answers = [a.answer for a in match.trust.values()]
    strongest = in_account(profile, deal.account)
    return (
        _VERDICT_RANK[match.verdict],
        -answers.count("yes"),
        -(_STRENGTH_RANK[strongest[0].strength] if strongest else -1),
        answers.count("no"),
        key(match.name),
    )


def match_partners(
    deal: DealFacts,
    program: ProgramDraft | None,
    profiles: list[PartnerProfile],
    said: dict[str, PartnerNotes] | None = None,
    *,
    proposed: PartnerProfile | None = None,
    rates: dict[str, float] | None = None,
) -> MatchResult:
    """Rank every partner for the deal. `said` holds what the notes say per partner (by `key(name)`).

    `proposed` is the partner the notes propose; pass it even when the map does not hold it (it is then judged
    on the notes alone and marked as not in the map).
    """
    said = said or {}
    pool = list(profiles)
    in_map = proposed is None or any(key(p.name) == key(proposed.name) for p in profiles)
    if proposed is not None and not in_map:
        pool.append(proposed)
    judged: list[tuple[tuple, PartnerMatch]] = []
    deal_findings: list[DealFinding] = []
    for profile in pool:
        is_proposed = proposed is not None and key(profile.name) == key(proposed.name)
        match, deal_findings = judge(
            profile,
            deal,
            program,
            said.get(key(profile.name), PartnerNotes()),
            proposed=is_proposed,
            in_map=in_map or not is_proposed,
            rates=rates,
        )
        judged.append((_rank_key(match, profile, deal), match))
    ranked = [m.model_copy(update={"rank": i}) for i, (_, m) in enumerate(sorted(judged, key=lambda j: j[0]), 1)]
    best = next((m.name for m in ranked if m.verdict == "GO"), None)
    named = next((m for m in ranked if m.proposed), None)
    better = best if named is not None and named.verdict != "GO" and best not in (None, named.name) else None
    return MatchResult(
        best=best,
        proposed=named.name if named else None,
        better_placed=better,
        deal_findings=deal_findings,
        partners=ranked,
    )
