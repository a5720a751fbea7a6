"""Pure metric functions of the eval suite: per-case outcomes in, numbers out. No I/O, no extractor.

A `CaseOutcome` is what one extractor made of one labelled case; `summarize` turns a list of them
into the numbers the report shows and the gate checks. Every share is None when it has nothing to
count (no labelled field, no quote), so an empty denominator never reads as a perfect score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Source = Literal["offline", "recorded", "hand-authored", "stale"]
STALE = "STALE"  # the verdict of a case whose cassette had no response: never counted as right


class FieldCheck(BaseModel):
    """One labelled field of a case: what was expected, what was extracted, and whether it matches."""

    model_config = ConfigDict(extra="forbid")

    path: str
    expected: str | int | float | bool
    actual: Any = None
    ok: bool


class QuoteCounts(BaseModel):
    """Quotes an extractor proposed for a case (every attempt), how many are in the text, and what survived.

    `final` counts the quotes of the answer that was used (the last attempt after re-asks); `kept`
    counts those left after grounding dropped the ones not in the text.
    """

    model_config = ConfigDict(extra="forbid")

    proposed: int = 0
    verbatim: int = 0
    final: int = 0
    kept: int = 0

    def __add__(self, other: QuoteCounts) -> QuoteCounts:
        return QuoteCounts(
            proposed=self.proposed + other.proposed,
            verbatim=self.verbatim + other.verbatim,
            final=self.final + other.final,
            kept=self.kept + other.kept,
        )


class CaseOutcome(BaseModel):
    """What one extractor, with the rules, made of one case."""

    model_config = ConfigDict(extra="forbid")

    case: str
    kind: Literal["program", "deal"]
    source: Source
    expected_verdict: str
    verdict: str
    expected_rules: list[str]
    rules: list[str]
    fields: list[FieldCheck] = Field(default_factory=list)
    quotes: QuoteCounts = Field(default_factory=QuoteCounts)
    fell_back: bool = False  # the model failed and the offline extractor read the text (the product's fallback)
    error: str | None = None

    @property
    def correct(self) -> bool:
        """The verdict (deals) or readiness (programs) matches the label."""
        return self.verdict == self.expected_verdict


def share(part: int, whole: int) -> float | None:
    """part / whole rounded to 3 places, or None when there is nothing to count."""
    return round(part / whole, 3) if whole else None


def confusion_matrix(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Counts of (expected, actual) pairs as {expected: {actual: n}}."""
    matrix: dict[str, dict[str, int]] = {}
    for expected, actual in pairs:
        row = matrix.setdefault(expected, {})
        row[actual] = row.get(actual, 0) + 1
    return {e: dict(sorted(row.items())) for e, row in sorted(matrix.items())}


def verdict_accuracy(outcomes: Sequence[CaseOutcome]) -> float | None:
    """Share of cases whose verdict or readiness matches the label."""
    return share(sum(o.correct for o in outcomes), len(outcomes))


def rule_scores(outcomes: Sequence[CaseOutcome]) -> dict[str, Any]:
    """Micro precision and recall of the fired rule ids, and the same per rule with its counts."""
    per_rule: dict[str, dict[str, int]] = {}
    for outcome in outcomes:
        expected, fired = set(outcome.expected_rules), set(outcome.rules)
        for rule in expected | fired:
            counts = per_rule.setdefault(rule, {"tp": 0, "fp": 0, "fn": 0})
            counts["tp" if rule in expected and rule in fired else "fp" if rule in fired else "fn"] += 1
    tp = sum(c["tp"] for c in per_rule.values())
    fp = sum(c["fp"] for c in per_rule.values())
    fn = sum(c["fn"] for c in per_rule.values())
    rules = {
        rule: {**c, "precision": share(c["tp"], c["tp"] + c["fp"]), "recall": share(c["tp"], c["tp"] + c["fn"])}
        for rule, c in sorted(per_rule.items())
    }
    return {
        "precision": share(tp, tp + fp),
        "recall": share(tp, tp + fn),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "per_rule": rules,
    }


def field_accuracy(outcomes: Sequence[CaseOutcome]) -> dict[str, Any]:
    """Share of labelled fields that match, and how often a field labelled unknown was given a value."""
    checks = [f for o in outcomes for f in o.fields]
    unknown = [f for f in checks if f.expected == "unknown"]
    guessed = [f for f in unknown if not f.ok]
    return {
        "labelled": len(checks),
        "matched": sum(f.ok for f in checks),
        "accuracy": share(sum(f.ok for f in checks), len(checks)),
        "labelled_unknown": len(unknown),
        "guessed": len(guessed),
        "unknown_guessed_rate": share(len(guessed), len(unknown)),
    }


def evidence_validity(outcomes: Sequence[CaseOutcome]) -> dict[str, Any]:
    """Quotes proposed, the share found verbatim in the text, and the share of the final answer's that survived."""
    total = sum((o.quotes for o in outcomes), QuoteCounts())
    return {
        **total.model_dump(),
        "verbatim_rate": share(total.verbatim, total.proposed),
        "kept_rate": share(total.kept, total.final),
    }


def source_counts(outcomes: Sequence[CaseOutcome]) -> dict[str, int]:
    """How many cases were answered by each source (offline, recorded, hand-authored, stale)."""
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.source] = counts.get(outcome.source, 0) + 1
    return dict(sorted(counts.items()))


def summarize(outcomes: Sequence[CaseOutcome]) -> dict[str, Any]:
    """Every number of one extractor's run: verdicts per kind, rules, fields, evidence, sources."""
    by_kind = {kind: [o for o in outcomes if o.kind == kind] for kind in ("deal", "program")}
    rules = rule_scores(outcomes)
    fields = field_accuracy(outcomes)
    evidence = evidence_validity(outcomes)
    return {
        "cases": len(outcomes),
        "verdict_accuracy": verdict_accuracy(outcomes),
        "deal_verdict_accuracy": verdict_accuracy(by_kind["deal"]),
        "program_readiness_accuracy": verdict_accuracy(by_kind["program"]),
        "confusion": {
            kind: confusion_matrix((o.expected_verdict, o.verdict) for o in items) for kind, items in by_kind.items()
        },
        "rule_precision": rules["precision"],
        "rule_recall": rules["recall"],
        "rules": rules,
        "field_accuracy": fields["accuracy"],
        "fields": fields,
        "unknown_guessed_rate": fields["unknown_guessed_rate"],
        "evidence_verbatim_rate": evidence["verbatim_rate"],
        "evidence": evidence,
        "sources": source_counts(outcomes),
        "stale": sum(o.source == "stale" for o in outcomes),
        "fell_back": sum(o.fell_back for o in outcomes),
    }


def check_gate(metrics: dict[str, Any], bounds: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Check metrics against {name: {"min": x} or {"max": x}}; a missing metric (None) fails its bound."""
    checks = []
    for name, bound in sorted(bounds.items()):
        value = metrics.get(name)
        for side, limit in sorted(bound.items()):
            if side not in ("min", "max"):
                raise ValueError(f"bound {side!r} of {name} is neither min nor max")
            passed = value is not None and (value >= limit if side == "min" else value <= limit)
            checks.append({"metric": name, side: limit, "value": value, "passed": passed})
    return checks


def regressions(previous: dict[str, bool], current: dict[str, bool]) -> list[str]:
    """Cases that were right before and are wrong now (cases new to the run are not regressions)."""
    return sorted(case for case, ok in current.items() if previous.get(case) is True and not ok)


def fixes(previous: dict[str, bool], current: dict[str, bool]) -> list[str]:
    """Cases that were wrong before and are right now."""
    return sorted(case for case, ok in current.items() if previous.get(case) is False and ok)
