"""The quarterly partner-ICP review: producing share, rank correlation, the driving dimension, new weights."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from coach.errors import InputError
from coach.framework import CandidatePartner, Weights
from coach.partners.review import MIN_PARTNERS, Production, read_production, review
from coach.partners.scoring import score_partners
from coach.records import Scorecard


def _scorecard(candidates: list[CandidatePartner], capacity: int = 100) -> Scorecard:
    weights = Weights()
    return Scorecard(
        id=1,
        saved_at=datetime(2026, 9, 1, tzinfo=UTC),
        name="Q3 recruits",
        weights=weights,
        capacity=capacity,
        scores=score_partners(candidates, capacity, weights, 70, 45),
        candidates=candidates,
    )


def synthetic_history(driver: str, n: int = 30, seed: int = 7) -> tuple[Scorecard, list[Production]]:
    """Partners whose production is driven by one dimension (plus noise): the answer the review must recover."""
    rng = random.Random(seed)
    candidates, production = [], []
    for i in range(n):
        dims = {d: rng.uniform(20, 100) for d in ("account_overlap", "segment_fit", "motion_fit", "selling_capacity")}
        candidates.append(CandidatePartner(name=f"Partner {i:02d}", **dims))
        deals = max(0, round((dims[driver] - 60) / 8 + rng.gauss(0, 0.7)))
        production.append(Production(partner=f"Partner {i:02d}", sourced_deals=deals, revenue=deals * 50_000))
    return _scorecard(candidates), production


@pytest.mark.parametrize("driver", ["motion_fit", "selling_capacity", "segment_fit"])
def test_the_review_recovers_the_dimension_that_drives_production(driver: str) -> None:
    scorecard, production = synthetic_history(driver)
    result = review(scorecard, production)
    assert result.driver == driver
    suggested = result.suggestion.weights
    assert suggested is not None and result.suggestion.refused is None
    assert max(suggested.model_dump(), key=suggested.model_dump().get) == driver  # the driver weighs most now
    assert getattr(suggested, driver) > getattr(Weights(), driver)
    assert any(driver.replace("_", " ") in line for line in result.suggestion.arithmetic)


def test_the_review_reports_producing_share_and_tiers() -> None:
    scorecard, production = synthetic_history("account_overlap")
    result = review(scorecard, production)
    assert result.signed == 30  # everyone is named in production
    assert result.producing_share == round(result.producers / 30, 3)
    assert sum(t.signed for t in result.by_tier) == 30
    # Overlap drives production and is weighted heaviest: the scorecard's ranking and production agree.
    assert result.rank_correlation is not None and result.rank_correlation > 0.3


def test_the_review_refuses_to_learn_from_too_few_partners() -> None:
    scorecard, production = synthetic_history("motion_fit", n=MIN_PARTNERS - 1)
    result = review(scorecard, production)
    assert result.suggestion.weights is None
    assert result.suggestion.refused.startswith(f"Too few partners to learn from: {MIN_PARTNERS - 1} signed")


def test_a_scorecard_saved_before_dimensions_were_kept_is_refused_in_one_line() -> None:
    scorecard, production = synthetic_history("motion_fit")
    with pytest.raises(InputError) as error:
        review(scorecard.model_copy(update={"candidates": []}), production)
    assert str(error.value).startswith("Scorecard 1 was saved before scorecards kept their candidates' dimensions")


def test_production_rows_naming_no_scorecard_partner_are_listed() -> None:
    scorecard, production = synthetic_history("motion_fit")
    result = review(scorecard, [*production, Production(partner="Stranger LLC", sourced_deals=2)])
    assert result.unmatched == ["Stranger LLC"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("partner,sourced_deals\nAcme,two\n", "CSV line 2, column 'sourced_deals': 'two' is not valid"),
        ("partner,sourced_deals\n", "The production CSV has a header but no partners."),
        ("partner,revenue\nAcme,5\n", "Missing column 'sourced_deals'"),
    ],
)
def test_a_bad_production_csv_is_one_line(text: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        read_production(text)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_production_csv_with_revenue_optional() -> None:
    assert read_production("partner,sourced_deals\nAcme,3\n") == [Production(partner="Acme", sourced_deals=3)]


def test_a_partner_listed_twice_in_production_produced_both_rows() -> None:
    scorecard, production = synthetic_history("motion_fit")
    name = production[0].partner
    once = review(scorecard, [p for p in production if p.partner != name] + [Production(partner=name, sourced_deals=2)])
    twice = review(
        scorecard,
        [p for p in production if p.partner != name]
        + [Production(partner=name, sourced_deals=1), Production(partner=name.upper(), sourced_deals=1)],
    )
    assert next(r for r in twice.rows if r.partner == name).sourced_deals == 2
    assert once.producers == twice.producers


def test_production_from_the_log_lists_partners_that_sourced_nothing() -> None:
    from coach.framework import DealFacts, DealVerdict, Money
    from coach.partners.review import production_from_log
    from coach.records import Decision, OutcomeRecord

    def decided(i: int, partner: str, attribution: str) -> Decision:
        outcome = OutcomeRecord(result="won", cycle_days=5, partner_involved=attribution != "none",
                                recorded_at=datetime(2026, 10, 1, tzinfo=UTC), attribution=attribution,
                                value=Money(amount=10_000, currency="EUR", period="annual"))  # fmt: skip
        return Decision(
            id=i, decided_at=datetime(2026, 9, 1, tzinfo=UTC), account="A", partner=partner, notes="n",
            notes_sha256="x", facts=DealFacts(), program=None, icp_source=None, rules_version="1", extractor="offline",
            prompt_hash=None, chunk_ids=[], verdict=DealVerdict(verdict="GO", findings=[], trust={}, questions=[]),
            outcomes=[outcome],
        )  # fmt: skip

    log = [decided(1, "Acme", "sourced"), decided(2, "acme", "sourced"), decided(3, "Beta", "co-sell"),
           decided(4, "Gamma", "none")]  # fmt: skip
    assert production_from_log(log) == [
        Production(partner="Acme", sourced_deals=2, revenue=20_000.0),
        Production(partner="Beta", sourced_deals=0, revenue=0.0),
    ]
