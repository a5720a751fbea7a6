"""Grounded answers from the knowledge index: extractive quotes offline, a model's answer when one is configured.

Every answer cites numbered passages; offline it is made only of source sentences quoted verbatim, and a model's
answer that cites nothing, or a passage it was not given, is replaced by the extractive one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from coach.knowledge.citations import Citation
from coach.knowledge.index import NOT_COVERED, Passage, nearest_topic, open_index, relevant_passages
from coach.knowledge.ranking import expand_query, tokenize

if TYPE_CHECKING:
    from coach.config import Settings


class Quote(BaseModel):
    """One piece of an offline answer, quoted verbatim from a cited passage: a sentence, a list or a table."""

    model_config = ConfigDict(extra="forbid")

    n: int = Field(description="The citation it comes from.")
    kind: Literal["sentence", "list", "table"]
    text: str = Field(default="", description="The sentence, or the lead-in of a list or table ('' when none).")
    items: list[str] = Field(default_factory=list, description="A list's items, each verbatim.")
    header: list[str] = Field(default_factory=list, description="A table's header cells.")
    rows: list[list[str]] = Field(default_factory=list, description="A table's rows, cells verbatim.")


class Answer(BaseModel):
    """A grounded answer: text with [n] markers, and the citations those markers point to."""

    model_config = ConfigDict(extra="forbid")

    answer: str = Field(description="The answer; offline it is only quoted source text with [n] markers.")
    citations: list[Citation] = Field(default_factory=list, description="Sources, numbered from 1.")
    quotes: list[Quote] = Field(default_factory=list, description="An offline answer's quotes, in reading order.")
    covered: bool = Field(default=True, description="False when the knowledge does not cover the question.")
    nearest: str | None = Field(
        default=None, description="For a question not covered: the nearest section ('doc#section'), if any."
    )


# --- a passage as blocks: paragraphs, lists and tables --------------------------------------------

LIST_LIMIT = 900  # characters of a list or table quoted after its lead-in; items beyond it are left out, never cut
_UNIT_SPLIT = re.compile(r"(?<=[.!?:])\s+(?=[A-Z\"'(\[])")
_ITEM = re.compile(r"^([-*+]|\d+[.)])\s+")


class _Block(NamedTuple):
    kind: Literal["para", "list", "table"]
    lines: list[str]  # sentences of a paragraph, items of a list, rows of a table (cells joined by " | ")
    header: list[str]


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _blocks(text: str) -> list[_Block]:
    """Paragraphs (hard-wrapped lines joined, split into sentences), lists (an item's wrapped lines joined) and
    tables (the header row apart), in reading order."""
    blocks: list[_Block] = []
    para: list[str] = []
    in_list = False
    lines = text.split("\n")

    def close_para() -> None:
        if para:
            joined = " ".join(para)
            blocks.append(_Block("para", [s.strip() for s in _UNIT_SPLIT.split(joined) if s.strip()], []))
            para.clear()

    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("|"):
            close_para()
            in_list = False
            header: list[str] = []
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if following.startswith("|") and set(following) <= set("|-: "):
                header, i = _cells(stripped), i + 2
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                if not set(row := lines[i].strip()) <= set("|-: "):
                    rows.append(" | ".join(_cells(row)))
                i += 1
            blocks.append(_Block("table", rows, header))
            continue
        if _ITEM.match(stripped):
            close_para()
            if not in_list:
                blocks.append(_Block("list", [], []))
            blocks[-1].lines.append(_ITEM.sub("", stripped))
            in_list = True
        elif not stripped:
            close_para()
            in_list = False
        elif in_list:
            blocks[-1].lines[-1] += f" {stripped}"  # an item's wrapped line
        else:
            para.append(stripped)
        i += 1
    close_para()
    return [b for b in blocks if b.lines]


def _units(text: str) -> list[str]:
    """Quotable units of a passage: sentences, list items and table rows (a table's header row is never one)."""
    return [line for block in _blocks(text) for line in block.lines if len(line) > 15]


# --- the extractive answer ------------------------------------------------------------------------


def _limited(lines: Sequence[str]) -> list[str]:
    kept, used = [], 0
    for line in lines:
        if kept and used + len(line) > LIST_LIMIT:
            break
        kept.append(line)
        used += len(line)
    return kept


def _quote(n: int, block: _Block, line: str, following: _Block | None) -> Quote:
    if block.kind == "table":
        return Quote(n=n, kind="table", header=block.header, rows=[_cells(line)])
    if block.kind == "list":
        return Quote(n=n, kind="list", items=[line])
    if line.endswith(":") and following is not None and following.kind != "para":
        if following.kind == "table":
            return Quote(
                n=n,
                kind="table",
                text=line,
                header=following.header,
                rows=[_cells(r) for r in _limited(following.lines)],
            )
        return Quote(n=n, kind="list", text=line, items=_limited(following.lines))
    return Quote(n=n, kind="sentence", text=line)


def render(quotes: Sequence[Quote]) -> str:
    """An offline answer as plain text: quoted sentences, lists and tables, each with its [n] marker."""
    parts: list[str] = []
    for q in quotes:
        lead = f'"{q.text}" [{q.n}]' if q.text else ""
        if q.kind == "sentence":
            parts.append(lead)
        elif q.kind == "list" and not lead and len(q.items) == 1:
            parts.append(f'"{q.items[0]}" [{q.n}]')
        elif q.kind == "list":
            items = [f'- "{item}"' for item in q.items]
            if not lead:
                items[-1] += f" [{q.n}]"
            parts.append("\n".join([lead, *items] if lead else items))
        else:
            width = max([len(q.header), *(len(r) for r in q.rows)])
            table = [f"| {' | '.join(q.header)} |", f"|{'---|' * width}"] if q.header else []
            table += [f"| {' | '.join(row)} |" for row in q.rows]
            parts.append("\n".join([lead or f"[{q.n}]", *table]))
    text = ""
    for part in parts:
        if not text:
            text = part
        elif "\n" in part or "\n" in text.rsplit("\n\n", 1)[-1]:
            text += f"\n\n{part}"
        else:
            text += f" {part}"
    return text


def extractive_answer(question: str, passages: Sequence[Passage], max_sentences: int = 3) -> Answer:
    """Answer with the source sentences, list items and table rows closest to the question, quoted verbatim and
    cited; a chosen lead-in that ends in ':' brings the list or table after it."""
    if not passages:
        return Answer(answer=NOT_COVERED, covered=False)
    wanted = set(expand_query(question))
    scored: list[tuple[float, int, int, int]] = []
    parsed = [_blocks(p.text) for p in passages]
    for rank, (passage, blocks) in enumerate(zip(passages, parsed, strict=True)):
        for b, block in enumerate(blocks):
            for position, unit in enumerate(block.lines):
                if len(unit) <= 15:
                    continue
                words = set(tokenize(unit))
                overlap = len(words & wanted) / (1 + 0.02 * len(words))
                if overlap > 0:
                    scored.append((overlap * passage.score, rank, b, position))
    if not scored:
        return Answer(answer=NOT_COVERED, covered=False)
    ranked = sorted(scored, key=lambda s: -s[0])
    best = sorted((s for s in ranked[:max_sentences] if s[0] >= 0.5 * ranked[0][0]), key=lambda s: s[1:])
    numbers: dict[int, int] = {}
    quotes: list[Quote] = []
    taken: set[tuple[int, int]] = set()  # blocks already quoted whole after a lead-in
    last: tuple[int, int] | None = None
    for _, rank, b, position in best:
        if (rank, b) in taken:
            continue
        n = numbers.setdefault(rank, len(numbers) + 1)
        blocks = parsed[rank]
        block = blocks[b]
        quote = _quote(n, block, block.lines[position], blocks[b + 1] if b + 1 < len(blocks) else None)
        if quote.kind != "sentence" and quote.text:
            taken.add((rank, b + 1))
        if quotes and last == (rank, b) and block.kind != "para":  # more of the same list or table
            quotes[-1].items.extend(quote.items)
            quotes[-1].rows.extend(quote.rows)
        else:
            quotes.append(quote)
        last = (rank, b)
    citations = [_citation(n, passages[rank]) for rank, n in numbers.items()]
    return Answer(answer=render(quotes), citations=citations, quotes=quotes)


def _citation(n: int, passage: Passage) -> Citation:
    return Citation(
        n=n,
        source=f"{passage.doc}#{passage.section}",
        doc=passage.doc,
        section=passage.heading,
        text=passage.text,
        chunk_id=passage.chunk_id,
        reason="question",
    )


def model_answer(question: str, passages: Sequence[Passage], complete: Callable[[str], str]) -> Answer:
    """Ask a model to answer from the passages only; fall back to the extractive answer if it cites badly."""
    if not passages:
        return Answer(answer=NOT_COVERED, covered=False)
    numbered = "\n\n".join(f"[{i}] ({p.doc}, {p.heading})\n{p.text}" for i, p in enumerate(passages, start=1))
    prompt = (
        "Answer the question using only the numbered passages below. Cite every claim with its passage "
        f'number in square brackets, like [1]. If the passages do not answer it, reply exactly "{NOT_COVERED}"\n\n'
        f"Passages:\n{numbered}\n\nQuestion: {question}\nAnswer:"
    )
    reply = complete(prompt).strip()
    if reply == NOT_COVERED:
        return Answer(answer=NOT_COVERED, covered=False)
    cited = [int(n) for n in re.findall(r"\[(\d+)\]", reply)]
    if not cited or any(not 1 <= n <= len(passages) for n in cited):
        return extractive_answer(question, passages)  # an uncited or invented citation is never shown
    used = sorted(set(cited))
    return Answer(answer=reply, citations=[_citation(n, passages[n - 1]) for n in used])


def answer_question(
    question: str, settings: Settings, k: int = 3, complete: Callable[[str], str] | None = None
) -> Answer:
    """Answer from the framework with numbered citations; offline (extractive) unless a model is configured."""
    index = open_index(settings)
    passages = relevant_passages(index, question, k)
    if complete is not None and settings.uses_model:
        answer = model_answer(question, passages, complete)
    else:
        answer = extractive_answer(question, passages)
    return answer if answer.covered else _with_nearest(answer, nearest_topic(index, question))


def _with_nearest(answer: Answer, nearest: Passage | None) -> Answer:
    """A not-covered answer that names the closest framework section, when the question shares words with one."""
    if nearest is None:
        return answer
    source = f"{nearest.doc}#{nearest.section}"
    text = f'{NOT_COVERED} The nearest framework topic is "{nearest.heading}" ({source}).'
    return answer.model_copy(update={"answer": text, "nearest": source})
