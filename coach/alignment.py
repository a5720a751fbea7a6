"""Account fit: a list of accounts checked against the ICP. Pure apart from reading CSV text.

Each row (a partner's customer book, a lead list, a CRM export, its columns mapped to ours) becomes the facts
the deal rules also use, read by the same value grammars (industries, places, systems, money, counts), each
fact quoting its cell. Every checkable ICP condition is then asked through `rules.fit` (the one definition of
"inside the ICP"), and the ICP's segment exclusions ("no pharmaceutical manufacturers", "not in Quebec") through
the same lexicons. An account is in, out, or unknown; an unknown condition is never counted as a pass.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from typing import Literal

from pydantic import Field

from coach import lexicon
from coach.errors import InputError
from coach.framework import DealFacts, Money, MoneyFact, NumberFact, ProgramDraft, Strict, TextFact
from coach.rules.fit import ConditionFit, icp_fit, overall
from coach.spreadsheet import write_csv

ACCOUNT_COLUMNS = ("name", "industry", "employees", "revenue", "region", "tech", "size")
_BLANK = {"", "n/a", "na", "?", "-", "--", "tbd", "tbc", "unknown", "none", "null", "nan"}
_RANGE = re.compile(r"^\s*~?\s*(?P<lo>[\d.,]+\s*[kKmM]?)\s*(?:-|–|to)\s*(?P<hi>[\d.,]+\s*[kKmM]?)\s*$")
_NUMBER = re.compile(r"^\s*(?:~|ca\.?|approx\.?|about|c\.)?\s*(?P<n>\d[\d.,\s]*)\s*(?P<mult>[kKmM]|bn)?\+?\s*$")
MAX_ACCOUNTS = 100_000
Fit = Literal["in", "out", "unknown"]


class AccountFit(Strict):
    """One account against the ICP."""

    row: int = Field(description="The CSV line the account came from.")
    name: str
    fit: Fit
    checks: list[ConditionFit]
    cells: dict[str, str] = Field(description="The row as uploaded, every column (for the aligned download).")


class FitReport(Strict):
    """A list of accounts against the ICP."""

    accounts: list[AccountFit]
    counts: dict[str, int] = Field(description="in, out and unknown.")
    aligned_share: float | None = Field(description="The share of the list inside the ICP (in / all).")
    excluding: list[tuple[str, int]] = Field(description="ICP conditions by how many accounts they exclude.")
    unknowns: list[tuple[str, int]] = Field(description="ICP conditions by how many accounts they cannot check.")
    checked: list[str] = Field(description="The ICP conditions checked (the others are not checkable per account).")


# --- Reading one row -----------------------------------------------------------------------------------


def _blank(cell: str) -> bool:
    return cell.strip().lower() in _BLANK


def cell_numbers(cell: str) -> tuple[float, float] | None:
    """A count or a range in a cell: '2,150', '~4500', '2.9k', '300-400' -> (low, high); None when not a number."""
    from coach.reading.money import parse_number

    if _blank(cell):
        return None
    if m := _RANGE.match(cell):
        lo, hi = (_number(m.group(g), parse_number) for g in ("lo", "hi"))
        return (lo, hi) if lo is not None and hi is not None else None
    value = _number(cell, parse_number)
    return (value, value) if value is not None else None


def _number(text: str, parse) -> float | None:
    m = _NUMBER.match(text)
    if not m:
        return None
    try:
        return parse(m.group("n").strip(), m.group("mult"))
    except ValueError:
        return None


def cell_money(cell: str, currency: str) -> tuple[Money, Money] | None:
    """Money in a cell (or a range); a bare number is in `currency` (the ICP's own)."""
    from coach.reading.money import find_money

    if _blank(cell):
        return None
    found = [m for m, _, _ in find_money(cell)]
    if found:
        return found[0], found[-1]
    numbers = cell_numbers(cell)
    if numbers is None:
        return None
    lo, hi = numbers
    return Money(amount=lo, currency=currency), Money(amount=hi, currency=currency)


def account_facts(cells: dict[str, str], currency: str) -> tuple[list[DealFacts], NumberFact | None]:
    """The account as the facts the rules read: one DealFacts per end of a stated range (usually one)."""
    base = DealFacts(account=cells.get("name") or None)
    industry = cells.get("industry", "")
    if not _blank(industry) and (m := lexicon.industry_pattern().search(industry)):
        base.industry = TextFact(quote=industry, value=lexicon.industry_of(m.group(0)).name)  # type: ignore[union-attr]
    elif not _blank(industry):
        base.industry = TextFact(quote=industry, value=industry.strip().lower())
    region = cells.get("region", "")
    if not _blank(region) and (place := lexicon.place_of_cell(region)) is not None:
        base.region = TextFact(quote=region, value=place.name)  # "Columbus, OH": Ohio, inside the United States
    tech = cells.get("tech", "")
    pattern, systems = lexicon.tech_pattern()
    base.tech = [
        TextFact(quote=tech, value=systems.get(m.group(0).lower(), m.group(0))) for m in pattern.finditer(tech)
    ]
    if not base.tech and not _blank(tech):
        base.tech = [TextFact(quote=tech, value=t.strip().lower()) for t in re.split(r"[;,/]", tech) if t.strip()]
    ends = [base]
    if (employees := cell_numbers(cells.get("employees", ""))) is not None:
        ends = [e.model_copy(update={"employees": NumberFact(quote=cells["employees"], value=v)}) for e in ends
                for v in dict.fromkeys(employees)]  # fmt: skip
    if (revenue := cell_money(cells.get("revenue", ""), currency)) is not None:
        ends = [e.model_copy(update={"revenue": MoneyFact(quote=cells["revenue"], money=m)}) for e in ends
                for m in {id(m): m for m in revenue}.values()]  # fmt: skip
    size = None
    if (counted := cell_numbers(cells.get("size", ""))) is not None:
        size = [NumberFact(quote=cells["size"], value=v) for v in dict.fromkeys(counted)]
    return ends, size  # type: ignore[return-value]


# --- Checking ------------------------------------------------------------------------------------------


def _combine(checks: list[ConditionFit]) -> ConditionFit:
    """One condition checked at each end of a range: the same answer at both ends, else unknown."""
    fits = {c.fit for c in checks}
    if len(fits) == 1:
        return checks[0]
    return checks[0].model_copy(update={"fit": "unknown", "reason": f"the range straddles {checks[0].condition!r}"})


def exclusion_checks(program: ProgramDraft, facts: DealFacts) -> list[ConditionFit]:
    """The ICP's segment exclusions that name an industry or a place, against the account.

    An excluded industry is one the exclusion names that the ICP's own industries do not ("no psychiatric
    hospitals" in a hospital ICP excludes psychiatric care, not hospitals); an exclusion that names only the
    ICP's own industries cannot be checked from an industry column and is left out.
    """
    allowed = {v for c in program.icp.conditions if c.dimension == "industry" for v in c.values}
    found = []
    for exclusion in program.exclusions:
        if exclusion.kind not in ("segment", "other"):
            continue
        # The whole clause where it says more: a shortened text can lose "...and we do not take accounts in Quebec".
        text = max(exclusion.text, exclusion.quote or "", key=len)
        groups = [g for g in _industry_groups(text) if not (len(g) == 1 and g <= allowed)]
        if groups and facts.industry is not None:
            own = _industries_in(facts.industry.quote) | {facts.industry.value}
            hit = any(group <= own for group in groups)
            found.append(ConditionFit(condition=f"not {text}", dimension="exclusion", fit="out" if hit else "in",
                                      reason=f"industry {facts.industry.value!r} {'is' if hit else 'is not'} excluded",
                                      quote=facts.industry.quote))  # fmt: skip
        places = [lexicon.place_of(m.group(0)) for m in lexicon.place_pattern().finditer(text)]
        banned = [p.name for p in places if p]
        if banned and facts.region is not None:
            inside = lexicon.place_inside(facts.region.value, banned)
            broader = any(lexicon.place_inside(p, [facts.region.value]) for p in banned)
            fit = "out" if inside else "unknown" if broader else "in"
            found.append(ConditionFit(condition=f"not {text}", dimension="exclusion", fit=fit,
                                      reason=f"region {facts.region.value!r} " + {"out": "is excluded",
                                      "unknown": "may include the excluded part", "in": "is not excluded"}[fit],
                                      quote=facts.region.quote))  # fmt: skip
    return found


def _industries_in(text: str) -> set[str]:
    return {i.name for m in lexicon.industry_pattern().finditer(text) if (i := lexicon.industry_of(m.group(0)))}


def _industry_groups(text: str) -> list[set[str]]:
    """The industries an exclusion names, adjacent ones together: "pharmaceutical manufacturers" is one group
    (both must hold), "behavioral health or psychiatric hospitals" two (either excludes)."""
    groups: list[set[str]] = []
    end = -1
    for m in lexicon.industry_pattern().finditer(text):
        industry = lexicon.industry_of(m.group(0))
        if industry is None:
            continue
        if groups and re.fullmatch(r"[\s-]*", text[end : m.start()]):
            groups[-1].add(industry.name)
        else:
            groups.append({industry.name})
        end = m.end()
    return groups


def fit_account(
    program: ProgramDraft, cells: dict[str, str], row: int, rates: dict[str, float] | None = None
) -> AccountFit:
    """One account: every checkable ICP condition (alternatives per dimension) and segment exclusion."""
    currency = next((c.currency for c in program.icp.conditions if c.dimension == "revenue" and c.currency), "USD")
    ends, sizes = account_facts(cells, currency)
    per_end = [icp_fit(program.icp.conditions, facts, rates, size) for facts in ends for size in (sizes or [None])]
    checks = [_combine([end[i] for end in per_end]) for i in range(len(per_end[0]))]
    checks = [c for c in checks if c.fit != "unchecked"]
    checks += exclusion_checks(program, ends[0])
    fit = overall(checks)
    return AccountFit(row=row, name=cells.get("name") or f"line {row}", fit=fit, checks=checks, cells=cells)


def fit_accounts(program: ProgramDraft, rows: list[dict[str, str]], rates: dict[str, float] | None = None) -> FitReport:
    """Every account of a list, and what the list as a whole says."""
    if not any(
        c.dimension in ("industry", "company_size", "revenue", "region", "tech_stack") for c in program.icp.conditions
    ):
        raise InputError("The ICP has no condition an account list can be checked against (industry, size, revenue, "
                         "region or technology).")  # fmt: skip
    accounts = [fit_account(program, cells, row, rates) for row, cells in rows_with_lines(rows)]
    counts = Counter(a.fit for a in accounts)
    excluding = Counter(c.condition for a in accounts for c in a.checks if c.fit == "out")
    unknowns = Counter(c.condition for a in accounts for c in a.checks if c.fit == "unknown")
    return FitReport(
        accounts=accounts,
        counts={k: counts.get(k, 0) for k in ("in", "out", "unknown")},
        aligned_share=round(counts.get("in", 0) / len(accounts), 3) if accounts else None,
        excluding=excluding.most_common(),
        unknowns=unknowns.most_common(),
        checked=[c.text for c in program.icp.conditions if c.dimension in ("industry", "company_size", "revenue",
                 "region", "tech_stack")],
    )  # fmt: skip


def rows_with_lines(rows: list[dict[str, str]]) -> list[tuple[int, dict[str, str]]]:
    return [(int(r.pop("__line__", i + 2)), r) for i, r in enumerate(dict(r) for r in rows)]


# --- CSV -----------------------------------------------------------------------------------------------


def read_accounts(text: str, mapping: dict[str, str] | None = None) -> tuple[list[dict[str, str]], list[str]]:
    """The rows of an account list with our column names (theirs -> ours by `mapping`), and its own header.

    Columns the mapping leaves out are kept as they are (they go back out in the aligned download).
    """
    mapping = {k.strip(): v.strip() for k, v in (mapping or {}).items()}
    unknown = [v for v in mapping.values() if v not in ACCOUNT_COLUMNS]
    if unknown:
        raise InputError(f"--map names '{unknown[0]}'; our columns are: {', '.join(ACCOUNT_COLUMNS)}.")
    try:
        rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    except csv.Error as err:
        raise InputError(f"The CSV is malformed: {err}.") from None
    if len(rows) < 2:
        raise InputError("The CSV has no accounts: a header and at least one row are needed.")
    if len(rows) - 1 > MAX_ACCOUNTS:
        raise InputError(f"The CSV has {len(rows) - 1:,} accounts; at most {MAX_ACCOUNTS:,} are checked at once.")
    header = [h.strip() for h in rows[0]]
    ours = [mapping.get(h, h.lower() if h.lower() in ACCOUNT_COLUMNS else h) for h in header]
    if not set(ours) & set(ACCOUNT_COLUMNS[1:]):
        raise InputError(f"No column names what the ICP checks; map yours with --map THEIRS=ours (ours: "
                         f"{', '.join(ACCOUNT_COLUMNS)}).")  # fmt: skip
    twice = next((c for c in ours if c in ACCOUNT_COLUMNS and ours.count(c) > 1), None)
    if twice:
        raise InputError(f"Two columns are mapped to '{twice}'; keep one.")
    found = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise InputError(f"CSV line {line} has {len(row)} fields; the header has {len(header)}.")
        cells = {o: c.strip() for o, c in zip(ours, row, strict=True)}
        cells["__line__"] = str(line)
        found.append(cells)
    return found, header


def aligned_csv(report: FitReport, header: list[str], mapping: dict[str, str] | None = None) -> str:
    """The accounts inside the ICP, with every column as uploaded (for routing them to the partner)."""
    mapping = mapping or {}
    ours = [mapping.get(h, h.lower() if h.lower() in ACCOUNT_COLUMNS else h) for h in header]
    rows = [
        {h: a.cells.get(o, "") for h, o in zip(header, ours, strict=True)} for a in report.accounts if a.fit == "in"
    ]
    return write_csv(rows, header)
