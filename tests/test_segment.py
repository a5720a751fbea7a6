"""Notes into clauses: sentences, strong clause breaks, labels, headings, questions with their answers."""

from __future__ import annotations

import pytest

from coach.reading.segment import clauses, field_label, label_slot

NOTES = """Deal: Weber Maschinenbau - add-on module (expansion)
- Signer: CIO Anna Weber
- Why now: they need it before April; budget is released, but nobody there knows the partner.
Trust:
  - rel: yes
  - proof - none they can share
Q: who signs? A: their CFO, Dana.
Who owns budget?
Dana Ruiz, VP Revenue Cycle.
> On Tue, Jonas wrote: They know the CIO.
"""


def test_every_clause_is_a_slice_of_the_text() -> None:
    for clause in clauses(NOTES):
        assert NOTES[clause.start : clause.end] == clause.text


def test_clauses_labels_and_breaks() -> None:
    found = [(c.text, c.label) for c in clauses(NOTES)]
    assert ("Signer: CIO Anna Weber", "signer") in found
    assert ("Why now: they need it before April", "trigger") in found
    assert ("budget is released", None) in found
    assert ("nobody there knows the partner.", None) in found
    assert ("rel: yes", "trust.prior_relationship") in found
    assert ("proof - none they can share", "trust.proof") in found


def test_a_question_and_its_answer_are_one_clause() -> None:
    texts = [c.text for c in clauses(NOTES)]
    assert "Q: who signs? A: their CFO, Dana." in texts
    assert "Who owns budget?\nDana Ruiz, VP Revenue Cycle." in texts


def test_a_long_answer_that_opens_with_yes_still_answers() -> None:
    text = (
        "PRIYA: Can they talk to his metric?\nTOM: Yes, I heard them do it on the intro call without any prep from us."
    )
    [clause] = clauses(text)
    assert clause.text == text and not clause.question


def test_an_unanswered_question_asserts_nothing() -> None:
    [clause] = clauses("Does the partner know anyone there?")
    assert clause.question


def test_quoted_history_and_speakers() -> None:
    [quoted] = [c for c in clauses(NOTES) if "Jonas" in c.text]
    assert quoted.quoted
    [said] = clauses("TOM (AE): we are in redlines")
    assert said.said == "we are in redlines"


@pytest.mark.parametrize(
    ("label", "slot"),
    [("Econ buyer", "signer"), ("Economic buyer / signer", "signer"), ("WHY NOW", "trigger"), ("**Stage**", "stage"),
     ("rel w/ acct", "trust.prior_relationship"), ("Evaluator", "other"), ("Colour", None)],
)  # fmt: skip
def test_labels(label: str, slot: str | None) -> None:
    assert label_slot(label) == slot


def test_field_label_gives_where_the_value_starts() -> None:
    assert field_label("Signer: CFO") == ("signer", 8)
    assert field_label("The CFO signs: yes") == (None, 0)


def test_a_transcript_answer_after_a_blank_line_is_joined_with_its_question() -> None:
    text = "Felix: Who signs?\n\nJana: Their CIO, Dr. Henrik Lange. He owns the budget."
    first = clauses(text)[0]
    assert first.text == "Felix: Who signs?\n\nJana: Their CIO, Dr. Henrik Lange."
    assert first.text[first.answer_start :] == "Their CIO, Dr. Henrik Lange."


def test_a_line_two_below_without_a_speaker_is_not_an_answer() -> None:
    found = clauses("Who signs?\n\nWe meet them on Tuesday.")
    assert [c.text for c in found] == ["Who signs?", "We meet them on Tuesday."]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("CFO Maria Chen = signer. also our exec sponsor", ["CFO Maria Chen = signer.", "also our exec sponsor"]),
        ("asked him why now. he said nothing is forcing it", ["asked him why now.", "he said nothing is forcing it"]),
        # An abbreviation or an initial before the full stop ends no sentence.
        ("approx. 80k a year, per the CFO", ["approx. 80k a year, per the CFO"]),
        ("met with j. smith from finance", ["met with j. smith from finance"]),
    ],
)  # fmt: skip
def test_a_sentence_in_lower_case_after_a_full_stop_is_a_sentence(text: str, said: list[str]) -> None:
    assert [c.text for c in clauses(text)] == said


def test_columns_of_an_export_are_fields_of_their_own() -> None:
    text = "Amount (ARR): 45,000 USD       Stage: Evaluation\nAccount: Quillmark Inc.\tIndustry: B2B payments\n"
    found = [(c.text, c.label) for c in clauses(text)]
    assert ("Amount (ARR): 45,000 USD", "deal_size") in found
    assert ("Stage: Evaluation", "stage") in found
    assert ("Industry: B2B payments", "account_profile") in found or ("Industry: B2B payments", "industry") in found
    for clause in clauses(text):
        assert text[clause.start : clause.end] == clause.text


@pytest.mark.parametrize(
    ("line", "said"),
    [("[9:10] dana.k: correct.", "correct."), ("[Sep 8 15:30] rachel_m: she signs", "she signs"),
     ("Priya (CFO): we sign in May", "we sign in May")],
)  # fmt: skip
def test_a_chat_logs_time_and_handle_are_the_speaker(line: str, said: str) -> None:
    [clause] = clauses(line)
    assert clause.said == said


WRAPPED = (
    "We sell our platform through regional partners to mid-sized logistics operators in the United States and\n"
    "northern Mexico. A good fit runs its own fleet of between 50 and 400 trucks and has a dispatcher team that\n"
    "works in shifts.\n"
    "Budget: the COO.\n"
)


def test_a_hard_wrapped_program_sentence_is_one_clause_and_a_slice_of_the_text() -> None:
    found = clauses(WRAPPED, "program")
    texts = [c.text for c in found]
    assert texts[0].endswith("United States and\nnorthern Mexico.")
    assert texts[1].startswith("A good fit") and texts[1].endswith("works in shifts.")
    assert all(WRAPPED[c.start : c.end] == c.text for c in found)
    assert texts[-1] == "Budget: the COO."  # a label line is never a continuation


def test_notes_are_never_joined_across_lines() -> None:
    assert [c.text for c in clauses(WRAPPED, "deal")][:2] == [
        "We sell our platform through regional partners to mid-sized logistics operators in the United States and",
        "northern Mexico.",
    ]


def test_the_bullets_under_a_party_line_sit_in_that_partys_section() -> None:
    text = (
        "Partner: Northmark Assurance\n"
        "- audit of fintechs is their specialty\n"
        "  * they know the CFO\n"
        "Stage: evaluation\n"
        "- a bullet after another field is no longer the partner's\n"
        "\n"
        "Partner:\n"
        "- ran the readiness assessment\n"
    )
    found = {c.text: c.context for c in clauses(text)}
    assert found["audit of fintechs is their specialty"] == "partner"
    assert found["they know the CFO"] == "partner"
    assert found["Stage: evaluation"] is None
    assert found["a bullet after another field is no longer the partner's"] is None
    assert found["ran the readiness assessment"] == "partner"  # a bare "Partner:" heading opens one too


def test_a_table_row_is_read_cell_by_cell_under_its_column_headings() -> None:
    text = (
        "Territory plan FY25, row 42\n"
        "Account | HQ | Segment | Employees | Owner\n"
        "Cindral Payments | San Jose, CA | B2B payments | 2,240 (10-K FY23) | J. Park\n"
    )
    cells = [c for c in clauses(text) if c.header]
    assert [(c.header, c.text) for c in cells] == [
        ("Account", "Cindral Payments"),
        ("HQ", "San Jose, CA"),
        ("Segment", "B2B payments"),
        ("Employees", "2,240 (10-K FY23)"),
        ("Owner", "J. Park"),
    ]
    assert all(text[c.start : c.end] == c.text for c in cells)  # each cell is its own quote
    assert "Account | HQ" not in " ".join(c.text for c in clauses(text))  # the heading row says nothing itself


def test_a_markdown_table_with_a_rule_under_its_headings_is_a_table() -> None:
    text = "| Stage | Amount | Signer |\n|---|:--:|---|\n| Evaluation | $40k | CFO |\n"
    assert [(c.label, c.text) for c in clauses(text)] == [
        ("stage", "Evaluation"), ("deal_size", "$40k"), ("signer", "CFO")
    ]  # fmt: skip


def test_pipes_without_a_heading_row_are_sentence_breaks_as_before() -> None:
    text = "met CFO | budget approved | eval next week\n"
    assert [c.header for c in clauses(text)] == [None, None, None]
