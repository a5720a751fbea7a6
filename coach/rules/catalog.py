"""The rule catalog: ids, the knowledge section each rests on, and the question that closes each gap.

Rule ids are a public contract (CLI --json, evals, saved decisions): never rename or reuse one.
"""

from __future__ import annotations

RULES_VERSION = "2026.12.1"

_BUYER = "icp-buyer-truth.md"
_ZONES = "partner-icp-leverage-zones.md"
_OPS = "operator-mindset.md"
_SCORING = "partner-icp-scoring.md"

SOURCES: dict[str, str] = {
    "icp.missing": f"{_BUYER}#operating-icp",
    "icp.vague": f"{_BUYER}#operating-icp",
    "icp.no_evidence": f"{_ZONES}#the-operating-icp",
    "buyer.missing": f"{_BUYER}#the-three-buyer-roles",
    "buyer.vague": f"{_BUYER}#the-three-buyer-roles",
    "buyer_map.incomplete": f"{_BUYER}#the-three-buyer-roles",
    "metric.missing": f"{_BUYER}#buyer-success-metrics",
    "trigger.missing": f"{_BUYER}#buying-trigger",
    "trigger.vague": f"{_BUYER}#buying-trigger",
    "leverage.missing": f"{_BUYER}#leverage-zones",
    "leverage.unmapped": f"{_ZONES}#where-partners-add-leverage",
    "leverage.role_mismatch": f"{_BUYER}#leverage-zones",
    "leverage.no_before_after": f"{_BUYER}#leverage-zones",
    "trust.unassessed": f"{_BUYER}#trust-assessment-by-buyer-role",
    "exclusions.missing": f"{_BUYER}#exclusion-rules",
    "exclusions.vague": f"{_ZONES}#exclusion-rules",
    "statement.incomplete": f"{_BUYER}#operator-sentence",
    "deal.outside_icp": f"{_ZONES}#the-operating-icp",
    "deal.below_size_threshold": f"{_BUYER}#exclusion-rules",
    "deal.repeatable_direct_motion": f"{_BUYER}#exclusion-rules",
    "deal.buyer_already_trusts_vendor": f"{_BUYER}#exclusion-rules",
    "deal.stage_too_late": f"{_BUYER}#exclusion-rules",
    "deal.no_trigger": f"{_BUYER}#buying-trigger",
    "deal.no_leverage": f"{_BUYER}#leverage-zones",
    "deal.trust_threshold_failed": f"{_BUYER}#the-four-trust-questions",
    "deal.trust_gap": f"{_BUYER}#exclusion-rules",
    "deal.no_buyer": f"{_BUYER}#the-three-buyer-roles",
    "deal.trigger_unknown": f"{_BUYER}#buying-trigger",
    "deal.leverage_unknown": f"{_BUYER}#leverage-zones",
    "deal.trust_unassessed": f"{_BUYER}#the-four-trust-questions",
    "deal.noise_risk": f"{_BUYER}#where-partners-create-noise",
    "deal.fact_conflict": f"{_BUYER}#the-four-trust-questions",
    "deal.size_not_comparable": f"{_BUYER}#exclusion-rules",
    "deal.hidden_text": f"{_BUYER}#exclusion-rules",
    "match.no_presence": f"{_OPS}#build-order",
    "match.no_joint_motion": f"{_OPS}#build-order",
    "match.notes_contradict_map": f"{_BUYER}#the-four-trust-questions",
    "readiness.no_cro_sentence": f"{_OPS}#the-operator-confidence-check",
    "readiness.sales_cannot_articulate": f"{_OPS}#the-operator-confidence-check",
    "readiness.finance_cannot_model": f"{_OPS}#the-operator-confidence-check",
    "readiness.no_documented_outcomes": f"{_OPS}#the-operator-confidence-check",
    "readiness.unanswered": f"{_OPS}#the-operator-confidence-check",
    "readiness.build_order": f"{_OPS}#build-order",
}

# The framework's order for closing gaps: ICP, buyer map, trigger, trust, leverage, exclusions.
PROGRAM_ORDER = (
    "icp.missing", "icp.vague", "icp.no_evidence",
    "buyer.missing", "buyer.vague", "buyer_map.incomplete", "metric.missing",
    "trigger.missing", "trigger.vague",
    "trust.unassessed",
    "leverage.missing", "leverage.unmapped", "leverage.role_mismatch", "leverage.no_before_after",
    "exclusions.missing", "exclusions.vague",
    "statement.incomplete",
)  # fmt: skip

QUESTIONS: dict[str, str] = {
    "icp.missing": "Where do your deals actually close today: which industry, company size and region?",
    "icp.vague": "What concrete, checkable conditions define the accounts where deals close "
    "(industry, employee or revenue range, region, systems they run)?",
    "icp.no_evidence": "Where have deals closed fastest, and where have partners helped or hurt them?",
    "buyer.missing": "Who signs the deal and owns the budget: which single role?",
    "buyer.vague": "Which one role signs the deal and owns the budget (a title, not a group)?",
    "buyer_map.incomplete": "Who shapes the shortlist (the influencer), and who can slow or kill the deal "
    "(the blocker)?",
    "metric.missing": "How does the buyer measure success after the purchase: speed, risk, cost, revenue "
    "or career safety?",
    "trigger.missing": "What event makes this buyer act now: a deadline, a budget event, a mandate, a visible problem?",
    "trigger.vague": "What specific event or deadline forces the decision, and when does it happen?",
    "trust.unassessed": "What standing must a partner already have with this buyer: a prior relationship, "
    "category credibility, or proof?",
    "leverage.missing": "What does a partner add that you cannot: signal, speed or confidence, and for whom?",
    "leverage.unmapped": "Which buyer role does each leverage zone serve, and at which deal stage?",
    "leverage.role_mismatch": "Which buyer role does this leverage actually serve?",
    "leverage.no_before_after": "What measurably changes with the partner: what is it before, and what after?",
    "exclusions.missing": "Where are partners not allowed: below what deal size, at which stage, with which buyers?",
    "exclusions.vague": "What exact threshold or condition makes a deal off-limits for partners?",
    "statement.incomplete": "Can you finish the sentence: partners are involved with [buyer], in [situation], "
    "to create [leverage], because they have [trust]?",
}

DEAL_QUESTIONS: dict[str, str] = {
    "deal.no_buyer": "Who signs this deal and owns the budget?",
    "deal.trigger_unknown": "Why would this account decide now: what deadline, budget event or mandate is there?",
    "deal.leverage_unknown": "What exactly would the partner add on this deal: signal, speed or confidence, "
    "and for which buyer role?",
    "deal.fact_conflict": "The notes say two different things about one fact: which one is true now?",
    "deal.size_not_comparable": "What is the deal worth per year in the currency of your size threshold?",
}

TRUST_QUESTIONS: dict[str, str] = {
    "prior_relationship": "Does the partner have a prior relationship with anyone in this buyer system?",
    "category_credibility": "Does the partner have credibility in the category this buyer cares about?",
    "speaks_success_metric": "Can the partner speak to the buyer's success metric without being coached?",
    "referenceable_proof": "Does the partner have proof it can reference without revealing a client's "
    "confidential data?",
}

READINESS_QUESTIONS: dict[str, str] = {
    "one_sentence_for_cro": "Can you explain how partners drive revenue in one sentence your CRO would find credible?",
    "sales_articulates_value": "Can your sales team articulate partner value without you in the room?",
    "finance_models_roi": "Can Finance model partner ROI from your CRM data without a custom extraction?",
    "three_documented_outcomes": "Can you point to a co-sell trigger, a matched partner and a documented outcome "
    "on at least three deals in the last quarter?",
}

_TRUST = tuple(f"trust.{name}" for name in TRUST_QUESTIONS)
# The facts each deal rule reads: a fact is what a finding rests on when the rule reads it and the finding quotes it.
DEAL_RULE_FACTS: dict[str, tuple[str, ...]] = {
    "deal.outside_icp": ("industry", "region", "employees"),
    "deal.below_size_threshold": ("deal_size",),
    "deal.size_not_comparable": ("deal_size",),
    "deal.repeatable_direct_motion": ("repeatable_direct_motion",),
    "deal.buyer_already_trusts_vendor": ("buyer_trusts_vendor", "deal_type"),
    "deal.stage_too_late": ("stage",),
    "deal.no_trigger": ("trigger",),
    "deal.trigger_unknown": ("trigger",),
    "deal.no_leverage": ("leverage",),
    "deal.leverage_unknown": ("leverage",),
    "deal.no_buyer": ("decision_maker",),
    "deal.trust_threshold_failed": _TRUST,
    "deal.trust_gap": _TRUST,
    "deal.trust_unassessed": _TRUST,
    "deal.fact_conflict": ("stage", "decision_maker", "deal_size", "industry", "region", *_TRUST),
}
