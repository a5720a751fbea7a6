"""`coach verdict`: go / no-go on a partner for one deal."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.output import _extractor, _notices, _print_json
from coach.cli.program import load_program
from coach.errors import InputError

# --- coach verdict -------------------------------------------------------------------------------


def _add_verdict(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verdict", help="go / no-go on a partner for one deal, from account notes")
    p.add_argument("notes", help="the account notes (text); - reads stdin")
    p.add_argument("--icp", required=True, help="the program: a description or a saved JSON draft")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--save", action="store_true", help="record the decision in the workspace decision log")
    p.set_defaults(run=_run_verdict)


def _run_verdict(args: argparse.Namespace) -> int:
    from coach.inputs import read_text
    from coach.rules import decide_deal

    if args.notes == "-" and args.icp == "-":
        raise InputError("Only one of NOTES and --icp can be read from standard input.")
    notes = read_text(args.notes)
    extractor = _extractor()
    program, _, _ = load_program(args.icp, extractor)
    extraction = extractor.extract_deal(notes)
    verdict = decide_deal(extraction.facts, program)
    decision_id = _save_decision(notes, extraction, verdict, program, args.icp) if args.save else None
    _notices(extraction.notices)  # on stderr, so --json output stays exactly the contract
    if args.json:
        _print_json(
            {
                "verdict": verdict.verdict,
                "findings": [f.model_dump() for f in verdict.findings],
                "trust": verdict.trust,
                "questions": verdict.questions,
                "extractor": extraction.extractor,
            }
        )
        return 0
    print(f"Verdict: {verdict.verdict}   (extractor: {extraction.extractor})")
    if verdict.basis:
        b = verdict.basis
        print(f"  Rests on: buyer {b['buyer']!r}; trigger {b['trigger']!r};")
        print(f"            leverage {b['leverage']!r}; trust: {b['trust']}")
    for f in verdict.findings:
        print(f"\n  [{f.outcome}] {f.rule}: {f.message}")
        for quote in f.evidence:
            print(f'      "{quote}"')
        print(f"      source: {f.source}")
    print("\nTrust questions: " + ", ".join(f"{k.replace('_', ' ')}={v}" for k, v in verdict.trust.items()))
    if verdict.questions:
        print("\nAsk next:")
        for q in verdict.questions:
            print(f"  - {q}")
    if decision_id is not None:
        print(f"\nSaved as decision {decision_id}.")
    return 0


def _save_decision(notes: str, extraction: Any, verdict: Any, program: Any, icp_source: str) -> Any:
    from coach.config import Settings
    from coach.store import Workspace

    with Workspace.open(Settings.from_env()) as workspace:
        return workspace.record_decision(
            notes=notes, extraction=extraction, verdict=verdict, program=program, icp_source=icp_source
        )
