"""`coach score-partners`: recruit, nurture or pass."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from coach.cli.output import _open_workspace, _print_json, _whole_number, finite_number
from coach.errors import InputError

# --- coach score-partners ------------------------------------------------------------------------


def _weights(raw: str | None):
    from coach.framework import Weights

    if raw is None:
        return Weights()
    if raw.strip().lower() == "reviewed":  # the weights of the latest accepted quarterly review
        workspace = _open_workspace()
        reviewed = None
        if workspace is not None:
            with workspace:
                reviewed = workspace.reviewed_weights()
        if reviewed is None:
            raise InputError("No quarterly review has been accepted yet; `coach review SCORECARD_ID` suggests weights.")
        return reviewed
    parts = [p.strip() for p in raw.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise InputError(f"--weights takes four numbers separated by commas, not {raw!r}.") from None
    if len(values) != 4 or any(not math.isfinite(v) or v < 0 for v in values):
        raise InputError("--weights takes four finite, non-negative numbers: overlap,segment,motion,capacity.")
    if sum(values) == 0:
        raise InputError("--weights must not all be zero.")
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
    p.add_argument(
        "--weights",
        help="overlap,segment,motion,capacity weights (default 0.4,0.2,0.2,0.2), or 'reviewed' for the latest "
        "accepted quarterly review's",
    )
    p.add_argument("--recruit-at", type=finite_number, default=70, help="recruit threshold (default 70)")
    p.add_argument("--nurture-at", type=finite_number, default=45, help="nurture threshold (default 45)")
    p.add_argument("--map", action="append", default=[], metavar="THEIRS=ours", help="rename an export's column")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--save", action="store_true", help="keep the scorecard in the workspace (see `coach scorecards`)")
    p.set_defaults(run=_run_score_partners)


def _run_score_partners(args: argparse.Namespace) -> int:
    from coach.inputs import read_text
    from coach.partners.scoring import read_candidates, score_partners

    candidates = read_candidates(read_text(args.csv), _mapping(args.map))
    weights = _weights(args.weights)
    scores = score_partners(candidates, args.capacity, weights, args.recruit_at, args.nurture_at)
    saved = _save_scorecard(args.csv, scores, weights, args.capacity, candidates) if args.save else None
    if args.json:
        _print_json([s.model_dump() for s in scores])
        if saved is not None:
            print(f"Saved as scorecard {saved}.", file=sys.stderr)  # stdout stays the JSON contract
        return 0
    _print_groups(scores)
    if saved is not None:
        print(f"\nSaved as scorecard {saved}.")
    return 0


def _print_groups(scores: list) -> None:
    for decision in ("recruit", "nurture", "pass"):
        group = [s for s in scores if s.decision == decision]
        print(f"{decision.upper()} ({len(group)})")
        for s in group:
            print(f"  {s.score:5.1f}  {s.name}  [{s.motion}]  {'; '.join(s.reasons)}")
        if not group:
            print("  (none)")


def _save_scorecard(source: str, scores: list, weights, capacity: int, candidates: list) -> int:
    from coach.config import Settings
    from coach.store import Workspace

    name = "stdin" if source == "-" else Path(source).name
    with Workspace.open(Settings.from_env()) as workspace:
        return workspace.save_scorecard(name, scores, weights, capacity, candidates)


# --- coach scorecards ----------------------------------------------------------------------------


def _add_scorecards(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scorecards", help="saved partner scorecards: list, show")
    actions = p.add_subparsers(dest="action", required=True, metavar="{list,show}")
    listing = actions.add_parser("list", help="every saved scorecard, newest first")
    listing.add_argument("--json", action="store_true", help="print the scorecards as JSON")
    show = actions.add_parser("show", help="one scorecard's ranked list, weights and capacity")
    show.add_argument("id", help="the scorecard id (see `coach scorecards list`)")
    show.add_argument("--json", action="store_true", help="print the scorecard as JSON")
    p.set_defaults(run=_run_scorecards)


def _run_scorecards(args: argparse.Namespace) -> int:
    wanted = _whole_number(args.id, "The scorecard id") if args.action == "show" else None
    workspace = _open_workspace()
    cards = []
    if workspace is not None:
        with workspace:
            cards = workspace.list_scorecards()
    if wanted is not None:
        cards = [c for c in cards if c.id == wanted]
        if not cards:
            raise InputError(f"There is no scorecard {wanted}; `coach scorecards list` shows the ids.")
    if args.json:
        data = [c.model_dump(mode="json") for c in cards]
        _print_json(data[0] if wanted is not None else data)
    elif wanted is not None:
        card = cards[0]
        w = card.weights
        print(f"Scorecard {card.id}: {card.name}, saved {card.saved_at:%Y-%m-%d %H:%M}, capacity {card.capacity}")
        print(
            f"Weights: overlap {w.account_overlap}, segment {w.segment_fit}, motion {w.motion_fit}, "
            f"capacity {w.selling_capacity}\n"
        )
        _print_groups(card.scores)
    elif cards:
        print("ID  SAVED             RECRUIT  NURTURE  PASS  NAME")
        for c in cards:
            counts = [sum(s.decision == d for s in c.scores) for d in ("recruit", "nurture", "pass")]
            print(f"{c.id:<3} {c.saved_at:%Y-%m-%d %H:%M}  {counts[0]:<7}  {counts[1]:<7}  {counts[2]:<4}  {c.name}")
    else:
        print("No scorecards saved yet. Save one with: coach score-partners CANDIDATES.csv --capacity N --save")
    return 0


# --- coach review (the quarterly partner-ICP review) ---------------------------------------------


def _add_review(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="the quarterly partner-ICP review: a saved scorecard against production")
    p.add_argument("id", help="the scorecard id (see `coach scorecards list`)")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--production", metavar="FILE", help="CSV: partner,sourced_deals[,revenue]")
    source.add_argument("--from-log", action="store_true", help="sourced deals per partner from the decision log")
    p.add_argument("--map", action="append", default=[], metavar="THEIRS=ours", help="rename an export's column")
    decide = p.add_mutually_exclusive_group()
    decide.add_argument("--accept", action="store_true", help="keep the suggested weights (versioned)")
    decide.add_argument("--reject", action="store_true", help="keep the current weights, and say so in the log")
    p.add_argument("--reason", help="why, kept with the decision")
    p.add_argument("--by", metavar="NAME", help="who decides, kept with the decision (default: $COACH_USER)")
    p.add_argument("--json", action="store_true", help="print the review as JSON")
    p.set_defaults(run=_run_review)


def _run_review(args: argparse.Namespace) -> int:
    from coach.config import Settings
    from coach.inputs import read_text
    from coach.partners.review import production_from_log, read_production, review

    scorecard_id = _whole_number(args.id, "The scorecard id")
    production = read_production(read_text(args.production), _mapping(args.map)) if args.production else None
    workspace = _open_workspace()
    if workspace is None:
        raise InputError(f"There is no scorecard {scorecard_id}; `coach scorecards list` shows the ids.")
    with workspace:
        card = workspace.get_scorecard(scorecard_id)
        if production is None:
            production = production_from_log(workspace.list_decisions())
        result = review(card, production)
        decided = None
        if args.accept or args.reject:
            if result.suggestion.weights is None:
                raise InputError(f"There are no suggested weights to decide on: {result.suggestion.refused}")
            decision = "accepted" if args.accept else "rejected"
            by = args.by or Settings.from_env().user
            decided = workspace.record_weight_review(
                scorecard_id, result.suggestion.weights, decision, reason=args.reason, by=by
            )
    if args.json:
        _print_json({**result.model_dump(mode="json"), "decision_id": decided})
        return 0
    _print_review(card.name, result)
    if decided is not None:
        verb = "Accepted" if args.accept else "Rejected"
        after = "; `coach score-partners ... --weights reviewed` scores with them" if args.accept else ""
        print(f"\n{verb}: kept as review {decided}{after}.")
    elif result.suggestion.weights is not None:
        print(f'\nDecide with: coach review {scorecard_id} ... --accept (or --reject --reason "...")')
    return 0


def _print_review(name: str, r) -> None:
    from coach.partners.review import WORDS

    share = "-" if r.producing_share is None else f"{r.producing_share:.0%}"
    print(f"Quarterly review of scorecard {r.scorecard_id} ({name}): {len(r.rows)} candidates, {r.signed} signed, "
          f"{r.producers} producing ({share}).")  # fmt: skip
    rho = "-" if r.rank_correlation is None else f"{r.rank_correlation:+.2f}"
    print(f"Rank correlation of score with sourced deals (signed partners): {rho}")
    print("\nBy tier:")
    for t in r.by_tier:
        print(f"  {t.tier:8} {t.signed:3} signed  {t.producers:3} producing  {t.share:.0%}")
    print("\nWhat separated producers from dormant partners (gap of means, in standard deviations):")
    if not r.gaps:
        print("  (needs both producing and dormant partners)")
    for g in r.gaps:
        mark = "   <- the driver" if g.dimension == r.driver else ""
        print(f"  {WORDS[g.dimension]:17} producers {g.producers_mean:5.1f}  dormant {g.dormant_mean:5.1f}  "
              f"gap {g.gap:+.2f}{mark}")  # fmt: skip
    if r.unmatched:
        print(f"\nNot on this scorecard (left out): {', '.join(r.unmatched)}")
    print("\nSuggested weights:")
    if r.suggestion.weights is None:
        print(f"  none. {r.suggestion.refused}")
        return
    for line in r.suggestion.arithmetic:
        print(f"  {line}")
    w = r.suggestion.weights
    print(f"  => overlap {w.account_overlap}, segment {w.segment_fit}, motion {w.motion_fit}, "
          f"capacity {w.selling_capacity}")  # fmt: skip
