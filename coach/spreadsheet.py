"""CSV for spreadsheets: every cell that a spreadsheet would run as a formula is neutralised.

A cell that begins with =, +, -, @, a tab or a carriage return is read by Excel, Sheets and LibreOffice as a
formula (CSV injection). Such a cell gets a leading apostrophe, which spreadsheets show as text. Numbers keep
their sign: -12.5 is a number, not a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet will show it, never as a formula."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START) or _NUMBER.match(value):
        return value
    return "'" + value


def write_csv(rows: Iterable[Mapping[str, Any]], columns: list[str]) -> str:
    """Rows as CSV text with a header, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: safe_cell(row.get(k, "")) for k in columns} for row in rows)
    return buffer.getvalue()
