"""`coach partners` (the capability map), `coach match` (which partner for a deal) and `coach brief`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from coach.cli.output import _extractor, _notices, _open_workspace, _print_json, _whole_number, _write
from coach.cli.partners import _mapping
from coach.errors import InputError

# --- coach partners ------------------------------------------------------------------------------


def _add_partners(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("partners", help="the partner capability map: add, import, list, show, export, remove")
    actions = p.add_subparsers(dest="action", required=True, metavar="{add,import,list,show,export,remove,template}")
    add = actions.add_parser("add", help="add one partner (or update it with --replace)")
    add.add_argument("name")
    add.add_argument("--motions", default="", help="e.g. 'co-sell; resell'")
    add.add_argument("--industries", default="", help="e.g. 'hospitals; health systems'")
    add.add_argument("--regions", default="", help="e.g. 'US; Canada'")
    add.add_argument("--competencies", default="", help="free tags, e.g. 'Epic; SOC 2'")
    add.add_argument("--relationship", action="append", default=[], metavar="'ACCOUNT / PERSON / SINCE / STRENGTH'")
    add.add_argument("--proof", action="append", default=[], metavar="'TEXT / named|unnamed'")
    add.add_argument("--metrics", default="", help="buyer metrics it speaks to, e.g. 'days in A/R; cost'")
    add.add_argument("--notes", default="")
    add.add_argument("--replace", action="store_true", help="update the partner if the map already holds it")
    imp = actions.add_parser("import", help="import partners from a CSV (all rows or none) or a saved scorecard")
    imp.add_argument("csv", nargs="?", help="the map CSV (see `coach partners template`); - reads stdin")
    imp.add_argument("--map", action="append", default=[], metavar="THEIRS=ours", help="rename an export's column")
    imp.add_argument("--scorecard", metavar="ID", help="import the recruited partners of a saved scorecard")
    imp.add_argument("--replace", action="store_true", help="update partners the map already holds")
    listing = actions.add_parser("list", help="every partner in the map")
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help="one partner")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    export = actions.add_parser("export", help="the whole map as CSV (the import template) or JSON")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--out", metavar="FILE", help="write to a file instead of standard output")
    remove = actions.add_parser("remove", help="take one partner out of the map")
    remove.add_argument("name")
    actions.add_parser("template", help="print an example map CSV with every column")
    for action in (add, imp, remove):
        action.add_argument("--by", metavar="NAME", help="who changes the map (default: $COACH_USER; unverified)")
    p.set_defaults(run=_run_partners)


def _run_partners(args: argparse.Namespace) -> int:
    from coach.partners import capability

    if args.action == "template":
        sys.stdout.write(capability.template_csv())
        return 0
    if args.action in ("add", "import", "remove"):
        return _change_map(args)
    profiles = _stored_map()
    if args.action == "show":
        wanted = [p for p in profiles if capability.key(p.name) == capability.key(args.name)]
        if not wanted:
            raise InputError(f"There is no partner {args.name!r} in the map; `coach partners list` shows them.")
        profiles = wanted
    if args.action == "export":
        text = capability.map_json(profiles) if args.format == "json" else capability.map_csv(profiles)
        _emit(text, args.out, f"{len(profiles)} partners")
        return 0
    if args.json:
        data = [p.model_dump(mode="json") for p in profiles]
        _print_json(data[0] if args.action == "show" else data)
    elif args.action == "show":
        _print_profile(profiles[0])
    elif profiles:
        print(f"{len(profiles)} partners in the capability map")
        for p in profiles:
            print(
                f"  {p.name}  [{', '.join(p.motions) or 'no motion'}]  {'; '.join(p.industries) or '-'}  "
                f"{'; '.join(p.regions) or '-'}  {len(p.relationships)} relationships"
            )
    else:
        print("The capability map is empty. Add partners with: coach partners import MAP.csv (template: "
              "coach partners template)")  # fmt: skip
    return 0


def _change_map(args: argparse.Namespace) -> int:
    from coach.config import Settings
    from coach.inputs import read_text
    from coach.partners import capability
    from coach.store import Workspace

    settings = Settings.from_env()
    by = args.by or settings.user
    if args.action == "add":
        cells = {
            "name": args.name, "motions": args.motions, "industries": args.industries, "regions": args.regions,
            "competencies": args.competencies, "relationships": "; ".join(args.relationship),
            "proof": "; ".join(args.proof), "metrics": args.metrics, "notes": args.notes,
        }  # fmt: skip
        profiles = [_cli_profile(cells)]
    elif args.action == "import":
        if (args.csv is None) == (args.scorecard is None):
            raise InputError("Give the map CSV or --scorecard ID (one of them).")
        profiles = (
            capability.read_map(read_text(args.csv), _mapping(args.map))
            if args.csv is not None
            else _from_scorecard(args.scorecard)
        )
    with Workspace.open(settings) as workspace:
        if args.action == "remove":
            if not workspace.remove_partner(args.name):
                raise InputError(f"There is no partner {args.name!r} in the map; `coach partners list` shows them.")
            print(f"Removed {args.name} from the capability map.")
            return 0
        added, updated = workspace.save_partners(profiles, replace=args.replace, by=by)
    print(f"Capability map: {added} added, {updated} updated.")
    return 0


def _cli_profile(cells: dict[str, str]) -> Any:
    from pydantic import ValidationError

    from coach.partners.capability import profile_from_cells

    try:
        return profile_from_cells(cells)
    except (ValueError, ValidationError) as err:
        if isinstance(err, ValidationError):
            first = err.errors()[0]
            where = str(first["loc"][0]) if first["loc"] else "partner"
            raise InputError(f"{where}: {str(first['msg']).removeprefix('Value error, ')}.") from None
        raise InputError(f"{err}.") from None


def _from_scorecard(raw: str) -> list[Any]:
    from coach.partners.capability import PartnerProfile

    wanted = _whole_number(raw, "The scorecard id")
    workspace = _open_workspace()
    cards = []
    if workspace is not None:
        with workspace:
            cards = [c for c in workspace.list_scorecards() if c.id == wanted]
    if not cards:
        raise InputError(f"There is no scorecard {wanted}; `coach scorecards list` shows the ids.")
    recruits = [s for s in cards[0].scores if s.decision == "recruit"]
    if not recruits:
        raise InputError(f"Scorecard {wanted} recruited no partner; nothing to import.")
    return [PartnerProfile(name=s.name, motions=[s.motion], notes=f"recruited in scorecard {wanted}") for s in recruits]


def _print_profile(p: Any) -> None:
    print(p.name)
    for label, values in (
        ("motions", p.motions), ("industries", p.industries), ("regions", p.regions),
        ("competencies", p.competencies), ("metrics", p.metrics),
    ):  # fmt: skip
        print(f"  {label}: {'; '.join(values) or '-'}")
    print("  relationships:" + ("" if p.relationships else " -"))
    for r in p.relationships:
        print(f"    {r.account} / {r.person or '-'} / {r.since or '-'} / {r.strength}")
    print("  proof:" + ("" if p.proof else " -"))
    for proof in p.proof:
        print(f"    {proof.text} ({'may be named' if proof.named else 'client not named'})")
    if p.notes:
        print(f"  notes: {p.notes}")


def _emit(text: str, path: str | None, what: str) -> None:
    """Write to a file (and say so), or to standard output."""
    if path:
        _write(path, text)
        print(f"Wrote {what} to {path}.")
    else:
        sys.stdout.write(text)


def _stored_map() -> list[Any]:
    workspace = _open_workspace()
    if workspace is None:
        return []
    with workspace:
        return workspace.list_partners()


def _map_for(path: str | None, mapping: list[str]) -> list[Any]:
    """The map from a CSV file when given, else the workspace's."""
    if path is not None:
        from coach.inputs import read_text
        from coach.partners.capability import read_map

        return read_map(read_text(path), _mapping(mapping))
    profiles = _stored_map()
    if not profiles:
        raise InputError(
            "The capability map is empty: add partners (coach partners import MAP.csv) or give --partners MAP.csv."
        )
    return profiles


# --- coach match ---------------------------------------------------------------------------------


def _add_match(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("match", help="rank the capability map's partners for one deal: the best-placed partner")
    p.add_argument("notes", help="the account notes (text); - reads stdin")
    p.add_argument("--icp", required=True, help="the program: a description or a saved JSON draft")
    p.add_argument("--partners", metavar="MAP.csv", help="a capability map CSV (default: the workspace's map)")
    p.add_argument("--map", action="append", default=[], metavar="THEIRS=ours", help="rename a map CSV's column")
    p.add_argument("--all", action="store_true", help="show every partner's details, not only the first five")
    p.add_argument("--json", action="store_true", help="print the ranking as JSON")
    p.set_defaults(run=_run_match)


def _decide_and_match(notes_path: str, icp_path: str, partners: str | None, mapping: list[str]) -> tuple:
    from coach.config import Settings
    from coach.decisions import decide, load_icp, match_deal
    from coach.inputs import read_text

    if notes_path == "-" and icp_path == "-":
        raise InputError("Only one of NOTES and --icp can be read from standard input.")
    profiles = _map_for(partners, mapping)
    rates = dict(Settings.from_env().fx_rates) or None
    extractor = _extractor()
    icp = load_icp(read_text(icp_path), extractor, source=icp_path)
    result = decide(read_text(notes_path), icp, extractor, rates=rates)
    return result, icp, profiles, match_deal(result, icp, profiles, extractor, rates=rates)


def _run_match(args: argparse.Namespace) -> int:
    result, _icp, _profiles, match = _decide_and_match(args.notes, args.icp, args.partners, args.map)
    _notices(result.notices)
    if args.json:
        _print_json({**match.model_dump(mode="json"), "extractor": result.extractor})
        return 0
    print(
        f"Best-placed partner: {match.best or 'none: no partner may be brought in'}   (extractor: {result.extractor})"
    )
    if match.proposed:
        proposed = next(m for m in match.partners if m.proposed)
        print(
            f"The notes propose {proposed.name}: {proposed.verdict}"
            + (" (not in the map)" if not proposed.in_map else "")
        )
        if match.better_placed:
            print(f"Better placed: {match.better_placed}")
    for f in match.deal_findings:
        print(f"\n  [{f.outcome}] {f.rule}: {f.message}")
        for quote in f.evidence:
            print(f'      "{quote}"')
    print("\n  #  VERDICT     TRUST rel/cred/metric/proof  PARTNER")
    for m in match.partners:
        trust = "/".join(a.answer for a in m.trust.values())
        print(f"{m.rank:>3}  {m.verdict:<10}  {trust:<27}  {m.name}{'  (proposed)' if m.proposed else ''}")
    shown = [m for m in match.partners if args.all or m.rank <= 5 or m.proposed]
    for m in shown:
        print(f"\n{m.rank}. {m.name}: {m.verdict}")
        if m.relationship:
            print(f"   relationship here: {m.relationship}")
        print(f"   leverage: {m.leverage or 'not known'}")
        for name, a in m.trust.items():
            extra = f"  [conflict: {a.conflict}]" if a.conflict else ""
            print(
                f"   {name.replace('_', ' ')}: {a.answer} ({a.source}){': ' + a.evidence if a.evidence else ''}{extra}"
            )
        for f in m.findings:
            print(f"   [{f.outcome}] {f.rule}: {f.message}")
    return 0


_NEVER = re.compile(r"(?!)")

# --- coach brief ---------------------------------------------------------------------------------


def _add_brief(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("brief", help="the joint-call brief (Markdown) for a GO: from a saved decision or notes")
    p.add_argument("target", help="a saved decision's id, or the account notes (text; - reads stdin)")
    p.add_argument("--icp", help="the program (needed with notes; a saved decision keeps its own)")
    p.add_argument("--partner", help="brief for this partner of the map (default: the best-placed one)")
    p.add_argument("--partners", metavar="MAP.csv", help="a capability map CSV (default: the workspace's map)")
    p.add_argument("--map", action="append", default=[], metavar="THEIRS=ours", help="rename a map CSV's column")
    p.add_argument("--out", metavar="FILE", help="write the brief to a file instead of standard output")
    p.set_defaults(run=_run_brief)


def _run_brief(args: argparse.Namespace) -> int:
    from coach.decisions import mentions
    from coach.partners.brief import joint_call_brief
    from coach.partners.capability import key

    result, program, match, profiles, decision_id = _brief_inputs(args)
    name = args.partner or (match.best if match else None) or (match.proposed if match else None)
    chosen = None
    if match is not None and name:
        named = mentions(profiles)
        chosen = next(
            (m for m in match.partners if key(m.name) == key(name) or named.get(key(m.name), _NEVER).fullmatch(name)),
            None,
        )
        if chosen is None:
            raise InputError(f"There is no partner {name!r} in the map; `coach partners list` shows them.")
    verdict = chosen.verdict if chosen else result.verdict.verdict
    if verdict != "GO":
        better = f" The best-placed partner is {match.best}: --partner {match.best!r}." if match and match.best else ""
        raise InputError(
            f"{(chosen.name if chosen else result.facts.partner) or 'The partner'} is {verdict} for this deal: a "
            f"joint-call brief is only written for a GO.{better}"
        )
    profile = next((p for p in profiles if chosen and p.name == chosen.name), None)
    text = joint_call_brief(
        result.facts, program, result.verdict, partner=chosen, profile=profile, decision_id=decision_id
    )
    _emit(text, args.out, "the joint-call brief")
    return 0


def _brief_inputs(args: argparse.Namespace) -> tuple:
    """(decision result, program, match or None, map profiles, decision id or None)."""
    from coach.decisions import IcpInput, as_read, decide, match_deal

    is_id = args.target.strip().isdigit() and not Path(args.target).exists()
    if not is_id:
        if args.icp is None:
            raise InputError("Give --icp with notes (a saved decision keeps its own ICP).")
        profiles = _maybe_map(args.partners, args.map)
        if not profiles:
            result, icp, *_ = _decide_only(args.target, args.icp)
            return result, icp.program, None, [], None
        result, icp, profiles, match = _decide_and_match(args.target, args.icp, args.partners, args.map)
        return result, icp.program, match, profiles, None
    decision_id = _whole_number(args.target, "The decision id")
    workspace = _open_workspace()
    saved = None
    if workspace is not None:
        with workspace:
            saved = next((d for d in workspace.list_decisions() if d.id == decision_id), None)
    if saved is None:
        raise InputError(f"There is no decision {decision_id}; `coach decisions list` shows the ids.")
    icp = IcpInput(program=saved.program, source=saved.icp_source)
    read = as_read(saved.facts, saved.extractor, saved.notices, saved.prompt_hash, saved.rejected)
    result = decide(saved.notes, icp, _extractor(), read=read)
    profiles = _maybe_map(args.partners, args.map)
    match = match_deal(result, icp, profiles, _extractor()) if profiles else None
    return result, saved.program, match, profiles, decision_id


def _maybe_map(path: str | None, mapping: list[str]) -> list[Any]:
    return _map_for(path, mapping) if path is not None else _stored_map()


def _decide_only(notes_path: str, icp_path: str) -> tuple:
    from coach.decisions import decide, load_icp
    from coach.inputs import read_text

    extractor = _extractor()
    icp = load_icp(read_text(icp_path), extractor, source=icp_path)
    return decide(read_text(notes_path), icp, extractor), icp


# --- coach fit -----------------------------------------------------------------------------------


def _add_fit(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fit", help="check an account list (CSV) against the ICP: in, out or unknown per account")
    p.add_argument(
        "accounts", help="the account list (CSV: a partner's book, a lead list, a CRM export); - reads stdin"
    )
    p.add_argument("--icp", required=True, help="the program: a description or a saved JSON draft")
    p.add_argument("--map", action="append", default=[], metavar="THEIRS=ours",
                   help="name a column: ours are name, industry, employees, revenue, region, tech, size")  # fmt: skip
    p.add_argument("--aligned-out", metavar="FILE", help="write the accounts inside the ICP (every column) as CSV")
    p.add_argument("--json", action="store_true", help="print every account's fit as JSON")
    p.set_defaults(run=_run_fit)


def _run_fit(args: argparse.Namespace) -> int:
    from coach.alignment import aligned_csv, fit_accounts, read_accounts
    from coach.config import Settings
    from coach.decisions import load_icp
    from coach.inputs import read_text

    if args.accounts == "-" and args.icp == "-":
        raise InputError("Only one of ACCOUNTS and --icp can be read from standard input.")
    mapping = _mapping(args.map)
    rows, header = read_accounts(read_text(args.accounts), mapping)
    icp = load_icp(read_text(args.icp), _extractor(), source=args.icp)
    _notices([f"ICP: {n}" for n in icp.notices])
    if icp.program is None:
        raise InputError("The ICP describes no program.")
    report = fit_accounts(icp.program, rows, dict(Settings.from_env().fx_rates) or None)
    if args.aligned_out:
        _write(args.aligned_out, aligned_csv(report, header, mapping))
    if args.json:
        _print_json(report.model_dump(mode="json", exclude={"accounts": {"__all__": {"cells"}}}))
        return 0
    c, n = report.counts, len(report.accounts)
    share = f"{report.aligned_share:.0%}" if report.aligned_share is not None else "n/a"
    print(f"{n} accounts: {c['in']} in, {c['out']} out, {c['unknown']} unknown. Aligned share: {share}.")
    print("Checked: " + "; ".join(report.checked))
    if report.excluding:
        print("\nExcluding the most accounts:")
        for condition, count in report.excluding[:5]:
            print(f"  {count:>4}  {condition}")
    if report.unknowns:
        print("\nCannot be checked (a value is missing or not comparable):")
        for condition, count in report.unknowns[:5]:
            print(f"  {count:>4}  {condition}")
    print()
    for a in report.accounts[:50]:
        why = "; ".join(ch.reason for ch in a.checks if ch.fit == a.fit) or "every condition met"
        print(f"  {a.fit.upper():<7} {a.name}: {why}")
    if n > 50:
        print(f"  ... and {n - 50} more (--json gives every account)")
    if args.aligned_out:
        print(f"\nWrote the {c['in']} aligned accounts to {args.aligned_out}.")
    return 0


# --- coach compare / coach icp-brief ---------------------------------------------------------------


def _add_compare(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="our ICP beside a partner's: where they agree, differ, and channel conflict")
    p.add_argument("ours", help="our program: a description or a saved JSON draft")
    p.add_argument("theirs", help="the partner's ICP description (read into the same models)")
    p.add_argument("--json", action="store_true", help="print the comparison as JSON")
    p.set_defaults(run=_run_compare)


def _program(path: str, whose: str):
    from coach.decisions import load_icp
    from coach.inputs import read_text

    icp = load_icp(read_text(path), _extractor(), source=path)
    _notices([f"{whose}: {n}" for n in icp.notices])
    if icp.program is None or not (icp.program.icp.conditions or icp.program.buyers.decision_maker):
        raise InputError(f"{path} describes no ICP: no conditions and no buyer were read from it.")
    return icp.program


def _run_compare(args: argparse.Namespace) -> int:
    from coach.comparison import compare
    from coach.config import Settings

    if args.ours == "-" and args.theirs == "-":
        raise InputError("Only one of the two ICPs can be read from standard input.")
    result = compare(_program(args.ours, "Ours"), _program(args.theirs, "Theirs"), dict(Settings.from_env().fx_rates))
    if args.json:
        _print_json(result.model_dump(mode="json"))
        return 0
    width = max(len(r.dimension) for r in result.rows)
    group = None
    for r in result.rows:
        if r.group != group:
            group = r.group
            print(f"\n{group.upper()}")
        print(f"  {r.dimension:{width}}  {r.status.upper():11}  ours: {r.ours}")
        print(f"  {'':{width}}  {'':11}  theirs: {r.theirs}")
        verb = "have" if r.group == "exclusions" else "target"
        if r.only_ours:
            print(f"  {'':{width}}  {'':11}  only we {verb}: {', '.join(r.only_ours)}")
        if r.only_theirs:
            print(f"  {'':{width}}  {'':11}  only they {verb}: {', '.join(r.only_theirs)}")
    print()
    if result.channel_conflict:
        print(result.channel_conflict)
    elif result.shared_segment:
        print("Shared segment, split by our rules: " + "; ".join(result.split_by) + ".")
    elif result.shared_segment is None:
        print("Cannot tell whether the two target the same accounts: no industry or region is named by both.")
    else:
        print("No shared segment: the two ICPs target different accounts.")
    return 0


def _add_icp_brief(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("icp-brief", help="our ICP as a Markdown brief to share with partners")
    p.add_argument("icp", help="our program: a description or a saved JSON draft")
    p.add_argument("--with-numbers", action="store_true", help="include internal numbers (deal-size floors, evidence)")
    p.add_argument("--output", "-o", help="write the brief to this file instead of standard output")
    p.set_defaults(run=_run_icp_brief)


def _run_icp_brief(args: argparse.Namespace) -> int:
    from coach.comparison import partner_brief

    text = partner_brief(_program(args.icp, "ICP"), with_numbers=args.with_numbers)
    if args.output:
        _write(args.output, text)
        print(f"Wrote the partner ICP brief to {args.output}.", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
