"""The matching eval: labelled deals with a capability map each; top-1 accuracy of the best-placed partner.

Each case (evals/matching/*.toml, and sealed sets in evals/sealed/) gives an ICP, account notes, a map of 5-10
partners, the best-placed partner ("none" when no partner may be brought in) and the partners that should be
GO. The whole product path runs offline: the ICP and the notes are read by the offline reader, decided by the
rules, and matched (`coach.decisions.match_deal`).

    python -m evals.matching_eval            # dev sets and used sealed sets, apart
    python -m evals.matching_eval --misses   # dev misses, case by case
    python -m evals.matching_eval --measure matching-m2   # a sealed set's one measurement
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

from evals.sealed_sets import folders_to_run, registry

EVALS = Path(__file__).resolve().parent
DEV = EVALS / "matching"


def load_cases(folder: Path) -> list[dict[str, Any]]:
    """Every case of every TOML file in a folder, with its writer and split."""
    cases = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in data.get("case", []):
            cases.append({**case, "writer": data["meta"]["writer"], "split": data["meta"]["split"]})
    return cases


def run_case(case: dict[str, Any], extractor: Any) -> dict[str, Any]:
    """One case through the product: read, decide, match."""
    from coach.decisions import decide, load_icp, match_deal
    from coach.errors import CoachError
    from coach.partners.capability import read_map

    try:
        icp = load_icp(case["icp"], extractor)
        result = decide(case["notes"], icp, extractor)
        match = match_deal(result, icp, read_map(case["partners"]), extractor)
    except CoachError as err:
        return {"id": case["id"], "error": str(err), "best": None, "expected": case["best"], "correct": False}
    best = match.best or "none"
    go = {m.name.casefold() for m in match.partners if m.verdict == "GO"}
    expected_go = {g.casefold() for g in case.get("go", [])}
    return {
        "id": case["id"],
        "covers": case.get("covers", []),
        "best": best,
        "expected": case["best"],
        "correct": best.casefold() == case["best"].casefold(),
        "false_go": sorted(go - expected_go),
        "missed_go": sorted(expected_go - go),
        "deal_findings": [f.rule for f in match.deal_findings],
        "partners": [(m.name, m.verdict, [f.rule for f in m.findings]) for m in match.partners],
        "why": case.get("why", ""),
    }


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    return {
        "cases": n,
        "top1": round(sum(r["correct"] for r in rows) / n, 3) if n else None,
        "false_go_partners": sum(len(r.get("false_go", [])) for r in rows),
        "go_set_exact": round(sum(not r.get("false_go") and not r.get("missed_go") for r in rows) / n, 3)
        if n
        else None,
        "wrong_best_go": sum(1 for r in rows if not r["correct"] and r["best"] != "none"),
    }


def run(measure: str | None = None) -> dict[str, dict[str, Any]]:
    """dev, and each used sealed set apart; `measure` also runs one sealed set (its one measurement)."""
    from coach.reading import get_extractor

    extractor = get_extractor()
    found: dict[str, dict[str, Any]] = {}
    dev = [run_case(c, extractor) for c in load_cases(DEV)]
    found["dev"] = {**summarize(dev), "rows": dev}
    for name, folder in folders_to_run("matching", measure).items():
        found[name] = summarize([run_case(c, extractor) for c in load_cases(folder)])  # figures only, never cases
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.matching_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print the dev misses case by case")
    parser.add_argument("--measure", metavar="NAME", help="measure one sealed set (once; then mark it used)")
    args = parser.parse_args(argv)
    if args.measure and args.measure not in registry():
        print(f"no sealed set {args.measure!r} in evals/sealed/registry.toml", file=sys.stderr)
        return 2
    from evals.netguard import no_network

    with no_network():
        found = run(args.measure)
    for name, figures in found.items():
        shown = {k: v for k, v in figures.items() if k != "rows"}
        print(f"{name}: {shown}")
    if args.misses:
        for row in found["dev"]["rows"]:
            if not row["correct"] or row.get("false_go"):
                print(f"\n{row['id']} {row.get('covers')}: best {row['best']!r}, expected {row['expected']!r}")
                print(f"  why: {row.get('why')}  error: {row.get('error', '')}")
                print(f"  deal: {row.get('deal_findings')}  false GO: {row.get('false_go')}", end="")
                print(f"  missed GO: {row.get('missed_go')}")
                for p in row.get("partners", []):
                    print(f"    {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
