"""The `coach` command: a thin face over the library.

Each subcommand is an `_add_<name>` that registers its parser and a `_run_<name>` that does the work,
importing what it needs inside the function so that `coach verdict` never pays for streamlit,
chromadb or litellm. Errors reach the person here, as one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from coach.cli.capability import _add_brief, _add_compare, _add_fit, _add_icp_brief, _add_match, _add_partners
from coach.cli.deal import _add_verdict
from coach.cli.decisions import _add_decisions, _add_outcome
from coach.cli.evaluation import _add_eval
from coach.cli.knowledge import _add_ask, _add_knowledge
from coach.cli.output import EXIT_ERROR
from coach.cli.partners import _add_review, _add_score_partners, _add_scorecards
from coach.cli.program import _add_grade, _add_readiness, load_program
from coach.errors import CoachError

__all__ = ["build_parser", "load_program", "main"]


# --- entry point ---------------------------------------------------------------------------------

COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_grade,
    _add_verdict,
    _add_match,
    _add_brief,
    _add_partners,
    _add_fit,
    _add_compare,
    _add_icp_brief,
    _add_score_partners,
    _add_scorecards,
    _add_review,
    _add_readiness,
    _add_ask,
    _add_knowledge,
    _add_decisions,
    _add_outcome,
    _add_eval,
]


class OneLineParser(argparse.ArgumentParser):
    """An argument error is one line on stderr and exit code 2; the usage is a --help away."""

    def error(self, message: str) -> NoReturn:
        """Print the error in one line, naming where the usage is."""
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The `coach` argument parser with every subcommand."""
    parser = OneLineParser(
        prog="coach",
        description="Partner ICP Coach: where partner leverage is allowed to exist.",
        epilog="Extractor: offline by default; set COACH_MODEL to a litellm model string to use a model.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=OneLineParser)
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
