"""`coach grade` and `coach readiness`: the program draft and the program's readiness."""

from __future__ import annotations

import argparse

from coach.cli.output import _extractor, _notices, _print_json
from coach.errors import InputError

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
    p.add_argument(
        "--finance-roi",
        type=_answer,
        default=None,
        help="Finance models partner ROI from the CRM? (default: yes when the decision log holds three partner deals "
        "with attribution and value, else unknown)",
    )
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
    outcomes, from_log = args.three_outcomes, set()
    if outcomes is None:
        outcomes = _outcomes_from_log()
        from_log.add("three_documented_outcomes")
    finance = args.finance_roi
    if finance is None:
        from coach.store import finance_can_model_roi

        finance = finance_can_model_roi()
        from_log.add("finance_models_roi")
    answers = ReadinessAnswers(
        one_sentence_for_cro=args.cro_sentence,
        sales_articulates_value=args.sales_articulate,
        finance_models_roi=finance,
        three_documented_outcomes=outcomes,
        built=built,
    )
    report = check_readiness(answers)
    if args.json:
        _print_json({**report.model_dump(), "answers": answers.model_dump()})
        return 0
    print(f"Ready to scale: {'yes' if report.ready else 'no'}")
    for field, question in READINESS_QUESTIONS.items():
        note = " (from the decision log)" if field in from_log else ""
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
