"""People named in notes and the titles they hold: the name grammar over the title grammar.

"Priyanka Shah, VP of Engineering", "the CIO, Frau Lindqvist", "VP of RevOps Jordan Blake" and
"Tomás Brandt (CFO)" each tie a name to a title. A later "Priyanka owns the budget" then names the VP of
Engineering. Names are one to three capitalised words that the lexicons do not know as anything else.
"""

from __future__ import annotations

import re
from functools import cache

from coach import lexicon

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# Between a title and the name after it: nothing, a comma, a bracket, a colon or a dash, then an honorific.
_AFTER = re.compile(r"[ \t]*(?P<sep>[,(:\-–—][ \t]*)?")
# Between a name and the title after it there must be a comma, a bracket, a dash or "is": "Northwind CIO" names a
# company's CIO, not a person called Northwind.
_BEFORE_SEP = re.compile(r"[ \t]*(?:[,(\-–—]|\bis\b|\bas\b)[ \t]*(?:(?:the|their|our)[ \t]+)?$", re.I)


@cache
def _stop() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon.load("names")["not_names"])


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(w.lower().rstrip(".") for w in lexicon.load("titles")["honorifics"])


def _is_name_word(word: str) -> bool:
    return (
        word[:1].isupper()
        and not word.isupper()  # "CIO", "SAP": codes, not names
        and word.lower() not in _stop()
        and not lexicon.title_pattern().fullmatch(word)
        and lexicon.place_of(word) is None
        and lexicon.industry_of(word) is None
    )


def _name_at(text: str, pos: int) -> tuple[str, int] | None:
    """The name (one to three capitalised words, after an optional honorific) that starts at pos."""
    words: list[str] = []
    at = pos
    m = _WORD.match(text, at)
    if m and m.group(0).lower().rstrip(".") in _honorifics():
        at = m.end() + (1 if text[m.end() : m.end() + 1] == "." else 0)
        at += len(text[at:]) - len(text[at:].lstrip(" \t"))
    while len(words) < 3 and (m := _WORD.match(text, at)) and _is_name_word(m.group(0)):
        words.append(m.group(0))
        at = m.end()
        if not re.match(r"[ \t][^\W\d_]", text[at : at + 2]):
            break
        at += 1
    if not words:
        return None
    return " ".join(words), at


_TRAILING = re.compile(r"(?:[^\W\d_][\w'’-]*[ \t]+){0,2}[^\W\d_][\w'’-]*$")


def _name_before(text: str, end: int) -> str | None:
    """The name that ends just before a title, with a comma, bracket or "is" between them."""
    sep = _BEFORE_SEP.search(text[:end])
    if sep is None:
        return None
    head = text[: sep.start()]
    m = _TRAILING.search(head)
    words = m.group(0).split() if m else []
    while words and not all(_is_name_word(w) for w in words):
        words.pop(0)
    return " ".join(words) or None


def people(text: str) -> dict[str, str]:
    """Lower-cased name keys (full name, first name, last name) -> the title that name holds in the text.

    A key two people share ("Dana" of two Danas) is left out: it names nobody for sure."""
    found: dict[str, str] = {}
    shared: set[str] = set()
    for m in lexicon.title_pattern().finditer(text):
        title = m.group(0).strip(" ,")
        gap = _AFTER.match(text, m.end())
        after = _name_at(text, gap.end()) if gap else None
        tight = after is not None and not gap.group("sep")
        before = _name_before(text, m.start())
        name = after[0] if tight else before or (after[0] if after else None)
        if not name:
            continue
        parts = name.split()
        for key in {name.lower(), parts[0].lower(), parts[-1].lower()}:
            if key in found and _plain(found[key]) != _plain(title):
                shared.add(key)
            found.setdefault(key, title)
    return {k: v for k, v in found.items() if k not in shared}


def _plain(title: str) -> str:
    """A title's words without connectors: "VP of Engineering" and "VP Engineering" are one title."""
    return " ".join(w for w in re.findall(r"\w+", title.lower()) if w not in ("of", "the", "for", "and"))


def title_of_named(text: str, directory: dict[str, str]) -> str | None:
    """The title of the one person a text names by a name in the directory ("Priyanka owns it")."""
    titles = {directory[m.group(0).lower()] for m in _WORD.finditer(text) if m.group(0).lower() in directory
              and m.group(0)[:1].isupper()}  # fmt: skip
    return titles.pop() if len(titles) == 1 else None
