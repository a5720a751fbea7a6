"""The program reader: classified clauses, labels and headings, lists, and what a program does not state."""

from __future__ import annotations

import pytest

from coach import lexicon
from coach.framework import ProgramDraft
from coach.reading.classifier import Prediction
from coach.reading.deal import Reading
from coach.reading.offline import OfflineExtractor
from coach.reading.program import _icp
from coach.reading.segment import Clause

READER = OfflineExtractor()


def read(text: str):
    return READER.extract_program(text).facts


def test_a_labelled_none_states_no_exclusion() -> None:
    assert read("Exclusions: none. Partners can join any deal.").exclusions == []


def test_a_labelled_list_gives_one_exclusion_per_part() -> None:
    draft = read("Not allowed: deals under GBP 50k per year, and accounts where our exec team owns the relationship.")
    kinds = {e.kind: e for e in draft.exclusions}
    assert kinds["deal_size"].threshold is not None and kinds["deal_size"].threshold.currency == "GBP"
    assert len(draft.exclusions) == 2
    assert not any(c.dimension == "deal_size" for c in draft.icp.conditions), "an exclusion is no ICP bound"


@pytest.mark.parametrize(
    ("sentence", "stage"),
    [("We do not bring partners into deals already in legal review, contract negotiation or later.", "legal_review"),
     ("Partners step out once a deal reaches the proposal stage or negotiation.", "proposal"),
     ("No partner involvement after the pilot: from proposal on.", "proposal"),
     ("Partners never enter after legal review.", "legal_review")],
)  # fmt: skip
def test_a_stage_exclusion_bars_partners_from_the_earliest_stage_it_names(sentence: str, stage: str) -> None:
    [exclusion] = [e for e in read(sentence).exclusions if e.kind == "stage_too_late"]
    assert exclusion.stage == stage


def test_a_heading_without_a_colon_labels_the_lines_below() -> None:
    draft = read("Trigger\n- The ECC maintenance deadline in 2027 forces a migration decision\n")
    assert draft.trigger is not None and draft.trigger.kind == "deadline"
    assert draft.trigger.quote.startswith("The ECC maintenance deadline")


def test_quoted_email_history_is_not_the_program() -> None:
    draft = read("ICP: UK health insurers, 1,000-10,000 employees.\n\n> Tom wrote: we sell to retailers in France.")
    values = [v for c in draft.icp.conditions for v in c.values]
    assert "retail" not in values and not any("france" in v.lower() for v in values)


def test_a_clause_naming_two_roles_gives_each_slot_its_own() -> None:
    draft = read("The CFO signs the deal; the Head of Treasury shapes the shortlist and IT security can block it.")
    assert draft.buyers.decision_maker.title == "CFO"
    assert draft.buyers.influencer.title == "Head of Treasury"
    assert draft.buyers.blocker.title == "IT security"


def test_an_event_beats_a_non_event_for_the_trigger() -> None:
    draft = read("Why now: honestly they buy when they are ready.\nTrigger: the FCA report is due by 31 July.")
    assert draft.trigger is not None and draft.trigger.kind != "other"


def test_a_hedged_trigger_is_kept_as_a_trigger_that_is_no_event() -> None:
    draft = read("Trigger: I guess when they feel ready to grow.")
    assert draft.trigger is not None and draft.trigger.kind == "other"


def test_every_fact_has_a_confidence() -> None:
    draft = read(
        "We sell to fintech companies with 200-2,000 employees in North America. The CFO signs.\n"
        "Trigger: a failed SOC 2 audit. Exclusions: no partners under $20k."
    )
    facts = [*draft.icp.conditions, draft.buyers.decision_maker, draft.trigger, *draft.exclusions]
    assert facts and all(f is not None and f.confidence is not None and 0 < f.confidence <= 1 for f in facts)


def test_a_before_and_after_in_the_clauses_after_a_zone_is_that_zones() -> None:
    draft = read(
        "Leverage. Audit firms add signal for the VP of Engineering in discovery: before, the VP sees us as one more "
        "tool; after the auditor vouches for our controls, the business case is signed off in one meeting."
    )
    [zone] = [z for z in draft.leverage if z.type == "signal"]
    assert zone.change is not None and zone.change.after.startswith("after the auditor vouches")


def test_a_heading_of_a_few_words_states_nothing() -> None:
    draft = read("Buyer map. The CFO signs and owns the budget.")
    assert draft.trust == [] and draft.buyers.decision_maker is not None


def test_an_icp_revenue_bound_keeps_its_direction() -> None:
    def revenue(text: str) -> list:
        return [c for c in read(text).icp.conditions if c.dimension == "revenue"]

    over, upto = revenue("ICP: manufacturers with revenue over EUR 200M."), revenue("ICP: revenue up to $50M.")
    assert [(c.minimum, c.maximum, c.currency) for c in over] == [(200_000_000, None, "EUR")]
    assert [(c.minimum, c.maximum, c.currency) for c in upto] == [(None, 50_000_000, "USD")]


@pytest.mark.parametrize("phrase", lexicon.load("program")["not_fit"]["phrases"])
def test_a_not_fit_predicate_makes_the_sentence_an_exclusion_not_a_condition(phrase: str) -> None:
    text = f"Nursing homes, clinics and home health providers {phrase}."
    prediction = Prediction("icp.condition", 0.9, "affirmed", 1.0, "account", 1.0, {}, {"icp.condition": 0.9})
    draft = ProgramDraft()
    _icp({"icp.condition": [Reading(Clause(text, 0), "icp.condition", "affirmed", 0.9, prediction)]}, draft)
    assert draft.icp.conditions == []
    assert [e.kind for e in draft.exclusions] == ["segment"]


def test_a_label_of_alternatives_with_a_value_states_it() -> None:
    draft = read("Buyer map:\n- Signs / owns budget: VP Food Safety & Quality\n- Why now?\n")
    assert draft.buyers.decision_maker is not None
    assert draft.buyers.decision_maker.title == "VP Food Safety & Quality"
    assert draft.trigger is None  # the label alone states nothing
