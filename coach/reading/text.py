"""Reading a person's text for the offline extractor: segments with offsets, sections, money, counts.

Every segment is a slice of the original text, so any quote built from one occurs there verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.framework import Money
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


# --- Numbers and money ---------------------------------------------------------------------------

_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "dollar": "USD", "€": "EUR",
                   "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pounds": "GBP",
                   "pound": "GBP", "cad": "CAD", "c$": "CAD", "aud": "AUD", "a$": "AUD", "chf": "OTHER",
                   "sek": "OTHER", "inr": "OTHER", "jpy": "OTHER"}  # fmt: skip
_MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9,
                "billion": 1e9}  # fmt: skip
_CUR = r"(?:US\$|C\$|A\$|\$|€|£|USD|EUR|GBP|CAD|AUD|CHF|SEK)"
_NUM = r"\d{1,3}(?:[,.]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
_MULT = r"(?:k|K|mm|MM|mn|m|M|bn|BN|b|B|thousand|million|billion)\b"
_PERIOD = (
    r"(?:ARR|ACV|MRR|TCV|annual(?:ly)?|a year|per year|/\s?yr|/\s?year|per annum|p\.a\.|yearly|"
    r"per month|a month|/\s?mo(?:nth)?|monthly|one[- ]time|one[- ]off)"
)
MONEY = re.compile(
    rf"(?P<cur>{_CUR})\s?~?\s?(?P<num>{_NUM})\s?(?P<mult>{_MULT})?\s?(?P<cur2>(?:USD|EUR|GBP|euros?|dollars|pounds)\b)?"
    rf"\s?(?P<per>{_PERIOD})?"
    rf"|~?(?P<num2>{_NUM})\s?(?P<mult2>{_MULT})?\s?(?P<cur3>(?:USD|EUR|GBP|CAD|AUD|euros?|dollars|pounds)\b)"
    rf"\s?(?P<per2>{_PERIOD})?"
    rf"|~?(?P<num3>{_NUM})\s?(?P<mult3>{_MULT})?\s?(?P<per3>ARR|ACV|MRR|TCV)\b",
    re.IGNORECASE,
)


_MONEY_RANGE = re.compile(
    rf"(?P<cur>{_CUR})\s?(?P<lo>{_NUM})\s?(?P<lomult>{_MULT})?\s?(?:-|–|to)\s?(?:{_CUR})?\s?(?P<hi>{_NUM})\s?(?P<himult>{_MULT})?",
    re.IGNORECASE,
)


def find_money_range(text: str) -> tuple[float, float, str, int, int] | None:
    """'EUR 200M–2B', '$50M-$500M': both ends in the first currency, with the span."""
    m = _MONEY_RANGE.search(text)
    if not m:
        return None
    currency = _CURRENCY_SIGNS.get(m.group("cur").lower(), "USD")
    lo = parse_number(m.group("lo"), m.group("lomult"))
    hi = parse_number(m.group("hi"), m.group("himult") or m.group("lomult"))
    return lo, hi, currency, m.start(), m.end()


def parse_number(raw: str, mult: str | None = None) -> float:
    """'1,200' -> 1200; '1.2' with 'M' -> 1200000; '80.000' (European thousands) -> 80000."""
    raw = raw.strip()
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+", raw):
        value = float(re.sub(r"[,.]", "", raw))
    else:
        value = float(raw.replace(",", "."))
    return value * _MULTIPLIERS.get((mult or "").lower(), 1.0)


def _period(raw: str | None) -> str:
    raw = (raw or "").lower()
    if not raw:
        return "unspecified"
    if raw in {"mrr", "monthly"} or "mo" in raw:
        return "monthly"
    if "one" in raw:
        return "one_time"
    return "annual"


def find_money(text: str) -> list[tuple[Money, int, int]]:
    """Every amount of money in `text` with its span: '$~175k ARR', 'EUR 80k', 'GBP 50k per year', '60k ARR'."""
    found = []
    for m in MONEY.finditer(text):
        num = m.group("num") or m.group("num2") or m.group("num3")
        mult = m.group("mult") or m.group("mult2") or m.group("mult3")
        sign = (m.group("cur") or m.group("cur2") or m.group("cur3") or "$").lower()
        currency = _CURRENCY_SIGNS.get(sign, _CURRENCY_SIGNS.get(sign.rstrip("s"), "USD"))
        period = _period(m.group("per") or m.group("per2") or m.group("per3"))
        found.append((Money(amount=parse_number(num, mult), currency=currency, period=period), m.start(), m.end()))
    return found


_RANGE = re.compile(
    rf"(?P<lo>{_NUM})\s?(?P<lomult>k|K)?\s?(?:-|–|to|and)\s?(?P<hi>{_NUM})\s?(?P<himult>k|K)?\+?\s*"
    r"(?:employees|staff|people|FTEs?|emp\b|headcount|seats|lawyers|attorneys|beds|units|stores|locations|sites|"
    r"clinics|practices|properties|branches|agents|users|members|students)",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(
    rf"(?:(?:over|more than|above|at least|min(?:imum)?\.?|>=?)\s?(?P<lo>{_NUM})\s?(?P<lomult>k|K)?|"
    rf"(?P<lo2>{_NUM})\s?(?P<lomult2>k|K)?\s?\+)\s*(?:employees|staff|people|FTEs?|emp\b)",
    re.IGNORECASE,
)
_AT_MOST = re.compile(
    rf"(?:under|fewer than|less than|below|up to|max(?:imum)?\.?|<=?)\s?(?P<hi>{_NUM})\s?(?P<himult>k|K)?\s*"
    r"(?:employees|staff|people|FTEs?|emp\b)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?:headcount|employees|staff|FTEs?)\s?(?::|=|of|is|~|about|around)?\s?~?(?P<n>{_NUM})\s?(?P<mult>k|K)?\b|"
    rf"~?(?P<n2>{_NUM})\s?(?P<mult2>k|K)?\+?\s*(?:employees|staff|people|FTEs?|emp\b|person company|-person\b)",
    re.IGNORECASE,
)


def find_size_bounds(text: str) -> tuple[float | None, float | None, int, int] | None:
    """Employee-count bounds stated as a range, a floor or a ceiling, with the span."""
    if m := _RANGE.search(text):
        lo = parse_number(m.group("lo"), m.group("lomult") or m.group("himult"))
        return lo, parse_number(m.group("hi"), m.group("himult")), m.start(), m.end()
    if m := _AT_LEAST.search(text):
        raw, mult = (m.group("lo"), m.group("lomult")) if m.group("lo") else (m.group("lo2"), m.group("lomult2"))
        return parse_number(raw, mult), None, m.start(), m.end()
    if m := _AT_MOST.search(text):
        return None, parse_number(m.group("hi"), m.group("himult")), m.start(), m.end()
    return None


def find_count(text: str) -> tuple[float, int, int] | None:
    """One stated employee count: 'headcount: 1,200', '~800 employees'."""
    m = _COUNT.search(text)
    if not m:
        return None
    raw, mult = (m.group("n"), m.group("mult")) if m.group("n") else (m.group("n2"), m.group("mult2"))
    return parse_number(raw, mult), m.start(), m.end()
