"""Matching a deal to partners: the map's answers, the notes winning, the partner rules, the ranking."""

from __future__ import annotations

import pytest

from coach.framework import DealFacts, PartnerLeverage, TextFact, TrustAnswer, TrustQuestions
from coach.partners.capability import PartnerProfile, Proof, Relationship
from coach.partners.matching import PartnerNotes, map_answers, match_partners, names_account
from coach.rules.catalog import SOURCES
from tests.test_rules import Q, complete_program, go_deal


def deal(**changes: object) -> DealFacts:
    """The rules' GO deal at account Acme Lending, with nothing said about any partner."""
    d = go_deal()
    d.account = "Acme Lending"
    d.trust = TrustQuestions()
    d.leverage = None
    for name, value in changes.items():
        setattr(d, name, value)
    return d


def partner(name: str = "Kestrel", **fields: object) -> PartnerProfile:
    """A partner that passes everything on deal(): a strong relationship, fintech, audit findings, named proof."""
    data: dict[str, object] = {
        "name": name,
        "motions": ["co-sell"],
        "industries": ["fintech"],
        "regions": ["US"],
        "relationships": [Relationship(account="Acme Lending", person="CFO Ana Li", since="2021", strength="strong")],
        "proof": [Proof(text="Audit findings halved at Beta Bank", named=True)],
        "metrics": ["audit findings"],
    }
    data.update(fields)
    return PartnerProfile(**data)


def no(quote: str) -> TrustAnswer:
    return TrustAnswer(answer="no", quote=quote)


def test_a_partner_the_map_backs_is_go_with_every_answer_from_the_map() -> None:
    result = match_partners(deal(), complete_program(), [partner()])
    [kestrel] = result.partners
    assert (result.best, kestrel.verdict) == ("Kestrel", "GO")
    assert {q: (a.answer, a.source) for q, a in kestrel.trust.items()} == {
        "prior_relationship": ("yes", "map"),
        "category_credibility": ("yes", "map"),
        "speaks_success_metric": ("yes", "map"),
        "referenceable_proof": ("yes", "map"),
    }
    assert kestrel.trust["prior_relationship"].evidence == (
        "capability map: relationship Acme Lending / CFO Ana Li / since 2021 / strong"
    )
    assert (
        kestrel.leverage
        == "signal for the decision maker: a relationship with CFO Ana Li at Acme Lending (from the map)"
    )


@pytest.mark.parametrize(
    ("fields", "question", "answer"),
    [
        ({"relationships": [Relationship(account="Acme", strength="lapsed")]}, "prior_relationship", "no"),
        ({"relationships": [Relationship(account="Acme", strength="weak")]}, "prior_relationship", "unknown"),
        ({"relationships": [Relationship(account="Other Bank", strength="strong")]}, "prior_relationship", "unknown"),
        ({"industries": ["hospitals"]}, "category_credibility", "no"),
        ({"industries": ["payments"]}, "category_credibility", "yes"),
        ({"industries": []}, "category_credibility", "unknown"),
        ({"metrics": ["pipeline"]}, "speaks_success_metric", "no"),
        ({"metrics": ["compliance"]}, "speaks_success_metric", "yes"),
        ({"metrics": []}, "speaks_success_metric", "unknown"),
        ({"proof": [Proof(text="A top-10 bank", named=False)]}, "referenceable_proof", "no"),
        ({"proof": []}, "referenceable_proof", "unknown"),
    ],
    ids=["lapsed", "weak", "other-account", "other-industry", "same-market", "no-industries", "other-metric",
         "same-kind-metric", "no-metrics", "unnamed-proof", "no-proof"],
)  # fmt: skip
def test_the_maps_answer(fields: dict, question: str, answer: str) -> None:
    assert map_answers(partner(**fields), deal(), complete_program())[question].answer == answer


@pytest.mark.parametrize(
    ("recorded", "account", "same"),
    [("Acme Lending", "Acme Lending Inc.", True), ("Acme", "ACME lending", True), ("Acme Bank", "Apex Bank", False)],
)
def test_a_relationship_names_the_account_by_its_words(recorded: str, account: str, same: bool) -> None:
    assert names_account(Relationship(account=recorded), account) is same


def test_the_notes_win_over_the_map_and_the_conflict_is_shown() -> None:
    said = {"kestrel": PartnerNotes(trust=TrustQuestions(prior_relationship=no("Kestrel fell out with their CFO")))}
    result = match_partners(deal(), complete_program(), [partner()], said)
    answer = result.partners[0].trust["prior_relationship"]
    assert (answer.answer, answer.source, answer.evidence) == ("no", "notes", "Kestrel fell out with their CFO")
    assert answer.conflict == "the map says yes (relationship Acme Lending / CFO Ana Li / since 2021 / strong)"
    assert "match.notes_contradict_map" in [f.rule for f in result.partners[0].findings]


def test_a_person_s_correction_is_marked_as_such() -> None:
    corrected = TrustAnswer(answer="no", quote="corrected by Jo: no", status="corrected")
    said = {"kestrel": PartnerNotes(trust=TrustQuestions(category_credibility=corrected))}
    answer = match_partners(deal(), complete_program(), [partner()], said).partners[0].trust["category_credibility"]
    assert (answer.answer, answer.source) == ("no", "correction")


def test_the_proposed_partner_fails_and_the_better_placed_one_is_named() -> None:
    said = {"osprey": PartnerNotes(trust=TrustQuestions(prior_relationship=no(Q), category_credibility=no(Q)))}
    profiles = [partner("Osprey", relationships=[], proof=[]), partner("Kestrel")]
    result = match_partners(deal(partner="Osprey"), complete_program(), profiles, said, proposed=profiles[0])
    assert (result.proposed, result.best, result.better_placed) == ("Osprey", "Kestrel", "Kestrel")
    assert [m.name for m in result.partners] == ["Kestrel", "Osprey"]
    assert {f.rule for f in result.partners[1].findings} >= {"deal.trust_gap", "deal.trust_threshold_failed"}


def test_a_proposed_partner_outside_the_map_is_judged_on_the_notes() -> None:
    stranger = PartnerProfile(name="Tern")
    said = {"tern": PartnerNotes(leverage=PartnerLeverage(quote=Q, present=True, type="speed", text="intro"))}
    result = match_partners(deal(), complete_program(), [partner()], said, proposed=stranger)
    tern = next(m for m in result.partners if m.name == "Tern")
    assert (tern.in_map, tern.proposed, tern.verdict) == (False, True, "NEEDS_INFO")


@pytest.mark.parametrize(
    ("fields", "rule"),
    [({"regions": ["UK", "Ireland"]}, "match.no_presence"), ({"motions": ["refer", "build"]}, "match.no_joint_motion")],
)
def test_partner_rules_make_a_partner_no_go(fields: dict, rule: str) -> None:
    [match] = match_partners(deal(), complete_program(), [partner(**fields)]).partners
    assert match.verdict == "NO_GO"
    assert match.findings[0].rule == rule and match.findings[0].source == SOURCES[rule]


def test_a_deal_wide_no_go_leaves_no_partner() -> None:
    outside = deal(region=TextFact(quote="HQ in Lyon", value="france"))
    result = match_partners(outside, complete_program(), [partner(regions=[]), partner("Osprey", regions=[])])
    assert result.best is None
    assert [f.rule for f in result.deal_findings] == ["deal.outside_icp"]
    assert all(m.verdict == "NO_GO" and not m.findings for m in result.partners)


def test_the_stronger_relationship_in_this_account_ranks_first() -> None:
    medium = partner("Aster", relationships=[Relationship(account="Acme Lending", person="CIO", strength="medium")])
    strong = partner("Zephyr")
    result = match_partners(deal(), complete_program(), [medium, strong])
    assert [(m.name, m.verdict, m.rank) for m in result.partners] == [("Zephyr", "GO", 1), ("Aster", "GO", 2)]


def test_without_leverage_from_the_notes_or_the_map_a_partner_needs_info() -> None:
    bare = partner(relationships=[], proof=[Proof(text="x", named=True)], industries=["hospitals"])
    [match] = match_partners(deal(), complete_program(), [bare]).partners
    assert match.verdict == "NEEDS_INFO"
    assert "deal.leverage_unknown" in [f.rule for f in match.findings]


def test_every_match_rule_is_exercised_here() -> None:
    assert {r for r in SOURCES if r.startswith("match.")} == {
        "match.no_presence", "match.no_joint_motion", "match.notes_contradict_map"
    }  # fmt: skip
