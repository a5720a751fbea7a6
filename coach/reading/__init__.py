"""Text -> framework models. Three extractors share one small protocol.

- offline.py: the embedded default, deterministic, no model.
- llm.py: instructor + litellm, with a model configured (COACH_MODEL).
- replay.py: recorded model responses played back through the same instructor + litellm calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from coach.config import Settings
from coach.errors import ExtractionError
from coach.framework import STAGE_ORDER, DealFacts, FactConflict, ProgramDraft, TrustAnswer

M = TypeVar("M")


@dataclass
class Extraction(Generic[M]):
    """What an extractor returns: grounded facts, and what it had to drop or say on the way."""

    facts: M
    extractor: str  # "offline", or the model's name
    rejected: list[str] = field(default_factory=list)  # quotes not found in the text: those facts are unknown
    notices: list[str] = field(default_factory=list)  # plain-words notes for the person (e.g. a fallback)
    usage: dict[str, float] = field(default_factory=dict)  # tokens and cost on the LLM path
    prompt_hash: str | None = None  # SHA-256 of the request sent to a model (messages and tool schema); None offline


class Extractor(Protocol):
    """Anything that turns a person's text into framework models, with evidence."""

    name: str

    def extract_program(self, text: str, current: ProgramDraft | None = None) -> Extraction[ProgramDraft]:
        """Extract a program draft from a description (or one chat message, given the draft so far)."""
        ...

    def extract_deal(self, text: str) -> Extraction[DealFacts]:
        """Extract the deal facts from account notes."""
        ...


def get_extractor(settings: Settings | None = None) -> Extractor:
    """The extractor the settings ask for: the model when COACH_MODEL is set, else the offline one.

    With a model, failures of the model (timeout, rate limit, auth, malformed output) fall back to
    the offline extractor for that turn, with a notice; COACH_REPLAY replays recorded responses.
    """
    settings = settings or Settings.from_env()
    if settings.uses_model:
        from coach.reading.llm import LLMExtractor

        return FallbackExtractor(LLMExtractor(settings))
    if settings.replay is not None or settings.record:
        raise ExtractionError(
            "COACH_REPLAY and COACH_RECORD need COACH_MODEL: the model whose responses are replayed or recorded.",
            kind="config",
        )
    from coach.reading.offline import OfflineExtractor

    return OfflineExtractor()


class FallbackExtractor:
    """The model's extractor; when the model fails, the offline extractor reads the same text."""

    def __init__(self, primary: Extractor) -> None:
        self.primary = primary
        self.name = primary.name

    def extract_program(self, text: str, current: ProgramDraft | None = None) -> Extraction[ProgramDraft]:
        """Extract with the model, or offline with a notice saying why."""
        try:
            return self.primary.extract_program(text, current)
        except ExtractionError as error:
            return _with_notice(self._offline().extract_program(text, current), error)

    def extract_deal(self, text: str) -> Extraction[DealFacts]:
        """Extract with the model and cross-check with the offline reader, or read offline with a notice."""
        try:
            extraction = self.primary.extract_deal(text)
        except ExtractionError as error:
            return _with_notice(self._offline().extract_deal(text), error)
        offline = self._offline().extract_deal(text)
        if cross_check(extraction.facts, offline.facts):
            extraction.notices.append(
                "The offline reader found facts that exclude this partner which the model missed or read "
                "otherwise; they are shown as conflicts until a person says which is true."
            )
        return extraction

    @staticmethod
    def _offline() -> Extractor:
        from coach.reading.offline import OfflineExtractor

        return OfflineExtractor()


# Facts whose value alone can exclude the partner (a NO GO): the offline reader's reading of them stands
# against the model's. Each entry: the fact, how to show its value, and whether a value is a NO GO kind of value.
_EXCLUDING: dict[str, tuple[Callable[[Any], str], Callable[[Any], bool]]] = {
    "stage": (lambda f: f.stage, lambda f: STAGE_ORDER.index(f.stage) >= STAGE_ORDER.index("proposal")),
    "buyer_trusts_vendor": (lambda f: str(f.value).lower(), lambda f: f.value),
    "repeatable_direct_motion": (lambda f: str(f.value).lower(), lambda f: f.value),
    "trigger": (lambda f: "present" if f.present else "absent", lambda f: not f.present),
    "leverage": (lambda f: "named" if f.present else "none", lambda f: not f.present),
    "deal_size": (
        lambda f: (
            f"{f.money.currency} {f.money.amount:,.0f} per unit"
            if f.money.period == "per_unit"
            else f"{f.money.currency} {f.money.annual_amount():,.0f} a year"
        ),
        lambda f: True,
    ),
}
_SURE = 0.6  # the offline reader's confidence at which its reading stands against the model's


def cross_check(model: DealFacts, offline: DealFacts) -> bool:
    """Record a conflict wherever the offline reader read an excluding fact surely and the model missed it or read
    it otherwise; the model's fact then counts as unknown. True when any conflict was added."""
    added = False
    for name, (show, excludes) in _EXCLUDING.items():
        theirs, ours = getattr(offline, name), getattr(model, name)
        if theirs is None or (theirs.confidence or 0) < _SURE or not excludes(theirs):
            continue
        if ours is not None and show(ours) == show(theirs):
            continue
        model.conflicts.append(
            FactConflict(
                fact=name,
                values=[show(ours) if ours is not None else "not read by the model", show(theirs)],
                quotes=[ours.quote if ours is not None else "", theirs.quote],
            )
        )
        setattr(model, name, None)
        added = True
    for question in ("prior_relationship", "category_credibility", "speaks_success_metric", "referenceable_proof"):
        theirs, ours = getattr(offline.trust, question), getattr(model.trust, question)
        if theirs.answer == "no" and ours.answer != "no":
            model.conflicts.append(
                FactConflict(
                    fact=f"trust.{question}", values=[ours.answer, "no"], quotes=[ours.quote or "", theirs.quote or ""]
                )
            )
            setattr(model.trust, question, TrustAnswer())
            added = True
    return added


def _with_notice(extraction: Extraction[M], error: ExtractionError) -> Extraction[M]:
    extraction.notices.insert(0, f"{error} The offline extractor read this text instead.")
    return extraction
