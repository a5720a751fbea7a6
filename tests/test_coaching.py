"""The coaching session: a turn extracts, merges, grades, cites and replies; confirm and edit fields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from coach.coaching import CoachSession, LLMComposer, OfflineComposer, reply_prompt, scorecard
from coach.errors import ExtractionError, InputError
from coach.framework import (
    BeforeAfter,
    BuyerMap,
    BuyerRole,
    DealFacts,
    Exclusion,
    Fact,
    IcpCondition,
    IcpEvidence,
    LeverageZone,
    Money,
    OperatingIcp,
    ProgramDraft,
    Trigger,
    TrustStanding,
)
from coach.reading import Extraction


class ScriptedExtractor:
    """Returns the drafts it was given, one per call (inspect_ai's mockllm, for extractors)."""

    name = "scripted"

    def __init__(self, *drafts: ProgramDraft) -> None:
        self.drafts = list(drafts)
        self.seen: list[tuple[str, ProgramDraft | None]] = []

    def extract_program(self, text: str, current: ProgramDraft | None = None) -> Extraction[ProgramDraft]:
        self.seen.append((text, current))
        return Extraction(facts=self.drafts.pop(0) if self.drafts else ProgramDraft(), extractor=self.name)

    def extract_deal(self, text: str) -> Extraction[DealFacts]:
        return Extraction(facts=DealFacts(), extractor=self.name)


@dataclass
class Passage:
    chunk_id: str
    doc: str
    section: str
    text: str
    score: float = 1.0


def full_draft() -> ProgramDraft:
    """A program that passes every rule."""
    return ProgramDraft(
        icp=OperatingIcp(
            statement=None,
            conditions=[
                IcpCondition(quote="fintech", dimension="industry", text="fintech", values=["fintech"]),
                IcpCondition(quote="200-2,000", dimension="company_size", text="200-2,000", minimum=200, maximum=2000),
            ],
            evidence=[IcpEvidence(quote="close in 60 days", kind="velocity", text="close in 60 days")],
        ),
        buyers=BuyerMap(
            decision_maker=BuyerRole(quote="CFO", title="CFO"),
            influencer=BuyerRole(quote="controller", title="controller"),
            blocker=BuyerRole(quote="CISO", title="CISO"),
        ),
        metrics=[],
        trigger=Trigger(quote="SOC 2 audit", kind="deadline", text="SOC 2 audit"),
        trust=[TrustStanding(quote="audit firms", form="category_credibility", text="audit credibility")],
        leverage=[
            LeverageZone(
                quote="auditors vouch",
                type="confidence",
                role="decision_maker",
                stage="evaluation",
                text="auditor vouches",
                change=BeforeAfter(quote="6 to 2 weeks", before="6 weeks", after="security review in 2 weeks"),
            )
        ],
        exclusions=[
            Exclusion(
                quote="under $50k",
                kind="deal_size",
                text="deals under $50k",
                threshold=Money(amount=50000, currency="USD", period="annual"),
            )
        ],
    )


def session(*drafts: ProgramDraft, search: object = None) -> CoachSession:
    """A session on scripted extractions; without a search it reads sections straight from the documents."""
    return CoachSession().use(extractor=ScriptedExtractor(*drafts), search=search, index=False)  # type: ignore[arg-type]


def test_turn_adds_facts_grades_and_asks_the_next_question() -> None:
    cfo = ProgramDraft(buyers=BuyerMap(decision_maker=BuyerRole(quote="the CFO signs", title="CFO")))
    coach = session(cfo)
    result = coach.turn("The CFO signs.")
    assert [c.sentence() for c in result.changes] == ["added the decision maker: CFO"]
    assert result.next_question == "Where do your deals actually close today: which industry, company size and region?"
    assert result.reply.endswith(f"**Next question:** {result.next_question}")
    assert "I updated the draft:\n- added the decision maker: CFO" in result.reply
    assert coach.draft.buyers.decision_maker is not None
    assert [e.role for e in coach.history] == ["user", "assistant"]


def test_turn_passes_the_current_draft_to_the_extractor() -> None:
    first = ProgramDraft(buyers=BuyerMap(decision_maker=BuyerRole(quote="CFO", title="CFO")))
    extractor = ScriptedExtractor(first, ProgramDraft())
    coach = CoachSession().use(extractor=extractor, index=False)
    coach.turn("CFO")
    coach.turn("nothing new")
    assert extractor.seen[1] == ("nothing new", coach.draft)


def test_turn_without_new_facts_says_so() -> None:
    result = session(ProgramDraft()).turn("hello")
    assert result.reply.startswith("I found no new fact about the program in that message.")


def test_turn_cites_the_section_behind_the_gap_without_an_index() -> None:
    result = session(ProgramDraft()).turn("We sell software.")
    assert [(c.source, c.section, c.reason) for c in result.citations] == [
        ("icp-buyer-truth.md#operating-icp", "Operating ICP", "icp.missing")
    ]
    assert result.citations[0].text and "ICP" in result.citations[0].text
    assert "The knowledge index is not available, so passages are read straight from the documents." in result.notices


def test_turn_prefers_the_search_hit_from_the_cited_section() -> None:
    hits = [
        Passage("x1", "other.md", "Elsewhere", "not this"),
        Passage("b7", "icp-buyer-truth.md", "Operating ICP", "Build the ICP on evidence."),
    ]
    result = session(ProgramDraft(), search=lambda query, k: hits).turn("We sell software.")
    assert [(c.chunk_id, c.text) for c in result.citations] == [("b7", "Build the ICP on evidence.")]
    assert result.notices == []


def test_a_question_gets_its_own_passage_without_an_index() -> None:
    result = session(ProgramDraft()).turn("What counts as a buying trigger?")
    assert [c.reason for c in result.citations] == ["icp.missing", "question"]
    assert "**On your question:** *Buying trigger*" in result.reply


def test_a_question_gets_passages_from_the_knowledge_index() -> None:
    coach = CoachSession().use(extractor=ScriptedExtractor())
    result = coach.turn("What counts as a buying trigger?")
    asked = [c for c in result.citations if c.reason == "question"]
    assert asked and asked[0].chunk_id is not None
    assert "buying-trigger" in asked[0].source
    assert result.notices == []


def test_operator_sentence_appears_once_complete() -> None:
    result = session(full_draft()).turn("Here is the whole program.")
    assert result.statement is not None and result.statement.startswith("Partners are involved with the CFO")
    assert f"**Operator sentence:** {result.statement}" in result.details
    assert result.grade.readiness == "ready"


def test_a_reply_leads_with_the_change_and_the_next_question_and_folds_the_rest() -> None:
    coach = session(full_draft())
    result = coach.turn("Here is the whole program.")
    assert result.reply.startswith("I updated the draft:\n- added the decision maker: CFO")
    assert result.reply.endswith(f"**Next question:** {result.next_question}")
    assert "Where the draft stands" not in result.reply and "From the framework" not in result.reply
    assert result.details.startswith("**Operator sentence:**")
    assert coach.history[-1].details == result.details  # shown again, folded, after a reload


@pytest.mark.parametrize(
    ("message", "error"),
    [
        pytest.param("   ", "Type a message first: the coach has nothing to read.", id="empty"),
        pytest.param("x" * 20_001, "That message is too long (20,001 characters); keep it under 20,000.", id="long"),
    ],
)
def test_turn_refuses_unusable_messages(message: str, error: str) -> None:
    with pytest.raises(InputError) as caught:
        session().turn(message)
    assert str(caught.value) == error


def test_llm_composer_streams_and_always_ends_on_the_next_question() -> None:
    composer = LLMComposer(lambda prompt: iter(["Good start. ", "Now the ICP."]), name="fake-model")
    coach = session(ProgramDraft()).use(extractor=ScriptedExtractor(ProgramDraft()), composer=composer, index=False)
    result, chunks = coach.stream_turn("hi")
    streamed = list(chunks)
    assert streamed[:2] == ["Good start. ", "Now the ICP."]
    assert result.reply == f"Good start. Now the ICP.\n\n**Next question:** {result.next_question}"


def test_llm_composer_failure_falls_back_to_the_offline_reply() -> None:
    def broken(prompt: str) -> Iterator[str]:
        raise TimeoutError("timed out after 30s")
        yield ""

    coach = CoachSession().use(
        extractor=ScriptedExtractor(), composer=LLMComposer(broken, name="fake-model"), index=False
    )
    result = coach.turn("hi")
    assert result.notices[-1] == (
        "The model's reply failed: timed out after 30s This reply was written offline from the findings and passages."
    )
    assert result.reply.startswith("I found no new fact")


def test_reply_prompt_confines_the_model_to_the_passages() -> None:
    result = session(ProgramDraft()).turn("hi")
    prompt = reply_prompt(result)
    assert "Use only the findings and the passages below" in prompt
    assert "[1] icp-buyer-truth.md#operating-icp" in prompt
    assert prompt.count(result.next_question or "") == 1


def test_offline_composer_reply_is_the_same_as_its_paragraphs() -> None:
    result = session(ProgramDraft()).turn("hi")
    composer = OfflineComposer()
    assert "".join(composer.compose(result)).strip() == "\n\n".join(composer.paragraphs(result))


def test_extractor_failure_on_the_model_path_falls_back_to_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    class Failing(ScriptedExtractor):
        name = "gpt-test"

        def extract_program(self, text: str, current: ProgramDraft | None = None) -> Extraction[ProgramDraft]:
            raise ExtractionError("The model timed out.", kind="timeout", model="gpt-test")

    offline = pytest.importorskip("coach.reading.offline")
    result = CoachSession().use(extractor=Failing(), index=False).turn("The CFO signs.")
    assert result.notices[0] == "The model failed (The model timed out.); this turn used the offline extractor."
    assert result.extractor == offline.OfflineExtractor().name


def test_confirm_and_edit_change_the_draft_and_the_grade() -> None:
    coach = session(ProgramDraft(trigger=Trigger(quote="growth", kind="other", text="growth")))
    coach.turn("growth")
    assert "trigger.vague" in {f.rule for f in coach.grade.findings}
    coach.use(
        extractor=ScriptedExtractor(ProgramDraft(trigger=Trigger(quote="Q3 audit", kind="deadline", text="Q3 audit")))
    )
    change = coach.edit("trigger", "Q3 audit")
    assert change.sentence() == "edited the buying trigger: growth → Q3 audit"
    assert "trigger.vague" not in {f.rule for f in coach.grade.findings}
    assert coach.confirm("trigger").action == "confirmed"


def test_scorecard_marks_sections_done_gap_or_missing() -> None:
    draft = full_draft().model_copy(
        update={"exclusions": [], "trigger": Trigger(quote="g", kind="other", text="growth")}
    )
    coach = CoachSession(draft=draft)
    rows = {row.name: row.status for row in scorecard(coach.draft, coach.grade)}
    assert rows == {
        "ICP": "done",
        "Buyer map": "gap",  # no success metric
        "Trigger": "gap",
        "Trust": "done",
        "Leverage": "done",
        "Exclusions": "missing",
    }


def test_session_survives_a_json_round_trip() -> None:
    coach = session(full_draft())
    coach.turn("everything")
    again = CoachSession.model_validate_json(coach.model_dump_json())
    assert again.draft == coach.draft and again.history == coach.history


def test_the_opening_keeps_the_first_question_it_asked_once_the_conversation_started() -> None:
    icp = ProgramDraft(icp=OperatingIcp(statement=Fact(quote="We sell to fintech lenders")))
    coach = session(icp)
    first = coach.opening()
    coach.turn("We sell to fintech lenders.")
    assert coach.opening() == first  # shown again after a reload: the question asked then, not today's
