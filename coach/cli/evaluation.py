"""`coach eval`: the offline eval suite."""

from __future__ import annotations

import argparse
import sys

from coach.errors import CoachError

# --- coach eval (the offline eval suite; owned with evals/runner.py) ------------------------------


def _add_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval",
        help="run the eval suite (offline and replayed LLM extractors, rules, retrieval); no key, no network",
    )
    p.add_argument("--no-llm", action="store_true", help="skip the LLM extractor replayed from evals/cassettes")
    p.add_argument("--no-retrieval", action="store_true", help="skip the retrieval and citation checks")
    p.add_argument("--out", metavar="FOLDER", help="write report.md and report.json here (default evals/)")
    p.add_argument("--thresholds", metavar="FILE", help="the gate and targets (default evals/thresholds.toml)")
    p.set_defaults(run=_run_eval)


def _run_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach.config import PROJECT_ROOT

    # evals/ is not part of the installed package: it lives next to coach/ in a checkout.
    if not (PROJECT_ROOT / "evals" / "runner.py").is_file():
        raise CoachError(f"coach eval needs the project checkout; {PROJECT_ROOT / 'evals'} is not there.")
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    from evals import fit_eval, matching_eval, reader_eval
    from evals import report as eval_report
    from evals.netguard import no_network
    from evals.runner import run_eval

    thresholds = eval_report.load_thresholds(Path(args.thresholds) if args.thresholds else eval_report.THRESHOLDS)
    previous, since = eval_report.previous_report()
    results = run_eval(llm=not args.no_llm, retrieval=not args.no_retrieval)
    with no_network():
        results["reader"] = reader_eval.run(sealed=True)
        results["matching"] = {k: {m: v for m, v in f.items() if m != "rows"} for k, f in matching_eval.run().items()}
        results["fit"] = {k: {m: v for m, v in f.items() if m != "rows"} for k, f in fit_eval.run().items()}
    report = eval_report.finish(results, thresholds, previous, since)
    json_path, md_path = eval_report.write_report(report, Path(args.out) if args.out else eval_report.EVALS_DIR)
    print(eval_report.summary_table(report))
    for name, changed in report["changes"].items():
        if name != "since" and changed["regressions"]:
            print(f"regressions ({name}, since {since}): {', '.join(changed['regressions'])}")
    failed = [f"{s}.{c['metric']}" for s, checks in report["gate"]["checks"].items() for c in checks if not c["passed"]]
    gate = f"FAILED {', '.join(failed)}" if failed else "passed"
    print(f"\nwrote {md_path} and {json_path} in {report['seconds']['total']:.1f} s; gate: {gate}")
    return 1 if failed else 0
