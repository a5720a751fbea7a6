"""What every subcommand shares: printing JSON and notices, the extractor in use, ids and the saved workspace."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from coach.errors import InputError

EXIT_ERROR = 2


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _extractor():
    from coach.reading import get_extractor

    return get_extractor()


def _write(path: str, text: str) -> None:
    """Write a file the person named; a folder, a missing folder or no permission is one plain line."""
    from pathlib import Path

    try:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as exc:
        raise InputError(f"{path}: cannot be written ({exc.strerror}).") from None


def _notices(notices: list[str]) -> None:
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)


def _whole_number(raw: str, what: str) -> int:
    # Parsed here, not by argparse, so bad input is one line like every other coach error.
    if not raw.strip().isdigit():
        raise InputError(f"{what} must be a whole number, not {raw!r}.")
    return int(raw)


def _open_workspace() -> Any:
    """The workspace, or None when nothing was ever saved (reading must not create one)."""
    from coach.config import Settings
    from coach.store import saved_workspace

    return saved_workspace(Settings.from_env())


def finite_number(raw: str) -> float:
    """An argument that must be a finite number (not nan, not inf)."""
    import math

    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{raw!r} is not a finite number")
    return value
