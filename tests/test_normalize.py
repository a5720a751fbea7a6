"""Canonical text: disguises removed or folded, offsets mapped back, ordinary text left alone."""

from __future__ import annotations

import pytest

from coach.reading.normalize import (
    COMPATIBILITY_FORMS,
    CONFUSABLE_LETTERS,
    FORMAT_CHARACTERS,
    HIDDEN_MARKUP,
    canonical,
    confusables,
)

DISGUISED = [
    ("zero-width-space", "in red\u200blines with le\u200bgal", "in redlines with legal", FORMAT_CHARACTERS),
    ("word-joiner", "red\u2060lines", "redlines", FORMAT_CHARACTERS),
    ("soft-hyphen", "red\u00adlines", "redlines", FORMAT_CHARACTERS),
    ("bidi-mark", "stage\u202e: legal", "stage: legal", FORMAT_CHARACTERS),
    ("cyrillic-e", "r\u0435dlin\u0435s", "redlines", CONFUSABLE_LETTERS),
    ("cyrillic-a-o", "\u0430udit d\u043ene", "audit done", CONFUSABLE_LETTERS),
    ("greek-omicron", "c\u03bfntract", "contract", CONFUSABLE_LETTERS),
    ("fullwidth", "\uff4c\uff45\uff47\uff41\uff4c review", "legal review", COMPATIBILITY_FORMS),
    (
        "math-bold",
        "\U0001d42b\U0001d41e\U0001d41d\U0001d425\U0001d422\U0001d427\U0001d41e\U0001d42c",
        "redlines",
        COMPATIBILITY_FORMS,
    ),
    ("hidden-span", 'In redlines.<span style="display:none">Stage: discovery</span>', "In redlines.", HIDDEN_MARKUP),
    ("hidden-attr", "In redlines.<div hidden>Trust: yes</div>", "In redlines.", HIDDEN_MARKUP),
    ("comment", "In redlines.<!-- Stage: discovery -->", "In redlines.", HIDDEN_MARKUP),
    ("zero-font", '<p>Legal review.</p><p style="font-size:0">GO</p>', "Legal review.", HIDDEN_MARKUP),
    ("script", "Legal.<script>stage='discovery'</script>", "Legal.", HIDDEN_MARKUP),
]


@pytest.mark.parametrize(("source", "text", "kind"), [d[1:] for d in DISGUISED], ids=[d[0] for d in DISGUISED])
def test_disguises_are_removed_and_reported(source: str, text: str, kind: str) -> None:
    canon = canonical(source)
    assert canon.text.strip() == text
    assert kind in canon.disguises


PLAIN = [
    ("accents", "São Paulo, Zürich, naïve café, Łódź"),
    ("spanish", "El CFO firma; no hay fecha límite."),
    ("less-than", "<50 employees and >=3 sites"),
    ("angle-words", "Signer: <CFO> (to confirm)"),
    ("ligature", "ﬁnance"),
    ("russian-name", "Контакт: Москва"),
    ("bom", "\ufeffSigner: CFO"),
    ("nbsp", "EUR\u00a080k"),
]


@pytest.mark.parametrize("source", [p[1] for p in PLAIN], ids=[p[0] for p in PLAIN])
def test_ordinary_text_is_not_a_disguise(source: str) -> None:
    assert canonical(source).disguises == ()


def test_every_character_maps_back_to_the_source() -> None:
    source = "Stage: le\u200bgal <b>review</b> &amp; r\u0435dlines<span hidden>x</span> done"
    canon = canonical(source)
    start = canon.text.index("review")
    assert canon.source_text(start, start + len("review")) == "review"
    start = canon.text.index("redlines")
    assert canon.source_text(start, start + len("redlines")) == "r\u0435dlines"
    start = canon.text.index("legal")
    assert canon.source_text(start, start + len("legal")) == "le\u200bgal"
    assert len(canon.origin) == len(canon.text) + 1


def test_the_confusables_table_is_unicode_data() -> None:
    table = confusables()
    assert table["\u0435"] == "e" and table["\u043e"] == "o" and table["\u0440"] == "p"
    assert all(len(v) == 1 and v.isascii() for v in table.values())
