"""What every subcommand shares: printing JSON and notices, the extractor in use."""

from __future__ import annotations

import json
import sys
from typing import Any

EXIT_ERROR = 2


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _extractor():
    from coach.extract import get_extractor

    return get_extractor()


def _notices(notices: list[str]) -> None:
    for notice in notices:
        print(f"note: {notice}", file=sys.stderr)
