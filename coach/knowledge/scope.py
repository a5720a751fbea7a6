"""Does the framework cover a question? The not-covered gate of `coach ask` (issue 3, issue 13), pure and without I/O
beyond reading its own data file once.

Three ways a question falls outside the framework, each measured by evals/retrieval_eval.py:

- It asks about a partner-program topic the framework never addresses. Such questions share plenty of words with the
  framework (partner, reseller, deal), so word overlap alone would answer them. The topics and their phrases are data,
  coach/knowledge/out_of_scope.toml, derived from what partner programs run on (payouts, market development funds,
  tiers and discounts, deal-registration mechanics, portal and tool setup, certification, contracts, tax, events),
  with their source written there; never from eval questions. A playbook that names a topic covers it (`topics_in`).
- It shares too few of its words with the knowledge at all (sourdough, laptops): `Index.coverage`, computed over the
  question's content words (`content_token`), below `index.MIN_COVERAGE`.
- Its best passage holds too little of it: a retrieval-confidence threshold calibrated on the used question sets
  (`index.MIN_CONFIDENCE`).

An earlier gate counted words the knowledge never uses; on chat-style questions it refused in-scope ones for slang,
typos and contractions ("muddy the water", "redlines", "they're"), 16 of 36 on a fresh dev set.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

TOPICS_FILE = Path(__file__).resolve().parent / "out_of_scope.toml"
VOCABULARY_FILE = Path(__file__).resolve().parent / "out_of_scope_vocabulary.toml"


def vocabulary() -> dict[str, list[str]]:
    """Topic name -> its operating area's plain phrases, from the vocabulary writer (out_of_scope_vocabulary.toml)."""
    with VOCABULARY_FILE.open("rb") as handle:
        areas = tomllib.load(handle)["area"]
    found: dict[str, list[str]] = {}
    for area in areas:  # a single word names an area only in context ("kickoff", "margins"): phrases only
        found.setdefault(area["topic"], []).extend(p for p in area["phrases"] if " " in p.strip())
    return found


@lru_cache(maxsize=1)
def _topics() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(name, area, pattern) per topic, in the file's order: its own phrases (regular expressions) and its area's
    vocabulary (plain phrases), each matched as whole words."""
    with TOPICS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    words = vocabulary()
    return tuple(
        (
            t["name"],
            t["area"],
            re.compile(
                rf"(?<![\w-])(?:{'|'.join([*t['phrases'], *map(re.escape, words.get(t['name'], []))])})(?![\w-])"
            ),
        )
        for t in data["topic"]
    )


def out_of_scope_topics() -> dict[str, str]:
    """Topic name -> the program area it belongs to."""
    return {name: area for name, area, _ in _topics()}


# Bits of chat that carry no topic: contraction tails left by splitting on the apostrophe, and fillers.
_CHAT_NOISE_TEXT = (
    "re ve ll don doesn didn hasn haven isn aren wasn weren couldn shouldn wouldn hadn ain im ive dont cant "
    "pls plz af lol tbh btw imo fyi hey hi thanks thx ok okay"
)
CHAT_NOISE = frozenset(_CHAT_NOISE_TEXT.split())


def sentences(text: str) -> list[str]:
    """A text's sentences and lines, stripped; chat-style lower-case sentences split too."""
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+|\n+", text) if part.strip()]


def topics_in(text: str) -> set[str]:
    """The out-of-scope partner-program topics a text names."""
    lowered = text.lower().replace("\u2019", "'")
    return {name for name, _, pattern in _topics() if pattern.search(lowered)}


# A clause that opens with one of these words asks something ("before I hire, how do I check ...").
_ASKING = re.compile(
    r"(^|[,;:\-]\s*)(how|what|whats|what's|when|where|which|who|why|should|shall|can|could|do|does|did|is|are|will|"
    r"would|any|give|tell|help)\b"
)


def asking_part(question: str) -> str:
    """The sentences that ask, without the context told before them; the whole question when they say too little.

    "Board approved two partner managers and extra MDF. Before I hire, how do I check we are ready to scale?" asks
    about readiness, not marketing funds. An asking part of four or more content words stands alone; a shorter one
    needs its context when it points back with a pronoun ("How much should it be?") or says too little, while a
    short one that points nowhere ("Did we skip a step?") stands alone.
    """
    parts = sentences(question)
    asking = [s for s in parts if s.endswith("?") or _ASKING.search(s.lower())]
    if not asking or len(asking) == len(parts):
        return question
    said = re.findall(r"[a-z0-9]+", " ".join(asking).lower())
    words = [w for w in said if content_token(w)]
    points_back = bool(_POINTING_BACK & set(said))
    return " ".join(asking) if len(words) >= 4 or (len(words) >= 2 and not points_back) else question


# Words that point back to something said before: an asking sentence holding one needs the context before it.
_POINTING_BACK = frozenset(
    ["it", "its", "that", "this", "these", "those", "they", "them", "their", "one", "ones", "there", "such", "so"]
)


def uncovered_topic(question: str, covered: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The first topic the question asks about that neither the framework nor a loaded playbook covers, or None."""
    named = topics_in(asking_part(question)) - covered
    return next((name for name, _, _ in _topics() if name in named), None)


def content_token(token: str) -> bool:
    """Whether a question token says what the question is about (not a number, a fragment or chat filler)."""
    return len(token) > 2 and token not in CHAT_NOISE and not any(ch.isdigit() for ch in token)
