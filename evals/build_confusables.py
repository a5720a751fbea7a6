"""Build coach/reading/grammar/confusables.tsv: non-Latin letters that look like one ASCII letter or digit.

Source: the confusables data shipped by the `confusable_homoglyphs` package (3.3.1), itself derived from
Unicode's confusables.txt (UTS #39). Run with that package installed (`make data`); the table is committed
so reading never imports the package.
"""

from __future__ import annotations

import json
import unicodedata
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "coach" / "lexicon" / "confusables.tsv"


def build() -> list[tuple[str, str]]:
    """(character, ASCII look-alike) pairs, sorted by code point."""
    raw = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8"))
    pairs = {}
    for char, homoglyphs in raw.items():
        if len(char) != 1 or char.isascii() or not unicodedata.category(char).startswith(("L", "N")):
            continue
        ascii_alike = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalnum()]
        if len(set(ascii_alike)) == 1:
            pairs[char] = ascii_alike[0]
    return sorted(pairs.items(), key=lambda p: ord(p[0]))


def main() -> None:
    pairs = build()
    header = "# char\tascii\tname (from confusable_homoglyphs 3.3.1, Unicode UTS #39 confusables; built by make data)\n"
    lines = [f"{ord(c):04X}\t{a}\t{unicodedata.name(c, '?')}\n" for c, a in pairs]
    OUT.write_text(header + "".join(lines), encoding="utf-8")
    print(f"{len(pairs)} confusable letters -> {OUT}")


if __name__ == "__main__":
    main()
