"""Grounded answers (extractive and model), their citations, and `coach ask`."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from coach.cli import main
from coach.config import Settings
from coach.knowledge import answers, citations
from coach.knowledge import index as knowledge_index
from coach.knowledge.answers import answer_question, model_answer
from coach.knowledge.index import NOT_COVERED, Index, Passage


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One index for the read-only tests: building one per test would dominate the file's run time."""
    return Settings(data_dir=tmp_path_factory.mktemp("shared-index"))


@pytest.fixture(scope="module")
def index(shared: Settings) -> Index:
    return Index.open(shared)


def test_one_citation_model_and_no_re_exports() -> None:
    # The index ranks passages, answers answers, and the one Citation model lives in citations.
    assert answers.Citation is citations.Citation
    for name in ("Answer", "answer_question", "extractive_answer", "model_answer", "Citation"):
        assert not hasattr(knowledge_index, name)


def _normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "question",
    ["When is a deal too late for a partner?", "who signs the deal?", "What should we build first?"],
    ids=["too-late", "who-signs", "build-first"],
)
def test_offline_answer_only_quotes_the_cited_passages(shared: Settings, question: str) -> None:
    answer = answer_question(question, shared)
    assert answer.quotes and answer.covered
    by_number = {c.n: c for c in answer.citations}
    for quote in answer.quotes:
        source = _normalized(by_number[quote.n].text)
        for piece in [quote.text, *quote.items, *(cell for row in quote.rows for cell in row)]:
            assert _normalized(piece) in source
    # Nothing outside the quotes: the answer is rendered from them alone.
    assert answer.answer == answers.render(answer.quotes)
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
    assert answer.quotes and answer.citations  # the extractive answer, made of quotes


def test_model_answer_passes_not_covered_through(index: Index) -> None:
    answer = model_answer("What is the capital of France?", _passages(index), lambda prompt: NOT_COVERED)
    assert answer.answer == NOT_COVERED and answer.citations == []


def test_answer_question_uses_the_model_only_when_configured(shared: Settings) -> None:
    reply = "Past legal review a partner adds only overhead [1]."
    offline = answer_question("When is a deal too late for a partner?", shared, complete=lambda p: reply)
    assert offline.quotes and offline.answer != reply
    with_model = replace(shared, model="ollama/llama3")
    assert (
        answer_question("When is a deal too late for a partner?", with_model, complete=lambda p: reply).answer == reply
    )


def test_cli_ask_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "When is a deal too late for a partner?", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"answer", "citations", "quotes", "covered", "nearest"}
    assert set(data["citations"][0]) == {"n", "source", "chunk_id", "doc", "section", "text", "reason"}
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
    from coach.knowledge.answers import _units

    table = (
        "| Stage | Action that builds trust |\n|---|---|\n| Pre-deal | The partner meets the buyer at events first |"
    )
    assert _units(table) == ["Pre-deal | The partner meets the buyer at events first"]


def _passage(text: str, n: int = 0) -> Passage:
    return Passage(chunk_id=f"doc.md#s{n}", doc="doc.md", section=f"s{n}", heading="S", text=text, score=1.0,
                   coverage=1.0)  # fmt: skip


def test_a_lead_in_ending_in_a_colon_brings_its_list() -> None:
    text = (
        "Exclusions keep partners honest.\n\nDeal types to exclude explicitly:\n\n- renewals under the floor;\n"
        "- transactions with a repeatable direct\n  sales motion;\n- buyers who already trust the vendor.\n\nEnd."
    )
    answer = answers.extractive_answer("Which deal types do we exclude explicitly?", [_passage(text)])
    [quote] = [q for q in answer.quotes if q.text == "Deal types to exclude explicitly:"]
    assert quote.kind == "list"
    assert quote.items == [
        "renewals under the floor;",
        "transactions with a repeatable direct sales motion;",
        "buyers who already trust the vendor.",
    ]
    assert '"Deal types to exclude explicitly:" [1]\n- "renewals under the floor;"' in answer.answer


def test_a_long_list_after_a_lead_in_is_cut_between_items_never_inside_one() -> None:
    items = [f"item number {i} " + "word " * 40 for i in range(30)]
    text = "Typical triggers are these:\n\n" + "\n".join(f"- {item.strip()}" for item in items)
    [quote] = answers.extractive_answer("What are typical triggers?", [_passage(text)]).quotes
    assert 1 <= len(quote.items) < 30
    assert all(item in (i.strip() for i in items) for item in quote.items)
    assert sum(map(len, quote.items)) <= answers.LIST_LIMIT + len(items[0])


def test_a_table_row_is_quoted_with_its_header_and_rendered_as_a_table() -> None:
    text = "| Exclusion type | Examples |\n|---|---|\n| Deal stage too late | Deals past legal review |\n"
    answer = answers.extractive_answer("when is the deal stage too late?", [_passage(text)])
    [quote] = answer.quotes
    assert (quote.kind, quote.header, quote.rows) == (
        "table",
        ["Exclusion type", "Examples"],
        [["Deal stage too late", "Deals past legal review"]],
    )
    assert answer.answer == (
        "[1]\n| Exclusion type | Examples |\n|---|---|\n| Deal stage too late | Deals past legal review |"
    )


def test_a_question_not_covered_names_the_nearest_section_when_it_shares_enough_words(shared: Settings) -> None:
    near = answer_question("What commission should resellers get on a deal?", shared)
    assert not near.covered and near.answer.startswith(NOT_COVERED + " The nearest framework topic is ")
    assert near.nearest is not None and near.nearest.endswith(near.answer.rsplit("(", 1)[1].rstrip(")."))
    far = answer_question("What is the capital of France?", shared)
    assert (far.answer, far.nearest, far.covered) == (NOT_COVERED, None, False)


def test_cli_knowledge_add_list_remove_locally(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    playbook = tmp_path / "desk.md"
    playbook.write_text("# Desk\n\n## Renewal rule\n\nRenewals under 20k never get a reseller.\n")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    assert main(["knowledge", "add", str(playbook), "--by", "Kim"]) == 0
    stored = "Stored desk.md (1 section) in the knowledge store on this machine's data folder.\n"
    assert capsys.readouterr().out == stored
    assert main(["knowledge", "list", "--json"]) == 0
    listed = {d["doc"]: d for d in json.loads(capsys.readouterr().out)}
    assert listed["desk.md"]["added_by"] == "Kim" and len(listed) == 6
    for args, said in [
        (["knowledge", "add", str(tmp_path / "none.md")], f"No playbook at {tmp_path / 'none.md'}: give a .md"),
        (["knowledge", "add", str(tmp_path / "notes.docx")], "notes.docx is not a playbook"),
        (["knowledge", "remove", "icp-alignment.md"], "icp-alignment.md is part of the framework"),
    ]:
        assert main(args) == 2
        assert capsys.readouterr().err.startswith(f"coach: error: {said}")
    assert main(["knowledge", "remove", "desk.md"]) == 0
    assert capsys.readouterr().out.startswith("Removed desk.md (1 section)")
