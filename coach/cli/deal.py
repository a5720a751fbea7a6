"""`coach verdict`: go / no-go on a partner for one deal."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from coach.cli.output import _extractor, _notices, _print_json
from coach.errors import InputError

# --- coach verdict -------------------------------------------------------------------------------


def _add_verdict(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verdict", help="go / no-go on a partner for one deal, from account notes")
    p.add_argument("notes", nargs="?", help="the account notes (text); - reads stdin; not needed with --facts")
    p.add_argument("--icp", required=True, help="the program: a description or a saved JSON draft")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--save", action="store_true", help="record the decision in the workspace decision log")
    p.add_argument("--by", metavar="NAME", help="who decides, kept in the log (default: $COACH_USER; unverified)")
    p.add_argument("--facts-out", metavar="FILE", help="write the facts as read (JSON) to correct and read back")
    p.add_argument("--facts", metavar="FILE", help="decide from a facts file (with its corrections), not the notes")
    p.set_defaults(run=_run_verdict)


def _run_verdict(args: argparse.Namespace) -> int:
    from coach.decisions import as_read, decide, load_icp, read_facts_file
    from coach.inputs import read_text

    if args.notes is None and args.facts is None:
        raise InputError("Give the account notes (a file, or - for standard input), or --facts FILE.")
    if args.notes is not None and args.facts is not None:
        raise InputError("Give the notes or --facts, not both: a facts file already holds what was read.")
    if args.notes == "-" and args.icp == "-":
        raise InputError("Only one of NOTES and --icp can be read from standard input.")
    from coach.config import Settings

    rates = dict(Settings.from_env().fx_rates) or None
    extractor = _extractor()
    icp = load_icp(read_text(args.icp), extractor, source=args.icp)
    if args.facts is not None:
        saved = read_facts_file(read_text(args.facts), args.facts)
        read = as_read(saved.read, saved.extractor, saved.notices, saved.prompt_hash, saved.rejected)
        # A correction that does not say who made it is the word of whoever runs this (--by, else $COACH_USER).
        by = args.by or Settings.from_env().user
        corrections = [c if c.by or not by else c.model_copy(update={"by": by}) for c in saved.corrections]
        result = decide(saved.notes, icp, extractor, corrections, read=read, rates=rates)
    else:
        result = decide(read_text(args.notes), icp, extractor, rates=rates)
    if args.facts_out:
        _write_facts(result, args.facts_out)
    _notices(result.notices)  # on stderr, so --json output stays exactly the contract
    if args.json:
        _print_json(result.contract())
        if args.save:  # after the verdict is out: a failed save never hides the verdict it computed
            print(f"Saved as decision {_save_decision(result, icp.program, args.by)}.", file=sys.stderr)
        return 0
    verdict = result.verdict
    print(f"Verdict: {verdict.verdict}   (extractor: {result.extractor})")
    if verdict.basis:
        b = verdict.basis
        print(f"  Rests on: buyer {b['buyer']!r}; trigger {b['trigger']!r};")
        print(f"            leverage {b['leverage']!r}; trust: {b['trust']}")
    if result.corrections:
        print(
            "  Rests on corrections: "
            + "; ".join(
                f"{c.fact} = {c.value or 'confirmed'}" + (f" (by {c.by})" if c.by else "") for c in result.corrections
            )
        )
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
    if args.save:
        sys.stdout.flush()
        print(f"\nSaved as decision {_save_decision(result, icp.program, args.by)}.")
    return 0


def _write_facts(result: Any, path: str) -> None:
    from pathlib import Path

    from coach.decisions import facts_file

    try:
        Path(path).write_text(facts_file(result), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: the facts cannot be written there ({exc.strerror}).") from None


def _save_decision(result: Any, program: Any, by: str | None) -> Any:
    from coach.config import Settings
    from coach.store import Workspace

    settings = Settings.from_env()
    with Workspace.open(settings) as workspace:
        return workspace.record_decision(result, program=program, by=by or settings.user)
