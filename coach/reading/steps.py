"""Shared reading steps of the offline extractor: usable segments, quoted facts, roles, money in context."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TypeVar

from coach.framework import STAGE_ORDER, Fact, Money
from coach.reading import vocabulary as v
from coach.reading.money import find_money
from coach.reading.text import Segment, clause, segments

F = TypeVar("F", bound=Fact)

_LEADING_FILLER = {"the", "a", "an", "their", "our", "probably", "likely", "usually", "normally"}
_LEADING_FILLER_EXACT = {"it", "is", "it's", "its", "It", "Is", "It's", "Its"}  # never "IT", the department
_TITLE_STOP = {
    "and", "who", "but", "will", "would", "signs", "sign", "is", "has", "have", "with", "for", "at", "to", "on", "in",
    "the", "a", "an", "they", "she", "he", "it", "this", "that", "probably", "likely", "owns", "holds", "must",
    "approves", "decides", "controls", "runs", "shapes", "can", "could", "team", "as", "was", "are", "were",
}  # fmt: skip


def readable(text: str) -> tuple[list[Segment], list[Segment]]:
    """The text's segments, minus instructions written inside it (returned apart, to report them)."""
    kept, ignored = [], []
    for seg in segments(text):
        (ignored if v.INJECTION.search(seg.text) else kept).append(seg)
    return kept, ignored


def is_uncertain(seg: Segment) -> bool:
    """True when the segment says something is not known: it then asserts nothing."""
    return bool(v.UNCERTAIN.search(seg.text))


def make(cls: type[F], seg: Segment, start: int, end: int, **fields: object) -> F:
    """A fact quoting the clause of `seg` around the match [start, end)."""
    quote, at = clause(seg, start, end)
    if not quote:
        quote, at = seg.text, seg.start
    return cls(quote=quote, start=at, **fields)


_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z /&'-]{1,30}?\s*(?::|=|->)\s*")


def strip_label(text: str) -> str:
    """'Trigger: a failed audit.' -> 'a failed audit'."""
    return _LABEL.sub("", text, count=1).strip(" .;,")


def from_match(quote: str, matched: str) -> str:
    """The part of a quote from the matched words on: 'Partners must have a prior relationship' -> 'a prior...'."""
    at = quote.lower().find(matched.lower())
    return strip_label(quote[at:] if at >= 0 else quote)


def first(segs: Iterable[Segment], pattern: re.Pattern[str]) -> tuple[Segment, re.Match[str]] | None:
    """The first segment where `pattern` matches, with the match."""
    for seg in segs:
        if m := pattern.search(seg.text):
            return seg, m
    return None


def clean_title(raw: str) -> str | None:
    """A role title trimmed of trailing function words: 'VP Finance and the team' -> 'VP Finance'."""
    words = []
    for word in raw.strip(" .,;:-()").split():
        if word.lower() in _TITLE_STOP and words and word.lower() not in {"of"}:
            break
        if (word.lower() in _LEADING_FILLER or word in _LEADING_FILLER_EXACT) and not words:
            continue
        words.append(word.strip(",.;:()"))
    while words and words[-1].lower() in {"of", "&", "and", "the"}:
        words.pop()
    title = " ".join(words[:6])
    return title or None


def find_role(segs: Iterable[Segment], patterns: list[re.Pattern[str]]) -> tuple[Segment, re.Match[str], str] | None:
    """The first role named by one of `patterns` in a segment that does not hedge."""
    for seg in segs:
        if is_uncertain(seg):
            continue
        for pattern in patterns:
            if (m := pattern.search(seg.text)) and (title := clean_title(m.group("title"))):
                return seg, m, title
    return None


def labelled_role(segs: Iterable[Segment], slot: str) -> tuple[Segment, int, int, str] | None:
    """A role written as a label: 'DM (signs/budget) = VP RevOps', 'Can stall it: the data protection officer'."""
    pattern = dict(v.ROLE_LABELS)[slot]
    for seg in segs:
        if (m := pattern.match(seg.text)) and not is_uncertain(seg):
            raw = re.split(r"\s+(?:-|/|who|which|because)\s+|\s*->", m.group("title"))[0]
            # "Who signs: Dana Okafor, VP of Engineering." names a person first: take the title after it.
            named = _TITLE_CASED.search(raw) or (
                None if _GROUP.search(raw) else _TITLE_CASED.search(seg.text, m.start("title"))
            )
            if named:
                start, end = named.start(), named.end()
                title = clean_title(named.group(0))
                offset = 0 if named.string is seg.text else m.start("title")
                if title:
                    return seg, offset + start, offset + end, title
            if title := clean_title(raw):
                return seg, m.start("title"), m.start("title") + len(raw.rstrip()), title
    return None


_TITLE_CASED = re.compile(v.ROLE_TITLE)
_GROUP = re.compile(v.GROUP_BUYER, re.I)


def role_kind(text: str, titles: dict[str, str | None] | None = None) -> str | None:
    """Which buyer role a phrase is about: framework words first, then the mapped titles, then common titles."""
    lower = text.lower()
    explicit = [
        ("decision_maker", r"decision[- ]maker|economic buyer|signer|budget owner"),
        ("influencer", r"influencer|evaluator|champion"),
        ("blocker", r"blocker|gatekeeper"),
    ]
    for kind, words in explicit:
        if re.search(rf"\b(?:{words})", lower):
            return kind
    spelled = re.sub(r"\bmgr\b", "manager", re.sub(r"\bdir\b", "director", lower))
    for kind, title in (titles or {}).items():
        if title and re.search(rf"\b{re.escape(title.lower())}\b", spelled):
            return kind
    hits = [(m.start(), kind) for kind, pattern in v.ROLE_KIND if (m := pattern.search(text))]
    return min(hits)[1] if hits else None


def stage_in(text: str, allow_closed: bool = True) -> tuple[str, re.Match[str]] | None:
    """The furthest deal stage the text names, with its match."""
    hits = [(s, m) for s, pattern in v.STAGES if (m := pattern.search(text))]
    if not allow_closed:
        hits = [(s, m) for s, m in hits if s not in {"closed", "post_sale"}]
    return max(hits, key=lambda hit: STAGE_ORDER.index(hit[0])) if hits else None


_DEAL_WORDS = re.compile(
    r"\b(?:deal|arr|acv|tcv|mrr|opp|opportunity|size|amount|value|contract|worth|quote|pricing|licen[cs]e|"
    r"seats|ticket|spend|budget)\b",
    re.IGNORECASE,
)
_REVENUE_WORDS = re.compile(r"\b(?:revenue|turnover|in sales|annual sales|top line)\b", re.IGNORECASE)


def money_in(seg: Segment, *, revenue: bool) -> tuple[Money, int, int] | None:
    """The first amount in a segment that talks about the deal (revenue=False) or the company (revenue=True)."""
    amounts = find_money(seg.text)
    if not amounts:
        return None
    about_revenue = bool(_REVENUE_WORDS.search(seg.text))
    if revenue:
        return amounts[0] if about_revenue else None
    if about_revenue and not _DEAL_WORDS.search(seg.text):
        return None
    for money, s, e in amounts:
        # A company's revenue stated beside a deal size: keep the amount not attached to "revenue".
        tail = seg.text[e : e + 20].lower()
        if not re.match(r"\s*(?:in )?(?:revenue|turnover)", tail):
            return money, s, e
    return None


@lru_cache(maxsize=16)
def _vocabulary_patterns(vocabulary: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One alternation for the words matched in any case, one for the short ones that must be capitals."""
    longest_first = sorted(vocabulary, key=len, reverse=True)
    short = [w for w in longest_first if len(w.replace(".", "")) <= 3 and w.isalpha()]
    other = [w for w in longest_first if w not in short]

    def alternation(words: list[str], flags: int) -> re.Pattern[str]:
        body = "|".join(re.escape(w) for w in words) or r"(?!x)x"
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)

    return alternation(other, re.IGNORECASE), alternation([w.upper() for w in short], 0)


def words_in(text: str, vocabulary: list[str]) -> list[tuple[str, int, int]]:
    """Vocabulary words in `text`, first occurrence of each; two-letter ones (US, UK, EU) must be in capitals."""
    found: dict[str, tuple[str, int, int]] = {}
    for pattern in _vocabulary_patterns(tuple(vocabulary)):
        for m in pattern.finditer(text):
            word = m.group(0).lower()
            if word not in found:
                found[word] = (word, m.start(), m.end())
    return sorted(found.values(), key=lambda hit: hit[1])
