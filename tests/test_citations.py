"""Passages behind a coaching reply: the cited section read from the documents, and question matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.knowledge.citations import closest_sections, is_question, section_passage
from coach.knowledge.documents import slugify as slug


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        pytest.param("Buying trigger", "buying-trigger", id="words"),
        pytest.param("Partner-buyer alignment and trust", "partner-buyer-alignment-and-trust", id="hyphen"),
        pytest.param("  Operating ICP  ", "operating-icp", id="case-and-spaces"),
    ],
)
def test_slug_matches_the_rule_sources(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor


def test_section_passage_reads_the_cited_section(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text(
        "# Title\n\n## Buying trigger\n\nSomething forces\na decision.\n\n- a deadline;\n- a budget event.\n\n"
        "## Next\nno",
        encoding="utf-8",
    )
    cited = section_passage("doc.md#buying-trigger", "trigger.missing", knowledge_dir=tmp_path)
    assert (cited.section, cited.text) == (
        "Buying trigger",
        "Something forces a decision.\n\n- a deadline;\n- a budget event.",
    )


def test_section_passage_without_the_document_still_names_the_source(tmp_path: Path) -> None:
    cited = section_passage("gone.md#exclusion-rules", "exclusions.missing", knowledge_dir=tmp_path)
    assert (cited.source, cited.section, cited.text) == ("gone.md#exclusion-rules", "Exclusion rules", None)


def test_closest_sections_prefers_the_heading_that_names_the_question() -> None:
    best = closest_sections("What is a buying trigger?")
    assert [c.source for c in best] == ["icp-buyer-truth.md#buying-trigger"]


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        pytest.param("What counts as a trigger", True, id="question-word"),
        pytest.param("The CFO signs. Is that enough?", True, id="question-mark"),
        pytest.param("The CFO signs the deal.", False, id="statement"),
    ],
)
def test_is_question(message: str, asked: bool) -> None:
    assert is_question(message) is asked
