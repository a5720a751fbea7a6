"""The `coach` command: a thin face over the library.

Each subcommand is a `_add_<name>` that registers its parser and a `_run_<name>` that does the work,
importing what it needs inside the function so that `coach verdict` never pays for streamlit,
chromadb or litellm. Errors reach the person here, as one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from coach.errors import CoachError, InputError

EXIT_ERROR = 2


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _extractor():
    from coach.extract import get_extractor

    return get_extractor()


def _notices(notices: list[str]) -> None:
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)


# --- coach grade ---------------------------------------------------------------------------------


def _add_grade(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("grade", help="grade a partner program description against the framework")
    p.add_argument("file", help="the program description (text, markdown, or a saved JSON draft); - reads stdin")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=_run_grade)


def load_program(path: str, extractor=None):
    """A program draft from a file: a saved JSON draft as is, or a description run through the extractor."""
    from coach.inputs import read_text, saved_program

    text = read_text(path)
    if (draft := saved_program(text)) is not None:
        return draft, "saved draft", []
    extraction = (extractor or _extractor()).extract_program(text)
    return extraction.facts, extraction.extractor, extraction.notices


def _run_grade(args: argparse.Namespace) -> int:
    from coach.rules import grade_program

    draft, extractor, notices = load_program(args.file)
    grade = grade_program(draft)
    _notices(notices)  # on stderr, so --json output stays exactly the contract
    if args.json:
        _print_json({**grade.model_dump(), "extractor": extractor})
        return 0
    print(f"Readiness: {grade.readiness}   eligible: {'yes' if grade.eligible else 'no'}   (extractor: {extractor})")
    if grade.statement:
        print(f"\nOperator sentence:\n  {grade.statement}")
    if grade.findings:
        print("\nFindings:")
        for f in grade.findings:
            print(f"  [{f.severity:8}] {f.rule:24} {f.message}")
            print(f"  {'':10} {'':24} source: {f.source}")
    else:
        print("\nNo findings: every rule of the framework is met.")
    if grade.next_question:
        print(f"\nNext question: {grade.next_question}")
    return 0


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


# --- coach score-partners ------------------------------------------------------------------------


def _weights(raw: str | None):
    from coach.framework import Weights

    if raw is None:
        return Weights()
    parts = [p.strip() for p in raw.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"--weights takes four numbers separated by commas, not {raw!r}.") from None
    if len(values) != 4 or any(v < 0 for v in values):
        raise InputError("--weights takes four non-negative numbers: overlap,segment,motion,capacity.")
    return Weights(account_overlap=values[0], segment_fit=values[1], motion_fit=values[2], selling_capacity=values[3])


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        theirs, sep, ours = pair.partition("=")
        if not sep or not theirs.strip() or not ours.strip():
            raise InputError(f"--map takes THEIR_COLUMN=our_column, not {pair!r}.")
        mapping[theirs.strip()] = ours.strip()
    return mapping


def _add_score_partners(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score-partners", help="score candidate partners: recruit, nurture or pass")
    p.add_argument("csv", help="candidates CSV: name,account_overlap,segment_fit,motion_fit,selling_capacity[,motion]")
    p.add_argument("--capacity", type=int, required=True, help="how many partners you can onboard this quarter")
    p.add_argument("--weights", help="overlap,segment,motion,capacity weights (default 0.4,0.2,0.2,0.2)")
    p.add_argument("--recruit-at", type=float, default=70, help="recruit threshold (default 70)")
    p.add_argument("--nurture-at", type=float, default=45, help="nurture threshold (default 45)")
    p.add_argument("--map", action="append", default=[], metavar="THEIRS=ours", help="rename an export's column")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=_run_score_partners)


def _run_score_partners(args: argparse.Namespace) -> int:
    from coach.inputs import read_text
    from coach.partners import read_candidates, score_partners

    candidates = read_candidates(read_text(args.csv), _mapping(args.map))
    scores = score_partners(candidates, args.capacity, _weights(args.weights), args.recruit_at, args.nurture_at)
    if args.json:
        _print_json([s.model_dump() for s in scores])
        return 0
    for decision in ("recruit", "nurture", "pass"):
        group = [s for s in scores if s.decision == decision]
        print(f"{decision.upper()} ({len(group)})")
        for s in group:
            print(f"  {s.score:5.1f}  {s.name}  [{s.motion}]  {'; '.join(s.reasons)}")
        if not group:
            print("  (none)")
    return 0


# --- coach readiness -----------------------------------------------------------------------------

_ANSWERS = {"yes": "yes", "y": "yes", "no": "no", "n": "no", "unknown": "unknown", "?": "unknown"}


def _answer(raw: str) -> str:
    if raw.lower() not in _ANSWERS:
        raise argparse.ArgumentTypeError(f"answer yes or no, not {raw!r}")
    return _ANSWERS[raw.lower()]


def _add_readiness(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("readiness", help="the operator confidence check and the build order")
    p.add_argument("--cro-sentence", type=_answer, default="unknown", help="one sentence your CRO finds credible?")
    p.add_argument("--sales-articulate", type=_answer, default="unknown", help="sales explains partner value alone?")
    p.add_argument("--finance-roi", type=_answer, default="unknown", help="Finance models partner ROI from the CRM?")
    p.add_argument(
        "--three-outcomes",
        type=_answer,
        default=None,
        help="documented outcome on 3+ deals last quarter? (default: answered from the decision log)",
    )
    p.add_argument(
        "--built",
        default="",
        help="layers already built, comma-separated: co_sell_motion,attribution,capability_map,admin_layer",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(run=_run_readiness)


def _run_readiness(args: argparse.Namespace) -> int:
    from coach.framework import BUILD_ORDER, ReadinessAnswers
    from coach.rules import check_readiness
    from coach.rules.catalog import READINESS_QUESTIONS

    built = [b.strip() for b in args.built.split(",") if b.strip()]
    unknown = [b for b in built if b not in BUILD_ORDER]
    if unknown:
        raise InputError(f"Unknown layer {unknown[0]!r}; layers are: {', '.join(BUILD_ORDER)}.")
    outcomes, from_log = args.three_outcomes, False
    if outcomes is None:
        outcomes, from_log = _outcomes_from_log(), True
    answers = ReadinessAnswers(
        one_sentence_for_cro=args.cro_sentence,
        sales_articulates_value=args.sales_articulate,
        finance_models_roi=args.finance_roi,
        three_documented_outcomes=outcomes,
        built=built,
    )
    report = check_readiness(answers)
    if args.json:
        _print_json({**report.model_dump(), "answers": answers.model_dump()})
        return 0
    print(f"Ready to scale: {'yes' if report.ready else 'no'}")
    for field, question in READINESS_QUESTIONS.items():
        note = " (from the decision log)" if field == "three_documented_outcomes" and from_log else ""
        print(f"  {getattr(answers, field):7} {question}{note}")
    print("\nBuild order: " + " -> ".join(f"{b}{' [built]' if b in built else ''}" for b in BUILD_ORDER))
    if report.next_layer:
        print(f"Build next: {report.next_layer}")
    for f in report.findings:
        print(f"\n  [{f.severity}] {f.rule}: {f.message}\n      source: {f.source}")
    return 0


def _outcomes_from_log() -> str:
    """Answer "three documented outcomes last quarter" from the decision log."""
    from coach.store import three_documented_outcomes

    return three_documented_outcomes()


# --- coach ask -----------------------------------------------------------------------------------


def _add_ask(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="ask the framework a question; the answer quotes and cites its sources")
    p.add_argument("question", help='the question, e.g. "when is a deal too late for a partner?"')
    p.add_argument(
        "--docs",
        action="append",
        default=[],
        metavar="FOLDER",
        help="also search your own playbooks (.md, .txt, .pdf) in FOLDER; repeatable (or COACH_KNOWLEDGE_DIRS)",
    )
    p.add_argument("-k", type=int, default=3, help="how many passages to answer from (default 3)")
    p.add_argument("--json", action="store_true", help='print {"answer", "citations": [...]} as JSON')
    p.set_defaults(run=_run_ask)


def _run_ask(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from pathlib import Path

    from coach.config import Settings

    if not args.question.strip():
        raise InputError('The question is empty; ask something, e.g. coach ask "who signs the deal?".')
    settings = Settings.from_env()
    if args.docs:
        settings = replace(settings, knowledge_dirs=(*settings.knowledge_dirs, *(Path(d) for d in args.docs)))
    answer = _answer_with_model_or_offline(args.question, settings, max(1, args.k))
    if args.json:
        _print_json(answer.model_dump())
        return 0
    print(answer.answer)
    if answer.citations:
        print()
    for citation in answer.citations:
        print(f"[{citation.n}] {citation.chunk_id}")
    return 0


def _answer_with_model_or_offline(question: str, settings: Any, k: int) -> Any:
    """With a live model the answer is confined to the passages; if the model fails, the offline answer says so."""
    from coach.errors import ExtractionError
    from coach.retrieval import answer_question

    if not settings.uses_model or settings.replay is not None:
        return answer_question(question, settings, k=k)
    from coach.extract.llm import complete_text

    try:
        return answer_question(question, settings, k=k, complete=lambda prompt: complete_text(prompt, settings))
    except ExtractionError as err:
        _notices([f"{err} The answer below is quoted from the framework instead."])
        return answer_question(question, settings, k=k)


# --- coach decisions / coach outcome (the workspace decision log; owned with coach/store.py) -------


def _add_decisions(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("decisions", help="the decision log: list, show, export, override, report")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every saved decision, newest first")
    listing.add_argument("--json", action="store_true", help="print the full records as JSON")
    show = actions.add_parser("show", help="one decision's audit record")
    show.add_argument("id", help="the decision id (see `coach decisions list`)")
    show.add_argument("--json", action="store_true", help="print the record as JSON")
    export = actions.add_parser("export", help="the whole log as CSV (flat rows) or JSON (full records)")
    export.add_argument("--format", default="csv", metavar="{csv,json}", help="csv (default) or json")
    export.add_argument("--output", "-o", help="write to this file instead of standard output")
    override = actions.add_parser("override", help="override a decision's verdict, with a reason")
    override.add_argument("id", help="the decision id")
    override.add_argument("--verdict", required=True, metavar="{GO,NO_GO,NEEDS_INFO}", help="the verdict acted on")
    override.add_argument("--reason", required=True, help="why the rules' verdict is wrong for this deal")
    report = actions.add_parser("report", help="win rate and cycle time by verdict, by rule, by partner")
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=_run_decisions)


def _add_outcome(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outcome", help="record what happened to a decided deal")
    p.add_argument("id", help="the decision id (see `coach decisions list`)")
    p.add_argument("--result", required=True, metavar="{won,lost,stalled}", help="won, lost or stalled")
    p.add_argument("--cycle-days", required=True, metavar="N", help="days from the decision to the result")
    p.add_argument("--partner-involved", required=True, metavar="{yes,no}", help="was a partner in the deal?")
    p.set_defaults(run=_run_outcome)


def _whole_number(raw: str, what: str) -> int:
    # Parsed here, not by argparse, so bad input is one line like every other coach error.
    if not raw.strip().isdigit():
        raise InputError(f"{what} must be a whole number, not {raw!r}.")
    return int(raw)


def _open_log() -> Any:
    """The workspace, or None when nothing was ever saved (reading must not create one)."""
    from coach.config import Settings
    from coach.store import DATABASE_FILE, Workspace

    settings = Settings.from_env()
    if not settings.database_url and not (settings.data_dir / DATABASE_FILE).exists():
        return None
    return Workspace.open(settings)


def _no_decision(decision_id: int) -> InputError:
    return InputError(f"There is no decision {decision_id}; `coach decisions list` shows the ids.")


def _run_decisions(args: argparse.Namespace) -> int:
    from coach.records import build_report, export_decisions, render_decision, render_decision_list, render_report

    if args.action == "export" and args.format not in ("csv", "json"):
        raise InputError(f"--format must be csv or json, not {args.format!r}.")
    decision_id = _whole_number(args.id, "The decision id") if args.action in ("show", "override") else None
    workspace = _open_log()
    if workspace is None and decision_id is not None:
        raise _no_decision(decision_id)
    if workspace is None:
        decisions = []
    else:
        with workspace:
            if args.action == "override":
                workspace.override(decision_id, args.verdict, args.reason)
            single = decision_id is not None
            decisions = [workspace.get_decision(decision_id)] if single else workspace.list_decisions()
    if args.action == "override":
        print(f"Decision {decision_id} is now {decisions[0].final_verdict} (was {decisions[0].verdict.verdict}).")
    elif args.action == "export":
        text = export_decisions(decisions, args.format)
        if args.output:
            with open(args.output, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            print(f"Wrote {len(decisions)} decisions to {args.output}.", file=sys.stderr)
        else:
            sys.stdout.write(text)
    elif args.action == "report":
        report = build_report(decisions)
        print(json.dumps(report.model_dump(), indent=2) if args.json else render_report(report))
    elif getattr(args, "json", False):
        _print_json([{**d.model_dump(mode="json"), "final_verdict": d.final_verdict} for d in decisions])
    elif args.action == "show":
        print(render_decision(decisions[0]))
    elif decisions:
        print(render_decision_list(decisions))
    else:
        print("No decisions saved yet. Save one with: coach verdict NOTES --icp ICP --save")
    return 0


def _run_outcome(args: argparse.Namespace) -> int:
    decision_id = _whole_number(args.id, "The decision id")
    cycle_days = _whole_number(args.cycle_days, "--cycle-days")
    involved = {"yes": True, "y": True, "no": False, "n": False}.get(args.partner_involved.lower())
    if involved is None:
        raise InputError(f"--partner-involved must be yes or no, not {args.partner_involved!r}.")
    workspace = _open_log()
    if workspace is None:
        raise _no_decision(decision_id)
    with workspace:
        workspace.record_outcome(decision_id, result=args.result, cycle_days=cycle_days, partner_involved=involved)
        decision = workspace.get_decision(decision_id)
    who = f"{decision.account or '?'} / {decision.partner or '?'}"
    partner = "partner involved" if involved else "no partner"
    print(f"Recorded: decision {decision_id} ({who}) {args.result} after {cycle_days} days, {partner}.")
    return 0


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
    from evals import report as eval_report
    from evals.runner import run_eval

    thresholds = eval_report.load_thresholds(Path(args.thresholds) if args.thresholds else eval_report.THRESHOLDS)
    previous, since = eval_report.previous_report()
    results = run_eval(llm=not args.no_llm, retrieval=not args.no_retrieval)
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


# --- entry point ---------------------------------------------------------------------------------

COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_grade,
    _add_verdict,
    _add_score_partners,
    _add_readiness,
    _add_ask,
    _add_decisions,
    _add_outcome,
    _add_eval,
]


def build_parser() -> argparse.ArgumentParser:
    """The `coach` argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="coach",
        description="Partner ICP Coach: where partner leverage is allowed to exist.",
        epilog="Extractor: offline by default; set COACH_MODEL to a litellm model string to use a model.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `coach` command; returns the exit code."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except CoachError as err:
        print(f"coach: error: {err}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("coach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
