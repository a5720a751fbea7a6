"""`coach decisions` and `coach outcome`: the workspace decision log."""

from __future__ import annotations

import argparse
import json
import sys

from coach.cli.output import _open_workspace, _print_json, _whole_number, _write
from coach.config import Settings
from coach.errors import InputError

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
    export.add_argument(
        "--format", default="csv", metavar="{csv,json,crm}", help="csv (default), json, or crm (an opportunity import)"
    )
    export.add_argument("--output", "-o", help="write to this file instead of standard output")
    override = actions.add_parser("override", help="override a decision's verdict, with a reason")
    override.add_argument("id", help="the decision id")
    override.add_argument("--verdict", required=True, metavar="{GO,NO_GO,NEEDS_INFO}", help="the verdict acted on")
    override.add_argument("--reason", required=True, help="why the rules' verdict is wrong for this deal")
    override.add_argument("--by", metavar="NAME", help="who overrides, kept in the log (default: $COACH_USER)")
    report = actions.add_parser(
        "report", help="win rate, cycle time and value by verdict, rule, partner, attribution and ICP fit"
    )
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=_run_decisions)


def _add_outcome(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outcome", help="record what happened to a decided deal")
    p.add_argument("id", help="the decision id (see `coach decisions list`)")
    p.add_argument("--result", required=True, metavar="{won,lost,stalled}", help="won, lost or stalled")
    p.add_argument("--cycle-days", required=True, metavar="N", help="days from the decision to the result")
    p.add_argument(
        "--attribution",
        metavar="{sourced,co-sell,influenced,none}",
        help="how the deal is attributed: the partner brought it, sold it with us, helped it along, or none",
    )
    p.add_argument("--value", metavar="AMOUNT", help="the deal's value with its currency: 'EUR 90000', '$4k a month'")
    p.add_argument(
        "--partner-involved", metavar="{yes,no}", help="was a partner in the deal? (implied by --attribution)"
    )
    p.set_defaults(run=_run_outcome)


def _no_decision(decision_id: int) -> InputError:
    return InputError(f"There is no decision {decision_id}; `coach decisions list` shows the ids.")


def _run_decisions(args: argparse.Namespace) -> int:
    from coach.records import build_report, export_decisions, render_decision, render_decision_list, render_report

    if args.action == "export" and args.format not in ("csv", "json", "crm"):
        raise InputError(f"--format must be csv, json or crm, not {args.format!r}.")
    decision_id = _whole_number(args.id, "The decision id") if args.action in ("show", "override") else None
    workspace = _open_workspace()
    if workspace is None and decision_id is not None:
        raise _no_decision(decision_id)
    if workspace is None:
        decisions = []
    else:
        with workspace:
            if args.action == "override":
                workspace.override(decision_id, args.verdict, args.reason, by=args.by or Settings.from_env().user)
            single = decision_id is not None
            decisions = [workspace.get_decision(decision_id)] if single else workspace.list_decisions()
    if args.action == "override":
        print(f"Decision {decision_id} is now {decisions[0].final_verdict} (was {decisions[0].verdict.verdict}).")
    elif args.action == "export":
        text = export_decisions(decisions, args.format, dict(Settings.from_env().fx_rates))
        if args.output:
            _write(args.output, text)
            print(f"Wrote {len(decisions)} decisions to {args.output}.", file=sys.stderr)
        else:
            sys.stdout.write(text)
    elif args.action == "report":
        report = build_report(decisions, dict(Settings.from_env().fx_rates))
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


def _money_value(text: str):
    """The deal's value as given on the command line: one amount, with a currency the money grammar read."""
    from coach.reading.money import currency_named, find_money

    found = find_money(text)
    if len(found) != 1 or text.strip().startswith("-") or not currency_named(text):
        raise InputError(
            f"--value must be one amount with its currency, e.g. 'EUR 90000' or '$4k a month', not {text!r}."
        )
    return found[0][0]


def _run_outcome(args: argparse.Namespace) -> int:
    decision_id = _whole_number(args.id, "The decision id")
    cycle_days = _whole_number(args.cycle_days, "--cycle-days")
    involved = None
    if args.partner_involved is not None:
        involved = {"yes": True, "y": True, "no": False, "n": False}.get(args.partner_involved.lower())
        if involved is None:
            raise InputError(f"--partner-involved must be yes or no, not {args.partner_involved!r}.")
    if args.attribution is None and involved is None:
        raise InputError("Give --attribution (sourced, co-sell, influenced or none).")
    value = _money_value(args.value) if args.value else None
    workspace = _open_workspace()
    if workspace is None:
        raise _no_decision(decision_id)
    with workspace:
        workspace.record_outcome(
            decision_id,
            result=args.result,
            cycle_days=cycle_days,
            partner_involved=involved,
            attribution=args.attribution,
            value=value,
        )
        decision = workspace.get_decision(decision_id)
    who = f"{decision.account or '?'} / {decision.partner or '?'}"
    outcome = decision.outcome
    how = outcome.attribution or ("partner involved" if outcome.partner_involved else "no partner")
    worth = f", {outcome.value.currency} {outcome.value.amount:,.0f}" if outcome.value else ""
    print(f"Recorded: decision {decision_id} ({who}) {args.result} after {cycle_days} days, {how}{worth}.")
    return 0
