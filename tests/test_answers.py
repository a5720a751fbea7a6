"""Grounded answers (extractive and model), their citations, `coach ask`, and the re-export from coach.retrieval."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from coach import answers, retrieval
from coach.answers import answer_question, model_answer
from coach.cli import main
from coach.config import Settings
from coach.retrieval import NOT_COVERED, Index, Passage


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One index for the read-only tests: building one per test would dominate the file's run time."""
    return Settings(data_dir=tmp_path_factory.mktemp("shared-index"))


@pytest.fixture(scope="module")
def index(shared: Settings) -> Index:
    return Index.open(shared)


def test_the_answer_names_live_only_in_answers() -> None:
    # No re-export shim: coach.retrieval ranks passages, coach.answers answers.
    for name in ("Answer", "Citation", "answer_question", "extractive_answer", "model_answer"):
        assert hasattr(answers, name) and not hasattr(retrieval, name)


def _normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "question",
    ["When is a deal too late for a partner?", "who signs the deal?", "What should we build first?"],
    ids=["too-late", "who-signs", "build-first"],
)
def test_offline_answer_only_quotes_the_cited_passages(shared: Settings, question: str) -> None:
    answer = answer_question(question, shared)
    quotes = re.findall(r'"(.+?)" \[(\d+)\]', answer.answer)
    assert quotes
    assert re.sub(r'"(.+?)" \[(\d+)\]', "", answer.answer).strip() == ""  # nothing outside the quotes
    by_number = {c.n: c for c in answer.citations}
    for quote, n in quotes:
        assert _normalized(quote) in _normalized(by_number[int(n)].text)
    assert sorted(by_number) == list(range(1, len(by_number) + 1))


@pytest.mark.parametrize(
    "question",
    ["What is the capital of France?", "How do I configure autoscaling for Kubernetes pods?", "   "],
    ids=["geography", "kubernetes", "blank"],
)
def test_out_of_scope_questions_are_not_covered(shared: Settings, question: str) -> None:
    answer = answer_question(question, shared)
    assert answer.answer == NOT_COVERED
    assert answer.citations == []


def _passages(index: Index) -> list[Passage]:
    return index.search("When is a deal too late for a partner?", 2)


def test_model_answer_keeps_checked_citations(index: Index) -> None:
    prompts: list[str] = []

    def complete(prompt: str) -> str:
        prompts.append(prompt)
        return "Once the deal is past legal review, a partner adds overhead and no new signal [1]."

    answer = model_answer("When is it too late?", _passages(index), complete)
    assert answer.answer.endswith("[1].")
    assert [c.n for c in answer.citations] == [1]
    assert "[2]" in prompts[0] and NOT_COVERED in prompts[0]


@pytest.mark.parametrize(
    "reply",
    ["Partners are always welcome [7].", "Partners are always welcome."],
    ids=["invented-citation", "no-citation"],
)
def test_model_answer_with_bad_citations_falls_back_to_quotes(index: Index, reply: str) -> None:
    answer = model_answer("When is a deal too late for a partner?", _passages(index), lambda prompt: reply)
    assert "always welcome" not in answer.answer
    assert answer.answer.startswith('"') and answer.citations


def test_model_answer_passes_not_covered_through(index: Index) -> None:
    answer = model_answer("What is the capital of France?", _passages(index), lambda prompt: NOT_COVERED)
    assert answer.answer == NOT_COVERED and answer.citations == []


def test_answer_question_uses_the_model_only_when_configured(shared: Settings) -> None:
    reply = "Past legal review a partner adds only overhead [1]."
    offline = answer_question("When is a deal too late for a partner?", shared, complete=lambda p: reply)
    assert offline.answer.startswith('"')
    with_model = replace(shared, model="ollama/llama3")
    assert (
        answer_question("When is a deal too late for a partner?", with_model, complete=lambda p: reply).answer == reply
    )


def test_cli_ask_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "When is a deal too late for a partner?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"answer", "citations"}
    assert set(data["citations"][0]) == {"n", "chunk_id", "doc", "section", "text"}
    assert data["citations"][0]["chunk_id"] == "icp-buyer-truth.md#exclusion-rules"


def test_cli_ask_text_lists_citations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "What is the capital of France?"]) == 0
    assert capsys.readouterr().out == f"{NOT_COVERED}\n"
    assert main(["ask", "who signs the deal?"]) == 0
    assert "[1] icp-buyer-truth.md#the-three-buyer-roles" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "  "], 'coach: error: The question is empty; ask something, e.g. coach ask "who signs the deal?".'),
        (["ask", "who signs?", "--docs", "/no/such/folder"], "coach: error: The knowledge folder /no/such/folder "
         "does not exist."),
    ],
    ids=["empty-question", "missing-docs-folder"],
)  # fmt: skip
def test_cli_ask_errors_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err == f"{message}\n"


def test_cli_ask_searches_a_docs_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "desk.txt").write_text("Renewal Rule\nRenewals under 20k never get a reseller.\n")
    assert main(["ask", "Do renewals under 20k get a reseller?", "--docs", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["citations"][0]["chunk_id"] == "desk.txt#renewal-rule"


def test_a_table_header_row_is_never_quoted() -> None:
    from coach.answers import _units

    table = (
        "| Stage | Action that builds trust |\n|---|---|\n| Pre-deal | The partner meets the buyer at events first |"
    )
    assert _units(table) == ["Pre-deal | The partner meets the buyer at events first"]
