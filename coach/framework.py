"""Strict pydantic models of the partner ICP framework.

Every fact taken from a person's text is a `Fact`: it carries the quote it came from and where that
quote sits in the text. A fact that is not stated is `None` (or an empty list, or a trust answer of
"unknown"): unknown is a first-class answer, never a guessed value. Field descriptions are written
for the model that fills these in on the LLM path.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

BuyerRoleKind = Literal["decision_maker", "influencer", "blocker"]
LeverageType = Literal["signal", "speed", "confidence"]
DealStage = Literal[
    "pre_deal",
    "discovery",
    "evaluation",
    "proposal",
    "legal_review",
    "negotiation",
    "closed",
    "post_sale",
]
TriState = Literal["yes", "no", "unknown"]
Currency = Literal["USD", "EUR", "GBP", "CAD", "AUD", "OTHER"]
Period = Literal["annual", "monthly", "one_time", "per_unit", "unspecified"]
# suggested: read from the text (shown as "read"); confirmed: a person agreed; corrected: a person gave the value.
Provenance = Literal["suggested", "confirmed", "corrected"]

# Stages in the order a deal moves through them; rules compare positions in this tuple.
STAGE_ORDER: tuple[str, ...] = DealStage.__args__  # type: ignore[attr-defined]


class Strict(BaseModel):
    """Base for every framework model: unknown keys are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class Fact(Strict):
    """A fact stated in the person's text, with the words that state it."""

    quote: str = Field(
        description=(
            "The exact words from the text that state this fact, copied character for character "
            "(a phrase or one sentence). Never paraphrase; if no words in the text state it, do "
            "not create this fact."
        )
    )
    start: SkipJsonSchema[int | None] = Field(
        default=None, description="Character offset of the quote in the source text (set on verification)."
    )
    status: SkipJsonSchema[Provenance] = Field(
        default="suggested", description="suggested: extracted; confirmed: the person confirmed or edited it."
    )
    confidence: SkipJsonSchema[float | None] = Field(
        default=None, description="How sure the reader is of this fact, 0-1 (None: not estimated, e.g. a model's)."
    )

    @property
    def end(self) -> int | None:
        """Offset just past the quote, when it was located."""
        return None if self.start is None else self.start + len(self.quote)


class Money(Strict):
    """An amount of money as stated: 60k ARR, EUR 80k, GBP 50k per year."""

    amount: float = Field(description="The amount in whole currency units: '$60k' is 60000, '1.2M' is 1200000.")
    currency: Currency = Field(description="ISO code of the currency; USD when only '$' is written.")
    period: Period = Field(
        default="unspecified",
        description="annual for ARR/ACV/per year, monthly for MRR/per month, one_time for a one-off fee, per_unit "
        "for a price per seat, claim, user or other unit with no agreed volume.",
    )

    def annual_amount(self) -> float:
        """The amount per year, so annual and monthly figures compare."""
        return self.amount * 12 if self.period == "monthly" else self.amount


# --- The program draft (coach grade) -------------------------------------------------------------

IcpDimension = Literal[
    "industry", "company_size", "revenue", "region", "tech_stack", "deal_size", "buying_situation", "other"
]


class IcpCondition(Fact):
    """One concrete, checkable condition of the operating ICP."""

    dimension: IcpDimension = Field(description="What the condition constrains.")
    text: str = Field(description="The condition in a few words, e.g. 'fintech companies', '200-2,000 employees'.")
    minimum: float | None = Field(
        default=None, description="Lower bound for company_size (employees), revenue or deal_size, else null."
    )
    maximum: float | None = Field(default=None, description="Upper bound, same units as minimum, else null.")
    currency: Currency | None = Field(default=None, description="Currency of revenue or deal_size bounds.")
    # For company_size the offline extractor puts the counted unit here when it is not people ("lawyers"),
    # so the deal rules never compare an employee count with it. (The description is part of the LLM
    # request: changing it re-keys every cassette.)
    values: list[str] = Field(
        default_factory=list,
        description="Named values for industry, region, tech_stack or buying_situation, lower case.",
    )

    def is_checkable(self) -> bool:
        """A condition a person could check against an account: bounded or naming concrete values."""
        if self.dimension == "other":
            return False
        return self.minimum is not None or self.maximum is not None or bool(self.values)


class IcpEvidence(Fact):
    """Evidence of where deals actually close, how fast, or where partners helped or hurt."""

    kind: Literal["where_deals_close", "velocity", "partner_helped", "partner_hurt"] = Field(
        description="What the evidence shows."
    )
    text: str = Field(description="The evidence in a few words.")


class OperatingIcp(Strict):
    """The operating ICP: the conditions under which deals close and partners have added lift."""

    statement: Fact | None = Field(
        default=None, description="The sentence or phrase where the person states their ICP or target segment."
    )
    conditions: list[IcpCondition] = Field(default_factory=list, description="Concrete, checkable conditions.")
    evidence: list[IcpEvidence] = Field(default_factory=list, description="Where deals close and partners helped.")


class BuyerRole(Fact):
    """A role in the buying system, named as the person names it."""

    title: str = Field(description="The role or title as written, e.g. 'VP of Revenue Operations', 'CFO'.")


class BuyerMap(Strict):
    """The three roles of the buying system."""

    decision_maker: BuyerRole | None = Field(default=None, description="Who signs the deal and owns the budget.")
    influencer: BuyerRole | None = Field(default=None, description="Who shapes the shortlist or runs the evaluation.")
    blocker: BuyerRole | None = Field(default=None, description="Who can slow, stall or kill the deal.")


TriggerKind = Literal[
    "problem_visible",
    "deadline",
    "regulatory",
    "budget_event",
    "leadership_mandate",
    "leadership_change",
    "competitive_threat",
    "other",
]


class Trigger(Fact):
    """What makes the buyer act now."""

    kind: TriggerKind = Field(description="The kind of forcing function; 'other' if it is not an event.")
    text: str = Field(description="The trigger in a few words, e.g. 'SOC 2 audit deadline'.")


class SuccessMetric(Fact):
    """How the buyer measures success after the purchase."""

    kind: Literal["speed", "risk_reduction", "cost", "revenue", "career_safety", "other"] = Field(
        description="speed: time to value or decision; risk_reduction: audits, compliance, exposure; cost: savings; "
        "revenue: pipeline, bookings, retention; career_safety: how it makes the buyer look."
    )
    text: str = Field(description="The metric in a few words.")


class TrustStanding(Fact):
    """A form of standing partners must have with a buyer role."""

    form: Literal["prior_relationship", "category_credibility", "proof", "peer_referral", "compliance", "other"] = (
        Field(
            description="prior_relationship: has worked with or knows the buyer; category_credibility: known in the "
            "buyer's category; proof: referenceable outcomes; peer_referral: introduced by the buyer's peers; "
            "compliance: documentation the blocker needs."
        )
    )
    role: BuyerRoleKind | None = Field(default=None, description="The buyer role it is with, if stated.")
    text: str = Field(description="The standing in a few words, e.g. 'prior relationship with the CFO'.")


class BeforeAfter(Fact):
    """What measurably changes when the partner is involved."""

    before: str = Field(description="The situation without the partner, e.g. 'security review takes 6 weeks'.")
    after: str = Field(description="The situation with the partner, e.g. 'security review in 2 weeks'.")


class LeverageZone(Fact):
    """Where a partner adds signal, speed or confidence, for whom and when."""

    type: LeverageType = Field(
        description="signal: credibility, validation, proof; speed: faster access, decisions or execution; "
        "confidence: reduced perceived risk."
    )
    role: BuyerRoleKind | None = Field(default=None, description="The buyer role it serves, if stated.")
    stage: DealStage | None = Field(default=None, description="The deal stage where it applies, if stated.")
    text: str = Field(description="The leverage in a few words.")
    change: BeforeAfter | None = Field(default=None, description="The before and after, if stated.")


NoiseKind = Literal[
    "no_clear_role", "competing_narrative", "slows_decisions", "coordination_overhead", "too_early", "too_late", "other"
]


class NoiseRisk(Fact):
    """A way partners could add noise instead of leverage."""

    kind: NoiseKind = Field(
        description="too_early: before the buyer trusts them; too_late: after evaluation criteria are locked; "
        "no_clear_role: no defined role in the deal; the others as named."
    )
    text: str = Field(description="The risk in a few words.")


ExclusionKind = Literal[
    "deal_size", "repeatable_direct_motion", "buyer_trusts_vendor", "stage_too_late", "trust_gap", "segment", "other"
]


class Exclusion(Fact):
    """Where partners are not allowed."""

    kind: ExclusionKind = Field(description="Which kind of exclusion this is.")
    text: str = Field(description="The exclusion in a few words.")
    threshold: Money | None = Field(default=None, description="For deal_size: the minimum deal size partners need.")
    stage: DealStage | None = Field(default=None, description="For stage_too_late: the stage from which it applies.")


class ProgramDraft(Strict):
    """A partner program as described so far: every part may still be unknown."""

    icp: OperatingIcp = Field(default_factory=OperatingIcp)
    buyers: BuyerMap = Field(default_factory=BuyerMap)
    trigger: Trigger | None = Field(default=None, description="The buying trigger, if stated.")
    metrics: list[SuccessMetric] = Field(default_factory=list, description="How the buyer measures success.")
    trust: list[TrustStanding] = Field(
        default_factory=list, description="The standing partners must have with the buyer to be involved."
    )
    leverage: list[LeverageZone] = Field(
        default_factory=list, description="Each place a partner adds signal, speed or confidence."
    )
    noise_risks: list[NoiseRisk] = Field(default_factory=list, description="How partners could add noise.")
    exclusions: list[Exclusion] = Field(
        default_factory=list, description="Each explicit rule of where partners are not allowed."
    )
    open_questions: list[Fact] = Field(
        default_factory=list, description="Things the person says they do not know yet, quoted."
    )


# --- Deal facts (coach verdict) ------------------------------------------------------------------


class TextFact(Fact):
    """A short stated value, e.g. an industry or a region."""

    value: str = Field(description="The value in a few words, lower case.")


class NumberFact(Fact):
    """A stated number, e.g. an employee count."""

    value: float = Field(description="The number as stated: '~800 employees' is 800, '1.2k' is 1200.")


class MoneyFact(Fact):
    """A stated amount of money."""

    money: Money = Field(description="The amount, its currency and its period.")


class StageFact(Fact):
    """Where the deal stands."""

    stage: DealStage = Field(
        description="pre_deal: no opportunity yet; discovery: first calls, qualification; evaluation: demos, "
        "proof of concept, shortlist; proposal: a proposal or quote has been sent; legal_review: redlines, "
        "contract, legal or security review of the contract; negotiation: pricing or terms after legal; "
        "closed: signed, won or lost; post_sale: onboarding a signed customer."
    )


class DealTypeFact(Fact):
    """New business, an expansion of an existing customer, or a renewal."""

    deal_type: Literal["new_logo", "expansion", "renewal"] = Field(
        description="new_logo: never a customer; expansion: more for an existing customer; renewal: renewing it."
    )


class FlagFact(Fact):
    """A yes-or-no fact stated in the notes."""

    value: bool = Field(description="true or false as the notes state it; omit the fact when they do not say.")


class DealTrigger(Fact):
    """The notes on why now: a trigger that is present, or stated to be absent."""

    present: bool = Field(description="true if something forces a decision now; false if the notes say nothing does.")
    text: str = Field(description="The trigger or its absence in a few words.")


class PartnerLeverage(Fact):
    """What the partner adds on this deal, or a statement that nobody can say."""

    present: bool = Field(description="true if the notes name what the partner adds; false if they say nothing does.")
    type: LeverageType | None = Field(default=None, description="signal, speed or confidence, when present.")
    role: BuyerRoleKind | None = Field(default=None, description="The buyer role it serves, if stated.")
    text: str = Field(description="What the partner adds, in a few words.")


class TrustAnswer(Strict):
    """The answer to one trust question, with the quote behind a yes or a no."""

    answer: TriState = Field(default="unknown", description="yes or no only when the text says so; else unknown.")
    quote: str | None = Field(default=None, description="Exact words from the text behind a yes or a no.")
    start: SkipJsonSchema[int | None] = None
    status: SkipJsonSchema[Provenance] = "suggested"


class TrustQuestions(Strict):
    """The four trust questions asked before a partner is deployed on a deal."""

    prior_relationship: TrustAnswer = Field(
        default_factory=TrustAnswer, description="Does the partner know someone in this buyer system?"
    )
    category_credibility: TrustAnswer = Field(
        default_factory=TrustAnswer, description="Is the partner credible in the category this buyer cares about?"
    )
    speaks_success_metric: TrustAnswer = Field(
        default_factory=TrustAnswer, description="Can the partner speak to the buyer's success metric uncoached?"
    )
    referenceable_proof: TrustAnswer = Field(
        default_factory=TrustAnswer,
        description="Does the partner have proof it can reference without revealing client confidential data?",
    )


class FactConflict(Strict):
    """Two statements in the notes that give one fact the rules use two different values."""

    fact: str = Field(description="The fact in conflict: stage, decision_maker, deal_size, industry, region or trust.*")
    values: list[str] = Field(description="The values the notes support, in the order they appear.")
    quotes: list[str] = Field(description="The statements behind each value, quoted.")


class DealFacts(Strict):
    """What the account notes say about one deal and the partner proposed for it."""

    account: str | None = Field(default=None, description="The account's name, if given.")
    partner: str | None = Field(default=None, description="The proposed partner's name, if given.")
    industry: TextFact | None = None
    employees: NumberFact | None = None
    revenue: MoneyFact | None = Field(default=None, description="The account's own annual revenue.")
    region: TextFact | None = None
    tech: list[TextFact] = Field(default_factory=list, description="Named systems the account runs.")
    deal_size: MoneyFact | None = Field(default=None, description="The size of this deal (ARR, ACV or total).")
    deal_type: DealTypeFact | None = None
    stage: StageFact | None = None
    repeatable_direct_motion: FlagFact | None = Field(
        default=None, description="true if the deal runs on a clear, repeatable direct sales motion."
    )
    buyer_trusts_vendor: FlagFact | None = Field(
        default=None, description="true if the buyer already trusts the vendor, e.g. an existing executive sponsor."
    )
    decision_maker: BuyerRole | None = Field(default=None, description="Who signs, if named.")
    trigger: DealTrigger | None = None
    leverage: PartnerLeverage | None = None
    trust: TrustQuestions = Field(default_factory=TrustQuestions)
    noise: list[NoiseRisk] = Field(default_factory=list, description="Signs the partner would add noise.")
    open_questions: list[Fact] = Field(default_factory=list, description="Things the notes say are not known yet.")
    # Set by the reading front door, never by a model: they stay out of the schema a model is asked to fill.
    conflicts: SkipJsonSchema[list[FactConflict]] = Field(
        default_factory=list, description="Facts the notes state two ways; each counts as unknown."
    )
    disguises: SkipJsonSchema[list[str]] = Field(
        default_factory=list, description="Kinds of hidden or disguised text removed from the notes before reading."
    )


# --- Candidate partners (coach score-partners) ---------------------------------------------------

Motion = Literal["resell", "refer", "co-sell", "build"]


class CandidatePartner(Strict):
    """A candidate partner with its four scored dimensions, each 0-100."""

    name: str = Field(min_length=1)
    account_overlap: float = Field(ge=0, le=100, description="Overlap of its accounts with the target market.")
    segment_fit: float = Field(ge=0, le=100)
    motion_fit: float = Field(ge=0, le=100)
    selling_capacity: float = Field(ge=0, le=100)
    motion: Motion = "co-sell"


class Weights(Strict):
    """Weights of the four dimensions; overlap is weighted heaviest by default."""

    account_overlap: float = Field(default=0.4, ge=0)
    segment_fit: float = Field(default=0.2, ge=0)
    motion_fit: float = Field(default=0.2, ge=0)
    selling_capacity: float = Field(default=0.2, ge=0)


class PartnerScore(Strict):
    """One candidate's score and what to do with it."""

    name: str
    score: float
    decision: Literal["recruit", "nurture", "pass"]
    motion: Motion
    reasons: list[str]
    marked_motion: Motion | None = Field(
        default=None, description="The motion the candidate list gave, when the recommended one differs."
    )


# --- Program readiness (coach readiness) ---------------------------------------------------------

BuildLayer = Literal["co_sell_motion", "attribution", "capability_map", "admin_layer"]
BUILD_ORDER: tuple[str, ...] = BuildLayer.__args__  # type: ignore[attr-defined]


class ReadinessAnswers(Strict):
    """The operator confidence check and which layers of the program are built."""

    one_sentence_for_cro: TriState = "unknown"
    sales_articulates_value: TriState = "unknown"
    finance_models_roi: TriState = "unknown"
    three_documented_outcomes: TriState = "unknown"
    built: list[BuildLayer] = Field(default_factory=list)


# --- Findings and results ------------------------------------------------------------------------

Severity = Literal["blocking", "warning"]
Outcome = Literal["NO_GO", "NEEDS_INFO", "warning"]
Verdict = Literal["GO", "NO_GO", "NEEDS_INFO"]


class Finding(Strict):
    """A rule of the program grade that fired."""

    rule: str
    severity: Severity
    message: str
    source: str = Field(description="Knowledge document and section the rule rests on: 'doc.md#section'.")


class DealFinding(Strict):
    """A rule of the deal verdict that fired, with the quotes it rests on."""

    rule: str
    outcome: Outcome
    message: str
    evidence: list[str] = Field(default_factory=list)
    source: str


class Grade(Strict):
    """A graded program draft."""

    eligible: bool
    readiness: Literal["not_eligible", "draft", "ready"]
    findings: list[Finding]
    statement: str | None
    next_question: str | None


class DealVerdict(Strict):
    """The go / no-go on a partner for one deal."""

    verdict: Verdict
    findings: list[DealFinding]
    trust: dict[str, TriState]
    questions: list[str]
    basis: dict[str, str] = Field(
        default_factory=dict, description="For a GO: the buyer role, trigger, leverage and trust it rests on."
    )


class ReadinessReport(Strict):
    """The operator confidence check and build-order findings."""

    ready: bool
    findings: list[Finding]
    next_layer: BuildLayer | None
