"""Grounded answers from the knowledge index: extractive quotes offline, a model's answer when one is configured.

Every answer cites numbered passages; offline it is made only of source sentences quoted verbatim, and a model's
answer that cites nothing, or a passage it was not given, is replaced by the extractive one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from coach.ranking import expand_query, tokenize
from coach.retrieval import NOT_COVERED, Passage, open_index, relevant_passages

if TYPE_CHECKING:
    from coach.config import Settings


class Citation(BaseModel):
    """A numbered source of an answer."""

    model_config = ConfigDict(extra="forbid")

    n: int = Field(description="The number used in the answer, as [n].")
    chunk_id: str = Field(description="Stable chunk id.")
    doc: str = Field(description="Document file name.")
    section: str = Field(description="Section slug.")
    text: str = Field(description="The cited passage.")


class Answer(BaseModel):
    """A grounded answer: text with [n] markers, and the citations those markers point to."""

    model_config = ConfigDict(extra="forbid")

    answer: str = Field(description="The answer; offline it is only quoted source sentences with [n] markers.")
    citations: list[Citation] = Field(default_factory=list, description="Sources, numbered from 1.")


_UNIT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(\[])")


def _blocks(text: str) -> list[str]:
    """Paragraphs, bullet items and table rows, with hard-wrapped lines joined by one space."""
    blocks: list[str] = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = line.strip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not stripped or set(stripped) <= set("|-: "):
            blocks.append("")
        elif stripped.startswith("|") and following.startswith("|") and set(following) <= set("|-: "):
            blocks.append("")  # a table's header row ("Stage | Action") says nothing on its own
        elif stripped.startswith("|"):
            blocks.extend([stripped.strip("|").strip(), ""])  # a row is one unit, cells joined as written
        elif re.match(r"^([-*]|\d+\.)\s+", stripped):
            blocks.append(re.sub(r"^([-*]|\d+\.)\s+", "", stripped))
        elif blocks and blocks[-1]:
            blocks[-1] = f"{blocks[-1]} {stripped}"
        else:
            blocks.append(stripped)
    return [b for b in blocks if b]


def _units(text: str) -> list[str]:
    """Quotable units of a passage: sentences, bullet items and table rows."""
    return [s.strip() for block in _blocks(text) for s in _UNIT_SPLIT.split(block) if len(s.strip()) > 15]


def extractive_answer(question: str, passages: Sequence[Passage], max_sentences: int = 3) -> Answer:
    """Answer with the source sentences closest to the question, quoted verbatim and cited."""
    if not passages:
        return Answer(answer=NOT_COVERED)
    wanted = set(expand_query(question))
    scored: list[tuple[float, int, int, str]] = []
    for rank, passage in enumerate(passages):
        for position, unit in enumerate(_units(passage.text)):
            words = set(tokenize(unit))
            overlap = len(words & wanted) / (1 + 0.02 * len(words))
            if overlap > 0:
                scored.append((overlap * passage.score, rank, position, unit))
    if not scored:
        return Answer(answer=NOT_COVERED)
    ranked = sorted(scored, key=lambda s: -s[0])
    best = [s for s in ranked[:max_sentences] if s[0] >= 0.5 * ranked[0][0]]  # only near-best sentences
    best.sort(key=lambda s: (s[1], s[2]))  # read in source order: passage rank, then position
    numbers: dict[int, int] = {}
    for _, rank, _, _ in best:
        numbers.setdefault(rank, len(numbers) + 1)
    text = " ".join(f'"{unit}" [{numbers[rank]}]' for _, rank, _, unit in best)
    return Answer(answer=text, citations=[_citation(n, passages[rank]) for rank, n in numbers.items()])


def _citation(n: int, passage: Passage) -> Citation:
    return Citation(n=n, chunk_id=passage.chunk_id, doc=passage.doc, section=passage.section, text=passage.text)


def model_answer(question: str, passages: Sequence[Passage], complete: Callable[[str], str]) -> Answer:
    """Ask a model to answer from the passages only; fall back to the extractive answer if it cites badly."""
    if not passages:
        return Answer(answer=NOT_COVERED)
    numbered = "\n\n".join(f"[{i}] ({p.doc}, {p.heading})\n{p.text}" for i, p in enumerate(passages, start=1))
    prompt = (
        "Answer the question using only the numbered passages below. Cite every claim with its passage "
        f'number in square brackets, like [1]. If the passages do not answer it, reply exactly "{NOT_COVERED}"\n\n'
        f"Passages:\n{numbered}\n\nQuestion: {question}\nAnswer:"
    )
    reply = complete(prompt).strip()
    if reply == NOT_COVERED:
        return Answer(answer=NOT_COVERED)
    cited = [int(n) for n in re.findall(r"\[(\d+)\]", reply)]
    if not cited or any(not 1 <= n <= len(passages) for n in cited):
        return extractive_answer(question, passages)  # an uncited or invented citation is never shown
    used = sorted(set(cited))
    return Answer(answer=reply, citations=[_citation(n, passages[n - 1]) for n in used])


def answer_question(
    question: str, settings: Settings, k: int = 3, complete: Callable[[str], str] | None = None
) -> Answer:
    """Answer from the framework with numbered citations; offline (extractive) unless a model is configured."""
    passages = relevant_passages(open_index(settings), question, k)
    if complete is not None and settings.uses_model:
        return model_answer(question, passages, complete)
    return extractive_answer(question, passages)
