"""The labelled case corpus: program descriptions and account notes, with the findings they should give.

One TOML file per case under evals/cases/programs/ and evals/cases/deals/. The labels are what the
rulebook (shared/spec/RULES.md) should output given the facts the text states; the extractor tests
and the eval runner compare what the coach extracts and decides against them.

Field labels are dotted attribute paths into `coach.framework.ProgramDraft` (programs) or
`coach.framework.DealFacts` (deals), resolved by `field_value`. A segment may index a list by
position (`exclusions[0]`) or pick the first element whose attribute has a value
(`exclusions[kind=deal_size]`), so labels need not depend on the order facts were extracted in.

Comparison rules (`compare`):
- "unknown" matches a missing fact (None, an empty list) and a trust answer of "unknown".
- Free-text fields (titles, values, texts, names) match case-insensitively when the expected text
  occurs in the extracted text after collapsing whitespace: expected "CFO" matches "CFO" and
  "the CFO", expected "VP of Revenue Operations" does not match "VP RevOps".
- Everything else (vocabulary words such as "renewal" or "yes", numbers, booleans) must be equal:
  numbers exactly (175000 matches 175000.0), booleans only booleans.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from coach import lexicon
from coach.errors import CoachError
from coach.framework import DealFacts, ProgramDraft
from coach.rules.catalog import PROGRAM_ORDER, SOURCES

CASES_DIR = Path(__file__).parent / "cases"
KIND_DIRS: dict[str, str] = {"program": "programs", "deal": "deals"}

Kind = Literal["program", "deal"]
Style = Literal[
    "prose", "bullets", "crm-shorthand", "email-thread", "transcript", "long", "injection", "non-native", "mixed",
    "slack", "yaml-export", "call-summary", "partner-email", "hedged", "typos", "mixed-language", "account-plan",
]  # fmt: skip
# dev: measured while the reader is built; holdout: written by someone who never read the reader, measured but
# not tuned on; sealed: written by someone who saw neither the code nor the other sets, measured once per release.
Split = Literal["dev", "holdout", "sealed"]
# Traits a case exercises besides its style; the coverage tests count them.
Tag = Literal[
    "multi-turn",
    "correction",
    "negation",
    "explicit-unknown",
    "currency",
    "monthly",
    "stage",
    "expansion",
    "renewal",
    "buried-facts",
    "segment-label",
    "vague-buyer",
    "vague-trigger",
    "role-mismatch",
    "vague-exclusion",
    "holdout",  # written after the offline extractor was tuned, by someone who never read it: its honest test
]
DealVerdict = Literal["GO", "NO_GO", "NEEDS_INFO"]
Readiness = Literal["not_eligible", "draft", "ready"]
FieldLabel = str | int | float | bool

DEAL_RULES: frozenset[str] = frozenset(r for r in SOURCES if r.startswith("deal."))
PROGRAM_RULES: frozenset[str] = frozenset(PROGRAM_ORDER)
UNKNOWN = "unknown"
_TEXT_FIELDS = frozenset({"title", "text", "value", "account", "partner", "before", "after"})
_SEGMENT = re.compile(r"^(?P<name>[a-z_]+)(?:\[(?:(?P<index>\d+)|(?P<key>[a-z_]+)=(?P<want>[a-z_]+))\])?$")


class CaseError(CoachError):
    """A case file cannot be read or does not match the case schema."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class Strict(BaseModel):
    """Unknown keys in a case file are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Expect(Strict):
    """What the coach should output for a case."""

    verdict: DealVerdict | Readiness = Field(description="Deals: GO, NO_GO, NEEDS_INFO; programs: the readiness.")
    eligible: bool | None = Field(default=None, description="Programs only: is partner involvement eligible.")
    rules: list[str] = Field(description="Every rule id that should fire, warnings included.")
    fields: dict[str, FieldLabel] = Field(default_factory=dict, description="Dotted path -> expected value.")

    @model_validator(mode="after")
    def _known_rules(self) -> Expect:
        unknown = [r for r in self.rules if r not in SOURCES]
        if unknown:
            raise ValueError(f"unknown rule ids: {', '.join(unknown)}")
        if len(set(self.rules)) != len(self.rules):
            raise ValueError("a rule id is listed twice")
        return self


class Case(Strict):
    """One labelled case: the person's text and what the coach should make of it."""

    id: str = Field(pattern=r"^(program|deal)-[a-z0-9]+(-[a-z0-9]+)*$")
    kind: Kind
    style: Style
    tags: list[Tag] = Field(default_factory=list)
    icp: str | None = Field(default=None, description="Deals only: the program case whose ICP the deal is judged by.")
    text: str | None = Field(default=None, description="The person's text (programs: one message).")
    turns: list[str] | None = Field(default=None, description="Programs only: a chat, the person's messages in order.")
    notes: str = Field(min_length=1, description="Why this case exists and what it tests.")
    split: Split | None = Field(
        default=None, description="dev, holdout or sealed; None: holdout if tagged so, else dev."
    )
    author: str = Field(default="project", description="Who wrote the case (helper sessions name their brief).")
    expect: Expect
    _round: str | None = PrivateAttr(default=None)  # the sealed round it came from (evals/sealed/rounds.toml)

    @property
    def measured_in(self) -> str:
        """Where its figures are reported: dev, holdout, or its own sealed round ("sealed-r1"), never pooled."""
        return f"sealed-{self._round}" if self._round else self.set_split

    @property
    def set_split(self) -> Split:
        """The split this case is measured in."""
        return self.split or ("holdout" if "holdout" in self.tags else "dev")

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> Case:
        if not self.id.startswith(f"{self.kind}-"):
            raise ValueError(f"id must start with {self.kind}-")
        if (self.text is None) == (self.turns is None):
            raise ValueError("give exactly one of text and turns")
        if any(not m.strip() for m in self.messages):
            raise ValueError("a message is empty")
        allowed = DEAL_RULES if self.kind == "deal" else PROGRAM_RULES
        stray = [r for r in self.expect.rules if r not in allowed]
        if stray:
            raise ValueError(f"rules that a {self.kind} cannot fire: {', '.join(stray)}")
        if self.kind == "deal":
            if self.icp is None or self.turns is not None or self.expect.eligible is not None:
                raise ValueError("a deal has text, an icp and no eligible label")
            if self.expect.verdict not in typing.get_args(DealVerdict):
                raise ValueError(f"a deal's verdict is GO, NO_GO or NEEDS_INFO, not {self.expect.verdict}")
        else:
            if self.icp is not None or self.expect.eligible is None:
                raise ValueError("a program has no icp and needs an eligible label")
            if self.expect.verdict not in typing.get_args(Readiness):
                raise ValueError(f"a program's verdict is a readiness, not {self.expect.verdict}")
        model = DealFacts if self.kind == "deal" else ProgramDraft
        for path in self.expect.fields:
            check_path(model, path)
        return self

    @property
    def messages(self) -> list[str]:
        """The person's messages in order: the turns of a chat, or the one text."""
        return list(self.turns) if self.turns is not None else [self.text or ""]


def load_case(path: Path) -> Case:
    """Read and validate one case file; its id must be its file stem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CaseError(f"Case file {path.name} cannot be read: {exc}", path=str(path)) from exc
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "case"
        raise CaseError(f"Case file {path.name} is invalid at {where}: {first['msg']}", path=str(path)) from exc
    if case.id != path.stem:
        raise CaseError(f"Case file {path.name} has id {case.id!r}, not its file name.", path=str(path))
    if path.parent.parent == CASES_DIR and KIND_DIRS[case.kind] != path.parent.name:
        raise CaseError(f"Case file {path.name} is a {case.kind} case in {path.parent.name}/.", path=str(path))
    return case


def load_cases(kind: Kind | None = None, root: Path = CASES_DIR) -> list[Case]:
    """Every case of the corpus (or of one kind), sorted by id; deals must name an existing program case."""
    cases = [load_case(p) for sub in KIND_DIRS.values() for p in sorted((root / sub).glob("*.toml"))]
    programs = {c.id for c in cases if c.kind == "program"}
    for case in cases:
        if case.kind == "deal" and case.icp not in programs:
            raise CaseError(f"Case {case.id} names icp {case.icp!r}, which is not a program case.")
    return sorted((c for c in cases if kind is None or c.kind == kind), key=lambda c: c.id)


# Whole notes written for the reader beyond evals/cases (no cassettes: measured on the offline reader only).
CORPUS_NOTES = Path(__file__).parent / "corpus"
SEALED_DIR = Path(__file__).parent / "sealed"


def sealed_rounds() -> dict[str, dict[str, Any]]:
    """The sealed rounds (evals/sealed/rounds.toml): their folders and whether they are still sealed or used."""
    return tomllib.loads((SEALED_DIR / "rounds.toml").read_text(encoding="utf-8"))


def load_sets(*, sealed: bool, round_name: str | None = None) -> list[Case]:
    """Every labelled whole note: evals/cases, the corpus notes-*/ folders and, when asked, the used sealed rounds
    (or the one round named, for its single measurement). A round still sealed is never loaded otherwise.

    Their deals name program cases of evals/cases as their ICP.
    """
    files = sorted(CORPUS_NOTES.glob("notes-*/*.toml"))
    rounds = sealed_rounds()
    if round_name is not None and round_name not in rounds:
        raise CaseError(f"There is no sealed round {round_name!r} in evals/sealed/rounds.toml.")
    chosen = [round_name] if round_name else [n for n, r in rounds.items() if sealed and r["status"] == "used"]
    cases = load_cases() + [load_case(p) for p in files]
    for name in chosen:
        for folder in rounds[name]["folders"]:
            for path in sorted((SEALED_DIR / folder).glob("*/*.toml")):
                case = load_case(path)
                case._round = name
                cases.append(case)
    programs = {c.id for c in cases if c.kind == "program"}
    for case in cases:
        if case.kind == "deal" and case.icp not in programs:
            raise CaseError(f"Case {case.id} names icp {case.icp!r}, which is not a program case.")
    return cases


def _segments(path: str) -> list[re.Match[str]]:
    found = [_SEGMENT.match(part) for part in path.split(".")]
    if not path or any(m is None for m in found):
        raise ValueError(f"bad field path {path!r}")
    return [m for m in found if m is not None]


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """The model or value type inside Optional[...] / list[...], and whether it was a list."""
    is_list = False
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin in (Union, types.UnionType) and len(args) == 1:
            annotation = args[0]
        elif origin is list:
            annotation, is_list = args[0], True
        else:
            return annotation, is_list


def check_path(model: type[BaseModel], path: str) -> None:
    """Raise ValueError unless `path` names a real attribute chain of `model`."""
    current: Any = model
    segments = _segments(path)
    for position, seg in enumerate(segments):
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            raise ValueError(f"field path {path!r} goes past a plain value at {seg['name']!r}")
        info = current.model_fields.get(seg["name"])
        if info is None:
            raise ValueError(f"field path {path!r}: {current.__name__} has no field {seg['name']!r}")
        current, is_list = _unwrap(info.annotation)
        indexed = seg["index"] is not None or seg["key"] is not None
        last = position == len(segments) - 1
        if indexed and not is_list:
            raise ValueError(f"field path {path!r}: {seg['name']!r} takes no index")
        if is_list and not indexed and not last:  # a whole list may be labelled ("unknown" = empty)
            raise ValueError(f"field path {path!r}: {seg['name']!r} needs an index")
        if seg["key"] is not None and seg["key"] not in current.model_fields:
            raise ValueError(f"field path {path!r}: {current.__name__} has no field {seg['key']!r}")


def field_value(model: BaseModel, path: str) -> Any:
    """The value at a dotted path ("buyers.decision_maker.title", "exclusions[kind=deal_size].threshold.amount").

    A missing step (None, an index past the end, no element with that attribute) gives None.
    """
    current: Any = model
    for seg in _segments(path):
        if current is None:
            return None
        if not hasattr(current, seg["name"]):
            raise ValueError(f"field path {path!r}: {type(current).__name__} has no field {seg['name']!r}")
        current = getattr(current, seg["name"])
        if seg["index"] is not None:
            index = int(seg["index"])
            current = current[index] if index < len(current) else None
        elif seg["key"] is not None:
            current = next((x for x in current if str(getattr(x, seg["key"])) == seg["want"]), None)
    return current


def _squash(text: str) -> str:
    return " ".join(text.lower().split())


def _same_place_or_industry(path: str, expected: str, actual: str) -> bool:
    """'us' is 'united states', 'payments' is inside 'fintech': the shared lexicon decides when it knows both."""
    inside = lexicon.place_inside if path == "region.value" else lexicon.industry_inside
    pattern = lexicon.place_pattern() if path == "region.value" else lexicon.industry_pattern()
    named = [m.group(0) for m in pattern.finditer(expected)] or [expected]  # "lending infrastructure" -> lending
    for phrase in named:
        if inside(actual, [phrase]) or inside(phrase, [actual]):
            return True
    return _squash(expected) in _squash(actual) or _squash(actual) in _squash(expected)


def compare(expected: FieldLabel, actual: Any, path: str = "") -> bool:
    """Does an extracted value satisfy a label? See the module docstring for the rules."""
    if expected == UNKNOWN:
        return actual is None or actual == UNKNOWN or actual == []
    if actual is None:
        return False
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and float(actual) == float(expected)
    last = path.rsplit(".", 1)[-1].split("[", 1)[0]
    if path in ("industry.value", "region.value") and isinstance(actual, str) and isinstance(expected, str):
        return _same_place_or_industry(path, expected, actual)
    if last in _TEXT_FIELDS and isinstance(actual, str):
        return _squash(expected) in _squash(actual)
    return expected == actual
