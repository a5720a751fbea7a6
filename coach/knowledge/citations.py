"""The one citation model, and the framework passages a coaching reply rests on: the one behind the current gap,
and answers to questions.

Passages come from the knowledge index (coach/knowledge/index.py) when it can be opened; otherwise the section a rule
cites is read straight from its document, so an offline reply always quotes the framework.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field

from coach.config import KNOWLEDGE_DIR, Settings
from coach.errors import CoachError
from coach.framework import Finding, Grade, Strict
from coach.knowledge.documents import load_documents, slugify
from coach.rules.catalog import PROGRAM_ORDER, QUESTIONS

Search = Callable[[str, int], list[Any]]
QUESTION_COVERAGE = 0.5  # a passage sharing less of the question's words does not answer it
_QUESTION_START = re.compile(r"^\s*(what|why|how|when|who|which|where|should|can|could|do|does|is|are)\b", re.I)


class Citation(Strict):
    """A framework or playbook passage that an answer or a coaching reply rests on."""

    source: str = Field(description="doc.md#section")
    doc: str
    section: str = Field(description="The section's heading.")
    text: str | None = Field(default=None, description="The passage; None when the knowledge is not available.")
    chunk_id: str | None = None
    reason: str = Field(description="The rule id the passage backs, or 'question' for the person's question.")
    n: int | None = Field(default=None, description="Its number in an answer's text, as [n].")


def gap_finding(grade: Grade) -> Finding | None:
    """The finding the next question closes: blocking first, then in framework order."""
    if not grade.findings:
        return None
    return min(grade.findings, key=lambda f: (f.severity != "blocking", PROGRAM_ORDER.index(f.rule)))


# --- Passages ------------------------------------------------------------------------------------


def _sections(knowledge_dir: Path) -> list[tuple[str, str, str]]:
    """Every (doc, heading, body) of the framework documents, for reading a section without the index."""
    return list(_framework_sections(knowledge_dir))


@lru_cache(maxsize=4)
def _framework_sections(knowledge_dir: Path) -> tuple[tuple[str, str, str], ...]:
    documents = load_documents(knowledge_dir=knowledge_dir)
    return tuple((d.doc, s.heading, s.text) for d in documents for s in d.sections)


def _trimmed(text: str, limit: int) -> str:
    """A passage cut at a word boundary, keeping its list lines."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        # Hard-wrapped prose joins its paragraph; list items and new paragraphs start a line.
        if lines and line and lines[-1] and not re.match(r"^([-*+]|\d+\.)\s", line):
            lines[-1] += " " + line
        elif line or (lines and lines[-1]):
            lines.append(line)
    text = "\n".join(lines).strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def section_passage(source: str, reason: str, knowledge_dir: Path = KNOWLEDGE_DIR, limit: int = 600) -> Citation:
    """The section a rule cites, read straight from its markdown document (no index needed)."""
    doc, _, anchor = source.partition("#")
    for name, heading, body in _sections(knowledge_dir):
        if name == doc and slugify(heading) == anchor:
            return Citation(source=source, doc=doc, section=heading, text=_trimmed(body, limit), reason=reason)
    return Citation(source=source, doc=doc, section=anchor.replace("-", " ").capitalize(), reason=reason)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3}


def closest_sections(question: str, knowledge_dir: Path = KNOWLEDGE_DIR, k: int = 1) -> list[Citation]:
    """Sections sharing the most words with a question (headings count triple): the no-index fallback."""
    asked = _words(question)
    scored = []
    for doc, heading, body in _sections(knowledge_dir):
        score = 3 * len(asked & _words(heading)) + len(asked & _words(body))
        if score >= 3:
            scored.append((score, doc, heading, body))
    scored.sort(key=lambda row: -row[0])
    return [
        Citation(
            source=f"{doc}#{slugify(heading)}", doc=doc, section=heading, text=_trimmed(body, 600), reason="question"
        )
        for _, doc, heading, body in scored[:k]
    ]


def _citation(passage: Any, reason: str) -> Citation:
    doc, section = str(passage.doc), str(getattr(passage, "heading", None) or passage.section)
    text = _trimmed(str(passage.text), 600)
    return Citation(
        source=f"{doc}#{slugify(section)}",
        doc=doc,
        section=section,
        text=text,
        chunk_id=passage.chunk_id,
        reason=reason,
    )


def default_search(settings: Settings | None = None) -> Search | None:
    """The knowledge index's search, or None while the index cannot be opened."""
    from coach.knowledge.index import open_index

    chosen = settings or Settings.from_env()
    try:
        open_index(chosen)
    except CoachError:
        return None
    # Each search reopens the index, which costs a revision check: a playbook added or removed while a chat runs
    # is searched (or gone) at the next turn.
    return lambda query, k: open_index(chosen).search(query, k)


def is_question(message: str) -> bool:
    """True when the person asked something rather than only stated facts."""
    return "?" in message or bool(_QUESTION_START.match(message))


def find_citations(grade: Grade, message: str, search: Search | None) -> tuple[list[Citation], list[str]]:
    """The passage behind the gap the next question closes, and passages for the person's question."""
    finding, notices, found = gap_finding(grade), [], []
    if search is None:
        notices.append("The knowledge index is not available, so passages are read straight from the documents.")
    if finding is not None:
        doc, _, anchor = finding.source.partition("#")
        hits = _searched(search, f"{finding.message} {QUESTIONS[finding.rule]}", 5, notices)
        hit = next((h for h in hits if str(h.doc) == doc and slugify(str(h.section)) == anchor), None)
        if hit is not None:
            found.append(_citation(hit, finding.rule))
        else:
            found.append(section_passage(finding.source, finding.rule))
    if is_question(message):
        hits = [
            _citation(h, "question")
            for h in _searched(search, message, 2, notices)
            if getattr(h, "coverage", 1.0) >= QUESTION_COVERAGE
        ]
        for citation in hits if search is not None else closest_sections(message):
            if all(c.source != citation.source for c in found):
                found.append(citation)
    return found, list(dict.fromkeys(notices))


def _searched(search: Search | None, query: str, k: int, notices: list[str]) -> list[Any]:
    if search is None:
        return []
    try:
        return list(search(query, k))
    except CoachError as exc:
        notices.append(f"The knowledge search failed ({exc}); passages are read straight from the documents.")
        return []
