"""The records the workspace keeps: draft diffs and the decision export (pure, no database)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from coach.framework import BuyerMap, BuyerRole, DealFacts, DealFinding, DealVerdict, ProgramDraft
from coach.records import EXPORT_COLUMNS, Decision, OutcomeRecord, OverrideRecord, diff_drafts, export_decisions

AT = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def _draft(title: str) -> ProgramDraft:
    return ProgramDraft(buyers=BuyerMap(decision_maker=BuyerRole(quote=f"the {title} signs", title=title)))


def test_diff_drafts_reports_each_changed_field_with_both_values() -> None:
    changes = diff_drafts(_draft("CFO"), _draft("CRO"))
    assert [(c.path, c.before, c.after) for c in changes] == [
        ("buyers.decision_maker.quote", "the CFO signs", "the CRO signs"),
        ("buyers.decision_maker.title", "CFO", "CRO"),
    ]


def test_diff_drafts_shows_a_removed_field_as_now_unknown() -> None:
    changes = diff_drafts(_draft("CFO"), ProgramDraft())
    assert [(c.path, c.after) for c in changes] == [
        ("buyers.decision_maker.quote", None),
        ("buyers.decision_maker.status", None),
        ("buyers.decision_maker.title", None),
    ]


def _decision(decision_id: int, **extra: object) -> Decision:
    finding = DealFinding(rule="deal.no_trigger", outcome="NO_GO", message="No trigger.", source="doc.md#s")
    return Decision(
        id=decision_id,
        decided_at=AT,
        account="Acme, Inc.",
        partner="Globex",
        notes="notes",
        notes_sha256="ab" * 32,
        facts=DealFacts(account="Acme, Inc.", partner="Globex"),
        program=None,
        icp_source=None,
        rules_version="2026.11.1",
        extractor="offline",
        prompt_hash=None,
        chunk_ids=["a#1", "b#2"],
        verdict=DealVerdict(verdict="NO_GO", findings=[finding], trust={}, questions=[]),
        **extra,
    )


def test_the_csv_export_has_one_flat_row_per_decision_oldest_first() -> None:
    overridden = _decision(
        2,
        overrides=[OverrideRecord(verdict="GO", reason="Board deadline, said the CFO", overridden_at=AT, by="Kim")],
        outcomes=[OutcomeRecord(result="won", cycle_days=41, partner_involved=True, recorded_at=AT)],
        decided_by="Robin",
    )
    text = export_decisions([overridden, _decision(1)], "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert [(r["id"], r["final_verdict"], r["override_reason"], r["result"], r["cycle_days"]) for r in rows] == [
        ("1", "NO_GO", "", "", ""),
        ("2", "GO", "Board deadline, said the CFO", "won", "41"),
    ]
    assert (rows[1]["account"], rows[1]["rules"], rows[1]["partner_involved"], rows[1]["chunk_ids"]) == (
        "Acme, Inc.", "deal.no_trigger", "yes", "a#1 b#2",
    )  # fmt: skip
    assert [(r["decided_by"], r["overridden_by"]) for r in rows] == [("", ""), ("Robin", "Kim")]


def test_the_json_export_keeps_the_full_audit_record() -> None:
    [record] = json.loads(export_decisions([_decision(1)], "json"))
    assert record["final_verdict"] == "NO_GO"
    assert record["facts"]["partner"] == "Globex"
    assert record["verdict"]["findings"][0]["rule"] == "deal.no_trigger"
    assert Decision.model_validate({k: v for k, v in record.items() if k != "final_verdict"}) == _decision(1)


def test_a_confirmed_trust_answer_is_listed_as_confirmed_not_as_a_correction() -> None:
    from coach.framework import TrustAnswer
    from coach.records import corrections_in

    facts = DealFacts()
    facts.trust.prior_relationship = TrustAnswer(answer="yes", quote="They know Ana", status="confirmed")
    facts.trust.referenceable_proof = TrustAnswer(answer="no", quote="corrected by Kim: no", status="corrected")
    assert corrections_in(facts) == [
        ("trust.prior_relationship", "confirmed: yes (They know Ana)"),
        ("trust.referenceable_proof", "corrected by Kim: no"),
    ]
