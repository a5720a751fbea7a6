"""Candidate partner scoring: weights, thresholds, the capacity cap, and referral-only partners."""

from __future__ import annotations

import pytest

from coach.errors import InputError
from coach.framework import CandidatePartner, Weights
from coach.partners.scoring import motion_words, read_candidates, score_partners, weighted_score


def partner(name: str, overlap: float, others: float, capacity: float | None = None, motion: str = "co-sell"):
    return CandidatePartner(
        name=name,
        account_overlap=overlap,
        segment_fit=others,
        motion_fit=others,
        selling_capacity=others if capacity is None else capacity,
        motion=motion,
    )


def test_overlap_is_weighted_heaviest_by_default() -> None:
    assert weighted_score(partner("A", 100, 0), Weights()) == 40
    assert weighted_score(partner("B", 0, 100), Weights()) == 60


@pytest.mark.parametrize(
    ("score_input", "decision"),
    [((70, 70), "recruit"), ((69, 69), "nurture"), ((45, 45), "nurture"), ((44, 44), "pass")],
    ids=["recruit-at-70", "nurture-just-below", "nurture-at-45", "pass-below-45"],
)
def test_thresholds(score_input: tuple[float, float], decision: str) -> None:
    [result] = score_partners([partner("A", *score_input)], capacity=5)
    assert result.decision == decision


def test_recruit_list_never_exceeds_capacity_and_the_rest_go_to_nurture_for_capacity() -> None:
    candidates = [partner(f"P{i}", 90 - i, 80) for i in range(5)]
    results = score_partners(candidates, capacity=2)
    assert [r.decision for r in results] == ["recruit", "recruit", "nurture", "nurture", "nurture"]
    assert all(r.reasons[0].startswith("capacity:") for r in results[2:])


def test_zero_capacity_recruits_nobody() -> None:
    assert {r.decision for r in score_partners([partner("A", 100, 100)], capacity=0)} == {"nurture"}


def test_no_selling_capacity_is_a_referral_source_at_most() -> None:
    [result] = score_partners([partner("A", 100, 100, capacity=0)], capacity=3)
    assert (result.decision, result.motion, result.marked_motion) == ("recruit", "refer", "co-sell")
    assert "no selling capacity: a referral source at most, never a co-sell partner" in result.reasons
    assert motion_words(result) == "refer (marked co-sell: no sellers)"  # the motion column says why


def test_pass_list_is_always_kept() -> None:
    results = score_partners([partner("Weak", 10, 10), partner("Strong", 95, 90)], capacity=1)
    assert [(r.name, r.decision) for r in results] == [("Strong", "recruit"), ("Weak", "pass")]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"capacity": -1}, "Capacity must be zero or more."),
        ({"capacity": 1, "recruit_at": 40, "nurture_at": 50},
         "The nurture threshold must not be above the recruit threshold."),
        ({"capacity": 1, "weights": Weights(account_overlap=0, segment_fit=0, motion_fit=0, selling_capacity=0)},
         "The weights add up to zero; give at least one dimension a positive weight."),
    ],
    ids=["negative-capacity", "thresholds-crossed", "zero-weights"],
)  # fmt: skip
def test_bad_settings_are_plain_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(InputError) as caught:
        score_partners([partner("A", 50, 50)], **kwargs)
    assert str(caught.value) == message


def test_mapped_export_ignores_columns_it_does_not_map() -> None:
    text = "Partner,Overlap,Seg,Motion,Cap,Region,Owner\nNorthwind,90,80,70,60,EMEA,Kim\n"
    mapping = {"Partner": "name", "Overlap": "account_overlap", "Seg": "segment_fit", "Motion": "motion_fit"}
    mapping["Cap"] = "selling_capacity"
    [candidate] = read_candidates(text, mapping)
    assert (candidate.name, candidate.account_overlap, candidate.motion) == ("Northwind", 90, "co-sell")


def test_template_without_mapping_rejects_unknown_columns() -> None:
    with pytest.raises(InputError, match=r"^Unknown column 'region'"):
        read_candidates("name,account_overlap,segment_fit,motion_fit,selling_capacity,region\nA,1,2,3,4,EU\n")


@pytest.mark.parametrize(("raw", "motion"), [("Reseller", "resell"), ("referral", "refer"), ("co sell", "co-sell")])
def test_motion_spellings(raw: str, motion: str) -> None:
    text = f"name,account_overlap,segment_fit,motion_fit,selling_capacity,motion\nA,1,2,3,4,{raw}\n"
    assert read_candidates(text)[0].motion == motion


def test_a_column_given_twice_is_refused_by_name() -> None:
    from coach.errors import InputError
    from coach.partners.scoring import read_candidates

    text = "name,account_overlap,segment_fit,motion_fit,selling_capacity,account_overlap\nA,1,2,3,4,5\n"
    with pytest.raises(InputError, match="The column 'account_overlap' appears twice"):
        read_candidates(text)
