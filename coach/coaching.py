"""One coaching turn: extract from the message, merge into the draft, grade, retrieve, reply.

The session holds the program draft and the chat. Replies come from a composer: the offline one
builds them from the findings and the cited passages; the LLM one streams a model's reply confined
to those passages and falls back to the offline one when the model fails. No UI code lives here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from coach.config import Settings
from coach.errors import CoachError, ExtractionError, InputError, redact
from coach.framework import Finding, Grade, ProgramDraft, Strict
from coach.knowledge.citations import Citation, Search, default_search, find_citations
from coach.merge import Change, confirm_field, describe, edit_field, fields_with_facts, label_for, merge_drafts
from coach.rules import grade_program

MAX_MESSAGE_CHARS = 20_000
Stream = Callable[[str], Iterator[str]]

# The framework's sections, in the order the coach walks them, with the rule prefixes that belong to each.
SECTIONS: dict[str, tuple[str, ...]] = {
    "ICP": ("icp.",),
    "Buyer map": ("buyer.", "buyer_map.", "metric."),
    "Trigger": ("trigger.",),
    "Trust": ("trust.",),
    "Leverage": ("leverage.",),
    "Exclusions": ("exclusions.",),
}


class ChatEntry(Strict):
    """One message of the chat, as shown again after a reload."""

    role: Literal["user", "assistant"]
    content: str
    citations: list[Citation] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    details: str = Field(default="", description="Where the draft stands and the framework's passage: shown folded.")


class TurnResult(Strict):
    """Everything one turn produced: what changed, the grade, the citations, the reply."""

    message: str
    extractor: str
    changes: list[Change]
    grade: Grade
    citations: list[Citation]
    reply: str = ""
    details: str = ""
    notices: list[str] = Field(default_factory=list)
    rejected: list[str] = Field(default_factory=list)

    @property
    def next_question(self) -> str | None:
        """The one question that closes the most important gap."""
        return self.grade.next_question

    @property
    def statement(self) -> str | None:
        """The operator sentence, once every blank can be filled."""
        return self.grade.statement


class SectionStatus(Strict):
    """One framework section on the scorecard."""

    name: str
    status: Literal["done", "gap", "missing"]
    findings: list[Finding]


def scorecard(draft: ProgramDraft, grade: Grade) -> list[SectionStatus]:
    """Each framework section as done, gap (stated but a rule fires) or missing (nothing stated)."""
    stated = {
        "ICP": draft.icp.statement is not None or bool(draft.icp.conditions),
        "Buyer map": any((draft.buyers.decision_maker, draft.buyers.influencer, draft.buyers.blocker, draft.metrics)),
        "Trigger": draft.trigger is not None,
        "Trust": bool(draft.trust),
        "Leverage": bool(draft.leverage),
        "Exclusions": bool(draft.exclusions),
    }
    rows = []
    for name, prefixes in SECTIONS.items():
        fired = [f for f in grade.findings if f.rule.startswith(prefixes)]
        status = "missing" if not stated[name] else "gap" if fired else "done"
        rows.append(SectionStatus(name=name, status=status, findings=fired))
    return rows


# --- Replies -------------------------------------------------------------------------------------


class ReplyComposer(Protocol):
    """Turns a turn's result into reply text, chunk by chunk."""

    name: str

    def compose(self, result: TurnResult) -> Iterator[str]:
        """Yield the reply in chunks."""
        ...


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.splitlines() or [text])


def _cited(citation: Citation) -> str:
    head = f"*{citation.section}* ({citation.doc})"
    return head + ("\n\n" + _quote_block(citation.text) if citation.text else "")


class OfflineComposer:
    """Replies built from the changes, the findings and the cited passages: no model, always available."""

    name = "offline"

    def compose(self, result: TurnResult) -> Iterator[str]:
        """Yield the reply paragraph by paragraph."""
        for paragraph in self.paragraphs(result):
            yield paragraph + "\n\n"

    def paragraphs(self, result: TurnResult) -> list[str]:
        """The reply's paragraphs: what changed, then the next question (an answer to the person's own question
        before it). Where the draft stands and the framework's passage are the turn's details, shown folded."""
        out = []
        if result.changes:
            out.append("I updated the draft:\n" + "\n".join(f"- {c.sentence()}" for c in result.changes))
        else:
            out.append("I found no new fact about the program in that message.")
        if result.rejected:
            out.append(f"I left out {len(result.rejected)} fact(s) whose words I could not find in your message.")
        answers = [c for c in result.citations if c.reason == "question"]
        if answers:
            out.append("**On your question:** " + "\n\n".join(_cited(c) for c in answers))
        if result.grade.next_question:
            out.append(f"**Next question:** {result.grade.next_question}")
        elif not result.grade.findings:
            out.append("**Every rule passes.** The program is ready: export the one-pager and use the go / no-go.")
        return out


def reply_details(result: TurnResult) -> str:
    """The turn's details, shown folded under the reply: the operator sentence, where the draft stands (the
    findings, blocking first) and the framework's passage for the most important gap."""
    grade, out = result.grade, []
    if grade.statement:
        out.append(f"**Operator sentence:** {grade.statement}")
    if grade.findings:
        ordered = sorted(grade.findings, key=lambda f: f.severity != "blocking")  # stable: framework order kept
        lines = [f"- **{f.severity}**: {f.message} `{f.rule}`" for f in ordered[:5]]
        more = len(grade.findings) - 5
        if more > 0:
            lines.append(f"- … and {more} more on the scorecard.")
        eligible = "eligible" if grade.eligible else "not eligible yet"
        readiness = grade.readiness.replace("_", " ")
        out.append(f"**Where the draft stands** ({eligible}, readiness: {readiness}):\n" + "\n".join(lines))
    gap = [c for c in result.citations if c.reason != "question"]
    if gap:
        out.append("**From the framework:** " + _cited(gap[0]))
    return "\n\n".join(out)


def reply_prompt(result: TurnResult) -> str:
    """The model's instructions: answer only from the given passages and findings, end on the next question."""
    passages = "\n\n".join(
        f"[{i + 1}] {c.source}\n{c.text or '(not available)'}" for i, c in enumerate(result.citations)
    )
    findings = "\n".join(f"- {f.rule} ({f.severity}): {f.message}" for f in result.grade.findings) or "- none"
    changes = "\n".join(f"- {c.sentence()}" for c in result.changes) or "- nothing new"
    ending = result.grade.next_question or "Tell the person the draft passes every rule."
    return (
        "You coach a partner program operator through the partner ICP framework. Use only the findings and the "
        "passages below; do not add facts, numbers or advice that they do not contain. Cite passages as [n]. "
        "Be brief: say what changed, the most important gap and why it matters, then end with exactly this "
        f"question on its own line: {ending}\n\nThe person said:\n{result.message}\n\nWhat changed in the draft:\n"
        f"{changes}\n\nFindings, in framework order:\n{findings}\n\nOperator sentence: "
        f"{result.grade.statement or '(not complete yet)'}\n\nPassages:\n{passages}\n"
    )


class LLMComposer:
    """A model's reply, streamed, confined to the findings and passages; it always ends on the next question."""

    def __init__(self, stream: Stream, name: str = "model") -> None:
        self.stream = stream
        self.name = name

    def compose(self, result: TurnResult) -> Iterator[str]:
        """Yield the model's reply as it streams; wrap the model's failures once, here."""
        said: list[str] = []
        try:
            for chunk in self.stream(reply_prompt(result)):
                said.append(chunk)
                yield chunk
        except CoachError:
            raise
        except Exception as exc:  # the stream callable is the library boundary: wrap whatever it raised
            raise ExtractionError(
                f"The model's reply failed: {redact(str(exc))}", kind="reply", model=self.name
            ) from exc
        question = result.grade.next_question
        if question and question not in "".join(said):
            yield f"\n\n**Next question:** {question}"


def default_composer(settings: Settings) -> tuple[ReplyComposer, list[str]]:
    """The LLM composer when a live model and a streaming helper exist, else the offline one."""
    if not settings.uses_model or settings.replay is not None:
        return OfflineComposer(), []
    from coach.reading.llm import stream_completion

    model = settings.model or "model"
    return LLMComposer(lambda prompt: stream_completion(prompt, settings), name=model), []


# --- The session ---------------------------------------------------------------------------------


def _checked(message: str) -> str:
    text = (message or "").strip()
    if not text:
        raise InputError("Type a message first: the coach has nothing to read.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise InputError(f"That message is too long ({len(text):,} characters); keep it under {MAX_MESSAGE_CHARS:,}.")
    return text


class CoachSession(BaseModel):
    """A coaching conversation: the program draft so far and the chat that built it."""

    model_config = ConfigDict(extra="forbid")

    draft: ProgramDraft = Field(default_factory=ProgramDraft)
    history: list[ChatEntry] = Field(default_factory=list)
    _settings: Settings | None = PrivateAttr(default=None)
    _extractor: Any = PrivateAttr(default=None)
    _composer: Any = PrivateAttr(default=None)
    _search: Any = PrivateAttr(default=None)
    _search_ready: bool = PrivateAttr(default=False)

    def use(
        self,
        settings: Settings | None = None,
        *,
        extractor: Any = None,
        composer: ReplyComposer | None = None,
        search: Search | None = None,
        index: bool = True,
    ) -> CoachSession:
        """Attach the services a turn uses; anything not given is chosen from the settings when first needed.

        `index=False` reads cited sections straight from the documents instead of opening the knowledge index.
        """
        self._settings = settings
        self._extractor, self._composer = extractor, composer
        self._search, self._search_ready = search, search is not None or not index
        return self

    @property
    def settings(self) -> Settings:
        """The settings in force (read from the environment unless given)."""
        if self._settings is None:
            self._settings = Settings.from_env()
        return self._settings

    @property
    def extractor(self) -> Any:
        """The extractor in use: the model when COACH_MODEL is set, else the offline one."""
        if self._extractor is None:
            from coach.reading import get_extractor

            self._extractor = get_extractor(self.settings)
        return self._extractor

    @property
    def grade(self) -> Grade:
        """The draft's grade now."""
        return grade_program(self.draft)

    def opening(self) -> str:
        """The coach's first words: what it does and the first question. Once the conversation has started (or is
        shown again after a reload), that is the question it asked then, about an empty draft, not today's."""
        asked = grade_program(ProgramDraft()) if self.history else self.grade
        return (
            "Describe your partner program in your own words: who you sell to, who signs, what makes them buy "
            "now, and where partners help. I will grade it against the framework, one gap at a time.\n\n"
            f"**First question:** {asked.next_question}"
        )

    def turn(self, message: str) -> TurnResult:
        """Run one turn to the end and return its result, reply included."""
        result, chunks = self.stream_turn(message)
        for _ in chunks:
            pass
        return result

    def stream_turn(self, message: str) -> tuple[TurnResult, Iterator[str]]:
        """Extract, merge and grade now; return the result and the reply's chunks (the reply fills in as they run)."""
        text = _checked(message)
        extraction, notices = self._extract(text)
        self.draft, changes = merge_drafts(self.draft, extraction.facts)
        grade = grade_program(self.draft)
        if not self._search_ready:
            self._search, self._search_ready = default_search(self.settings), True
        citations, found_notices = find_citations(grade, text, self._search)
        result = TurnResult(
            message=text,
            extractor=extraction.extractor,
            changes=changes,
            grade=grade,
            citations=citations,
            notices=[*notices, *extraction.notices, *found_notices],
            rejected=extraction.rejected,
        )
        self.history.append(ChatEntry(role="user", content=text))
        return result, self._reply(result)

    def _extract(self, text: str) -> tuple[Any, list[str]]:
        try:
            return self.extractor.extract_program(text, current=self.draft), []
        except CoachError as exc:
            if getattr(self.extractor, "name", "offline") == "offline":
                raise
            from coach.reading.offline import OfflineExtractor

            notice = f"The model failed ({redact(str(exc))}); this turn used the offline extractor."
            return OfflineExtractor().extract_program(text, current=self.draft), [notice]

    def _reply(self, result: TurnResult) -> Iterator[str]:
        if self._composer is None:
            self._composer, composer_notices = default_composer(self.settings)
            result.notices += composer_notices
        said: list[str] = []
        try:
            for chunk in self._composer.compose(result):
                said.append(chunk)
                yield chunk
        except CoachError as exc:
            result.notices.append(f"{exc} This reply was written offline from the findings and passages.")
            for chunk in OfflineComposer().compose(result):
                said.append(chunk)
                yield chunk
        result.reply = "".join(said).strip()
        result.details = reply_details(result)
        entry = ChatEntry(
            role="assistant",
            content=result.reply,
            citations=result.citations,
            notices=result.notices,
            details=result.details,
        )
        self.history.append(entry)

    def confirm(self, field_path: str) -> Change:
        """Mark a field as confirmed by the person."""
        self.draft, change = confirm_field(self.draft, field_path)
        return change

    def edit(self, field_path: str, value: str | dict[str, Any]) -> Change:
        """Set a field from the person's words (re-read by the extractor) or from field values; empty removes it."""
        extracted = None
        if isinstance(value, str) and value.strip():
            extracted = self.extractor.extract_program(value.strip()).facts
        self.draft, change = edit_field(self.draft, field_path, value, extracted)
        return change


# --- Export --------------------------------------------------------------------------------------

_PAGE_SECTIONS = (
    ("Operating ICP", ("icp.statement", "icp.conditions", "icp.evidence")),
    ("Buyer map", ("buyers.decision_maker", "buyers.influencer", "buyers.blocker", "metrics")),
    ("Buying trigger", ("trigger",)),
    ("Trust partners must have", ("trust",)),
    ("Leverage zones", ("leverage",)),
    ("Where partners create noise", ("noise_risks",)),
    ("Exclusions: where partners are not allowed", ("exclusions",)),
    ("Open questions", ("open_questions",)),
)


def one_pager(draft: ProgramDraft) -> str:
    """The program on one page, as Markdown: the operator sentence, each section with its evidence, the gaps."""
    grade = grade_program(draft)
    known = dict(fields_with_facts(draft))
    lines = ["# Partner ICP one-pager", ""]
    lines.append(f"Eligible: {'yes' if grade.eligible else 'no'} · Readiness: {grade.readiness.replace('_', ' ')}")
    lines += ["", "## Operator sentence", "", grade.statement or "_Not complete yet._"]
    evidence: list[str] = []
    for title, prefixes in _PAGE_SECTIONS:
        rows = [(p, f) for p, f in known.items() if p in prefixes or p.startswith(tuple(f"{x}." for x in prefixes))]
        lines += ["", f"## {title}", ""]
        if not rows:
            lines.append("_Unknown._")
        for path, fact in rows:
            # The value once; its words and status once, in the evidence list at the end ([1], [2] ...).
            evidence.append(f'{len(evidence) + 1}. "{fact.quote}" ({fact.status})')
            lines.append(f"- **{label_for(path)}**: {describe(fact)} [{len(evidence)}]")
    lines += ["", "## Gaps, in framework order", ""]
    lines += [f"- [{f.severity}] {f.message} (`{f.rule}`, {f.source})" for f in grade.findings] or ["_None._"]
    if grade.next_question:
        lines += ["", f"**Next question:** {grade.next_question}"]
    if evidence:
        lines += ["", "## Evidence: your words", "", *evidence]
    return "\n".join(lines) + "\n"


def export_json(draft: ProgramDraft) -> str:
    """The draft and its grade as JSON; `coach verdict --icp` and the go / no-go page read it back."""
    from coach.rules import RULES_VERSION

    grade = grade_program(draft)
    data = {"rules_version": RULES_VERSION, "draft": draft.model_dump(mode="json"), "grade": grade.model_dump()}
    return json.dumps(data, indent=2, ensure_ascii=False)
