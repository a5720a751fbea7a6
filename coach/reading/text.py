"""Small text helpers shared by the readers."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """A value of at most `limit` characters, cut at a word boundary, never inside a word."""
    text = text.strip(" .;,:-")
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text.split(" ", 1)[0]
    return cut.rstrip(" ,;:-")
