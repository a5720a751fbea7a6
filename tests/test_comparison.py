"""Comparing our ICP with a partner's, pair by pair, and the partner-facing brief."""

from __future__ import annotations

import itertools
import tomllib
from functools import cache
from pathlib import Path

import pytest

from coach.comparison import compare, partner_brief
from coach.framework import Exclusion, ProgramDraft
from coach.reading.classifier import negation_spans
from coach.reading.offline import OfflineExtractor

PROGRAMS = Path(__file__).resolve().parent.parent / "evals" / "cases" / "programs"
ICPS = ("fintech-soc2", "dach-manufacturing-sap", "revops-saas", "uk-health-insurers")


@cache
def program(name: str) -> ProgramDraft:
    text = tomllib.loads((PROGRAMS / f"program-{name}.toml").read_text(encoding="utf-8"))["text"]
    return OfflineExtractor().extract_program(text).facts


# One labelled case per pair of the four ICPs: how industry and region compare, and whether a segment is shared.
PAIRS = {
    ("fintech-soc2", "dach-manufacturing-sap"): ("differ", "differ", False),
    ("fintech-soc2", "revops-saas"): ("differ", "overlap", False),
    ("fintech-soc2", "uk-health-insurers"): ("differ", "differ", False),
    ("dach-manufacturing-sap", "revops-saas"): ("differ", "differ", False),
    ("dach-manufacturing-sap", "uk-health-insurers"): ("differ", "differ", False),
    ("revops-saas", "uk-health-insurers"): ("differ", "differ", False),
}


@pytest.mark.parametrize(("ours", "theirs"), list(itertools.combinations(ICPS, 2)))
def test_each_pair_of_icps_compares_as_labelled(ours: str, theirs: str) -> None:
    result = compare(program(ours), program(theirs))
    rows = {r.dimension: r for r in result.rows}
    assert (rows["industry"].status, rows["region"].status, result.shared_segment) == PAIRS[(ours, theirs)]
    assert result.channel_conflict is None  # nothing shared, nothing to split


@pytest.mark.parametrize("name", ICPS)
def test_an_icp_agrees_with_itself_and_its_split_rules_are_named(name: str) -> None:
    result = compare(program(name), program(name))
    assert result.shared_segment and result.channel_conflict is None
    assert {r.status for r in result.rows} <= {"agree", "neither"}
    assert result.split_by  # every one of the four keeps some deals direct


def test_a_shared_segment_without_a_rule_that_keeps_deals_direct_is_a_channel_conflict() -> None:
    ours = program("fintech-soc2").model_copy(update={"exclusions": []})
    result = compare(ours, program("fintech-soc2"))
    assert result.channel_conflict is not None and result.channel_conflict.startswith("Channel conflict: we and")
    kept = [e for e in program("fintech-soc2").exclusions if e.kind == "stage_too_late"]
    assert compare(ours.model_copy(update={"exclusions": kept}), ours).channel_conflict is not None  # no split


def test_segments_only_one_side_targets_are_named() -> None:
    result = compare(program("fintech-soc2"), program("revops-saas"))
    region = next(r for r in result.rows if r.dimension == "region")
    assert region.only_ours == ["canada"] and region.only_theirs == []


def test_the_partner_brief_holds_no_internal_numbers_unless_asked() -> None:
    draft = program("fintech-soc2")
    brief = partner_brief(draft)
    assert "$60k" not in brief and "60,000" not in brief and "minimum deal size" in brief
    assert "## Who buys" in brief and "VP of Engineering" in brief
    assert "Deals below $60,000." in partner_brief(draft, with_numbers=True)


def test_the_partner_brief_is_inert_markdown() -> None:
    hostile = Exclusion(quote="x", kind="other", text="[click](http://evil.example) ![x](http://evil.example/i.png)")
    brief = partner_brief(program("fintech-soc2").model_copy(update={"exclusions": [hostile]}))
    assert "](http" not in brief and "\\[click\\]" in brief


def test_a_value_in_negation_scope_is_not_an_icp_condition() -> None:
    text = "We audit payments companies in the US. We do not take on clients in crypto, and we do not resell software."
    draft = OfflineExtractor().extract_program(text).facts
    industries = {v for c in draft.icp.conditions if c.dimension == "industry" for v in c.values}
    assert "fintech" in industries and "software" not in industries


@pytest.mark.parametrize(
    ("text", "denied"),
    [("We do not sell to hospitals, only clinics", ["not sell to hospitals"]),
     ("banks but not credit unions", ["not credit unions"]),
     ("no crypto; payments yes", ["no crypto"]),
     ("we don't resell software however we refer it", ["don't resell software "])],
)  # fmt: skip
def test_negation_scope_runs_to_the_end_of_its_phrase(text: str, denied: list[str]) -> None:
    assert [text[s:e] for s, e in negation_spans(text)] == denied


def test_whether_a_segment_is_shared_cannot_be_told_when_no_dimension_is_named_by_both() -> None:
    ours = OfflineExtractor().extract_program("We sell to fintech companies. The CFO signs.").facts
    theirs = OfflineExtractor().extract_program("We work with companies in Canada. The CTO signs.").facts
    result = compare(ours, theirs)
    assert result.shared_segment is None and result.channel_conflict is None
