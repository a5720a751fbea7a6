"""Program readiness: the operator confidence check and the build order."""

from __future__ import annotations

from coach.framework import BUILD_ORDER, Finding, ReadinessAnswers, ReadinessReport
from coach.rules.catalog import READINESS_QUESTIONS, SOURCES

_FAILED_RULE = {
    "one_sentence_for_cro": "readiness.no_cro_sentence",
    "sales_articulates_value": "readiness.sales_cannot_articulate",
    "finance_models_roi": "readiness.finance_cannot_model",
    "three_documented_outcomes": "readiness.no_documented_outcomes",
}
_LAYER_WORDS = {
    "co_sell_motion": "the co-sell motion",
    "attribution": "attribution (sourced, co-sell, influenced)",
    "capability_map": "the partner capability map",
    "admin_layer": "the administrative layer (portal, tiers, deal registration)",
}


def _finding(rule: str, severity: str, message: str) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, source=SOURCES[rule])


def check_readiness(answers: ReadinessAnswers) -> ReadinessReport:
    """Any "no" means fix the foundation first; building a later layer before an earlier one is a finding."""
    found: list[Finding] = []
    unanswered = []
    for field, rule in _FAILED_RULE.items():
        answer = getattr(answers, field)
        if answer == "no":
            found.append(_finding(rule, "blocking", f"No to: {READINESS_QUESTIONS[field]} Fix the foundation first."))
        elif answer == "unknown":
            unanswered.append(READINESS_QUESTIONS[field])
    if unanswered:
        found.append(_finding("readiness.unanswered", "warning", "Unanswered: " + " ".join(unanswered)))
    built = set(answers.built)
    skipped = []
    for i, layer in enumerate(BUILD_ORDER):
        if layer in built:
            skipped += [earlier for earlier in BUILD_ORDER[:i] if earlier not in built and earlier not in skipped]
    if skipped:
        later = [lay for lay in BUILD_ORDER if lay in built and BUILD_ORDER.index(lay) > BUILD_ORDER.index(skipped[0])]
        found.append(
            _finding(
                "readiness.build_order",
                "warning",
                f"{_LAYER_WORDS[later[0]].capitalize()} is built before {', '.join(_LAYER_WORDS[s] for s in skipped)}.",
            )
        )
    next_layer = next((lay for lay in BUILD_ORDER if lay not in built), None)
    ready = all(getattr(answers, f) == "yes" for f in _FAILED_RULE) and not skipped
    return ReadinessReport(ready=ready, findings=found, next_layer=next_layer)
