"""The reader measured by split: dev, holdout and sealed whole notes, and the probe set of single clauses.

`python -m evals.reader_eval [--sealed] [--json]` runs the offline reader over every labelled whole note
(evals/cases, evals/corpus/notes-*, and with --sealed the sealed sets in evals/sealed) and prints, per
split: deal verdict accuracy, false GOs, program readiness accuracy, and the facts: how many asserted
facts the labels contradict (false), how many it asserted where the label says the notes leave it open
(unsupported), and how many labelled facts it left unknown. The probe set reports, per slot, how many
phrasings were read with the right slot and polarity, and how many negated phrasings were read as yes.

Sealed sets are measured once per release: run with --sealed only for that measurement, and record it in
evals/corpus/README.md as first measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from evals.cases import UNKNOWN, Case, load_sets
from evals.metrics import CaseOutcome, share
from evals.runner import offline_subject, run_deal, run_program

PROBE = Path(__file__).resolve().parent / "corpus" / "probe" / "probe.jsonl"
SPLITS = ("dev", "holdout")


def splits_of(cases: list[Case]) -> list[str]:
    """dev, holdout, then each sealed round on its own ("sealed-r1", "sealed-r2"): never one pooled figure."""
    return [*SPLITS, *sorted({c.measured_in for c in cases} - set(SPLITS))]


def fact_counts(outcomes: list[CaseOutcome]) -> dict[str, int]:
    """Labelled facts: asserted (a value was read), false (the label contradicts it), unsupported, unknown."""
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        for check in outcome.fields:
            read = check.actual not in (None, [], UNKNOWN)
            counts["labelled"] += 1
            counts["asserted"] += read
            if check.expected == UNKNOWN:
                counts["unsupported"] += read
            elif not read:
                counts["unknown"] += 1
            elif not check.ok:
                counts["false"] += 1
    return dict(counts)


def measure(cases: list[Case]) -> dict[str, Any]:
    """Per split: deal verdicts, false GOs, program readiness and fact counts; and every outcome."""
    subject = offline_subject()
    drafts, outcomes = {}, {}
    for case in (c for c in cases if c.kind == "program"):
        outcomes[case.id], drafts[case.id] = run_program(subject, case)
    for case in (c for c in cases if c.kind == "deal"):
        outcomes[case.id] = run_deal(subject, case, drafts.get(case.icp or ""))
    report: dict[str, Any] = {}
    for split in splits_of(cases):
        chosen = [c for c in cases if c.measured_in == split]
        if not chosen:
            continue
        deals = [outcomes[c.id] for c in chosen if c.kind == "deal"]
        programs = [outcomes[c.id] for c in chosen if c.kind == "program"]
        report[split] = {
            "deals": len(deals),
            "deal_verdict": share(sum(o.correct for o in deals), len(deals)),
            "false_go": sum(o.verdict == "GO" and o.expected_verdict != "GO" for o in deals),
            "programs": len(programs),
            "program_readiness": share(sum(o.correct for o in programs), len(programs)),
            "facts": fact_counts(deals),
            "authors": dict(Counter(c.author for c in chosen)),
        }
        facts = report[split]["facts"]
        facts["false_rate"] = share(facts.get("false", 0), facts.get("asserted", 0))
        facts["unknown_rate"] = share(facts.get("unknown", 0), facts.get("labelled", 0))
    split_of = {c.id: c.measured_in for c in cases}
    report["outcomes"] = {k: {**o.model_dump(), "split": split_of[k]} for k, o in sorted(outcomes.items())}
    return report


def probe() -> dict[str, Any]:
    """Per slot: phrasings read right (slot and polarity), and negated phrasings read as affirmed."""
    from coach.reading.deal import read_clauses

    per_slot: dict[str, Counter[str]] = defaultdict(Counter)
    misses = []
    for line in PROBE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        readings = read_clauses(row["text"])
        best = max(readings, key=lambda r: r.confidence) if readings else None
        slot_ok = best is not None and best.slot == row["slot"]
        polarity = best.polarity if best and best.asserts else "unknown"
        want = row["polarity"] if row["polarity"] in ("affirmed", "negated") else "unknown"
        counts = per_slot[row["slot"]]
        counts["total"] += 1
        right = slot_ok and polarity == want
        counts["right"] += right
        if row["polarity"] == "negated":
            counts["negated"] += 1
            counts["negated_read_yes"] += slot_ok and polarity == "affirmed"
        if not right:
            misses.append({"text": row["text"], "slot": row["slot"], "polarity": row["polarity"],
                           "read": [best.slot, polarity] if best else None})  # fmt: skip
    slots = {s: {**c, "share": share(c["right"], c["total"])} for s, c in sorted(per_slot.items())}
    return {"slots": slots, "misses": misses}


def flat(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The figures the gate and the summary read, per split and for the probe."""
    out: dict[str, dict[str, Any]] = {}
    for split in [k for k in report if k in SPLITS or k.startswith("sealed-")]:
        if split in report:
            r = report[split]
            out[split] = {
                "deals": r["deals"],
                "deal_verdict": r["deal_verdict"],
                "false_go": r["false_go"],
                "programs": r["programs"],
                "program_readiness": r["program_readiness"],
                "false_fact_rate": r["facts"]["false_rate"],
                "unknown_rate": r["facts"]["unknown_rate"],
                "authors": r["authors"],
            }
    slots = report["probe"]["slots"]
    out["probe"] = {
        "min_slot_share": min(c["share"] for c in slots.values()),
        "negated_read_yes": sum(c.get("negated_read_yes", 0) for c in slots.values()),
        "per_slot": {s: f"{c['right']}/{c['total']}" for s, c in slots.items()},
    }
    return out


def run(*, sealed: bool = True) -> dict[str, Any]:
    """The reader's figures by split (sealed included unless asked not to), the probe, and the wrong cases."""
    report = measure(load_sets(sealed=sealed))
    report["probe"] = probe()
    wrong = {
        split: sorted(
            f"{cid}: expected {o['expected_verdict']}, got {o['verdict']}"
            for cid, o in report["outcomes"].items()
            if o["verdict"] != o["expected_verdict"] and o.get("split") == split
        )
        for split in ("dev",)  # holdout and sealed cases are never listed: only their figures are reported
    }
    return {**flat(report), "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.reader_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--sealed", action="store_true", help="include the used sealed rounds (regression figures)")
    parser.add_argument("--round", help="measure this still-sealed round once (see evals/sealed/rounds.toml)")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    parser.add_argument("--misses", action="store_true", help="list the dev cases whose verdict is wrong")
    args = parser.parse_args(argv)
    report = measure(load_sets(sealed=args.sealed, round_name=args.round))
    report["probe"] = probe()
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for split in [k for k in report if k in SPLITS or k.startswith("sealed-")]:
        if split in report:
            r = report[split]
            f = r["facts"]
            print(
                f"{split:8} deals {r['deals']:3} verdict {r['deal_verdict']}  false GO {r['false_go']}  "
                f"programs {r['programs']:2} readiness {r['program_readiness']}  facts asserted {f.get('asserted', 0)} "
                f"false {f.get('false', 0)} ({f['false_rate']}) unsupported {f.get('unsupported', 0)} "
                f"unknown rate {f['unknown_rate']}"
            )
    for slot, c in report["probe"]["slots"].items():
        print(f"probe {slot:28} {c['right']:2}/{c['total']}  negated read as yes {c.get('negated_read_yes', 0)}")
    if args.misses:  # dev cases only: a holdout or sealed case is never read case by case
        for case_id, o in report["outcomes"].items():
            if o["verdict"] != o["expected_verdict"] and o["split"] == "dev":
                wrong = [f"{c['path']}={c['actual']!r} (want {c['expected']!r})" for c in o["fields"] if not c["ok"]]
                print(f"MISS {case_id}: {o['verdict']} want {o['expected_verdict']}; rules {o['rules']}; {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
