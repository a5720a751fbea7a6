"""The eval suite's pure metric functions (evals/metrics.py), on small hand-made outcomes."""

from __future__ import annotations

import pytest

from evals.metrics import (
    CaseOutcome,
    FieldCheck,
    QuoteCounts,
    check_gate,
    confusion_matrix,
    evidence_validity,
    field_accuracy,
    fixes,
    regressions,
    rule_scores,
    share,
    source_counts,
    summarize,
    verdict_accuracy,
)


def outcome(case: str, expected: str, got: str, *, want: list[str] = (), fired: list[str] = (), **extra) -> CaseOutcome:
    return CaseOutcome(
        case=case,
        kind=extra.pop("kind", "deal"),
        source=extra.pop("source", "offline"),
        expected_verdict=expected,
        verdict=got,
        expected_rules=list(want),
        rules=list(fired),
        **extra,
    )


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 3, 0.333), (2, 2, 1.0), (0, 5, 0.0), (0, 0, None)],
    ids=["third", "all", "none-right", "nothing-to-count"],
)
def test_share(part: int, whole: int, expected: float | None) -> None:
    assert share(part, whole) == expected


def test_confusion_matrix_counts_expected_against_actual() -> None:
    pairs = [("GO", "GO"), ("GO", "NO_GO"), ("NO_GO", "NO_GO"), ("GO", "GO")]
    assert confusion_matrix(pairs) == {"GO": {"GO": 2, "NO_GO": 1}, "NO_GO": {"NO_GO": 1}}


def test_verdict_accuracy_counts_a_stale_case_as_wrong() -> None:
    outcomes = [outcome("a", "GO", "GO"), outcome("b", "GO", "STALE", source="stale")]
    assert verdict_accuracy(outcomes) == 0.5
    assert verdict_accuracy([]) is None


def test_rule_scores_micro_and_per_rule() -> None:
    outcomes = [
        outcome("a", "NO_GO", "NO_GO", want=["deal.too_late", "deal.no_buyer"], fired=["deal.too_late"]),
        outcome("b", "GO", "NO_GO", want=[], fired=["deal.too_late"]),
    ]
    scores = rule_scores(outcomes)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 1)
    assert (scores["precision"], scores["recall"]) == (0.5, 0.5)
    assert scores["per_rule"]["deal.too_late"] == {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0}
    assert scores["per_rule"]["deal.no_buyer"] == {"tp": 0, "fp": 0, "fn": 1, "precision": None, "recall": 0.0}


def test_rule_scores_with_no_rules_anywhere_have_nothing_to_score() -> None:
    scores = rule_scores([outcome("a", "GO", "GO")])
    assert (scores["precision"], scores["recall"]) == (None, None)


def test_field_accuracy_and_unknown_guessed() -> None:
    fields = [
        FieldCheck(path="stage.stage", expected="evaluation", actual="evaluation", ok=True),
        FieldCheck(path="decision_maker.title", expected="unknown", actual={"title": "CFO"}, ok=False),
        FieldCheck(path="region.value", expected="unknown", actual=None, ok=True),
        FieldCheck(path="employees.value", expected=450, actual=400.0, ok=False),
    ]
    result = field_accuracy([outcome("a", "GO", "GO", fields=fields)])
    assert result == {
        "labelled": 4,
        "matched": 2,
        "accuracy": 0.5,
        "labelled_unknown": 2,
        "guessed": 1,
        "unknown_guessed_rate": 0.5,
    }


def test_evidence_validity_sums_quotes_over_cases() -> None:
    outcomes = [
        outcome("a", "GO", "GO", quotes=QuoteCounts(proposed=4, verbatim=3, final=4, kept=3)),
        outcome("b", "GO", "GO", quotes=QuoteCounts(proposed=6, verbatim=6, final=6, kept=5)),
    ]
    assert evidence_validity(outcomes) == {
        "proposed": 10,
        "verbatim": 9,
        "final": 10,
        "kept": 8,
        "verbatim_rate": 0.9,
        "kept_rate": 0.8,
    }


def test_source_counts_and_summary_count_stale_and_fallbacks() -> None:
    outcomes = [
        outcome("a", "GO", "GO", source="hand-authored"),
        outcome("b", "GO", "STALE", source="stale"),
        outcome("c", "ready", "draft", kind="program", source="recorded", fell_back=True),
    ]
    assert source_counts(outcomes) == {"hand-authored": 1, "recorded": 1, "stale": 1}
    summary = summarize(outcomes)
    assert (summary["stale"], summary["fell_back"]) == (1, 1)
    assert (summary["deal_verdict_accuracy"], summary["program_readiness_accuracy"]) == (0.5, 0.0)
    assert summary["confusion"]["program"] == {"ready": {"draft": 1}}


@pytest.mark.parametrize(
    ("bound", "value", "passed"),
    [
        ({"min": 0.8}, 0.8, True),
        ({"min": 0.8}, 0.79, False),
        ({"max": 0}, 0, True),
        ({"max": 0}, 1, False),
        ({"min": 0.5}, None, False),
    ],
    ids=["min-at-bound", "min-below", "max-at-bound", "max-above", "missing-value-fails"],
)
def test_check_gate(bound: dict[str, float], value: float | None, passed: bool) -> None:
    [check] = check_gate({"metric": value}, {"metric": bound})
    assert check == {"metric": "metric", **bound, "value": value, "passed": passed}


def test_check_gate_refuses_an_unknown_bound() -> None:
    with pytest.raises(ValueError, match="bound 'atleast' of metric is neither min nor max"):
        check_gate({"metric": 1.0}, {"metric": {"atleast": 0.5}})


def test_regressions_and_fixes_compare_case_by_case() -> None:
    before = {"a": True, "b": False, "c": True}
    now = {"a": False, "b": True, "c": True, "new": False}
    assert regressions(before, now) == ["a"]
    assert fixes(before, now) == ["b"]
