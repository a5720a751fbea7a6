"""The not-covered gate's pure half: partner-program topics outside the framework, and content tokens."""

from __future__ import annotations

import pytest

from coach.knowledge.documents import load_documents
from coach.knowledge.scope import TOPICS_FILE, content_token, out_of_scope_topics, topics_in, uncovered_topic


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What commission % should we pay resellers on first-year ARR?", "partner payouts"),
        ("What margin do VARs usually expect on a resale?", "tiers and discounts"),
        ("How should we split MDF across partners?", "marketing funds"),
        ("Which indemnity clauses go into a reseller agreement?", "contract clauses"),
        ("How do we handle VAT on marketplace sales in the EU?", "tax and billing"),
        ("How long is the protection period on a registered opportunity?", "deal-registration mechanics"),
        ("Should our certification exam be proctored?", "certification"),
        ("How do I set up SSO for the partner portal?", "portal and tool setup"),
        ("How do I keep deals syncing between Salesforce and our PRM?", "portal and tool setup"),
        ("Who books the venue and catering for the partner summit?", "event logistics"),
        ("When is a deal too late for a partner?", None),
        ("Should a reseller join a deal where legal already signed off on the redlines?", None),
        ("Our program falls apart when I'm on vacation. Why?", None),
        ("Can the partner cite proof without breaking an NDA?", None),
        ("How do we keep our partners in sync with our ICP?", None),
    ],
    ids=[
        "commission",
        "margin",
        "mdf",
        "clauses",
        "vat",
        "protection-period",
        "exam",
        "sso",
        "sync-between-tools",
        "venue",
        "too-late",
        "redlines",
        "on-vacation",
        "nda-proof",
        "in-sync",
    ],
)
def test_uncovered_topic_names_partner_program_topics_outside_the_framework(question: str, topic: str | None) -> None:
    assert uncovered_topic(question) == topic


def test_no_topic_phrase_appears_in_the_framework_or_its_expansions() -> None:
    """A phrase the framework itself uses would refuse questions the framework answers."""
    found = [
        (d.doc, s.slug, text[:60])
        for d in load_documents()
        for s in d.sections
        for text in (s.text, *s.asked)
        if uncovered_topic(text)
    ]
    assert found == []


def test_the_topics_come_from_the_program_areas_with_their_source() -> None:
    """Issue 13: the taxonomy is derived from what partner programs run on, written down with its source."""
    areas = {
        "payouts", "market development funds", "tiers and discounts", "deal-registration mechanics",
        "portal and tool setup", "certification", "contracts", "tax", "events", "partner team compensation",
        "localisation and enablement logistics",
    }  # fmt: skip
    assert set(out_of_scope_topics().values()) == areas
    header = TOPICS_FILE.read_text(encoding="utf-8").split("[[topic]]")[0]
    assert "Source:" in header and "never from eval questions" in header


@pytest.mark.parametrize(
    ("token", "content"),
    [("partner", True), ("redlin", True), ("re", False), ("doesn", False), ("30", False), ("8k", False), ("af", False)],
    ids=["word", "rare-word", "contraction-tail", "negation-tail", "number", "amount", "chat-filler"],
)
def test_content_token(token: str, content: bool) -> None:
    assert content_token(token) is content


def test_a_topic_a_playbook_covers_is_not_refused() -> None:
    assert topics_in("No reseller gets more than ten percent discount.") == {"tiers and discounts"}
    assert uncovered_topic("What discount do resellers get?", {"tiers and discounts"}) is None


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (
            "Board approved two more partner managers and extra MDF for next year. Before I hire, how do I check "
            "that what we have is ready to scale",
            None,
        ),
        ("Our resellers want 30% margins. Should we bring them into small transactional deals?", None),
        ("We pay resellers a commission. How much should it be?", "partner payouts"),
        ("What commission % should we pay resellers on first-year ARR vs renewals?", "partner payouts"),
    ],
    ids=["mdf-in-passing", "margin-in-passing", "ask-needs-its-context", "one-sentence"],
)
def test_a_topic_counts_only_where_the_question_asks(question: str, topic: str | None) -> None:
    assert uncovered_topic(question) == topic


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Our partner team jumped straight to building a commission plan. Did we skip a step?", None),
        ("We just set up MDF for our top resellers. Which partners belong in which deals?", None),
        ("Resellers keep asking about commissions. What should they be?", "partner payouts"),
        ("Our VARs asked for deeper discounts. Is that fair to them?", "tiers and discounts"),
    ],
    ids=["stands-alone", "stands-alone-2", "points-back", "points-back-2"],
)
def test_an_asking_part_that_points_back_needs_its_context(question: str, topic: str | None) -> None:
    assert uncovered_topic(question) == topic


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        (
            "Two resellers registered the same opportunity. Who gets the deal registration?",
            "deal-registration mechanics",
        ),
        ("How do we handle duplicate registrations from two partners on one account?", "deal-registration mechanics"),
        ("Do we need to sign an NDA with a partner before account mapping?", "contract clauses"),
        ("Should there be a data-sharing agreement before we swap account lists?", "contract clauses"),
        ("How should we comp our channel managers, MBOs or quota?", "partner team pay"),
        ("What's fair: comp them on partner-sourced revenue only?", "partner team pay"),
    ],
    ids=["registered-same", "duplicate-registrations", "sign-nda", "data-sharing-agreement", "comp-our", "comp-them"],
)
def test_program_area_phrases_beyond_single_words(question: str, topic: str) -> None:
    assert uncovered_topic(question) == topic


def _vocabulary_phrases() -> list[tuple[str, str]]:
    from coach.knowledge.scope import vocabulary

    return [(topic, phrase) for topic, phrases in vocabulary().items() for phrase in phrases]


@pytest.mark.parametrize(("topic", "phrase"), _vocabulary_phrases())
def test_every_vocabulary_phrase_names_its_area(topic: str, phrase: str) -> None:
    assert topic in out_of_scope_topics()
    assert topic in topics_in(f"How should we handle the {phrase} for our resellers next quarter?")


def test_single_words_of_the_vocabulary_are_not_used_alone() -> None:
    """A single word names an operating area only in context ("kickoff", "margins"); only phrases are matched."""
    import tomllib

    from coach.knowledge.scope import VOCABULARY_FILE

    words = [p for a in tomllib.loads(VOCABULARY_FILE.read_text())["area"] for p in a["phrases"] if " " not in p]
    assert "kickoff" in words and "margins" in words  # the writer's single words are in the data...
    assert topics_in("Who should join the kickoff with the CFO?") == set()  # ...and never refuse alone
