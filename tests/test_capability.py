"""The capability map: CSV in and out, one-line errors naming the row and column."""

from __future__ import annotations

import json

import pytest

from coach.errors import InputError
from coach.partners.capability import (
    MAP_COLUMNS,
    PartnerProfile,
    map_csv,
    map_json,
    parse_proof,
    parse_relationship,
    read_map,
    template_csv,
)

HEADER = ",".join(MAP_COLUMNS)
COLUMNS = "the map's columns are: " + ", ".join(MAP_COLUMNS) + "."
LINE = "CSV line "


def test_the_template_reads_back_as_itself() -> None:
    profiles = read_map(template_csv())
    assert map_csv(profiles) == template_csv()
    northwind = profiles[0]
    assert northwind.motions == ["co-sell", "resell"]
    assert northwind.relationships[0].strength == "strong"
    assert northwind.proof[0].named is True


def test_export_round_trips_through_csv_and_json() -> None:
    text = HEADER + '\nKestrel,refer; build,banking,"US, Canada",,"Acme / CIO",Case A / unnamed,cost,"a, b"\n'
    profiles = read_map(text)
    assert profiles[0].regions == ["US", "Canada"]
    assert read_map(map_csv(profiles)) == profiles
    assert [PartnerProfile.model_validate(p) for p in json.loads(map_json(profiles))] == profiles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "First Meridian Bank / CFO Dana Ruiz / 2021 / strong",
            ("First Meridian Bank", "CFO Dana Ruiz", "2021", "strong"),
        ),
        ("Helix Health / VP Revenue Cycle", ("Helix Health", "VP Revenue Cycle", "", "medium")),
        ("Acme", ("Acme", "", "", "medium")),
        ("Acme / CIO / 2019 / Lapsed", ("Acme", "CIO", "2019", "lapsed")),
    ],
)
def test_relationships_read_account_person_since_strength(text: str, expected: tuple[str, ...]) -> None:
    r = parse_relationship(text)
    assert (r.account, r.person, r.since, r.strength) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [("Denials cut 30% at Mercy / named", True), ("A top-10 bank / unnamed", False), ("Case study", False)],
)
def test_proof_says_whether_the_client_may_be_named(text: str, named: bool) -> None:
    assert parse_proof(text).named is named


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("", "The CSV has no rows."),
        (HEADER + "\n", "The CSV has a header but no partners."),
        ("partner,motions\nA,co-sell\n", "Unknown column 'partner'; " + COLUMNS),
        ("motions\nco-sell\n", "Missing column 'name'; " + COLUMNS),
        (
            "name,motions\nA,co-sell\nB,partnering\n",
            LINE + "3, column 'motions': 'partnering' is not a motion (resell, refer, co-sell or build).",
        ),
        (
            "name,relationships\nA,Acme / CFO / 2020 / great\n",
            LINE + "2, column 'relationships': strength 'great' is not one of strong, medium, weak, lapsed.",
        ),
        (
            "name,relationships\nA,/ CFO\n",
            LINE + "2, column 'relationships': '/ CFO' is not ACCOUNT / PERSON OR ROLE / SINCE / STRENGTH.",
        ),
        (
            "name,motions\n,co-sell\n",
            LINE + "2, column 'name': '' is not valid (String should have at least 1 character).",
        ),
        ("name,motions\nA,co-sell\na,resell\n", "CSV line 3, column 'name': 'a' is already on line 2."),
        ("name,motions\nA,co-sell,extra\n", "CSV line 2 has 3 fields; the header has 2."),
    ],
    ids=[
        "empty",
        "header-only",
        "unknown-column",
        "no-name",
        "bad-motion",
        "bad-strength",
        "bad-relationship",
        "blank-name",
        "duplicate",
        "ragged",
    ],
)
def test_bad_maps_say_which_row_and_column(csv_text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        read_map(csv_text)
    assert str(err.value) == message


def test_an_export_maps_its_columns_and_ignores_the_rest() -> None:
    text = "Partner Name,Vertical,Territory,Owner\nKestrel,banking,EMEA,Jo\n"
    [profile] = read_map(text, {"Partner Name": "name", "Vertical": "industries", "Territory": "regions"})
    assert (profile.name, profile.industries, profile.regions) == ("Kestrel", ["banking"], ["EMEA"])


def test_formula_cells_are_neutralised_on_export() -> None:
    text = map_csv([PartnerProfile(name="=HYPERLINK(1)", notes="@SUM(A1)")])
    assert "'=HYPERLINK(1)" in text and "'@SUM(A1)" in text
