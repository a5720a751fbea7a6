"""Text -> framework models. Three extractors share one small protocol.

- offline.py: the embedded default, deterministic, no model.
- llm.py: instructor + litellm, with a model configured (COACH_MODEL).
- replay.py: recorded model responses played back through the same instructor + litellm calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from coach.config import Settings
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
    """The extractor the settings ask for: the model when COACH_MODEL is set, else the offline one."""
    settings = settings or Settings.from_env()
    if settings.uses_model:
        from coach.extract.llm import LLMExtractor

        return LLMExtractor(settings)
    from coach.extract.offline import OfflineExtractor

    return OfflineExtractor()
