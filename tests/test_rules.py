"""Every rule id fires on a draft or deal built to break it, and stays silent on the complete one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from coach.framework import (
    BeforeAfter,
    BuyerMap,
    BuyerRole,
    DealFacts,
    DealTrigger,
    DealTypeFact,
    Exclusion,
    Fact,
    FactConflict,
    FlagFact,
    IcpCondition,
    IcpEvidence,
    LeverageZone,
    Money,
    MoneyFact,
    NoiseRisk,
    NumberFact,
    OperatingIcp,
    PartnerLeverage,
    ProgramDraft,
    ReadinessAnswers,
    StageFact,
    SuccessMetric,
    TextFact,
    Trigger,
    TrustAnswer,
    TrustQuestions,
    TrustStanding,
)
from coach.rules import SOURCES, check_readiness, decide_deal, grade_program, operator_sentence
from coach.rules.catalog import PROGRAM_ORDER

Q = "quoted"


def complete_program() -> ProgramDraft:
    """A program that meets every rule."""
    return ProgramDraft(
        icp=OperatingIcp(
            statement=Fact(quote=Q),
            conditions=[
                IcpCondition(quote=Q, dimension="industry", text="fintech lenders", values=["fintech"]),
                IcpCondition(quote=Q, dimension="company_size", text="200-2,000 employees", minimum=200, maximum=2000),
                IcpCondition(quote=Q, dimension="region", text="US", values=["us", "united states"]),
            ],
            evidence=[IcpEvidence(quote=Q, kind="velocity", text="62-day cycle")],
        ),
        buyers=BuyerMap(
            decision_maker=BuyerRole(quote=Q, title="CFO"),
            influencer=BuyerRole(quote=Q, title="VP of Risk"),
            blocker=BuyerRole(quote=Q, title="Procurement"),
        ),
        trigger=Trigger(quote=Q, kind="regulatory", text="a failed SOC 2 audit"),
        metrics=[SuccessMetric(quote=Q, kind="risk_reduction", text="audit findings")],
        trust=[TrustStanding(quote=Q, form="prior_relationship", role="decision_maker", text="a prior relationship")],
        leverage=[
            LeverageZone(
                quote=Q,
                type="confidence",
                role="decision_maker",
                stage="evaluation",
                text="confidence for the CFO",
                change=BeforeAfter(quote="security review from 6 weeks to 2", before="6 weeks", after="2 weeks"),
            )
        ],
        exclusions=[
            Exclusion(quote=Q, kind="deal_size", text="under $60k ARR", threshold=Money(amount=60000, currency="USD")),
            Exclusion(quote=Q, kind="stage_too_late", text="after legal review", stage="legal_review"),
        ],
    )


def _vague_icp(d: ProgramDraft) -> None:
    d.icp.conditions = []
    d.icp.statement = Fact(quote="mid-market companies that need better ops")


def _hope_icp(d: ProgramDraft) -> None:
    d.icp.statement = Fact(quote="strategic verticals, wherever partners can figure it out")


def _mismatch(d: ProgramDraft) -> None:
    d.leverage[0].type, d.leverage[0].role = "signal", "blocker"


def _vague_exclusion(d: ProgramDraft) -> None:
    d.exclusions = [Exclusion(quote=Q, kind="deal_size", text="small deals")]


PROGRAM_BREAKS: dict[str, tuple[Callable[[ProgramDraft], None], set[str]]] = {
    "icp.missing": (lambda d: setattr(d, "icp", OperatingIcp()), {"icp.missing", "icp.no_evidence"}),
    "icp.vague": (_vague_icp, {"icp.vague"}),
    "icp.vague-hope-words": (_hope_icp, {"icp.vague"}),
    "icp.no_evidence": (lambda d: setattr(d.icp, "evidence", []), {"icp.no_evidence"}),
    "buyer.missing": (
        lambda d: setattr(d.buyers, "decision_maker", None),
        {"buyer.missing", "statement.incomplete"},
    ),
    "buyer.vague": (
        lambda d: setattr(d.buyers, "decision_maker", BuyerRole(quote=Q, title="leadership")),
        {"buyer.vague", "statement.incomplete"},
    ),
    "buyer_map.incomplete": (lambda d: setattr(d.buyers, "blocker", None), {"buyer_map.incomplete"}),
    "metric.missing": (lambda d: setattr(d, "metrics", []), {"metric.missing"}),
    "trigger.missing": (lambda d: setattr(d, "trigger", None), {"trigger.missing", "statement.incomplete"}),
    "trigger.vague": (
        lambda d: setattr(d, "trigger", Trigger(quote=Q, kind="other", text="when they are ready")),
        {"trigger.vague", "statement.incomplete"},
    ),
    "trigger.vague-theme": (
        lambda d: setattr(d, "trigger", Trigger(quote=Q, kind="problem_visible", text="digital transformation")),
        {"trigger.vague", "statement.incomplete"},
    ),
    "trust.unassessed": (lambda d: setattr(d, "trust", []), {"trust.unassessed", "statement.incomplete"}),
    "leverage.missing": (lambda d: setattr(d, "leverage", []), {"leverage.missing", "statement.incomplete"}),
    "leverage.unmapped": (lambda d: setattr(d.leverage[0], "stage", None), {"leverage.unmapped"}),
    "leverage.role_mismatch": (_mismatch, {"leverage.role_mismatch"}),
    "leverage.no_before_after": (lambda d: setattr(d.leverage[0], "change", None), {"leverage.no_before_after"}),
    "exclusions.missing": (lambda d: setattr(d, "exclusions", []), {"exclusions.missing"}),
    "exclusions.vague": (_vague_exclusion, {"exclusions.vague"}),
}


def test_complete_program_is_ready_with_no_findings() -> None:
    grade = grade_program(complete_program())
    assert grade.findings == []
    assert (grade.eligible, grade.readiness, grade.next_question) == (True, "ready", None)
    assert grade.statement == (
        "Partners are involved with the CFO, in evaluation deals triggered by a failed SOC 2 audit, to create "
        "confidence (security review from 6 weeks to 2), because they have established a prior relationship "
        "with that buyer. Nowhere else."
    )


@pytest.mark.parametrize(("case", "expected"), [(k, v[1]) for k, v in PROGRAM_BREAKS.items()], ids=list(PROGRAM_BREAKS))
def test_program_rule_fires_alone(case: str, expected: set[str]) -> None:
    draft = complete_program()
    PROGRAM_BREAKS[case][0](draft)
    grade = grade_program(draft)
    assert {f.rule for f in grade.findings} == expected
    for finding in grade.findings:
        assert finding.source == SOURCES[finding.rule]
        assert finding.message


@pytest.mark.parametrize(
    ("case", "eligible", "readiness"),
    [
        ("buyer.missing", False, "not_eligible"),
        ("trigger.vague", False, "not_eligible"),
        ("leverage.missing", False, "not_eligible"),
        ("exclusions.missing", True, "draft"),
        ("icp.vague", True, "draft"),
        ("metric.missing", True, "ready"),
        ("leverage.role_mismatch", True, "ready"),
    ],
)
def test_eligibility_and_readiness(case: str, eligible: bool, readiness: str) -> None:
    draft = complete_program()
    PROGRAM_BREAKS[case][0](draft)
    grade = grade_program(draft)
    assert (grade.eligible, grade.readiness) == (eligible, readiness)


def test_messages_use_the_persons_words() -> None:
    draft = complete_program()
    PROGRAM_BREAKS["buyer.vague"][0](draft)
    PROGRAM_BREAKS["trigger.vague"][0](draft)
    messages = {f.rule: f.message for f in grade_program(draft).findings}
    assert '"leadership"' in messages["buyer.vague"]
    assert '"when they are ready"' in messages["trigger.vague"]


def test_next_question_takes_blocking_gaps_in_framework_order() -> None:
    draft = complete_program()
    draft.metrics, draft.exclusions, draft.trigger = [], [], None
    grade = grade_program(draft)
    assert (
        grade.next_question
        == "What event makes this buyer act now: a deadline, a budget event, a mandate, a visible problem?"
    )
    draft.trigger = complete_program().trigger
    assert grade_program(draft).next_question.startswith("Where are partners not allowed")


def test_empty_draft_asks_for_the_icp_first() -> None:
    grade = grade_program(ProgramDraft())
    assert grade.next_question.startswith("Where do your deals actually close")
    assert [f.rule for f in grade.findings] == [r for r in PROGRAM_ORDER if r in {f.rule for f in grade.findings}]


def test_operator_sentence_waits_for_all_four_blanks() -> None:
    draft = complete_program()
    draft.trust = []
    assert operator_sentence(draft) is None


@pytest.mark.parametrize(
    ("title", "named"),
    [("VP of Engineering", "with the VP of Engineering,"), ("Procurement", "with the Procurement team,"),
     ("IT security", "with the IT security team,"), ("Head of Procurement", "with the Head of Procurement,")],
)  # fmt: skip
def test_operator_sentence_names_a_department_as_a_team(title: str, named: str) -> None:
    draft = complete_program()
    draft.buyers.decision_maker = BuyerRole(quote=Q, title=title)
    draft.leverage[0].role = "decision_maker"
    assert named in (operator_sentence(draft) or "")


# --- Deal verdicts -------------------------------------------------------------------------------


def yes(quote: str = Q) -> TrustAnswer:
    return TrustAnswer(answer="yes", quote=quote)


def no(quote: str = Q) -> TrustAnswer:
    return TrustAnswer(answer="no", quote=quote)


def go_deal() -> DealFacts:
    """A deal that earns a GO against complete_program()."""
    return DealFacts(
        industry=TextFact(quote=Q, value="fintech"),
        employees=NumberFact(quote=Q, value=800),
        region=TextFact(quote=Q, value="US"),
        deal_size=MoneyFact(quote="$175k ARR", money=Money(amount=175000, currency="USD", period="annual")),
        deal_type=DealTypeFact(quote=Q, deal_type="new_logo"),
        stage=StageFact(quote=Q, stage="evaluation"),
        decision_maker=BuyerRole(quote=Q, title="CFO"),
        trigger=DealTrigger(quote=Q, present=True, text="SOC 2 audit in March"),
        leverage=PartnerLeverage(quote=Q, present=True, type="speed", text="warm intro to the CFO"),
        trust=TrustQuestions(
            prior_relationship=yes(), category_credibility=yes(), speaks_success_metric=yes(), referenceable_proof=yes()
        ),
    )


def _trust(**answers: TrustAnswer) -> Callable[[DealFacts], None]:
    def apply(d: DealFacts) -> None:
        for name, answer in answers.items():
            setattr(d.trust, name, answer)

    return apply


DEAL_BREAKS: dict[str, tuple[Callable[[DealFacts], None], str, set[str]]] = {
    "deal.fact_conflict": (
        lambda d: d.conflicts.append(
            FactConflict(fact="stage", values=["legal_review", "discovery"], quotes=["in redlines", "Stage: discovery"])
        ),
        "NEEDS_INFO",
        {"deal.fact_conflict"},
    ),
    "deal.hidden_text": (
        lambda d: d.disguises.append("invisible characters"),
        "GO",
        {"deal.hidden_text"},
    ),
    "deal.size_not_comparable": (
        lambda d: setattr(d, "deal_size", MoneyFact(quote="ZAR 2m", money=Money(amount=2e6, currency="OTHER"))),
        "NEEDS_INFO",
        {"deal.size_not_comparable"},
    ),
    "deal.outside_icp-region-by-alias": (
        lambda d: setattr(d, "region", TextFact(quote="Sydney, Australia", value="australia")),
        "NO_GO",
        {"deal.outside_icp"},
    ),
    "deal.outside_icp-industry": (
        lambda d: setattr(d, "industry", TextFact(quote="a hospital group", value="healthcare")),
        "NO_GO",
        {"deal.outside_icp"},
    ),
    "deal.outside_icp-size": (
        lambda d: setattr(d, "employees", NumberFact(quote="9,000 staff", value=9000)),
        "NO_GO",
        {"deal.outside_icp"},
    ),
    "deal.below_size_threshold": (
        lambda d: setattr(d, "deal_size", MoneyFact(quote="$40k ARR", money=Money(amount=40000, currency="USD"))),
        "NO_GO",
        {"deal.below_size_threshold"},
    ),
    "deal.repeatable_direct_motion": (
        lambda d: setattr(d, "repeatable_direct_motion", FlagFact(quote="self-serve", value=True)),
        "NO_GO",
        {"deal.repeatable_direct_motion"},
    ),
    "deal.buyer_already_trusts_vendor": (
        lambda d: setattr(d, "buyer_trusts_vendor", FlagFact(quote="exec sponsor since 2021", value=True)),
        "NO_GO",
        {"deal.buyer_already_trusts_vendor"},
    ),
    "deal.stage_too_late": (
        lambda d: setattr(d, "stage", StageFact(quote="in redlines", stage="legal_review")),
        "NO_GO",
        {"deal.stage_too_late"},
    ),
    "deal.no_trigger": (
        lambda d: setattr(d, "trigger", DealTrigger(quote="no timeline", present=False, text="no timeline")),
        "NO_GO",
        {"deal.no_trigger"},
    ),
    "deal.no_leverage": (
        lambda d: setattr(d, "leverage", PartnerLeverage(quote="not sure what they add", present=False, text="x")),
        "NO_GO",
        {"deal.no_leverage"},
    ),
    "deal.trust_threshold_failed": (
        _trust(speaks_success_metric=no("needs coaching"), referenceable_proof=no("no references")),
        "NO_GO",
        {"deal.trust_threshold_failed"},
    ),
    "deal.trust_gap": (
        _trust(prior_relationship=no("nobody there knows them"), category_credibility=no("new to the category")),
        "NO_GO",
        {"deal.trust_gap", "deal.trust_threshold_failed"},
    ),
    "deal.no_buyer": (lambda d: setattr(d, "decision_maker", None), "NEEDS_INFO", {"deal.no_buyer"}),
    "deal.trigger_unknown": (lambda d: setattr(d, "trigger", None), "NEEDS_INFO", {"deal.trigger_unknown"}),
    "deal.leverage_unknown": (lambda d: setattr(d, "leverage", None), "NEEDS_INFO", {"deal.leverage_unknown"}),
    "deal.trust_unassessed": (
        _trust(speaks_success_metric=TrustAnswer(), referenceable_proof=TrustAnswer()),
        "NEEDS_INFO",
        {"deal.trust_unassessed"},
    ),
    "deal.noise_risk": (
        lambda d: setattr(d, "noise", [NoiseRisk(quote="criteria are locked", kind="too_late", text="too late")]),
        "GO",
        {"deal.noise_risk"},
    ),
}


def test_go_deal_is_go_and_names_what_it_rests_on() -> None:
    verdict = decide_deal(go_deal(), complete_program())
    assert (verdict.verdict, verdict.findings, verdict.questions) == ("GO", [], [])
    assert verdict.basis == {
        "buyer": "CFO",
        "trigger": "SOC 2 audit in March",
        "leverage": "speed: warm intro to the CFO",
        "trust": "prior relationship, category credibility, speaks success metric, referenceable proof",
    }


@pytest.mark.parametrize(
    ("case", "verdict", "rules"), [(k, v[1], v[2]) for k, v in DEAL_BREAKS.items()], ids=list(DEAL_BREAKS)
)
def test_deal_rule_decides(case: str, verdict: str, rules: set[str]) -> None:
    deal = go_deal()
    DEAL_BREAKS[case][0](deal)
    result = decide_deal(deal, complete_program())
    assert (result.verdict, {f.rule for f in result.findings}) == (verdict, rules)
    for finding in result.findings:
        assert finding.source == SOURCES[finding.rule]
        if finding.outcome == "NO_GO":
            assert finding.evidence, "a NO_GO must rest on quotes from the notes"


def _stage_conflict(*values: str) -> FactConflict:
    return FactConflict(fact="stage", values=list(values), quotes=[f"quote for {v}" for v in values])


def test_a_stage_conflict_that_changes_no_verdict_is_asked_not_a_finding() -> None:
    deal = go_deal()
    deal.stage = None
    deal.conflicts.append(_stage_conflict("discovery", "evaluation"))
    verdict = decide_deal(deal, complete_program())
    assert (verdict.verdict, verdict.findings) == ("GO", [])
    assert verdict.questions[0].startswith("The notes give the stage two ways ('discovery' vs 'evaluation')")
    assert "buyer" in verdict.basis and deal.stage is None, "neither stage is taken: the GO does not rest on one"


@pytest.mark.parametrize(
    ("values", "late"),
    [
        (("evaluation", "legal_review"), None),
        (("discovery", "proposal"), "proposal"),
        (("closed", "negotiation"), None),
    ],
)
def test_a_stage_conflict_across_the_late_stage_still_needs_a_person(values: tuple[str, str], late: str | None) -> None:
    deal = go_deal()
    deal.stage = None
    deal.conflicts.append(_stage_conflict(*values))
    program = complete_program()
    if late:
        program.exclusions = [e for e in program.exclusions if e.kind != "stage_too_late"]
        program.exclusions.append(Exclusion(quote="not from proposal on", kind="stage_too_late", text="x", stage=late))
    verdict = decide_deal(deal, program)
    assert verdict.verdict == "NEEDS_INFO" and "deal.fact_conflict" in {f.rule for f in verdict.findings}


@pytest.mark.parametrize(
    "conflict",
    [
        FactConflict(fact="stage", values=["discovery", "legal_review"], quotes=["Stage: discovery"]),
        FactConflict(fact="stage", values=[], quotes=[]),
        FactConflict(fact="stage", values=["discovery"], quotes=["Stage: discovery"]),
    ],
    ids=["a-value-without-its-quote", "no-values", "one-value"],
)
def test_a_stage_conflict_not_stated_value_by_value_is_never_settled(conflict: FactConflict) -> None:
    deal = go_deal()  # from a model or a facts file: a conflict may come without a quote for each value
    deal.stage = None
    deal.conflicts.append(conflict)
    assert decide_deal(deal, complete_program()).verdict == "NEEDS_INFO"


def test_a_trust_conflict_is_never_settled_by_rerunning_the_rules() -> None:
    deal = go_deal()  # three other trust answers are yes: either answer here would still give GO
    deal.trust.prior_relationship = TrustAnswer()
    deal.conflicts.append(
        FactConflict(fact="trust.prior_relationship", values=["yes", "no"], quotes=["they know her", "nobody there"])
    )
    assert decide_deal(deal, complete_program()).verdict == "NEEDS_INFO"


def test_no_go_beats_needs_info() -> None:
    deal = go_deal()
    deal.decision_maker = None
    deal.stage = StageFact(quote="contract negotiation", stage="negotiation")
    result = decide_deal(deal, complete_program())
    assert result.verdict == "NO_GO"
    assert [f.outcome for f in result.findings] == ["NO_GO", "NEEDS_INFO"]


@pytest.mark.parametrize(
    ("money", "rule"),
    [
        pytest.param(Money(amount=40000, currency="EUR"), "deal.below_size_threshold", id="eur-under-usd-floor"),
        pytest.param(Money(amount=70000, currency="EUR"), None, id="eur-over-usd-floor"),
        pytest.param(Money(amount=4000, currency="GBP", period="monthly"), None, id="gbp-monthly-annualised"),
        pytest.param(Money(amount=90000, currency="OTHER"), "deal.size_not_comparable", id="no-rate"),
        pytest.param(Money(amount=18000, currency="USD", period="per_unit"), "deal.size_not_comparable", id="per-unit"),
        pytest.param(Money(amount=9e5, currency="USD", period="per_unit"), "deal.size_not_comparable", id="unit-big"),
    ],
)
def test_size_is_converted_or_not_comparable(money: Money, rule: str | None) -> None:
    deal = go_deal()
    deal.deal_size = MoneyFact(quote="the deal", money=money)
    result = decide_deal(deal, complete_program())
    size_rules = [f.rule for f in result.findings if f.rule.startswith("deal.") and "size" in f.rule]
    assert size_rules == ([rule] if rule else [])
    assert result.verdict == {None: "GO", "deal.below_size_threshold": "NO_GO"}.get(rule, "NEEDS_INFO")


def test_a_rate_table_can_override_the_default() -> None:
    deal = go_deal()
    deal.deal_size = MoneyFact(quote="EUR 58k", money=Money(amount=58000, currency="EUR"))
    assert decide_deal(deal, complete_program()).verdict == "GO"  # 58k EUR at 1.08 is 62,640 USD
    assert decide_deal(deal, complete_program(), rates={"USD": 1.0, "EUR": 1.0}).verdict == "NO_GO"


def test_monthly_amounts_compare_per_year() -> None:
    deal = go_deal()
    deal.deal_size = MoneyFact(quote="$6k MRR", money=Money(amount=6000, currency="USD", period="monthly"))
    assert decide_deal(deal, complete_program()).verdict == "GO"


def test_unknown_account_facts_never_fail_the_icp() -> None:
    deal = go_deal()
    deal.industry = deal.employees = deal.region = deal.deal_size = None
    assert decide_deal(deal, complete_program()).verdict == "GO"


def test_program_exclusion_can_move_the_late_stage_earlier() -> None:
    program = complete_program()
    program.exclusions[1].stage = "proposal"
    deal = go_deal()
    deal.stage = StageFact(quote="proposal sent", stage="proposal")
    assert {f.rule for f in decide_deal(deal, program).findings} == {"deal.stage_too_late"}


def test_unknown_trust_answers_become_questions() -> None:
    deal = go_deal()
    deal.trust.referenceable_proof = TrustAnswer()
    result = decide_deal(deal, complete_program())
    assert result.verdict == "GO"
    assert result.questions == [
        "Does the partner have proof it can reference without revealing a client's confidential data?"
    ]


def test_icp_conditions_the_notes_cannot_settle_become_questions_without_blocking() -> None:
    deal = go_deal()
    deal.industry = None
    deal.region = TextFact(quote=Q, value="north america")
    result = decide_deal(deal, complete_program())
    assert result.verdict == "GO"
    assert result.questions == [
        "The industry is not stated: is the account inside 'fintech lenders'?",
        "Region 'north america' is broader than 'US': is the account inside 'US'?",
    ]


# --- Readiness -----------------------------------------------------------------------------------

ALL_YES = {
    "one_sentence_for_cro": "yes",
    "sales_articulates_value": "yes",
    "finance_models_roi": "yes",
    "three_documented_outcomes": "yes",
}


@pytest.mark.parametrize(
    ("answers", "ready", "rules"),
    [
        ({**ALL_YES, "built": ["co_sell_motion", "attribution"]}, True, set()),
        ({**ALL_YES, "one_sentence_for_cro": "no"}, False, {"readiness.no_cro_sentence"}),
        ({**ALL_YES, "sales_articulates_value": "no"}, False, {"readiness.sales_cannot_articulate"}),
        ({**ALL_YES, "finance_models_roi": "no"}, False, {"readiness.finance_cannot_model"}),
        ({**ALL_YES, "three_documented_outcomes": "no"}, False, {"readiness.no_documented_outcomes"}),
        ({**ALL_YES, "finance_models_roi": "unknown"}, False, {"readiness.unanswered"}),
        ({**ALL_YES, "built": ["co_sell_motion", "admin_layer"]}, False, {"readiness.build_order"}),
    ],
    ids=["ready", "cro", "sales", "finance", "outcomes", "unanswered", "portal-first"],
)
def test_readiness(answers: dict, ready: bool, rules: set[str]) -> None:
    report = check_readiness(ReadinessAnswers(**answers))
    assert (report.ready, {f.rule for f in report.findings}) == (ready, rules)


def test_build_order_names_the_skipped_layers_and_the_next_one() -> None:
    report = check_readiness(ReadinessAnswers(**ALL_YES, built=["co_sell_motion", "admin_layer"]))
    assert report.findings[0].message == (
        "The administrative layer (portal, tiers, deal registration) is built before attribution "
        "(sourced, co-sell, influenced), the partner capability map."
    )
    assert report.next_layer == "attribution"


def test_every_rule_id_is_exercised_here() -> None:
    fired = {r for _, rules in PROGRAM_BREAKS.values() for r in rules}
    fired |= {r for _, _, rules in DEAL_BREAKS.values() for r in rules}
    fired |= {"readiness.no_cro_sentence", "readiness.sales_cannot_articulate", "readiness.finance_cannot_model"}
    fired |= {"readiness.no_documented_outcomes", "readiness.unanswered", "readiness.build_order"}
    assert {r for r in SOURCES if not r.startswith("match.")} == fired  # match.*: tests/test_matching.py


@pytest.mark.parametrize(
    ("text", "kind", "vague"),
    [
        ("when they are ready", "other", True),
        ("digital transformation", "problem_visible", True),
        ("growth", "other", True),
        ("a board-set 40% growth target in the annual plan", "leadership_mandate", False),
        ("PCI DSS 4.0 becomes mandatory in March", "other", False),
        ("a failed SOC 2 audit", "regulatory", False),
        ("when ready to modernise", "other", True),
        ("when they decide to scale", "other", True),
        ("they buy when they're ready to scale", "other", True),
        ("when a DSO acquires a batch of practices", "other", False),
        ("when the insurer's renewal questionnaire asks how deadlines are tracked", "other", False),
    ],
)
def test_trigger_vagueness_looks_for_an_event(text: str, kind: str, vague: bool) -> None:
    from coach.rules.program import is_vague_trigger

    assert is_vague_trigger(text, kind) is vague


def test_a_trigger_cut_short_is_judged_with_its_quote() -> None:
    from coach.framework import Trigger
    from coach.rules.program import check_trigger

    quote = "The moment their European importer sends the letter asking for geolocation data for every farm"
    cut = Trigger(quote=quote, kind="other", text="The moment their European importer sends the")
    assert check_trigger(ProgramDraft(trigger=cut)) == []
    vague = Trigger(quote="They buy when they are ready to grow.", kind="other", text="when they are ready")
    assert [f.rule for f in check_trigger(ProgramDraft(trigger=vague))] == ["trigger.vague"]
    # Only the trigger's own sentence is read: a number in the quote's next sentence is no event.
    later = Trigger(
        quote="They buy when they are ready. Our 3 best clients did.", kind="other", text="when they are ready"
    )
    assert [f.rule for f in check_trigger(ProgramDraft(trigger=later))] == ["trigger.vague"]


def test_noise_outside_the_rulebooks_three_kinds_is_not_a_deal_finding() -> None:
    deal = go_deal()
    deal.noise = [NoiseRisk(quote=Q, kind="competing_narrative", text="pitches its own product")]
    assert decide_deal(deal, complete_program()).findings == []


def test_a_partial_rate_table_overrides_entry_by_entry() -> None:
    deal = go_deal()
    deal.deal_size = MoneyFact(quote="EUR 58k", money=Money(amount=58000, currency="EUR"))
    assert decide_deal(deal, complete_program(), rates={"EUR": 1.0}).verdict == "NO_GO"  # USD keeps its 1.0


def test_every_deciding_deal_rule_names_the_facts_it_reads() -> None:
    from coach.framework import DealFacts
    from coach.rules.catalog import DEAL_RULE_FACTS, TRUST_QUESTIONS

    deciding = {r for r in SOURCES if r.startswith("deal.")} - {"deal.noise_risk", "deal.hidden_text"}
    assert set(DEAL_RULE_FACTS) == deciding
    names = set(DealFacts.model_fields) | {f"trust.{q}" for q in TRUST_QUESTIONS}
    assert {f for facts in DEAL_RULE_FACTS.values() for f in facts} <= names


def test_the_brief_never_calls_a_size_that_cannot_be_compared_passed() -> None:
    from coach.partners.brief import joint_call_brief

    deal = go_deal()
    deal.deal_size = MoneyFact(
        quote="GBP 18,000 per cohort", money=Money(amount=18000, currency="GBP", period="per_unit")
    )
    program = complete_program()
    brief = joint_call_brief(deal, program, decide_deal(deal, program))
    assert "Minimum deal size" in brief and "cannot be compared" in brief
