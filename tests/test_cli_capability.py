"""`coach partners`, `coach match` and `coach brief` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.cli import main
from coach.partners.capability import MAP_COLUMNS

SAMPLES = Path(__file__).resolve().parents[1] / "evals" / "samples"
MAP = str(SAMPLES / "partner-map.csv")
NOTES = str(SAMPLES / "deal-go.txt")
ICP = str(SAMPLES / "program.md")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_list_show_export_remove(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert _run(capsys, "partners", "import", MAP) == (0, "Capability map: 5 added, 0 updated.\n", "")
    code, out, _ = _run(capsys, "partners", "list")
    assert code == 0 and out.startswith("5 partners in the capability map\n  Ardent Assurance  [co-sell, resell]")
    code, out, _ = _run(capsys, "partners", "show", "ardent assurance", "--json")
    assert json.loads(out)["relationships"][0]["strength"] == "strong"
    out_file = tmp_path / "map.csv"
    assert _run(capsys, "partners", "export", "--out", str(out_file))[1] == f"Wrote 5 partners to {out_file}.\n"
    assert out_file.read_text(encoding="utf-8").splitlines()[0] == ",".join(MAP_COLUMNS)
    assert _run(capsys, "partners", "remove", "Harbor Cloud") == (
        0,
        "Removed Harbor Cloud from the capability map.\n",
        "",
    )
    assert len(json.loads(_run(capsys, "partners", "list", "--json")[1])) == 4


def test_a_bad_row_is_one_line_and_nothing_stored_is_lost(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _run(capsys, "partners", "import", MAP)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,motions\nNew One,co-sell\nOther,partnering\n", encoding="utf-8")
    assert _run(capsys, "partners", "import", str(bad)) == (
        2,
        "",
        "coach: error: CSV line 3, column 'motions': 'partnering' is not a motion (resell, refer, co-sell or build).\n",
    )
    again = tmp_path / "again.csv"
    again.write_text("name,motions\nNew One,co-sell\nArdent Assurance,refer\n", encoding="utf-8")
    assert _run(capsys, "partners", "import", str(again))[2] == (
        "coach: error: 'Ardent Assurance' is already in the capability map; nothing was imported. Use --replace to "
        "update them.\n"
    )
    names = [p["name"] for p in json.loads(_run(capsys, "partners", "list", "--json")[1])]
    assert "New One" not in names and len(names) == 5
    assert _run(capsys, "partners", "import", str(again), "--replace")[1] == "Capability map: 1 added, 1 updated.\n"


def test_add_checks_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "partners", "add", "Kestrel", "--relationship", "Acme / CFO / 2020 / great")[2] == (
        "coach: error: strength 'great' is not one of strong, medium, weak, lapsed.\n"
    )
    code, out, _ = _run(
        capsys, "partners", "add", "Kestrel", "--motions", "co-sell", "--relationship", "Acme / CFO / 2020 / strong"
    )
    assert (code, out) == (0, "Capability map: 1 added, 0 updated.\n")


def test_match_ranks_the_map_and_names_the_best_placed_partner(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "match", NOTES, "--icp", ICP, "--partners", MAP, "--json")
    data = json.loads(out)
    assert code == 0 and data["best"] == "Ardent Assurance" and data["proposed"] == "Ardent Assurance"
    verdicts = {p["name"]: p["verdict"] for p in data["partners"]}
    assert verdicts["Maple Trust Partners"] == "NO_GO"  # refer only: it does not join deals
    assert verdicts["Stratus Compliance"] == "NO_GO"  # no presence in Canada, no fintech credibility
    ardent = data["partners"][0]
    assert ardent["trust"]["referenceable_proof"]["source"] == "map"
    assert ardent["trust"]["prior_relationship"]["source"] == "notes"


def test_match_without_a_map_says_how_to_make_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "match", NOTES, "--icp", ICP)[2] == (
        "coach: error: The capability map is empty: add partners (coach partners import MAP.csv) or give "
        "--partners MAP.csv.\n"
    )


def test_brief_for_a_go_and_refused_for_a_no_go(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "brief.md"
    code, out, _ = _run(capsys, "brief", NOTES, "--icp", ICP, "--partners", MAP, "--out", str(out_file))
    assert (code, out) == (0, f"Wrote the joint-call brief to {out_file}.\n")
    brief = out_file.read_text(encoding="utf-8")
    assert brief.startswith("# Joint-call brief: Northwind Payments with Ardent Assurance\n")
    assert "## After the call: what to log in the CRM" in brief and "Attribution: co-sell" in brief
    assert _run(capsys, "brief", NOTES, "--icp", ICP, "--partners", MAP, "--partner", "Maple Trust Partners")[2] == (
        "coach: error: Maple Trust Partners is NO_GO for this deal: a joint-call brief is only written for a GO. "
        "The best-placed partner is Ardent Assurance: --partner 'Ardent Assurance'.\n"
    )


def test_brief_from_a_saved_decision(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "verdict", NOTES, "--icp", ICP, "--save")
    code, out, _ = _run(capsys, "brief", "1")
    assert code == 0 and "on decision 1." in out and "| Decision maker | VP of Engineering" in out
    assert (
        _run(capsys, "brief", "7")[2] == "coach: error: There is no decision 7; `coach decisions list` shows the ids.\n"
    )


ACCOUNTS = str(SAMPLES / "accounts.csv")
FIT_MAP = [arg for pair in ("Account Name=name", "Vertical=industry", "Headcount=employees", "HQ=region", "CRM=tech")
           for arg in ("--map", pair)]  # fmt: skip


def test_fit_checks_an_account_list_and_writes_the_aligned_accounts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    aligned = tmp_path / "aligned.csv"
    code, out, _ = _run(capsys, "fit", ACCOUNTS, "--icp", ICP, *FIT_MAP, "--aligned-out", str(aligned))
    assert code == 0 and out.startswith("7 accounts: 3 in, 3 out, 1 unknown. Aligned share: 43%.\n")
    assert "  UNKNOWN Ledgerly: the number of employees is not stated\n" in out
    assert aligned.read_text(encoding="utf-8").splitlines()[0] == "Account Name,Vertical,Headcount,HQ,CRM"
    data = json.loads(_run(capsys, "fit", ACCOUNTS, "--icp", ICP, *FIT_MAP, "--json")[1])
    assert data["counts"] == {"in": 3, "out": 3, "unknown": 1}


def test_fit_without_a_mapping_says_which_columns_it_needs(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "fit", ACCOUNTS, "--icp", ICP)[2] == (
        "coach: error: No column names what the ICP checks; map yours with --map THEIRS=ours (ours: name, industry, "
        "employees, revenue, region, tech, size).\n"
    )


SAMPLES = Path(__file__).resolve().parent.parent / "evals" / "samples"


def test_compare_gives_json_with_every_dimension(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "compare", str(SAMPLES / "program.md"), str(SAMPLES / "partner-icp.md"), "--json")
    data = json.loads(out)
    assert code == 0 and data["shared_segment"] is True and data["channel_conflict"] is None
    assert [r["dimension"] for r in data["rows"]][:4] == ["industry", "region", "company_size", "revenue"]


def test_icp_brief_writes_a_file_without_internal_numbers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    code, out, err = _run(capsys, "icp-brief", str(SAMPLES / "program.md"), "-o", str(target))
    assert (code, out, err) == (0, "", f"Wrote the partner ICP brief to {target}.\n")
    assert "$60k" not in target.read_text(encoding="utf-8")
    _, out, _ = _run(capsys, "icp-brief", str(SAMPLES / "program.md"), "--with-numbers")
    assert "Deals below $60,000." in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "-", "-"], "Only one of the two ICPs can be read from standard input."),
        (["compare", "{prog}", "{empty}"],
         "{empty} describes no program: no ICP condition, buyer, trigger or exclusion to judge the deal by (give a "
         "program description or a saved draft)."),
        (["icp-brief", "{missing}"], "{missing}: no such file."),
    ],
)  # fmt: skip
def test_compare_and_brief_refuse_bad_input_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("Hello there, nothing about customers here.\n", encoding="utf-8")
    names = {"prog": str(SAMPLES / "program.md"), "empty": str(empty), "missing": str(tmp_path / "nope.md")}
    code, out, err = _run(capsys, *[a.format(**names) for a in argv])
    assert (code, out) == (2, "")
    assert err == f"coach: error: {message.format(**names)}\n"
