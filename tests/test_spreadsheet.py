"""CSV cells never run as formulas."""

from __future__ import annotations

import pytest

from coach.spreadsheet import safe_cell, write_csv


@pytest.mark.parametrize(
    ("value", "shown"),
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+1", "'+1+1"), ("-2+3", "'-2+3"),
     ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("-12.5", "-12.5"), ("Acme", "Acme"), (42, 42)],
)  # fmt: skip
def test_formula_cells_are_neutralised(value: object, shown: object) -> None:
    assert safe_cell(value) == shown


def test_write_csv_neutralises_every_cell() -> None:
    text = write_csv([{"account": "=cmd|' /C calc'!A0", "score": 80}], ["account", "score"])
    assert text.splitlines()[1].startswith("'=cmd")
