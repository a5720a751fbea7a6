"""The name grammar: names tied to titles in the notes, and a signer named only by name."""

from __future__ import annotations

import pytest

from coach import lexicon
from coach.reading.offline import OfflineExtractor
from coach.reading.people import people, title_of_named


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Priyanka Shah, VP of Engineering, signs and owns the budget.", "priyanka", "VP of Engineering"),
        ("Attendees: Luis Ortega (Head of Security) and Dee Warren.", "ortega", "Head of Security"),
        ("under a new Chief Claims Officer, Dr. Naomi Clarke, who came from a composite insurer", "naomi",
         "Chief Claims Officer"),
        ("the VP of RevOps Jordan Blake is the one who signs", "jordan blake", "VP of RevOps"),
        ("that all fits, the CIO Frau Lindqvist signs", "lindqvist", "CIO"),
        ("we know their VP of Engineering, Tomás Brandt, well.", "tomás", "VP of Engineering"),
        ('decision_maker: "CIO (Petr Dvorak)"', "dvorak", "CIO"),
        ("Budget owner is Tom Baker, CFO.", "tom", "CFO"),
    ],
)  # fmt: skip
def test_a_name_beside_a_title_holds_that_title(text: str, name: str, title: str) -> None:
    assert people(text)[name] == title


def test_a_first_name_two_people_share_names_nobody() -> None:
    directory = people("Dana Ruiz, CFO, signs. Dana Fox, Practice Lead at the partner, joins the call.")
    assert "dana" not in directory and directory["ruiz"] == "CFO"
    assert title_of_named("Dana owns it.", directory) is None


def test_one_title_written_two_ways_is_one_title() -> None:
    directory = people("Priyanka Shah (VP Engineering) joined. Priyanka Shah, VP of Engineering, signs.")
    assert directory["priyanka"] == "VP Engineering"


@pytest.mark.parametrize("word", lexicon.load("names")["not_names"])
def test_every_listed_word_is_never_a_name(word: str) -> None:
    assert people(f"{word.title()} CFO") == {}


def test_a_signing_statement_that_names_a_person_names_their_title() -> None:
    notes = "Attendees: Priyanka Shah, VP of Engineering; Luis Ortega, Head of Security.\nBudget: Priyanka owns it."
    facts = OfflineExtractor().extract_deal(notes).facts
    assert facts.decision_maker is not None and facts.decision_maker.title == "VP of Engineering"
    assert facts.conflicts == []


def test_a_group_that_approves_does_not_contest_the_person_who_signs() -> None:
    facts = OfflineExtractor().extract_deal("Signer: CIO (Petr Dvorak).\nThe board approves the budget in Q4.").facts
    assert facts.decision_maker is not None and facts.decision_maker.title == "CIO"
    assert facts.conflicts == []


def test_a_company_before_a_title_is_not_a_persons_name() -> None:
    assert people("Northwind CIO wants it. Signer: Northwind procurement") == {}
    facts = OfflineExtractor().extract_deal("Northwind CIO wants it.\nSigner: Northwind procurement").facts
    assert facts.decision_maker is None or facts.decision_maker.title != "CIO"
