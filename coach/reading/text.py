"""Reading a person's text for the offline extractor: segments with offsets, sections, money, counts.

Every segment is a slice of the original text, so any quote built from one occurs there verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.reading.vocabulary import QUESTION_TOPICS

# A heading or label that opens a section: "Buyer:", "## Exclusions", "TRIGGER -", "Who signs?".
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*|\*\*)?(?P<label>[A-Za-z][A-Za-z /&'()-]{1,40}?)\s*(?:\*\*)?\s*(?::|-{1,2}|\?)?\s*$"
)
_LABEL_AT_START = re.compile(r"^\s*(?:[-*\u2022>]\s*)?(?P<label>[A-Za-z][A-Za-z /&'-]{1,30}?)\s*[:.]\s+\S")

SECTION_WORDS: dict[str, tuple[str, ...]] = {
    "icp": (
        "icp",
        "who",
        "ideal customer",
        "target market",
        "target accounts",
        "who we sell to",
        "segment",
        "customers",
    ),
    "evidence": ("evidence", "what we've seen", "history", "track record", "results", "data"),
    "buyer": ("buyer", "buyers", "buyer map", "buying group", "roles", "personas", "who signs", "stakeholders"),
    "trigger": ("trigger", "triggers", "why now", "buying trigger", "timing"),
    "metric": ("success metric", "success metrics", "metric", "metrics", "kpi", "kpis", "how they measure"),
    "trust": ("trust", "partner trust", "standing", "credibility", "trust threshold"),
    "leverage": ("leverage", "leverage zones", "where partners help", "partner role", "partner value"),
    "noise": ("noise", "risks", "noise risks", "where partners hurt"),
    "exclusions": (
        "exclusions",
        "exclusion rules",
        "exclude",
        "excl",
        "where partners are not allowed",
        "no-go",
        "never",
    ),
}


@dataclass(frozen=True)
class Segment:
    """A sentence, bullet or line of the text, with where it starts and the section it sits in."""

    text: str
    start: int
    section: str | None
    topic: str | None = None  # the question this segment answers, in a transcript or email

    @property
    def lower(self) -> str:
        """The segment in lower case, for matching."""
        return self.text.lower()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Absolute offsets of a match inside this segment."""
        return self.start + start, self.start + end


def section_of(label: str) -> str | None:
    """The framework section a heading or label names, if any."""
    label = label.strip().lower().rstrip(":?").strip()
    for section, words in SECTION_WORDS.items():
        if label in words or any(label.startswith(w) for w in words if len(w) > 4):
            return section
    return None


# Sentence ends: ". " "? " "! " ";" and " | " (CRM fields). A period inside numbers or "e.g." stays put.
_SPLIT = re.compile(
    r"(?<=[.!?;])\s+(?=[\"'(\[A-Z0-9$\u20ac\u00a3-])|\s+\|\s+|;\s*|\s+/\s+(?=[A-Z][A-Za-z ]{1,20}\s*[=:])"
)


def segments(text: str) -> list[Segment]:
    """Split text into segments (lines, then sentences), tagging each with the section heading above it."""
    found: list[Segment] = []
    section: str | None = None
    topic: str | None = None
    answers_left = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        stripped = line.strip()
        if not stripped:
            continue
        heading = _HEADING.match(stripped)
        if heading and len(stripped) < 45 and section_of(heading.group("label")):
            section = section_of(heading.group("label"))
            continue
        labelled = _LABEL_AT_START.match(line)
        line_section = section_of(labelled.group("label")) if labelled else None
        pos = 0
        for piece in [*_SPLIT.split(line), ""]:
            if not piece:
                continue
            at = line.find(piece, pos)
            pos = at + len(piece)
            body = piece.strip().lstrip("-*\u2022>").strip()
            if len(body) < 2:
                continue
            asked = _question_topic(body)
            current = topic if answers_left > 0 and not asked else None
            found.append(Segment(body, line_start + line.find(body, at), line_section or section, current))
            if asked:
                topic, answers_left = asked, 3
            elif answers_left and not _CHAT_HEADER.match(body):  # "Dana Okafor  9:26 AM" is not an answer
                answers_left -= 1
    return found


_CHAT_HEADER = re.compile(r"^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+)*\s+\d{1,2}:\d{2}\s*(?:AM|PM|am|pm)?$")


def _question_topic(body: str) -> str | None:
    if not body.rstrip().endswith("?"):
        return None
    return next((topic for topic, pattern in QUESTION_TOPICS if pattern.search(body)), None)


_CLAUSE_BREAK = re.compile(r",\s+(?:and\s+|but\s+)?|\s+(?:and|but)\s+(?=they\b|it\b|we\b|he\b|she\b)|;\s*|\s+-\s+")


def clauses(seg: Segment) -> list[Segment]:
    """The comma-separated clauses of a segment, each a segment of its own (same section and topic)."""
    parts, pos = [], 0
    for m in [*_CLAUSE_BREAK.finditer(seg.text), None]:
        end = m.start() if m else len(seg.text)
        piece = seg.text[pos:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            parts.append(Segment(piece.strip(), seg.start + pos + lead, seg.section, seg.topic))
        pos = m.end() if m else pos
    return parts


def clause(seg: Segment, start: int, end: int) -> tuple[str, int]:
    """The clause of `seg` around a match: from the previous comma, dash or long lead-in colon to the next one."""
    text = seg.text
    colon = text.rfind(": ", 0, start)
    # "Status on Corva (Charlotte): we are in redlines" starts the clause after the colon;
    # a short label ("stage: eval") stays in the quote.
    lead_in = colon if colon > 30 else -1
    left = max(text.rfind(", ", 0, start), text.rfind(" - ", 0, start), text.rfind(" \u2014 ", 0, start), lead_in)
    left = 0 if left < 0 else left + 2
    rights = [i for i in (text.find(", ", end), text.find(" - ", end), text.find(" \u2014 ", end)) if i >= 0]
    right = min(rights) if rights else len(text)
    piece = text[left:right].strip(" ,.;:-")
    return piece, seg.start + text.find(piece, left)


def shorten(text: str, limit: int) -> str:
    """A value of at most `limit` characters, cut at a word boundary, never inside a word."""
    text = text.strip(" .;,:-")
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text.split(" ", 1)[0]
    return cut.rstrip(" ,;:-")
