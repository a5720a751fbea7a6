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

from coach.errors import InputError

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


def read_rows(
    text: str,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    mapping: Mapping[str, str] | None = None,
    *,
    expected: str = "expected columns",
) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV with our column names, each with its line number; one-line errors for a bad file.

    `mapping` renames an export's columns (theirs -> ours); with a mapping, the columns it leaves out are
    ignored (an export carries many), without one an unknown column is an error.
    """
    mapping = {k.strip(): v.strip() for k, v in (mapping or {}).items()}
    try:
        rows = [r for r in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in r)]
    except csv.Error as err:
        raise InputError(f"The CSV is malformed: {err}.") from None
    if not rows:
        raise InputError("The CSV has no rows.")
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(rows[0]):
            fields = "field" if len(row) == 1 else "fields"
            raise InputError(f"CSV line {line} has {len(row)} {fields}; the header has {len(rows[0])}.")
    header = [mapping.get(h.strip(), h.strip()).lower() for h in rows[0]]
    keep = [i for i, h in enumerate(header) if h in columns or not mapping]
    named = [header[i] for i in keep]
    unknown = [h for h in named if h not in columns]
    if unknown:
        raise InputError(f"Unknown column '{unknown[0]}'; {expected}: {', '.join(columns)}.")
    twice = next((h for h in named if named.count(h) > 1), None)
    if twice is not None:
        raise InputError(f"The column '{twice}' appears twice; keep one (or map one of them to another column).")
    missing = [c for c in required if c not in named]
    if missing:
        raise InputError(f"Missing column '{missing[0]}'; {expected}: {', '.join(columns)}.")
    return [(line, {header[i]: row[i].strip() for i in keep}) for line, row in enumerate(rows[1:], start=2)]
