"""The sealed sets other than the reader's rounds (evals/sealed/registry.toml): which are used, which one is measured.

A set with status "sealed" is loaded by nothing but its one measurement (`--measure NAME`); a "used" set is reported
by its figures, never its rows.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

SEALED = Path(__file__).resolve().parent / "sealed"


def registry() -> dict[str, dict[str, Any]]:
    """Every registered sealed set, by name."""
    return tomllib.loads((SEALED / "registry.toml").read_text(encoding="utf-8"))


def folders_to_run(kind: str, measure: str | None) -> dict[str, Path]:
    """The sets of one kind to run now: every used one, and the one being measured."""
    return {
        name: SEALED / entry["folder"]
        for name, entry in registry().items()
        if entry["kind"] == kind and (entry["status"] == "used" or name == measure)
    }


def run_from_command_line(
    prog: str,
    description: str,
    misses: str,
    run: Callable[[str | None], dict[str, dict[str, Any]]],
    argv: list[str] | None,
) -> tuple[argparse.Namespace, dict[str, dict[str, Any]]] | None:
    """The shared front of the set evals: --misses and --measure NAME, the network refused, every set's figures
    printed (never a sealed set's rows). None when --measure names no registered set (said on stderr)."""
    from evals.netguard import no_network

    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--misses", action="store_true", help=misses)
    parser.add_argument("--measure", metavar="NAME", help="measure one sealed set (once; then mark it used)")
    args = parser.parse_args(argv)
    if args.measure and args.measure not in registry():
        print(f"no sealed set {args.measure!r} in evals/sealed/registry.toml", file=sys.stderr)
        return None
    with no_network():
        found = run(args.measure)
    for name, figures in found.items():
        print(f"{name}: { ({k: v for k, v in figures.items() if k != 'rows'}) }")
    return args, found
