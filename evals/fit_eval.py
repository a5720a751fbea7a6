"""The account-fit eval: labelled account lists against their ICPs (in / out / unknown per account).

Each set (evals/fit/<writer>/, sealed sets in evals/sealed/) holds three ICP descriptions, an account list per
ICP with `expected` and `reason` columns, and the column mapping. The ICP is read by the offline reader, as a
person's pasted description would be; the accounts go through `coach.alignment.fit_accounts`.

    python -m evals.fit_eval              # dev sets, and used sealed sets apart
    python -m evals.fit_eval --misses     # dev misses, row by row
    python -m evals.fit_eval --measure fit-f2   # a sealed set's one measurement
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

from evals.sealed_sets import folders_to_run, run_from_command_line

EVALS = Path(__file__).resolve().parent
DEV = EVALS / "fit"


def run_set(folder: Path, extractor: Any) -> list[dict[str, Any]]:
    """Every labelled account of one set, as (expected, got, reasons)."""
    from coach.alignment import fit_accounts, read_accounts
    from coach.decisions import load_icp

    rows = []
    for icp_path in sorted(folder.glob("icp-*.md")):
        n = icp_path.stem.split("-")[1]
        mapping = tomllib.loads((folder / f"columns-{n}.toml").read_text(encoding="utf-8"))
        program = load_icp(icp_path.read_text(encoding="utf-8"), extractor).program
        accounts, _ = read_accounts((folder / f"accounts-{n}.csv").read_text(encoding="utf-8"), mapping)
        labels = [(a["expected"], a.get("reason", "")) for a in accounts]
        report = fit_accounts(program, accounts)
        for (expected, reason), got in zip(labels, report.accounts, strict=True):
            rows.append({"icp": n, "name": got.name, "expected": expected.strip().lower(), "got": got.fit,
                         "reason": reason, "why": [f"{c.fit}: {c.reason}" for c in got.checks]})  # fmt: skip
    return rows


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    return {
        "accounts": n,
        "accuracy": round(sum(r["expected"] == r["got"] for r in rows) / n, 3) if n else None,
        "unknown_rate": round(sum(r["got"] == "unknown" for r in rows) / n, 3) if n else None,
        "in_when_unknown": sum(r["got"] == "in" and r["expected"] == "unknown" for r in rows),
        "in_when_out": sum(r["got"] == "in" and r["expected"] == "out" for r in rows),
    }


def run(measure: str | None = None) -> dict[str, dict[str, Any]]:
    from coach.reading import get_extractor

    extractor = get_extractor()
    found: dict[str, dict[str, Any]] = {}
    for folder in sorted(p for p in DEV.iterdir() if p.is_dir()):
        rows = run_set(folder, extractor)
        found[f"dev-{folder.name}"] = {**summarize(rows), "rows": rows}
    for name, folder in folders_to_run("fit", measure).items():
        found[name] = summarize(run_set(folder, extractor))  # figures only, never rows
    return found


def main(argv: list[str] | None = None) -> int:
    ran = run_from_command_line(
        "python -m evals.fit_eval", __doc__.splitlines()[0], "print the dev misses row by row", run, argv
    )
    if ran is None:
        return 2
    args, found = ran
    if args.misses:
        for name, figures in found.items():
            for r in figures.get("rows", []):
                if r["expected"] != r["got"]:
                    print(
                        f"{name} icp-{r['icp']} {r['name']}: got {r['got']}, expected {r['expected']} ({r['reason']})"
                    )
                    for why in r["why"]:
                        print(f"    {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
