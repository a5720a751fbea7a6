"""Merging extracted facts into the program draft; confirming and editing fields."""

from __future__ import annotations

import pytest

from coach.errors import InputError
from coach.framework import (
    BeforeAfter,
    BuyerMap,
    BuyerRole,
    Exclusion,
    IcpCondition,
    LeverageZone,
    Money,
    OperatingIcp,
    ProgramDraft,
    Trigger,
)
from coach.merge import confirm_field, describe, edit_field, fields_with_facts, get_path, label_for, merge_drafts


def cfo(quote: str = "the CFO signs", start: int | None = 0) -> BuyerRole:
    return BuyerRole(quote=quote, title="CFO", start=start)


def zone(**kw: object) -> LeverageZone:
    base = {"quote": "partners speed up security review", "type": "speed", "text": "security review"}
    return LeverageZone.model_validate({**base, **kw})


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            ProgramDraft(),
            ProgramDraft(buyers=BuyerMap(decision_maker=cfo())),
            [("buyers.decision_maker", "added", "CFO", None)],
            id="new-single-fact-is-added",
        ),
        pytest.param(
            ProgramDraft(buyers=BuyerMap(decision_maker=cfo())),
            ProgramDraft(buyers=BuyerMap(decision_maker=BuyerRole(quote="the COO signs", title="COO"))),
            [("buyers.decision_maker", "replaced", "COO", "CFO")],
            id="correction-replaces-single-fact",
        ),
        pytest.param(
            ProgramDraft(buyers=BuyerMap(decision_maker=cfo(start=0))),
            ProgramDraft(buyers=BuyerMap(decision_maker=cfo(start=40))),
            [],
            id="same-fact-elsewhere-is-no-change",
        ),
        pytest.param(
            ProgramDraft(
                icp=OperatingIcp(conditions=[IcpCondition(quote="fintech", dimension="industry", text="fintech")])
            ),
            ProgramDraft(icp=OperatingIcp(conditions=[IcpCondition(quote="EU", dimension="region", text="EU")])),
            [("icp.conditions.1", "added", "EU", None)],
            id="other-dimension-is-added",
        ),
        pytest.param(
            ProgramDraft(
                icp=OperatingIcp(conditions=[IcpCondition(quote="fintech", dimension="industry", text="fintech")])
            ),
            ProgramDraft(
                icp=OperatingIcp(conditions=[IcpCondition(quote="insurers", dimension="industry", text="insurers")])
            ),
            [("icp.conditions.0", "replaced", "insurers", "fintech")],
            id="same-dimension-replaces",
        ),
    ],
)
def test_merge_drafts_reports_each_change(
    old: ProgramDraft, new: ProgramDraft, expected: list[tuple[str, str, str, str | None]]
) -> None:
    _, changes = merge_drafts(old, new)
    assert [(c.path, c.action, c.value, c.previous) for c in changes] == expected


def test_merge_keeps_what_a_refinement_leaves_unsaid() -> None:
    old = ProgramDraft(
        leverage=[zone(role="blocker", change=BeforeAfter(quote="x", before="6 weeks", after="2 weeks"))]
    )
    new = ProgramDraft(leverage=[zone(quote="at legal review", stage="legal_review")])
    draft, changes = merge_drafts(old, new)
    merged = draft.leverage[0]
    assert (merged.role, merged.stage, merged.change.after if merged.change else None) == (
        "blocker",
        "legal_review",
        "2 weeks",
    )
    assert [c.action for c in changes] == ["updated"]


def test_replacing_a_confirmed_fact_says_so() -> None:
    old = ProgramDraft(buyers=BuyerMap(decision_maker=cfo().model_copy(update={"status": "confirmed"})))
    new = ProgramDraft(buyers=BuyerMap(decision_maker=BuyerRole(quote="COO", title="COO")))
    draft, changes = merge_drafts(old, new)
    assert changes[0].sentence() == "replaced the decision maker: CFO (you had confirmed it) → COO"
    assert draft.buyers.decision_maker is not None and draft.buyers.decision_maker.status == "suggested"


def test_unchanged_fact_keeps_its_confirmation() -> None:
    old = ProgramDraft(buyers=BuyerMap(decision_maker=cfo().model_copy(update={"status": "confirmed"})))
    draft, changes = merge_drafts(old, ProgramDraft(buyers=BuyerMap(decision_maker=cfo(start=9))))
    assert changes == []
    assert draft.buyers.decision_maker is not None and draft.buyers.decision_maker.status == "confirmed"


def test_merge_leaves_the_old_draft_untouched() -> None:
    old = ProgramDraft()
    merge_drafts(old, ProgramDraft(buyers=BuyerMap(decision_maker=cfo())))
    assert old.buyers.decision_maker is None


def test_confirm_marks_the_field() -> None:
    draft, change = confirm_field(ProgramDraft(buyers=BuyerMap(decision_maker=cfo())), "buyers.decision_maker")
    assert get_path(draft, "buyers.decision_maker").status == "confirmed"
    assert change.sentence() == "confirmed the decision maker: CFO"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("trigger", "The buying trigger is not known yet, so there is nothing to confirm.", id="unknown"),
        pytest.param("buyers.ceo", "There is no field called 'buyers.ceo' in the draft.", id="no-such-field"),
        pytest.param("leverage.3", "There is no field called 'leverage.3' in the draft.", id="no-such-item"),
    ],
)
def test_confirm_refuses_in_plain_words(path: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        confirm_field(ProgramDraft(), path)
    assert str(caught.value) == message


def test_edit_with_words_keeps_the_kind_and_confirms() -> None:
    old = ProgramDraft(trigger=Trigger(quote="audit", kind="deadline", text="audit"))
    draft, change = edit_field(old, "trigger", "SOC 2 audit in Q3")
    assert draft.trigger is not None
    assert (draft.trigger.kind, draft.trigger.text, draft.trigger.status) == (
        "deadline",
        "SOC 2 audit in Q3",
        "confirmed",
    )
    assert change.sentence() == "edited the buying trigger: audit → SOC 2 audit in Q3"


def test_edit_uses_what_the_extractor_read_from_the_words() -> None:
    read = ProgramDraft(buyers=BuyerMap(decision_maker=BuyerRole(quote="the COO", title="COO")))
    draft, _ = edit_field(ProgramDraft(), "buyers.decision_maker", "the COO", read)
    assert draft.buyers.decision_maker == BuyerRole(quote="the COO", title="COO", status="confirmed")


def test_edit_with_field_values_sets_role_and_stage() -> None:
    draft, change = edit_field(
        ProgramDraft(leverage=[zone()]), "leverage.0", {"role": "blocker", "stage": "evaluation"}
    )
    assert describe(draft.leverage[0]) == "speed: security review (blocker, evaluation)"
    assert change.action == "edited"


def test_empty_edit_removes_a_list_item() -> None:
    old = ProgramDraft(exclusions=[Exclusion(quote="under $50k", kind="deal_size", text="under $50k")])
    draft, change = edit_field(old, "exclusions.0", "  ")
    assert draft.exclusions == []
    assert change.sentence() == "removed the exclusion 1 (under $50k)"


def test_edit_refuses_a_list_item_that_does_not_exist() -> None:
    with pytest.raises(InputError) as caught:
        edit_field(ProgramDraft(), "leverage.0", "speed")
    assert str(caught.value) == "There is no leverage zone 1 in the draft yet."


def test_fields_with_facts_lists_paths_in_framework_order() -> None:
    draft = ProgramDraft(
        trigger=Trigger(quote="audit", kind="deadline", text="audit"),
        buyers=BuyerMap(decision_maker=cfo()),
        exclusions=[
            Exclusion(
                quote="under $50k",
                kind="deal_size",
                text="under $50k",
                threshold=Money(amount=50000, currency="USD"),
            )
        ],
    )
    assert [p for p, _ in fields_with_facts(draft)] == ["buyers.decision_maker", "trigger", "exclusions.0"]
    assert [label_for(p) for p, _ in fields_with_facts(draft)] == ["decision maker", "buying trigger", "exclusion 1"]


def test_zones_of_one_type_in_one_message_stay_apart() -> None:
    new = ProgramDraft(
        leverage=[
            zone(quote="signal for the CFO in discovery", role="decision_maker", stage="discovery"),
            zone(quote="signal for IT security", role="blocker"),
        ]
    )
    draft, changes = merge_drafts(ProgramDraft(), new)
    assert [(z.role, z.stage) for z in draft.leverage] == [("decision_maker", "discovery"), ("blocker", None)]
    assert [c.action for c in changes] == ["added", "added"]


def test_a_zone_for_another_role_is_added_not_replaced() -> None:
    old = ProgramDraft(leverage=[zone(quote="signal for the CFO", role="decision_maker")])
    draft, _ = merge_drafts(old, ProgramDraft(leverage=[zone(quote="signal for the architect", role="influencer")]))
    assert [z.role for z in draft.leverage] == ["decision_maker", "influencer"]
