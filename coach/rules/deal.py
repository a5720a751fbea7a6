"""The go / no-go on a partner for one deal: deal facts and the program's ICP in, a verdict out.

Only facts that carry a quote from the notes reach these rules; anything else is unknown.
"""

from __future__ import annotations

from coach import lexicon
from coach.framework import (
    STAGE_ORDER,
    DealFacts,
    DealFinding,
    DealVerdict,
    FactConflict,
    Money,
    ProgramDraft,
    StageFact,
    TrustQuestions,
)
from coach.rules.catalog import DEAL_QUESTIONS, SOURCES, TRUST_QUESTIONS
from coach.rules.fit import icp_fit, in_currency, money_words

# Without an exclusion that says otherwise, partners are disallowed from legal review on.
DEFAULT_LATE_STAGE = "legal_review"
_CLOSED_STAGES = {"closed", "post_sale"}


def _finding(rule: str, outcome: str, message: str, *evidence: str | None) -> DealFinding:
    return DealFinding(
        rule=rule, outcome=outcome, message=message, evidence=[e for e in evidence if e], source=SOURCES[rule]
    )


def minimum_deal_size(program: ProgramDraft) -> Money | None:
    """The ICP's minimum deal size: a deal-size exclusion's threshold, else a deal-size ICP condition."""
    for exclusion in program.exclusions:
        if exclusion.kind == "deal_size" and exclusion.threshold is not None:
            return exclusion.threshold
    for condition in program.icp.conditions:
        if condition.dimension == "deal_size" and condition.minimum is not None:
            return Money(amount=condition.minimum, currency=condition.currency or "USD", period="annual")
    return None


def late_stage(program: ProgramDraft | None) -> str:
    """The first stage at which partners are disallowed."""
    for exclusion in program.exclusions if program else []:
        if exclusion.kind == "stage_too_late" and exclusion.stage is not None:
            return exclusion.stage
    return DEFAULT_LATE_STAGE


def check_against_icp(
    deal: DealFacts, program: ProgramDraft, rates: dict[str, float] | None = None
) -> tuple[list[DealFinding], list[str]]:
    """The ICP and size exclusions; also the questions to ask where a comparison cannot be made."""
    rates = {**lexicon.usd_rates(), **(rates or {})}
    found: list[DealFinding] = []
    questions: list[str] = []
    fits = icp_fit(program.icp.conditions, deal, rates)
    failures = [c for c in fits if c.fit == "out"]
    # A condition the notes cannot settle does not block a GO, but the person is asked to check it.
    questions += [f"{c.reason[0].upper()}{c.reason[1:]}: is the account inside {c.condition!r}?" for c in fits
                  if c.fit == "unknown"]  # fmt: skip
    if failures:
        found.append(
            _finding(
                "deal.outside_icp",
                "NO_GO",
                "The account fails the operating ICP: " + "; ".join(c.reason for c in failures) + ".",
                *(c.quote for c in failures),
            )
        )
    floor = minimum_deal_size(program)
    if floor and deal.deal_size:
        found += _check_size(deal, floor, rates)
    return found, questions


def _check_size(deal: DealFacts, floor: Money, rates: dict[str, float]) -> list[DealFinding]:
    """Below the minimum deal size, converted to the threshold's currency; not comparable is never a pass."""
    assert deal.deal_size is not None
    size = deal.deal_size.money
    if size.period == "per_unit":
        return [
            _finding(
                "deal.size_not_comparable",
                "NEEDS_INFO",
                f"The deal is priced per unit ({money_words(size)} each) with no agreed volume, so it cannot be put "
                f"per year and compared with the minimum of {money_words(floor)}.",
                deal.deal_size.quote,
            )
        ]
    if size.period == "one_time" and floor.period != "one_time":
        return [
            _finding(
                "deal.size_not_comparable",
                "NEEDS_INFO",
                f"The deal is stated as a total ({money_words(size)}) with no term, so it cannot be put per year and "
                f"compared with the minimum of {money_words(floor)}.",
                deal.deal_size.quote,
            )
        ]
    converted = in_currency(size, floor.currency, rates)
    if converted is None:
        return [
            _finding(
                "deal.size_not_comparable",
                "NEEDS_INFO",
                f"The deal is stated in {size.currency if size.currency != 'OTHER' else 'a currency'} with no known "
                f"rate to {floor.currency}, so it cannot be compared with the minimum of {money_words(floor)}.",
                deal.deal_size.quote,
            )
        ]
    if converted >= floor.annual_amount():
        return []
    shown = (
        money_words(size)
        if size.currency == floor.currency
        else f"{money_words(size)}, about {money_words(Money(amount=converted, currency=floor.currency))}"
    )
    return [
        _finding(
            "deal.below_size_threshold",
            "NO_GO",
            f"The deal ({shown}{' a year' if size.period == 'monthly' else ''}) is below the minimum deal size "
            f"for partners ({money_words(floor)}).",
            deal.deal_size.quote,
        )
    ]


def check_exclusions(deal: DealFacts, program: ProgramDraft | None) -> list[DealFinding]:
    """The exclusion rules that read the deal alone: motion, existing trust, stage."""
    found: list[DealFinding] = []
    if deal.repeatable_direct_motion and deal.repeatable_direct_motion.value:
        found.append(
            _finding(
                "deal.repeatable_direct_motion",
                "NO_GO",
                "The deal runs on a clear, repeatable direct motion: a partner adds no access or confidence lift.",
                deal.repeatable_direct_motion.quote,
            )
        )
    if deal.buyer_trusts_vendor and deal.buyer_trusts_vendor.value:
        kind = f" ({deal.deal_type.deal_type.replace('_', ' ')})" if deal.deal_type else ""
        found.append(
            _finding(
                "deal.buyer_already_trusts_vendor",
                "NO_GO",
                f"The buyer already trusts you{kind}: no third-party validation is needed.",
                deal.buyer_trusts_vendor.quote,
                deal.deal_type.quote if deal.deal_type else None,
            )
        )
    late = late_stage(program)
    if deal.stage and STAGE_ORDER.index(deal.stage.stage) >= STAGE_ORDER.index(late):
        where = "closed" if deal.stage.stage in _CLOSED_STAGES else f"at {deal.stage.stage.replace('_', ' ')}"
        found.append(
            _finding(
                "deal.stage_too_late",
                "NO_GO",
                f"The deal is {where}: partner involvement now adds overhead without new signal.",
                deal.stage.quote,
            )
        )
    return found


def check_trigger_and_leverage(deal: DealFacts) -> list[DealFinding]:
    """Why now, and what the partner adds: absent is NO_GO, unstated is NEEDS_INFO."""
    found: list[DealFinding] = []
    if deal.trigger is None:
        found.append(
            _finding("deal.trigger_unknown", "NEEDS_INFO", "The notes say nothing about why the buyer would act now.")
        )
    elif not deal.trigger.present:
        found.append(
            _finding("deal.no_trigger", "NO_GO", f"There is no trigger: {deal.trigger.text}.", deal.trigger.quote)
        )
    if deal.leverage is None:
        found.append(
            _finding("deal.leverage_unknown", "NEEDS_INFO", "The notes do not say what the partner would add.")
        )
    elif not deal.leverage.present:
        found.append(
            _finding(
                "deal.no_leverage",
                "NO_GO",
                f"Nobody can say what the partner adds: {deal.leverage.text}.",
                deal.leverage.quote,
            )
        )
    if deal.decision_maker is None:
        found.append(_finding("deal.no_buyer", "NEEDS_INFO", "Who signs this deal is unknown."))
    return found


def trust_answers(trust: TrustQuestions) -> dict[str, str]:
    """The four trust answers as yes / no / unknown."""
    return {name: getattr(trust, name).answer for name in TRUST_QUESTIONS}


def check_trust(deal: DealFacts) -> list[DealFinding]:
    """The four trust questions: two or more no fails, two or more unknown needs an answer."""
    answers = trust_answers(deal.trust)
    noes = [n for n, a in answers.items() if a == "no"]
    unknown = [n for n, a in answers.items() if a == "unknown"]
    quotes = [getattr(deal.trust, n).quote for n in noes]
    found: list[DealFinding] = []
    if len(noes) >= 2:
        names = ", ".join(n.replace("_", " ") for n in noes)
        found.append(
            _finding(
                "deal.trust_threshold_failed",
                "NO_GO",
                f"The partner fails {len(noes)} of the 4 trust questions ({names}).",
                *quotes,
            )
        )
    if answers["prior_relationship"] == "no" and answers["category_credibility"] == "no":
        found.append(
            _finding(
                "deal.trust_gap",
                "NO_GO",
                "The partner has no relationship and no credibility with any buyer role in this account.",
                deal.trust.prior_relationship.quote,
                deal.trust.category_credibility.quote,
            )
        )
    if len(unknown) >= 2 and len(noes) < 2:
        names = ", ".join(n.replace("_", " ") for n in unknown)
        found.append(
            _finding("deal.trust_unassessed", "NEEDS_INFO", f"{len(unknown)} trust questions are unanswered ({names}).")
        )
    return found


# The rulebook's noise on one deal: entering too early (before trust), too late (criteria locked), or with no role.
DEAL_NOISE = frozenset({"too_early", "too_late", "no_clear_role"})


def check_noise(deal: DealFacts) -> list[DealFinding]:
    """Signs the partner would enter too early, too late, or without a clear role."""
    noise = [n for n in deal.noise if n.kind in DEAL_NOISE]
    if not noise:
        return []
    message = "The partner risks adding noise: " + "; ".join(n.text for n in noise) + "."
    return [_finding("deal.noise_risk", "warning", message, *(n.quote for n in noise))]


def _basis(deal: DealFacts) -> dict[str, str]:
    """What a GO rests on: the buyer role, the trigger, the leverage and the trust."""
    yes = [n.replace("_", " ") for n, a in trust_answers(deal.trust).items() if a == "yes"]
    return {
        "buyer": deal.decision_maker.title if deal.decision_maker else "",
        "trigger": deal.trigger.text if deal.trigger else "",
        "leverage": f"{deal.leverage.type or 'leverage'}: {deal.leverage.text}" if deal.leverage else "",
        "trust": ", ".join(yes),
    }


def check_conflicts_and_disguises(deal: DealFacts, settled: tuple[FactConflict, ...] = ()) -> list[DealFinding]:
    """Facts the notes state two ways (each already unknown to the other rules), and text that was disguised. A
    conflict in `settled` changes no verdict whichever value is true: it stays unknown, and is asked, not a finding."""
    found = [
        _finding(
            "deal.fact_conflict",
            "NEEDS_INFO",
            f"The notes give the {c.fact.replace('trust.', '').replace('_', ' ')} two ways "
            f"({' vs '.join(repr(v) for v in c.values)}): neither is taken until a person says which is true.",
            *c.quotes,
        )
        for c in deal.conflicts
        if c not in settled
    ]
    if deal.disguises:
        found.append(
            _finding(
                "deal.hidden_text",
                "warning",
                "The notes contained " + "; ".join(deal.disguises) + ". They were removed or folded before reading.",
            )
        )
    return found


# The one conflict the rules can be rerun with: the stage, which a GO does not rest on. A conflict over a trust answer
# or who signs always needs a person (a GO names its buyer and the trust it rests on); sizes and places compare with
# the ICP in ways a rerun would hide.
_RERUNNABLE = ("stage",)


def _with_value(deal: DealFacts, conflict: FactConflict, value: str, quote: str) -> DealFacts | None:
    """The deal as it would be if this one statement of the conflicting stage were the true one."""
    if conflict.fact != "stage" or value not in STAGE_ORDER:
        return None
    rest = [c for c in deal.conflicts if c is not conflict]
    return deal.model_copy(update={"conflicts": rest, "stage": StageFact(stage=value, quote=quote)})


def _settled(deal: DealFacts, program: ProgramDraft | None, rates: dict[str, float] | None) -> tuple[FactConflict, ...]:
    """Conflicts that change nothing: the verdict is the same with the fact unknown and with each value the notes
    give it ("discovery" against "evaluation" when partners are barred only from legal review on). Any other
    conflict stays a NEEDS_INFO finding, so a conflict that could matter never yields a GO."""
    settled = []
    for conflict in deal.conflicts:
        if conflict.fact not in _RERUNNABLE or not 2 <= len(conflict.values) == len(conflict.quotes):
            continue  # only a conflict whose every value has its quote can be rerun value by value
        unknown = _decide(deal, program, rates, settled=(conflict,)).verdict
        variants = [_with_value(deal, conflict, v, q) for v, q in zip(conflict.values, conflict.quotes, strict=True)]
        if all(v is not None and _decide(v, program, rates).verdict == unknown for v in variants):
            settled.append(conflict)
    return tuple(settled)


def decide_deal(deal: DealFacts, program: ProgramDraft | None, rates: dict[str, float] | None = None) -> DealVerdict:
    """Go / no-go on the partner for this deal: any NO_GO wins, then any NEEDS_INFO, else GO."""
    settled = _settled(deal, program, rates)
    verdict = _decide(deal, program, rates, settled)
    asks = [
        f"The notes give the {c.fact.replace('trust.', '').replace('_', ' ')} two ways "
        f"({' vs '.join(repr(v) for v in c.values)}); the verdict is the same either way, but which is true?"
        for c in settled
    ]
    return verdict.model_copy(update={"questions": [*asks, *verdict.questions]}) if asks else verdict


def _decide(
    deal: DealFacts,
    program: ProgramDraft | None,
    rates: dict[str, float] | None,
    settled: tuple[FactConflict, ...] = (),
) -> DealVerdict:
    found: list[DealFinding] = check_conflicts_and_disguises(deal, settled)
    questions: list[str] = []
    if program is not None:
        icp_found, questions = check_against_icp(deal, program, rates)
        found += icp_found
    found += check_exclusions(deal, program)
    found += check_trigger_and_leverage(deal)
    found += check_trust(deal)
    found += check_noise(deal)
    outcomes = {f.outcome for f in found}
    verdict = "NO_GO" if "NO_GO" in outcomes else "NEEDS_INFO" if "NEEDS_INFO" in outcomes else "GO"
    questions += [DEAL_QUESTIONS[f.rule] for f in found if f.rule in DEAL_QUESTIONS]
    answers = trust_answers(deal.trust)
    questions += [q for name, q in TRUST_QUESTIONS.items() if answers[name] == "unknown"]
    order = {"NO_GO": 0, "NEEDS_INFO": 1, "warning": 2}
    return DealVerdict(
        verdict=verdict,
        findings=sorted(found, key=lambda f: order[f.outcome]),
        trust=answers,
        questions=list(dict.fromkeys(questions)),
        basis=_basis(deal) if verdict == "GO" else {},
    )
