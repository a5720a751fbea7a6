"""Canonical text: what both readers and the quote check see, with every character mapped back to the source.

A person's notes can carry text nobody sees (zero-width and format characters, hidden markup) or letters
that only look Latin (Cyrillic "е" in "rеdlines", fullwidth "ｌｅｇａｌ"). Reading the raw text lets such a
character flip a verdict; so every reader works on the canonical text, and highlighting maps offsets back.

Steps, in order: markup (tags dropped, hidden elements and comments removed, entities decoded), then per
character: format characters and soft hyphens removed, NFKC, non-Latin letters that look like a Latin
letter folded to it inside words that are otherwise Latin. What was disguised is reported by kind.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

GRAMMAR_DIR = Path(__file__).parent.parent / "lexicon"

# Kinds of disguise, as the person is told about them.
FORMAT_CHARACTERS = "invisible characters (zero-width, joiners, soft hyphens or direction marks)"
CONFUSABLE_LETTERS = "letters from other alphabets that look like Latin ones"
COMPATIBILITY_FORMS = "fullwidth or styled letters"
HIDDEN_MARKUP = "hidden markup (HTML tags, comments or elements not shown on screen)"

# HTML elements a person could paste from a web page or an email; anything else in angle brackets is text
# ("<50 employees", "<CFO>").
_TAGS = [
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "del",
    "div",
    "em",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "html",
    "i",
    "img",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "meta",
    "noscript",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "script",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "template",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "tt",
    "u",
    "ul",
]
_TAG = re.compile(r"<(/?)(" + "|".join(_TAGS) + r")\b([^<>]*)>|<!--.*?(?:-->|$)", re.IGNORECASE | re.DOTALL)
# Elements whose content is never shown, and inline styles or attributes that hide an element.
_INVISIBLE_ELEMENTS = {"script", "style", "head", "template", "noscript", "title", "meta"}
_HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d]*[1-9])|opacity\s*:\s*0(?![.\d]*[1-9])"
    r"|\bhidden\b|aria-hidden\s*=\s*[\"']?true",
    re.IGNORECASE,
)
_VOID = {"br", "hr", "img", "meta"}
_BLOCK = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol"}
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# Typographic ligatures from PDFs are compatibility forms too, but nobody disguises text with them.
_BENIGN_COMPAT = set(range(0xFB00, 0xFB07))


@dataclass(frozen=True)
class Canonical:
    """The canonical text, where each of its characters came from in the source, and what was disguised."""

    text: str
    source: str
    origin: tuple[int, ...]  # origin[i]: the source index of text[i]; one extra entry for the end
    disguises: tuple[str, ...] = field(default=())

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span that canonical text[start:end] was made from."""
        if end <= start:
            at = self.origin[min(start, len(self.text))]
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def source_text(self, start: int, end: int) -> str:
        """The source characters behind canonical text[start:end]: what a highlight covers."""
        s, e = self.source_span(start, end)
        return self.source[s:e]


@cache
def confusables() -> dict[str, str]:
    """Non-Latin letters that look like one ASCII letter or digit (Unicode UTS #39 data, committed as TSV)."""
    table = {}
    for line in (GRAMMAR_DIR / "confusables.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, ascii_alike, _name = line.split("\t", 2)
            table[chr(int(code, 16))] = ascii_alike
    return table


def canonical(source: str) -> Canonical:
    """The canonical form of a person's text; `origin` maps every character back to `source`."""
    disguises: list[str] = []
    chars, origin = _strip_markup(source, disguises)
    chars, origin = _fold_characters(chars, origin, disguises)
    chars, origin = _fold_confusables(chars, origin, disguises)
    origin.append(len(source))
    return Canonical("".join(chars), source, tuple(origin), tuple(dict.fromkeys(disguises)))


def _strip_markup(source: str, disguises: list[str]) -> tuple[list[str], list[int]]:
    """Characters a person sees in pasted HTML, with their source positions; the source itself if no markup."""
    if "<" not in source and "&" not in source:
        return list(source), list(range(len(source)))
    chars: list[str] = []
    origin: list[int] = []
    hidden_depth = 0
    stack: list[tuple[str, bool]] = []
    pos = 0
    for m in _TAG.finditer(source):
        if hidden_depth == 0:
            _append_text(source, pos, m.start(), chars, origin)
        pos = m.end()
        if m.group(2) is None:  # a comment
            disguises.append(HIDDEN_MARKUP)
            continue
        closing, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3) or ""
        if name in _BLOCK and hidden_depth == 0 and chars and chars[-1] != "\n":
            chars.append("\n")
            origin.append(m.start())
        if name in _VOID or attrs.rstrip().endswith("/"):
            continue
        if closing:
            while stack:
                top, hides = stack.pop()
                hidden_depth -= hides
                if top == name:
                    break
            continue
        hides = name in _INVISIBLE_ELEMENTS or bool(_HIDING.search(attrs))
        if hides:
            disguises.append(HIDDEN_MARKUP)
        stack.append((name, hides))
        hidden_depth += hides
    if hidden_depth == 0:
        _append_text(source, pos, len(source), chars, origin)
    return chars, origin


def _append_text(source: str, start: int, end: int, chars: list[str], origin: list[int]) -> None:
    """Source text between tags, with HTML entities decoded (each decoded character maps to its entity)."""
    pos = start
    for m in _ENTITY.finditer(source, start, end):
        chars.extend(source[pos : m.start()])
        origin.extend(range(pos, m.start()))
        decoded = html.unescape(m.group(0))
        chars.extend(decoded)
        origin.extend([m.start()] * len(decoded))
        pos = m.end()
    chars.extend(source[pos:end])
    origin.extend(range(pos, end))


def _fold_characters(chars: list[str], origin: list[int], disguises: list[str]) -> tuple[list[str], list[int]]:
    """Format characters removed, then NFKC over each base character with its combining marks."""
    if all(c.isascii() and (c.isprintable() or c in "\n\r\t") for c in chars):
        return chars, origin  # plain ASCII text has nothing to fold
    out: list[str] = []
    out_origin: list[int] = []
    i = 0
    while i < len(chars):
        ch = chars[i]
        category = unicodedata.category(ch)
        if category == "Cf" or (category == "Cc" and ch not in "\n\r\t") or 0xFE00 <= ord(ch) <= 0xFE0F:
            if not (ch == "\ufeff" and origin[i] == 0):  # a byte-order mark opening a file is no disguise
                disguises.append(FORMAT_CHARACTERS)
            i += 1
            continue
        j = i + 1
        while j < len(chars) and unicodedata.combining(chars[j]):
            j += 1
        group = "".join(chars[i:j])
        folded = unicodedata.normalize("NFKC", group) if not group.isascii() else group
        if folded != unicodedata.normalize("NFC", group) and _is_styled_letter(group, folded):
            disguises.append(COMPATIBILITY_FORMS)
        out.extend(folded)
        out_origin.extend([origin[i]] * len(folded))
        i = j
    return out, out_origin


def _is_styled_letter(group: str, folded: str) -> bool:
    """Fullwidth, mathematical, circled or other styled letters and digits (not ligatures, spaces or dots)."""
    return any(c.isalnum() for c in folded) and not any(ord(c) in _BENIGN_COMPAT for c in group)


def _fold_confusables(chars: list[str], origin: list[int], disguises: list[str]) -> tuple[list[str], list[int]]:
    """Look-alike letters folded to Latin inside words that also hold Latin letters (or only look-alikes)."""
    table = confusables()
    if not any(c in table for c in chars):
        return chars, origin
    out = list(chars)
    i = 0
    while i < len(out):
        if not out[i].isalnum():
            i += 1
            continue
        j = i
        while j < len(out) and (out[j].isalnum() or unicodedata.combining(out[j])):
            j += 1
        word = out[i:j]
        latin = any(c.isascii() and c.isalpha() for c in word)
        foreign = [k for k, c in enumerate(word) if not c.isascii() and c in table and not _is_latin(c)]
        # "rеdlines" with a Cyrillic е is folded; a whole Cyrillic word is folded only if every letter looks Latin.
        if foreign and (latin or len(foreign) == sum(c.isalpha() for c in word)):
            for k in foreign:
                out[i + k] = table[word[k]]
            disguises.append(CONFUSABLE_LETTERS)
        i = j
    return out, origin


def _is_latin(char: str) -> bool:
    """Latin letters with accents (é, ø, ı) are the writer's language, never a disguise."""
    return unicodedata.name(char, "").startswith("LATIN")
