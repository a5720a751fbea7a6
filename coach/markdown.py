"""Untrusted text as inert Markdown: every Markdown character escaped and every web address shown as code, so a
renderer draws no image, no link, no heading and no list from a person's words (or a partner's)."""

from __future__ import annotations

import re
from collections.abc import Callable

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# A web address: Markdown renderers link it even when its characters are escaped, so it is shown as code instead
# (readable, copyable, never a link or an image).
_URL = re.compile(r"(?:\b[a-z][a-z0-9+.-]{1,10}://|\bwww\.)[^\s<>\"'`]*", re.IGNORECASE)


def urls_as_code(text: str, escape: Callable[[str], str]) -> str:
    """The text with every web address as code and everything between the addresses passed through `escape`."""
    out, at = [], 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(").,;:!?]")  # "(see http://x.y/z)." keeps its closing bracket and full stop
        out += [escape(text[at : m.start()]), f"`{url}`"]
        at = m.start() + len(url)
    return "".join([*out, escape(text[at:])])


def inert(text: str, *, one_line: bool = False) -> str:
    """The text, safe to embed in Markdown; `one_line` folds its whitespace into single spaces."""
    if one_line:
        text = " ".join(text.split())
    return urls_as_code(text, lambda piece: _MARKDOWN.sub(r"\\\1", piece))
