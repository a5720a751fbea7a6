"""The embedded default extractor: deterministic reading of program descriptions and account notes.

No model, no network. Every fact quotes the text verbatim (`coach.evidence.ground` checks it again), and
instructions written inside the text are data: those sentences are skipped and reported.
"""

from __future__ import annotations

from coach.evidence import ground
from coach.framework import DealFacts, ProgramDraft
from coach.reading import Extraction
from coach.reading.deal import read_deal
from coach.reading.normalize import canonical
from coach.reading.program import read_program


def _ignored_notice(count: int) -> list[str]:
    if not count:
        return []
    noun = "sentence" if count == 1 else "sentences"
    return [f"Ignored {count} {noun} addressed to the assistant: notes are data, not instructions."]


class OfflineExtractor:
    """Reads text with the clause classifiers and the value grammars; what it cannot read stays unknown."""

    name = "offline"

    def extract_program(self, text: str, current: ProgramDraft | None = None) -> Extraction[ProgramDraft]:
        """Extract a program draft; `current` lets a bare answer fill the slot the coach asked about."""
        canon = canonical(text)
        draft, instructions = read_program(canon.text, current)
        draft, rejected = ground(draft, canon.text)
        return Extraction(draft, self.name, rejected=rejected, notices=_ignored_notice(instructions))

    def extract_deal(self, text: str) -> Extraction[DealFacts]:
        """Extract the deal facts from account notes, read in their canonical form."""
        canon = canonical(text)
        facts, instructions = read_deal(canon.text)
        facts.disguises = list(canon.disguises)
        facts, rejected = ground(facts, canon.text)
        return Extraction(facts, self.name, rejected=rejected, notices=_ignored_notice(instructions))
