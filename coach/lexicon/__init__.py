"""The project's knowledge of language, as data: regions, industries, titles, stages, labels, cues, rates.

The TOML files beside this module are the lexicons; this module only loads them (once, cached) and
compiles the small grammars built from them. The reader and the rules share these tables, so "inside
the ICP" has one definition. Loading reads committed package data only: the answer never changes with
the environment, which keeps the rules that use it pure.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).parent


@cache
def load(name: str) -> dict:
    """One lexicon file, parsed."""
    return tomllib.loads((LEXICON_DIR / f"{name}.toml").read_text(encoding="utf-8"))


def phrase_pattern(phrases: list[str], *, case_sensitive_short: bool = True) -> re.Pattern[str]:
    """Whole-word alternation of phrases, longest first; two-letter upper-case aliases ("US") match only as written."""
    loose = sorted({p.lower() for p in phrases if not (case_sensitive_short and _is_code(p))}, key=len, reverse=True)
    codes = sorted({p for p in phrases if case_sensitive_short and _is_code(p)}, key=len, reverse=True)
    parts = []
    if loose:
        parts.append("(?i:" + "|".join(re.escape(p) for p in loose) + ")")
    if codes:
        parts.append("|".join(re.escape(p) for p in codes))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def _is_code(phrase: str) -> bool:
    return phrase.isupper() and len(phrase.replace(".", "")) <= 5


# --- Places -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A country or region a phrase names, and every region it lies within."""

    name: str
    within: frozenset[str]


@cache
def places() -> dict[str, Place]:
    """Lower-cased phrase -> the place it names (aliases, cities and region names)."""
    data = load("regions")
    found: dict[str, Place] = {}
    # States first: "Toledo, OH" is in Ohio, which lies in the United States (and in its regions).
    for key, state in data["state"].items():
        country = data["country"][state["country"]]
        place = Place(
            _state_name(key), frozenset([_state_name(key), state["country"].replace("_", " "), *country["within"]])
        )
        for phrase in [*state["aliases"], *state["cities"]]:
            found.setdefault(phrase.lower(), place)
    for key, country in data["country"].items():
        name = key.replace("_", " ")
        place = Place(name, frozenset([name, *country["within"]]))
        for phrase in [*country["aliases"], *country["cities"]]:
            found.setdefault(phrase.lower(), place)
    for region, aliases in data["region"].items():
        for phrase in aliases:
            found.setdefault(phrase.lower(), Place(region, frozenset([region, *data["region_within"].get(region, [])])))
    return found


def _state_name(key: str) -> str:
    return key.removesuffix("_au").replace("_", " ")


@cache
def place_pattern() -> re.Pattern[str]:
    """Every place phrase, whole word; "US" and "UK" only in upper case (never "us" the pronoun)."""
    data = load("regions")
    phrases = [p for c in [*data["state"].values(), *data["country"].values()] for p in [*c["aliases"], *c["cities"]]]
    phrases += [p for aliases in data["region"].values() for p in aliases]
    return phrase_pattern([p for p in phrases if not p.endswith(("-region", ")"))])


def place_of(text: str) -> Place | None:
    """The place a phrase names, or None."""
    return places().get(text.strip().lower())


def place_of_cell(cell: str) -> Place | None:
    """The most specific place a spreadsheet cell names: "Columbus, OH", "Lafayette, LA", "SE" (codes count here)."""
    codes = load("regions")["codes"]
    found = [place_of(m.group(0)) for m in place_pattern().finditer(cell)]
    parts = [part.strip() for part in re.split(r"[,;/()]", cell)]
    found += [place_of(codes[part]) for part in parts if part in codes]
    known = [p for p in found if p is not None]
    return max(known, key=lambda p: len(p.within)) if known else None


def place_inside(stated: str, allowed: list[str]) -> bool | None:
    """True when the stated place lies within one of the allowed places; None when either is not a known place."""
    place = place_of(stated)
    wanted = [p for p in (place_of(a) for a in allowed) if p is not None]
    if place is None or not wanted:
        return None
    return any(w.name in place.within for w in wanted)


# --- Industries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Industry:
    """An industry a phrase names, and the market it belongs to."""

    name: str
    market: str
    parent: str | None = None


@cache
def industries() -> dict[str, Industry]:
    """Lower-cased alias -> the industry it names."""
    found: dict[str, Industry] = {}
    for key, entry in load("industries").items():
        parent = entry.get("parent")
        industry = Industry(key.replace("_", " "), entry["market"], parent.replace("_", " ") if parent else None)
        for phrase in [key.replace("_", " "), *entry["aliases"]]:
            found.setdefault(phrase.lower(), industry)
    return found


@cache
def industry_pattern() -> re.Pattern[str]:
    """Every industry alias, whole word, case-insensitive. A canonical name that is not also listed as an alias
    ("legal") names the industry in a stored fact, never in running text ("legal review" is a stage)."""
    aliases = [a for entry in load("industries").values() for a in entry["aliases"]]
    return phrase_pattern(aliases, case_sensitive_short=False)


def industry_of(text: str) -> Industry | None:
    """The industry a phrase names, or None."""
    return industries().get(text.strip().lower())


def industry_inside(stated: str, allowed: list[str]) -> bool | None:
    """True when the stated industry is one of the allowed ones, a line of one, or in the same market; None when
    unknown, or when the stated industry is broader than the allowed line ("insurer" for "health insurers")."""
    industry = industry_of(stated)
    wanted = [w for w in (industry_of(a) for a in allowed) if w is not None]
    if industry is None or not wanted:
        return None
    if any(industry == w or industry.parent == w.name for w in wanted):
        return True
    if any(w.parent == industry.name for w in wanted):
        return None
    return any(industry.market == w.market and not (industry.parent and w.parent) for w in wanted)


# --- Titles, stages, labels, cues ------------------------------------------------------------------


# Capitalised words that open a sentence, not a department: "The VP signs" is a VP, not a "The VP".
_NOT_A_FUNCTION = (
    r"(?!(?:The|Their|Our|Its|His|Her|A|An|And|But|So|New|Now|This|That|Who|Why|What|Q|Yes|No|Their|Your|My)\b)"
)


@cache
def title_pattern() -> re.Pattern[str]:
    """The title grammar: C-level codes, level (of) function, function level, chief X officer, offices."""
    data = load("titles")
    functions = sorted(data["functions"], key=len, reverse=True)
    function = r"(?:" + "|".join(re.escape(f) for f in functions) + r")"
    # A function may be a known one, or up to three capitalised words ("VP, Patient Financial Services").
    caps = r"(?:[A-Z][\w&/.-]*(?:\s+(?:&|and|of)\s+|\s+)?){1,4}"
    before = r"(?:" + "|".join(re.escape(x) for x in sorted(data["levels_before"], key=len, reverse=True)) + r")"
    after = r"(?:" + "|".join(re.escape(x) for x in sorted(data["levels_after"], key=len, reverse=True)) + r")"
    codes = r"(?:" + "|".join(data["c_level"]) + r")"
    offices = r"(?:" + "|".join(re.escape(x) for x in sorted(data["offices"], key=len, reverse=True)) + r")"
    connector = r"(?:\s*(?:of|for|de|da|do|für|,|-|–)\s*(?:the\s+)?|\s+)"
    grammar = (
        rf"(?-i:\b{codes}\b)(?:\s*(?:/|&)\s*(?-i:{codes})\b)?"
        rf"|\bchief\s+(?:{function}|[a-z]+)\s+officer\b"
        rf"|\b{before}(?!\w){connector}(?:(?i:{function})\b(?:\s*(?:&|and|/)\s*(?i:{function})\b)?|(?-i:{caps}))"
        rf"|\b(?:(?i:{function})|(?-i:{_NOT_A_FUNCTION}[A-Z][\w&-]+(?:\s+[A-Z][\w&-]+){{0,2}}))\s+{after}(?:\s+{after})?\b"
        rf"|\b{offices}\b"
    )
    return re.compile(grammar, re.IGNORECASE)


@cache
def _title_filler() -> frozenset[str]:
    """Words between a title's parts that change nothing: the grammar's connectors and articles."""
    data = load("titles")
    return frozenset({c.strip() for c in data["connectors"] if c.strip()} | set(data["fillers"]))


@cache
def title_words() -> frozenset[str]:
    """Every word of the title grammar (levels, functions, offices, codes, canonical aliases): what a title is made
    of, as against a person's name beside it."""
    data = load("titles")
    phrases = [*data["c_level"], *data["levels_before"], *data["levels_after"], *data["offices"], *data["functions"]]
    phrases += list(data["aliases"])
    return frozenset(w.strip(".").lower() for p in phrases for w in p.split())


@cache
def _title_aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(whole-word pattern of a variant, its canonical form), longest variant first."""
    pairs = [(v.lower(), canon) for canon, variants in load("titles")["aliases"].items() for v in variants]
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    return tuple((re.compile(r"(?<![\w-])" + re.escape(v) + r"(?![\w-])", re.IGNORECASE), c) for v, c in pairs)


def title_key(title: str) -> frozenset[str]:
    """The words a title means, whatever its spelling and order: "VP of RevOps", "VP Revenue Operations" and
    "Revenue Operations VP" give one key; "CFO" and "Chief Financial Officer" another (titles.toml [aliases])."""
    text = title.lower()
    for pattern, canonical in _title_aliases():
        text = pattern.sub(f" {canonical} ", text)
    honorifics = {h.strip(".") for h in load("titles")["honorifics"]}
    words = [w.strip(".") for w in re.findall(r"[\w&/.-]+", text)]
    filler = _title_filler()
    return frozenset(w for w in words if w not in filler and w not in honorifics and w.strip("-"))


@cache
def function_pattern() -> re.Pattern[str]:
    """A department named alone, capitalised as teams are ("Procurement", "IT security", "Legal"): "data" in
    "the migration data flows" names no team; names of three letters or fewer only in capitals ("IT", "HR"), so
    the pronoun "it" is never a department."""
    functions = load("titles")["functions"]
    short = sorted({f.upper() for f in functions if len(f) <= 3}, key=len, reverse=True)
    long = sorted({f for f in functions if len(f) > 3}, key=len, reverse=True)
    loose = "(?i:" + "|".join(re.escape(f) for f in long) + ")"
    codes = "|".join(re.escape(f) for f in short)
    return re.compile(rf"(?<![\w-])(?:(?:{codes})(?:\s+{loose})?|(?=[A-Z]){loose})(?![\w-])")


@cache
def group_pattern() -> re.Pattern[str]:
    """Groups that are not a person: leadership, the board, the buying committee."""
    return phrase_pattern(load("titles")["groups"], case_sensitive_short=False)


@cache
def stage_phrases() -> list[tuple[str, re.Pattern[str]]]:
    """(stage, whole-word pattern of its phrases), most advanced stage first."""
    return [
        (stage, phrase_pattern(phrases, case_sensitive_short=False))
        for stage, phrases in load("stages")["stages"].items()
    ]


@cache
def labels(kind: str = "deal") -> dict[str, str]:
    """Lower-cased field label -> the slot it labels, in account notes ("deal") or program descriptions."""
    name = "labels" if kind == "deal" else "program_labels"
    return {label.lower(): slot for slot, words in load(name).items() for label in words}


@cache
def cues(kind: str) -> frozenset[str]:
    """One set of cue words: negation, scope_end, hedge, unknown, partner, us."""
    return frozenset(w.lower() for w in load("cues")[kind])


@cache
def joint_pattern() -> re.Pattern[str]:
    """Words that make a signer one of two who sign ("co-signs", "countersigns"), whole word."""
    return phrase_pattern(sorted(cues("joint")), case_sensitive_short=False)


# --- Money ------------------------------------------------------------------------------------------


@cache
def usd_rates() -> dict[str, float]:
    """US dollars per unit of each currency the reader knows (the documented default table)."""
    return {code: float(rate) for code, rate in load("rates")["usd_per_unit"].items()}


@cache
def leverage_phrases() -> list[tuple[str, re.Pattern[str]]]:
    """(leverage type, whole-word pattern of the words that name it)."""
    return [(kind, phrase_pattern(words, case_sensitive_short=False)) for kind, words in load("leverage").items()]


@cache
def tech_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every system alias, whole word, and alias -> canonical system name."""
    names = {alias.lower(): name for name, aliases in load("tech")["systems"].items() for alias in aliases}
    return phrase_pattern(list(names), case_sensitive_short=False), names


def system_of(text: str) -> str | None:
    """The canonical system a value names ("SAP ECC 6.0" -> "sap ecc"), by its first alias; None when unknown."""
    pattern, names = tech_pattern()
    m = pattern.search(text)
    return names[m.group(0).lower()] if m else None


def tech_inside(stated: str, allowed: list[str]) -> bool | None:
    """True when the stated system is one the ICP names, or a product of a family it names ("SAP S/4HANA" is
    inside "SAP"); None when either side is not a known system. A family is not inside one of its products:
    see `tech_broader`."""
    system = system_of(stated)
    wanted = [w for w in (system_of(a) for a in allowed) if w is not None]
    if system is None or not wanted:
        return None
    families = load("tech")["families"]
    return any(system == w or system in families.get(w, []) for w in wanted)


def tech_broader(stated: str, allowed: list[str]) -> bool:
    """The stated system is a family that holds a system the ICP names: "SAP" against "SAP ECC"."""
    system, families = system_of(stated), load("tech")["families"]
    return system in families and any(system_of(a) in families[system] for a in allowed)


def tech_rival(stated: str, allowed: list[str]) -> bool | None:
    """The stated system does the job of a system the ICP names, without being it (HubSpot against Salesforce:
    both CRMs). False when every named system is of another kind (Snowflake against Salesforce); None when a
    side is not a known system."""
    system = system_of(stated)
    wanted = [system_of(a) for a in allowed]
    if system is None or not wanted or None in wanted:
        return None
    kinds = load("tech")["categories"]
    mine = {k for k, members in kinds.items() if system in members}
    return any(w in members for w in wanted for k, members in kinds.items() if k in mine)


@cache
def planned_pattern() -> re.Pattern[str]:
    """The words that say a system named after them is planned, not run yet."""
    return phrase_pattern(load("tech")["planned"]["words"], case_sensitive_short=False)


@cache
def retired_pattern() -> re.Pattern[str]:
    """The words that say the account no longer runs a system named beside them."""
    return phrase_pattern(load("tech")["retired"]["words"], case_sensitive_short=False)


# --- Program descriptions ---------------------------------------------------------------------------


@cache
def not_fit_pattern() -> re.Pattern[str]:
    """The predicates that put the subject before them outside the ICP ("... are not a fit")."""
    return phrase_pattern(load("program")["not_fit"]["phrases"], case_sensitive_short=False)


@cache
def trigger_phrases() -> list[tuple[str, re.Pattern[str]]]:
    """(trigger kind, whole-word pattern of the words that name it), most specific kind first."""
    return [
        (kind, phrase_pattern(words, case_sensitive_short=False)) for kind, words in load("program")["triggers"].items()
    ]


@cache
def date_pattern() -> re.Pattern[str]:
    """A date a deadline names: "by March", "before Q3", "until 31 Jan", "due 2027-01-15"."""
    dates = load("program")["dates"]
    lead = "|".join(re.escape(w) for w in sorted(dates["lead"], key=len, reverse=True))
    months = "|".join(re.escape(w) for w in sorted(dates["months"], key=len, reverse=True))
    return re.compile(
        rf"\b(?:{lead})\s+(?:the\s+)?(?:end\s+of\s+)?(?:\d{{1,2}}\s+)?(?:{months})\b|\b(?:{lead})\s+\d{{4}}-\d{{2}}-\d{{2}}\b",
        re.IGNORECASE,
    )


@cache
def role_phrases() -> list[tuple[str, re.Pattern[str]]]:
    """(buyer role, whole-word pattern of the words that point to it)."""
    return [
        (kind, phrase_pattern(words, case_sensitive_short=False)) for kind, words in load("program")["roles"].items()
    ]


# --- Partners ---------------------------------------------------------------------------------------


@cache
def metric_phrases() -> list[tuple[str, re.Pattern[str]]]:
    """(success metric kind, whole-word pattern of the phrases that point to it)."""
    return [
        (kind, phrase_pattern(words, case_sensitive_short=False)) for kind, words in load("partners")["metrics"].items()
    ]


def metric_kinds(text: str) -> frozenset[str]:
    """The success metric kinds a phrase points to ("days in A/R": speed); empty when none."""
    return frozenset(kind for kind, pattern in metric_phrases() if pattern.search(text))


@cache
def generic_name_words() -> frozenset[str]:
    """Words too common in company names to identify a partner alone."""
    return frozenset(w.lower() for w in load("partners")["names"]["generic"])
