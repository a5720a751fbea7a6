"""Text -> framework models. Three extractors share one small protocol.

- offline.py: the embedded default, deterministic, no model.
- llm.py: instructor + litellm, with a model configured (COACH_MODEL).
- replay.py: recorded model responses played back through the same instructor + litellm calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from coach.config import Settings
from coach.errors import ExtractionError
from coach.framework import DealFacts, ProgramDraft

M = TypeVar("M")


@dataclass
class Extraction(Generic[M]):
    """What an extractor returns: grounded facts, and what it had to drop or say on the way."""

    facts: M
    extractor: str  # "offline", or the model's name
    rejected: list[str] = field(default_factory=list)  # quotes not found in the text: those facts are unknown
    notices: list[str] = field(default_factory=list)  # plain-words notes for the person (e.g. a fallback)
    usage: dict[str, float] = field(default_factory=dict)  # tokens and cost on the LLM path


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
        """Extract with the model, or offline with a notice saying why."""
        try:
            return self.primary.extract_deal(text)
        except ExtractionError as error:
            return _with_notice(self._offline().extract_deal(text), error)

    @staticmethod
    def _offline() -> Extractor:
        from coach.reading.offline import OfflineExtractor

        return OfflineExtractor()


def _with_notice(extraction: Extraction[M], error: ExtractionError) -> Extraction[M]:
    extraction.notices.insert(0, f"{error} The offline extractor read this text instead.")
    return extraction
