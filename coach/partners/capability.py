"""The partner capability map: what each partner can do, as structured data. Pure apart from CSV text.

One row per partner: its motions, industries, regions, competencies, buyer relationships (account, person or
role, since when, how strong), referenceable proof (and whether the client may be named), the buyer metrics it
can speak to, and notes. Lists in a CSV cell are separated by ";"; a relationship is
`ACCOUNT / PERSON OR ROLE / SINCE / STRENGTH` and a proof is `TEXT / named` or `TEXT / unnamed`.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from coach.errors import InputError
from coach.framework import Motion, Strict
from coach.spreadsheet import read_rows, write_csv

Strength = Literal["strong", "medium", "weak", "lapsed"]
STRENGTHS: tuple[str, ...] = Strength.__args__  # type: ignore[attr-defined]
MAP_COLUMNS = (
    "name", "motions", "industries", "regions", "competencies", "relationships", "proof", "metrics", "notes",
)  # fmt: skip
_LISTS = ("motions", "industries", "regions", "competencies", "metrics")
_MOTIONS = {"co-sell": "co-sell", "cosell": "co-sell", "co sell": "co-sell", "resell": "resell",
            "reseller": "resell", "refer": "refer", "referral": "refer", "build": "build"}  # fmt: skip
MAX_PARTNERS = 5000


class Relationship(Strict):
    """A partner's known relationship with someone in an account."""

    account: str = Field(min_length=1, max_length=200, description="The account, as the CRM names it.")
    person: str = Field(default="", max_length=200, description="The person or role it knows, e.g. 'CFO Dana Ruiz'.")
    since: str = Field(default="", max_length=40, description="Since when, as given (a year or a date).")
    strength: Strength = Field(default="medium", description="strong, medium, weak, or lapsed (no longer active).")


class Proof(Strict):
    """Referenceable proof: a case study or a reference, and whether the client may be named."""

    text: str = Field(min_length=1, max_length=500)
    named: bool = Field(description="True when the client may be named; False when it can only be described.")


class PartnerProfile(Strict):
    """One partner in the capability map."""

    name: str = Field(min_length=1, max_length=200)
    motions: list[Motion] = Field(default_factory=list, description="resell, refer, co-sell, build.")
    industries: list[str] = Field(default_factory=list, description="Industries it is credible in.")
    regions: list[str] = Field(default_factory=list, description="Where it is present: countries, states, areas.")
    competencies: list[str] = Field(default_factory=list, description="Technical competencies, free tags.")
    relationships: list[Relationship] = Field(default_factory=list)
    proof: list[Proof] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list, description="Buyer success metrics it can speak to.")
    notes: str = Field(default="", max_length=5000)

    @field_validator("name")
    @classmethod
    def _one_line(cls, name: str) -> str:
        name = " ".join(name.split())
        if not name:
            raise ValueError("a partner needs a name")
        return name


def key(name: str) -> str:
    """How partner names are compared: case and spacing do not matter."""
    return " ".join(name.casefold().split())


# --- cells -------------------------------------------------------------------------------------------


def split_list(cell: str) -> list[str]:
    """A list cell: parts separated by ';' (or by ',' when the cell has no ';'), blanks dropped."""
    sep = ";" if ";" in cell else ","
    return [" ".join(p.split()) for p in cell.split(sep) if p.strip()]


def parse_motions(cell: str) -> list[str]:
    motions = []
    for part in split_list(cell):
        motion = _MOTIONS.get(part.lower())
        if motion is None:
            raise ValueError(f"{part!r} is not a motion (resell, refer, co-sell or build)")
        motions.append(motion)
    return list(dict.fromkeys(motions))


def parse_relationship(text: str) -> Relationship:
    """`ACCOUNT / PERSON OR ROLE / SINCE / STRENGTH`; the last three may be left out (strength: medium)."""
    parts = [p.strip() for p in text.split("/")]
    if len(parts) > 4 or not parts[0]:
        raise ValueError(f"{text!r} is not ACCOUNT / PERSON OR ROLE / SINCE / STRENGTH")
    strength = parts[3].lower() if len(parts) == 4 and parts[3] else "medium"
    if strength not in STRENGTHS:
        raise ValueError(f"strength {parts[3]!r} is not one of {', '.join(STRENGTHS)}")
    return Relationship(
        account=parts[0],
        person=parts[1] if len(parts) > 1 else "",
        since=parts[2] if len(parts) > 2 else "",
        strength=strength,
    )


def parse_proof(text: str) -> Proof:
    """`TEXT / named` or `TEXT / unnamed` (also yes / no); without a mark the client may not be named."""
    body, sep, mark = text.rpartition("/")
    mark = mark.strip().lower()
    if sep and mark in {"named", "yes", "may name", "public"}:
        return Proof(text=body.strip(), named=True)
    if sep and mark in {"unnamed", "no", "anonymous", "not named", "may not name"}:
        return Proof(text=body.strip(), named=False)
    return Proof(text=text.strip(), named=False)


def profile_from_cells(cells: dict[str, str]) -> PartnerProfile:
    """One profile from a row's cells (our column names); raises ValueError or ValidationError."""
    data: dict[str, object] = {"name": cells.get("name", "")}
    for column in _LISTS:
        data[column] = split_list(cells.get(column, ""))
    data["motions"] = parse_motions(cells.get("motions", ""))
    data["relationships"] = [parse_relationship(p) for p in _entries(cells.get("relationships", ""))]
    data["proof"] = [parse_proof(p) for p in _entries(cells.get("proof", ""))]
    data["notes"] = cells.get("notes", "").strip()
    return PartnerProfile.model_validate(data)


def _entries(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


# --- CSV in --------------------------------------------------------------------------------------------


def read_map(text: str, mapping: dict[str, str] | None = None) -> list[PartnerProfile]:
    """Parse a capability map CSV (our template, or an export whose columns `mapping` renames, theirs -> ours).

    Every row is checked before anything is returned: a bad row is one line naming the row and the column.
    """
    rows = read_rows(text, MAP_COLUMNS, ("name",), mapping, expected="the map's columns are")
    if len(rows) > MAX_PARTNERS:
        raise InputError(f"The map has {len(rows):,} rows; at most {MAX_PARTNERS:,} partners are read at once.")
    profiles: list[PartnerProfile] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        profile = _row_profile(cells, line)
        if key(profile.name) in seen:
            raise InputError(
                f"CSV line {line}, column 'name': {profile.name!r} is already on line {seen[key(profile.name)]}."
            )
        seen[key(profile.name)] = line
        profiles.append(profile)
    if not profiles:
        raise InputError("The CSV has a header but no partners.")
    return profiles


def _row_profile(cells: dict[str, str], line: int) -> PartnerProfile:
    for column in ("motions", "relationships", "proof"):
        try:
            profile_from_cells({"name": "x", column: cells.get(column, "")})
        except (ValueError, ValidationError) as err:
            raise InputError(f"CSV line {line}, column '{column}': {_reason(err)}.") from None
    try:
        return profile_from_cells(cells)
    except ValidationError as err:
        first = err.errors()[0]
        column = str(first["loc"][0]) if first["loc"] else "row"
        shown = cells.get(column, "")
        raise InputError(f"CSV line {line}, column '{column}': {shown!r} is not valid ({first['msg']}).") from None


def _reason(err: Exception) -> str:
    if isinstance(err, ValidationError):
        first = err.errors()[0]
        return str(first["msg"]).removeprefix("Value error, ")
    return str(err)


# --- CSV and JSON out ----------------------------------------------------------------------------------


def cells_of(profile: PartnerProfile) -> dict[str, str]:
    """A profile as the template's cells (the inverse of `profile_from_cells`)."""
    return {
        "name": profile.name,
        **{column: "; ".join(getattr(profile, column)) for column in _LISTS},
        "relationships": "; ".join(
            " / ".join((r.account, r.person, r.since, r.strength)) for r in profile.relationships
        ),
        "proof": "; ".join(f"{p.text} / {'named' if p.named else 'unnamed'}" for p in profile.proof),
        "notes": profile.notes,
    }


def map_csv(profiles: list[PartnerProfile]) -> str:
    """The map as the import template's CSV; cells that a spreadsheet would run as formulas are neutralised."""
    return write_csv((cells_of(p) for p in profiles), list(MAP_COLUMNS))


def map_json(profiles: list[PartnerProfile]) -> str:
    return json.dumps([p.model_dump(mode="json") for p in profiles], indent=2, ensure_ascii=False) + "\n"


def template_csv() -> str:
    """An example map with every column filled, for people to copy."""
    example = PartnerProfile(
        name="Northwind Advisory",
        motions=["co-sell", "resell"],
        industries=["hospitals", "health systems"],
        regions=["US", "Canada"],
        competencies=["Epic", "revenue cycle"],
        relationships=[Relationship(account="Helix Health", person="CFO Dana Ruiz", since="2021", strength="strong")],
        proof=[Proof(text="Denials cut 30% at Mercy West", named=True)],
        metrics=["days in A/R", "cost"],
        notes="Runs the regional CFO roundtable.",
    )
    return map_csv([example])
