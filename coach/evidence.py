"""Evidence or unknown: every fact must quote the text it came from, or it is dropped.

Both extractors pass their output through `ground`, so a quote that is not in the text can never
reach a rule. Matching is verbatim, forgiving only runs of white space and typographic quotes, and
the stored quote is replaced by the exact slice of the source text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from pydantic import BaseModel

from coach.framework import Fact, TrustAnswer

M = TypeVar("M", bound=BaseModel)

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _folded(text: str) -> tuple[str, list[int]]:
    """Collapse white space runs and fold typographic quotes, keeping a map back to source offsets."""
    out: list[str] = []
    where: list[int] = []
    previous_space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if previous_space:
                continue
            ch, previous_space = " ", True
        else:
            previous_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Return the (start, end) span of `quote` in `text`, or None when it does not occur there."""
    quote = quote.strip()
    if not quote:
        return None
    exact = text.find(quote)
    if exact >= 0:
        return exact, exact + len(quote)
    folded_text, where = _folded(text)
    folded_quote, _ = _folded(quote)
    hit = folded_text.find(folded_quote.strip())
    if hit < 0:
        return None
    last = hit + len(folded_quote.strip()) - 1
    return where[hit], where[last] + 1


def unsupported_quotes(model: BaseModel, text: str) -> list[str]:
    """List the quotes in `model` that do not occur in `text` (for the LLM path's re-ask)."""
    missing = []
    for item in _walk(model):
        quote = item.quote if isinstance(item, (Fact, TrustAnswer)) else None
        if quote and locate(quote, text) is None:
            missing.append(quote)
        if isinstance(item, TrustAnswer) and item.answer != "unknown" and not item.quote:
            missing.append(f"(no quote for a '{item.answer}' trust answer)")
    return missing


def ground(model: M, text: str) -> tuple[M, list[str]]:
    """Pin every quote to its place in `text`; drop facts whose quote is not there.

    Returns a grounded copy and the quotes that were rejected. A rejected fact becomes unknown:
    an optional field becomes None, a list loses the item, a trust answer becomes "unknown".
    """
    grounded = model.model_copy(deep=True)
    rejected: list[str] = []
    _ground_in_place(grounded, text, rejected)
    return grounded, rejected


def _pin(fact: Fact | TrustAnswer, text: str) -> bool:
    span = locate(fact.quote or "", text)
    if span is None:
        return False
    fact.start = span[0]
    fact.quote = text[span[0] : span[1]]
    return True


def _keep(value: object, text: str, rejected: list[str]) -> bool:
    """Ground one value; False means the value must be dropped by its container."""
    if isinstance(value, TrustAnswer):
        if value.answer != "unknown" and not _pin(value, text):
            rejected.append(value.quote or f"(unquoted '{value.answer}')")
            value.answer, value.quote, value.start = "unknown", None, None
        return True
    if isinstance(value, Fact) and not _pin(value, text):
        rejected.append(value.quote)
        return False
    # A kept fact may hold facts of its own (a leverage zone's before-and-after).
    if isinstance(value, BaseModel):
        _ground_in_place(value, text, rejected)
    return True


def _ground_in_place(model: BaseModel, text: str, rejected: list[str]) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, list):
            setattr(model, name, [v for v in value if _keep(v, text, rejected)])
        elif isinstance(value, BaseModel) and not _keep(value, text, rejected):
            setattr(model, name, None)


def _walk(model: BaseModel) -> Iterator[BaseModel]:
    yield model
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                yield from _walk(item)
