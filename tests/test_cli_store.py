"""The decision log on the command line: coach decisions list|show|export|override|report, coach outcome."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.config import Settings
from coach.decisions import DecisionResult
from coach.framework import DealFacts, DealFinding, DealVerdict
from coach.store import Workspace


def _seed(*verdicts: str) -> list[int]:
    """Decisions saved the way `coach verdict --save` saves them."""
    ids = []
    with Workspace.open(Settings.from_env()) as ws:
        for i, verdict in enumerate(verdicts, start=1):
            findings = (
                [DealFinding(rule="deal.no_trigger", outcome="NO_GO", message="No trigger.", source="d.md#s")]
                if verdict == "NO_GO"
                else []
            )
            ids.append(
                ws.record_decision(
                    DecisionResult(
                        notes=f"Notes {i}.",
                        read=DealFacts(account=f"Account {i}", partner="Globex"),
                        facts=DealFacts(account=f"Account {i}", partner="Globex"),
                        verdict=DealVerdict(verdict=verdict, findings=findings, trust={}, questions=[]),
                        extractor="offline",
                    )
                )
            )
    return ids


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _database() -> Path:
    return Path(os.environ["COACH_DATA_DIR"]) / "workspace.db"


def test_list_without_a_workspace_says_so_and_creates_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "decisions", "list") == (
        0,
        "No decisions saved yet. Save one with: coach verdict NOTES --icp ICP --save\n",
        "",
    )
    assert not _database().exists()


def test_list_shows_each_decision_newest_first_with_its_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    first, _ = _seed("NO_GO", "GO")
    assert (
        _run(capsys, "outcome", str(first), "--result", "won", "--cycle-days", "41", "--partner-involved", "yes")[0]
        == 0
    )
    code, out, err = _run(capsys, "decisions", "list")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[0].split() == ["ID", "DECIDED", "ACCOUNT", "PARTNER", "VERDICT", "OUTCOME"]
    assert [line.split()[0] for line in lines[1:]] == ["2", "1"]
    assert lines[2].endswith("NO_GO    won, 41 d, partner")


def test_show_prints_the_audit_record(capsys: pytest.CaptureFixture[str]) -> None:
    [decision_id] = _seed("NO_GO")
    code, out, _ = _run(capsys, "decisions", "show", str(decision_id))
    assert code == 0
    assert out.startswith(f"Decision {decision_id}   ")
    assert "  Account: Account 1   Partner: Globex\n  Decided by: not recorded\n  Verdict: NO_GO\n  Outcome: -\n" in out
    assert "  [NO_GO] deal.no_trigger: No trigger.\n" in out
    assert f"  notes sha256: {hashlib.sha256(b'Notes 1.').hexdigest()}\n" in out
    code, out, _ = _run(capsys, "decisions", "show", str(decision_id), "--json")
    [record] = json.loads(out)
    assert (record["id"], record["notes"], record["final_verdict"]) == (decision_id, "Notes 1.", "NO_GO")


def test_outcome_and_override_are_recorded_and_shown(capsys: pytest.CaptureFixture[str]) -> None:
    [decision_id] = _seed("NO_GO")
    reason = "The partner already runs their SAP support."
    assert _run(capsys, "decisions", "override", "1", "--verdict", "GO", "--reason", reason) == (
        0,
        "Decision 1 is now GO (was NO_GO).\n",
        "",
    )
    assert _run(capsys, "outcome", "1", "--result", "lost", "--cycle-days", "63", "--partner-involved", "no") == (
        0,
        "Recorded: decision 1 (Account 1 / Globex) lost after 63 days, no partner.\n",
        "",
    )
    _, out, _ = _run(capsys, "decisions", "show", str(decision_id))
    assert "  Verdict: GO (was NO_GO)\n" in out
    assert f"GO, because {reason}\n  Outcome: lost, 63 d, no partner\n" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["decisions", "show", "9"],
            "There is no decision 9; `coach decisions list` shows the ids.",
            id="show-unknown-id",
        ),
        pytest.param(
            ["decisions", "show", "abc"], "The decision id must be a whole number, not 'abc'.", id="show-not-a-number"
        ),
        pytest.param(
            ["outcome", "9", "--result", "won", "--cycle-days", "3", "--partner-involved", "yes"],
            "There is no decision 9; `coach decisions list` shows the ids.",
            id="outcome-unknown-id",
        ),
        pytest.param(
            ["outcome", "1", "--result", "tie", "--cycle-days", "3", "--partner-involved", "yes"],
            "The result must be won, lost or stalled, not 'tie'.",
            id="outcome-bad-result",
        ),
        pytest.param(
            ["outcome", "1", "--result", "won", "--cycle-days", "-3", "--partner-involved", "yes"],
            "--cycle-days must be a whole number, not '-3'.",
            id="outcome-negative-days",
        ),
        pytest.param(
            ["outcome", "1", "--result", "won", "--cycle-days", "3", "--partner-involved", "maybe"],
            "--partner-involved must be yes or no, not 'maybe'.",
            id="outcome-bad-partner-involved",
        ),
        pytest.param(
            ["outcome", "1", "--result", "won", "--cycle-days", "3"],
            "Give --attribution (sourced, co-sell, influenced or none).",
            id="outcome-no-attribution",
        ),
        pytest.param(
            ["outcome", "1", "--result", "won", "--cycle-days", "3", "--attribution", "resold"],
            "The attribution must be sourced, co-sell, influenced or none, not 'resold'.",
            id="outcome-bad-attribution",
        ),
        pytest.param(
            ["outcome", "1", "--result", "won", "--cycle-days", "3", "--attribution", "sourced", "--value", "90k"],
            "--value must be one amount with its currency, e.g. 'EUR 90000' or '$4k a month', not '90k'.",
            id="outcome-value-without-currency",
        ),
        pytest.param(
            [
                "outcome",
                "1",
                "--result",
                "won",
                "--cycle-days",
                "3",
                "--attribution",
                "none",
                "--partner-involved",
                "yes",
            ],
            "Attribution 'none' and 'partner involved: yes' disagree.",
            id="outcome-attribution-disagrees",
        ),
        pytest.param(
            ["decisions", "override", "1", "--verdict", "PERHAPS", "--reason", "x"],
            "The verdict must be one of GO, NO_GO, NEEDS_INFO, not 'PERHAPS'.",
            id="override-bad-verdict",
        ),
        pytest.param(
            ["decisions", "override", "1", "--verdict", "GO", "--reason", " "],
            "An override needs a reason: say why the verdict is wrong.",
            id="override-empty-reason",
        ),
        pytest.param(
            ["decisions", "override", "1", "--verdict", "NO_GO", "--reason", "x"],
            "Decision 1 is already NO_GO; an override must change the verdict.",
            id="override-same-verdict",
        ),
        pytest.param(
            ["decisions", "override", "2", "--verdict", "GO", "--reason", "x"],
            "There is no decision 2; `coach decisions list` shows the ids.",
            id="override-unknown-id",
        ),
        pytest.param(
            ["decisions", "export", "--format", "xlsx"],
            "--format must be csv, json or crm, not 'xlsx'.",
            id="export-bad-format",
        ),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    _seed("NO_GO")
    assert _run(capsys, *argv) == (2, "", f"coach: error: {message}\n")
    with Workspace.open(Settings.from_env()) as ws:
        [decision] = ws.list_decisions()
    assert (decision.overrides, decision.outcomes) == ([], [])


def test_an_outcome_without_a_workspace_is_an_unknown_id(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["outcome", "1", "--result", "won", "--cycle-days", "3", "--partner-involved", "yes"]
    assert _run(capsys, *argv) == (
        2,
        "",
        "coach: error: There is no decision 1; `coach decisions list` shows the ids.\n",
    )
    assert not _database().exists()


def test_a_corrupted_workspace_is_one_line_and_left_untouched(capsys: pytest.CaptureFixture[str]) -> None:
    _database().write_text("this is a spreadsheet, not a database\n" * 20)
    before = _database().read_bytes()
    assert _run(capsys, "decisions", "list") == (
        2,
        "",
        f"coach: error: The workspace database at {_database()} is not a readable SQLite database; it was left "
        "untouched. Move it aside or set COACH_DATA_DIR.\n",
    )
    assert _database().read_bytes() == before


def test_export_csv_and_json_to_stdout_and_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _seed("NO_GO", "GO")
    code, out, _ = _run(capsys, "decisions", "export")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [(r["id"], r["account"], r["final_verdict"], r["rules"]) for r in rows] == [
        ("1", "Account 1", "NO_GO", "deal.no_trigger"),
        ("2", "Account 2", "GO", ""),
    ]
    target = tmp_path / "log.json"
    assert _run(capsys, "decisions", "export", "--format", "json", "-o", str(target)) == (
        0,
        "",
        f"Wrote 2 decisions to {target}.\n",
    )
    assert [r["facts"]["account"] for r in json.loads(target.read_text())] == ["Account 1", "Account 2"]


def test_report_prints_win_rate_and_cycle_time(capsys: pytest.CaptureFixture[str]) -> None:
    _seed("NO_GO", "NO_GO", "GO")
    for decision_id, result, days in ((1, "won", "30"), (2, "lost", "50"), (3, "won", "20")):
        _run(capsys, "outcome", str(decision_id), "--result", result, "--cycle-days", days, "--partner-involved", "yes")
    code, out, _ = _run(capsys, "decisions", "report")
    assert code == 0
    assert "  NO_GO    2 decisions    2 outcomes  won 1 lost 1 stalled 0  win rate 50%  avg cycle 40 d\n" in out
    assert (
        "  deal.no_trigger    2 decisions    2 outcomes  won 1 lost 1 stalled 0  win rate 50%  avg cycle 40 d\n" in out
    )
    _, out, _ = _run(capsys, "decisions", "report", "--json")
    report = json.loads(out)
    assert [(r["group"], r["win_rate"], r["avg_cycle_days"]) for r in report["by_verdict"]] == [
        ("GO", 1.0, 20.0),
        ("NO_GO", 0.5, 40.0),
    ]


def test_verdict_save_lands_in_the_log(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Account: Acme Corp. Partner: Globex. The CFO signs. The SOC 2 audit deadline is in June.\n")
    icp = tmp_path / "icp.md"
    icp.write_text("We sell to fintech companies with 200-2,000 employees in North America. The CFO signs.\n")
    code, out, _ = _run(capsys, "verdict", str(notes), "--icp", str(icp), "--save")
    assert code == 0
    assert out.endswith("Saved as decision 1.\n")
    with Workspace.open(Settings.from_env()) as ws:
        decision = ws.get_decision(1)
    assert decision.notes == notes.read_text()
    assert decision.extractor == "offline"


def test_importing_the_cli_does_not_import_sqlalchemy() -> None:
    code = "import sys, coach.cli; print('sqlalchemy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout == "False\n"


# --- partner scorecards ----------------------------------------------------------------------------

SAMPLE_CANDIDATES = Path(__file__).resolve().parent.parent / "evals" / "samples" / "candidates.csv"


def test_scorecards_without_a_workspace_say_how_to_save_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "scorecards", "list") == (
        0,
        "No scorecards saved yet. Save one with: coach score-partners CANDIDATES.csv --capacity N --save\n",
        "",
    )
    assert not _database().exists()


def test_a_saved_scorecard_is_listed_and_shown_as_scored(capsys: pytest.CaptureFixture[str]) -> None:
    code, scored, _ = _run(capsys, "score-partners", str(SAMPLE_CANDIDATES), "--capacity", "1", "--save")
    assert code == 0 and scored.endswith("\nSaved as scorecard 1.\n")
    code, as_json, err = _run(capsys, "score-partners", str(SAMPLE_CANDIDATES), "--capacity", "2", "--save", "--json")
    assert (code, err) == (0, "Saved as scorecard 2.\n")
    assert [s["decision"] for s in json.loads(as_json)].count("recruit") == 2  # stdout stays the JSON contract
    code, listing, _ = _run(capsys, "scorecards", "list")
    lines = listing.splitlines()
    assert lines[0] == "ID  SAVED             RECRUIT  NURTURE  PASS  NAME"
    assert [line.split()[0] for line in lines[1:]] == ["2", "1"]
    assert lines[2].split()[3:] == ["1", "3", "1", "candidates.csv"]
    code, shown, _ = _run(capsys, "scorecards", "show", "1")
    assert shown.startswith("Scorecard 1: candidates.csv, saved ")
    assert scored.split("\n\nSaved as")[0] in shown  # the same ranked groups as when it was scored
    code, one, _ = _run(capsys, "scorecards", "show", "2", "--json")
    assert (json.loads(one)["id"], json.loads(one)["capacity"]) == (2, 2)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["scorecards", "show", "7"], "There is no scorecard 7; `coach scorecards list` shows the ids."),
        (["scorecards", "show", "seven"], "The scorecard id must be a whole number, not 'seven'."),
    ],
    ids=["unknown-id", "not-a-number"],
)
def test_scorecards_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    _run(capsys, "score-partners", str(SAMPLE_CANDIDATES), "--capacity", "1", "--save")
    code, out, err = _run(capsys, *argv)
    assert (code, out, err) == (2, "", f"coach: error: {message}\n")


def test_a_corrected_decision_shows_what_was_corrected(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    samples = Path(__file__).resolve().parent.parent / "evals" / "samples"
    facts = tmp_path / "facts.json"
    icp = str(samples / "program.md")
    code, _, _ = _run(capsys, "verdict", str(samples / "deal-redlines.txt"), "--icp", icp, "--facts-out", str(facts))
    data = json.loads(facts.read_text())
    data["corrections"] = [{"fact": "stage", "value": "evaluation", "by": "Casey"}]
    facts.write_text(json.dumps(data))
    code, out, _ = _run(capsys, "verdict", "--facts", str(facts), "--icp", icp, "--save")
    assert code == 0 and "Rests on corrections: stage = evaluation" in out
    decision = out.rsplit("Saved as decision ", 1)[1].strip(". \n")
    code, shown, _ = _run(capsys, "decisions", "show", decision)
    assert code == 0
    assert "Corrected by a person (the verdict rests on these):" in shown
    assert "  stage: corrected by Casey: evaluation" in shown
    assert "      as read: stage=legal_review (" in shown, shown  # what the reader read, beside the correction
    assert "prompt hash: none (no model was asked)" in shown


def test_who_decides_and_overrides_comes_from_by_or_coach_user(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    samples = Path(__file__).resolve().parent.parent / "evals" / "samples"
    icp = str(samples / "program.md")
    code, out, _ = _run(capsys, "verdict", str(samples / "deal-redlines.txt"), "--icp", icp, "--save", "--by", "Casey")
    assert code == 0
    decision = out.rsplit("Saved as decision ", 1)[1].strip(". \n")
    monkeypatch.setenv("COACH_USER", "Robin")
    _run(capsys, "decisions", "override", decision, "--verdict", "NEEDS_INFO", "--reason", "Stage is disputed.")
    code, shown, _ = _run(capsys, "decisions", "show", decision)
    assert code == 0
    assert "  Decided by: Casey (unverified)" in shown
    assert ", by Robin (unverified)): NEEDS_INFO, because Stage is disputed." in shown


def test_attribution_and_value_are_recorded_reported_and_exported_for_a_crm(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first, second = _seed("GO", "GO")
    args = ("--result", "won", "--cycle-days", "30", "--attribution")
    assert _run(capsys, "outcome", str(first), *args, "sourced", "--value", "EUR 90,000 ARR") == (
        0,
        "Recorded: decision 1 (Account 1 / Globex) won after 30 days, sourced, EUR 90,000.\n",
        "",
    )
    assert _run(capsys, "outcome", str(second), *args, "co-sell", "--value", "$4k a month")[0] == 0
    code, out, _ = _run(capsys, "decisions", "report")
    assert code == 0 and "By attribution (never mixed):" in out
    assert any(line.split()[:2] == ["sourced", "1"] and "won value EUR 90,000" in line for line in out.splitlines())
    assert any(line.split()[:2] == ["co-sell", "1"] and "won value USD 48,000" in line for line in out.splitlines())
    report = json.loads(_run(capsys, "decisions", "report", "--json")[1])
    assert [r["group"] for r in report["by_attribution"]] == ["sourced", "co-sell"]
    crm = tmp_path / "crm.csv"
    assert _run(capsys, "decisions", "export", "--format", "crm", "-o", str(crm))[0] == 0
    rows = list(csv.DictReader(crm.open(encoding="utf-8")))
    assert [(r["Stage"], r["Amount"], r["CurrencyIsoCode"], r["Partner Attribution"]) for r in rows] == [
        ("Closed Won", "90000", "EUR", "sourced"),
        ("Closed Won", "48000", "USD", "co-sell"),
    ]
    assert rows[0]["Partner Account"] == "Globex" and rows[0]["Coach Decision Id"] == "1"


def test_readiness_answers_the_finance_question_from_a_log_with_valued_partner_deals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    finance = "Can Finance model partner ROI from your CRM data without a custom extraction?"
    _, out, _ = _run(capsys, "readiness")
    assert f"  unknown {finance} (from the decision log)" in out
    for decision_id in _seed("GO", "GO", "GO"):
        args = ("--result", "won", "--cycle-days", "9", "--attribution", "co-sell", "--value", "GBP 50k")
        _run(capsys, "outcome", str(decision_id), *args)
    _, out, _ = _run(capsys, "readiness")
    assert f"  yes     {finance} (from the decision log)" in out
    _, out, _ = _run(capsys, "readiness", "--finance-roi", "no")
    assert f"  no      {finance}\n" in out


def _history(tmp_path: Path, driver: str = "motion_fit", n: int = 20) -> tuple[Path, Path]:
    from tests.test_review import synthetic_history

    card, production = synthetic_history(driver, n=n)
    candidates, made = tmp_path / "candidates.csv", tmp_path / "production.csv"
    columns = ("name", "account_overlap", "segment_fit", "motion_fit", "selling_capacity")
    with candidates.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows([[c.name, *(round(getattr(c, d), 1) for d in columns[1:])] for c in card.candidates])
    with made.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(("partner", "sourced_deals", "revenue"))
        writer.writerows([[p.partner, p.sourced_deals, p.revenue] for p in production])
    return candidates, made


def test_review_finds_the_driver_and_an_accepted_suggestion_scores_the_next_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    candidates, made = _history(tmp_path)
    assert _run(capsys, "score-partners", str(candidates), "--capacity", "6", "--save")[0] == 0
    code, out, err = _run(capsys, "review", "1", "--production", str(made))
    assert (code, err) == (0, "")
    assert out.startswith("Quarterly review of scorecard 1 (candidates.csv): 20 candidates, 20 signed")
    assert any("motion fit" in line and line.endswith("<- the driver") for line in out.splitlines())
    assert 'Decide with: coach review 1 ... --accept (or --reject --reason "...")' in out
    code, out, _ = _run(capsys, "review", "1", "--production", str(made), "--accept", "--by", "Sam")
    assert out.rstrip().endswith(
        "Accepted: kept as review 1; `coach score-partners ... --weights reviewed` scores with them."
    )
    data = json.loads(_run(capsys, "review", "1", "--production", str(made), "--json")[1])
    assert data["driver"] == "motion_fit" and data["decision_id"] is None
    assert _run(capsys, "score-partners", str(candidates), "--capacity", "6", "--weights", "reviewed")[0] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["review", "1", "--from-log"], "There is no scorecard 1; `coach scorecards list` shows the ids."),
        (["score-partners", "evals/samples/candidates.csv", "--capacity", "1", "--weights", "reviewed"],
         "No quarterly review has been accepted yet; `coach review SCORECARD_ID` suggests weights."),
    ],
)  # fmt: skip
def test_review_without_a_scorecard_or_an_accepted_review_is_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert _run(capsys, *argv) == (2, "", f"coach: error: {message}\n")


def test_a_refused_suggestion_cannot_be_accepted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    candidates, made = _history(tmp_path, n=6)
    _run(capsys, "score-partners", str(candidates), "--capacity", "2", "--save")
    code, _, err = _run(capsys, "review", "1", "--production", str(made), "--accept")
    assert code == 2 and err.startswith("coach: error: There are no suggested weights to decide on: Too few partners")
