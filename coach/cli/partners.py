"""`coach score-partners`: recruit, nurture or pass."""

from __future__ import annotations

import argparse

from coach.cli.output import _print_json
from coach.errors import InputError

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
