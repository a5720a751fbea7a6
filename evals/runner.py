"""The eval runner: both extractors over every labelled case, the rules on what they extracted, retrieval.

`run_eval()` runs the offline extractor and the LLM extractor replayed from evals/cassettes (the real
instructor + litellm path, no key, no network) over every case of evals/cases, and returns the report
as a dict: per-extractor metrics (evals/metrics.py), per-case outcomes, retrieval and citation checks.
Program chats run turn by turn through `merge_drafts`, as a coaching session does; deals are judged
against the draft the same extractor made of their program case. While it runs, any connection off
this machine raises, so a stale cassette can never fall through to a live call.
"""

from __future__ import annotations

import copy
import json
import tempfile
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from coach.config import Settings
from coach.errors import ReplayMiss
from coach.evidence import locate
from coach.framework import DealFacts, ProgramDraft
from coach.merge import merge_drafts
from coach.rules import decide_deal, grade_program
from evals.cases import Case, compare, field_value, load_cases
from evals.metrics import STALE, CaseOutcome, FieldCheck, QuoteCounts, Source, share, summarize
from evals.netguard import no_network

EVALS_DIR = Path(__file__).resolve().parent
CASSETTES = EVALS_DIR / "cassettes"


# --- Quotes ----------------------------------------------------------------------------------------


def quotes_in(data: Any) -> list[str]:
    """Every non-empty `quote` string in a nested dict/list (a tool call's arguments or a model dump)."""
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    if isinstance(data, dict):
        own = [data["quote"]] if isinstance(data.get("quote"), str) and data["quote"].strip() else []
        return own + [q for k, v in data.items() if k != "quote" for q in quotes_in(v)]
    if isinstance(data, list):
        return [q for item in data for q in quotes_in(item)]
    return []


def count_quotes(proposed: list[list[str]], kept: BaseModel, text: str) -> QuoteCounts:
    """Quotes of every attempt, those verbatim in the text, the final attempt's, and those kept after grounding."""
    every = [q for attempt in proposed for q in attempt]
    verbatim = sum(locate(q, text) is not None for q in every)
    final = len(proposed[-1]) if proposed else 0
    return QuoteCounts(proposed=len(every), verbatim=verbatim, final=final, kept=len(quotes_in(kept)))


# --- Extractors under test -------------------------------------------------------------------------


class _Tap:
    """Wraps one replay transport: keeps the tool arguments the model returned and which cassette answered."""

    def __init__(self, inner: Any, sources: dict[str, str]) -> None:
        self.inner, self.sources = inner, sources
        self.arguments: list[str] = []
        self.answered_by: set[str] = set()

    def __call__(self, **request: Any) -> Any:
        from coach.reading.replay import request_key

        response = self.inner(**request)
        self.answered_by.add(self.sources.get(request_key(request), "recorded"))
        with suppress(AttributeError, IndexError, TypeError):  # a response without a tool call proposes nothing
            self.arguments.append(response.choices[0].message.tool_calls[0].function.arguments or "")
        return response


class Subject:
    """One extractor under test, with what it proposed for the last extraction."""

    def __init__(self, name: str, extractor: Any, taps: list[_Tap] | None = None) -> None:
        self.name, self.extractor, self.taps = name, extractor, taps

    def proposed(self, extraction: Any) -> tuple[list[list[str]], Source]:
        """The quotes of each attempt of the last extraction, and where its answer came from."""
        if self.taps is None:
            return [quotes_in(extraction.facts) + list(extraction.rejected)], "offline"
        tap = self.taps[-1]
        if extraction.extractor == "offline":  # the model failed and the product fell back: offline quotes
            return [quotes_in(extraction.facts) + list(extraction.rejected)], _source(tap)
        attempts = []
        for arguments in tap.arguments:
            try:
                attempts.append(quotes_in(json.loads(arguments)))
            except ValueError:
                attempts.append([])  # a malformed answer proposed nothing readable
        return attempts, _source(tap)


def _source(tap: _Tap) -> Source:
    return "recorded" if "recorded" in tap.answered_by else "hand-authored"


def offline_subject() -> Subject:
    """The embedded offline extractor."""
    from coach.reading.offline import OfflineExtractor

    return Subject("offline", OfflineExtractor())


def cassette_model(folder: Path = CASSETTES) -> str | None:
    """The model string the cassettes were made with (the most common one), or None without cassettes."""
    from coach.reading.replay import load_cassette

    models = [load_cassette(p).provenance.model for p in sorted(folder.glob("*.json"))]
    return max(set(models), key=models.count) if models else None


def llm_subject(folder: Path = CASSETTES, model: str | None = None) -> Subject | None:
    """The LLM extractor replaying the cassettes in `folder`, with the product's offline fallback; None without any."""
    from coach.reading import FallbackExtractor
    from coach.reading.llm import LLMExtractor
    from coach.reading.replay import CaseInput, Replayer, load_cassette

    model = model or cassette_model(folder)
    if model is None:
        return None
    settings = Settings(model=model, replay=folder, max_retries=2)
    sources = {
        i.key: load_cassette(p).provenance.source for p in folder.glob("*.json") for i in load_cassette(p).interactions
    }
    # Copies share one loaded folder. A new Replayer per extraction reuses the parsed folder too, but first
    # re-checks the size and time of every cassette file: about 1 ms per extraction here, 0.1 s a run.
    loaded = Replayer(folder, CaseInput(kind="deal", text=""))
    taps: list[_Tap] = []

    def transport(case_input: CaseInput) -> _Tap:
        replayer = copy.copy(loaded)
        replayer.case_input = case_input
        taps.append(_Tap(replayer, sources))
        return taps[-1]

    return Subject("llm", FallbackExtractor(LLMExtractor(settings, transport=transport)), taps)


# --- Running the cases -----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def _fields(case: Case, facts: BaseModel) -> list[FieldCheck]:
    checks = []
    for path, expected in case.expect.fields.items():
        actual = field_value(facts, path)
        checks.append(
            FieldCheck(path=path, expected=expected, actual=_plain(actual), ok=compare(expected, actual, path))
        )
    return checks


def run_program(subject: Subject, case: Case) -> tuple[CaseOutcome, ProgramDraft | None]:
    """Extract a program case turn by turn (each turn sees the draft so far), merge, and grade."""
    draft, quotes, fell_back, sources = ProgramDraft(), QuoteCounts(), False, set()
    try:
        for message in case.messages:
            extraction = subject.extractor.extract_program(message, current=draft)
            proposed, source = subject.proposed(extraction)
            quotes, sources = quotes + count_quotes(proposed, extraction.facts, message), sources | {source}
            fell_back |= subject.taps is not None and extraction.extractor == "offline"
            draft, _ = merge_drafts(draft, extraction.facts)
    except ReplayMiss as miss:
        return _stale(case, str(miss)), None
    grade = grade_program(draft)
    outcome = CaseOutcome(
        case=case.id,
        kind="program",
        source="recorded" if "recorded" in sources else sources.pop(),
        expected_verdict=case.expect.verdict,
        verdict=grade.readiness,
        expected_rules=case.expect.rules,
        rules=[f.rule for f in grade.findings],
        fields=_fields(case, draft),
        quotes=quotes,
        fell_back=fell_back,
    )
    return outcome, draft


def run_deal(subject: Subject, case: Case, program: ProgramDraft | None) -> CaseOutcome:
    """Extract a deal case and decide it against the draft the same extractor made of its program case."""
    if program is None:
        return _stale(case, f"its program case {case.icp} has no replayable response")
    text = case.text or ""
    try:
        extraction = subject.extractor.extract_deal(text)
    except ReplayMiss as miss:
        return _stale(case, str(miss))
    facts: DealFacts = extraction.facts
    proposed, source = subject.proposed(extraction)
    verdict = decide_deal(facts, program)
    return CaseOutcome(
        case=case.id,
        kind="deal",
        source=source,
        expected_verdict=case.expect.verdict,
        verdict=verdict.verdict,
        expected_rules=case.expect.rules,
        rules=[f.rule for f in verdict.findings],
        fields=_fields(case, facts),
        quotes=count_quotes(proposed, facts, text),
        fell_back=subject.taps is not None and extraction.extractor == "offline",
    )


def _stale(case: Case, why: str) -> CaseOutcome:
    return CaseOutcome(
        case=case.id,
        kind=case.kind,
        source="stale",
        expected_verdict=case.expect.verdict,
        verdict=STALE,
        expected_rules=case.expect.rules,
        rules=[],
        error=why,
    )


def run_cases(subject: Subject, cases: list[Case]) -> list[CaseOutcome]:
    """Every program case, then every deal against its program case's extracted draft."""
    outcomes, drafts = [], {}
    for case in (c for c in cases if c.kind == "program"):
        outcome, drafts[case.id] = run_program(subject, case)
        outcomes.append(outcome)
    for case in (c for c in cases if c.kind == "deal"):
        outcomes.append(run_deal(subject, case, drafts.get(case.icp or "")))
    return sorted(outcomes, key=lambda o: o.case)


# --- Retrieval and citations -----------------------------------------------------------------------


def _squash(text: str) -> str:
    return " ".join(text.split())


def citation_checks(questions: list[dict[str, Any]], answer: Callable[[str], Any], chunks: dict[str, str]) -> dict:
    """Every citation of every answer names an existing chunk, and what it quotes is in that chunk."""
    total = valid = 0
    bad: list[dict[str, str]] = []
    for item in questions:
        result = answer(item["question"])
        cited = {c.n: c for c in result.citations}
        for citation in result.citations:
            body = chunks.get(citation.chunk_id)
            ok = body is not None and _squash(citation.text) in _squash(body)
            total, valid = total + 1, valid + ok
            if not ok:
                bad.append({"question": item["id"], "chunk": citation.chunk_id, "why": "not the chunk's text"})
        for quote in result.quotes:  # every sentence, list item and table cell quoted is in the cited chunk
            source = cited.get(quote.n)
            body = _squash(chunks.get(source.chunk_id, "")) if source is not None and source.chunk_id else ""
            pieces = [quote.text, *quote.items, *(cell for row in quote.rows for cell in row)]
            for piece in (p for p in pieces if p):
                ok = bool(body) and _squash(piece) in body
                total, valid = total + 1, valid + ok
                if not ok:
                    bad.append({"question": item["id"], "chunk": str(quote.n), "why": "quote not in the cited chunk"})
    return {"checked": total, "valid": valid, "citation_validity": share(valid, total), "invalid": bad}


def run_retrieval() -> dict[str, Any]:
    """The retrieval metrics, and the citation validity of `coach ask` answers on the same questions."""
    from coach.knowledge.answers import answer_question
    from coach.knowledge.index import Index
    from evals.retrieval_eval import load_questions, run_retrieval_eval

    metrics = run_retrieval_eval()
    metrics["misses"] = metrics.get("misses", [])
    with tempfile.TemporaryDirectory(prefix="coach-eval-ask-") as folder:
        settings = Settings(data_dir=Path(folder))
        chunks = {c.chunk_id: c.body for c in Index.open(settings).chunks}
        citations = citation_checks(load_questions(), lambda q: answer_question(q, settings), chunks)
    return {"retrieval": metrics, "citations": citations}


# --- The suite -------------------------------------------------------------------------------------


def run_eval(*, llm: bool = True, retrieval: bool = True, cassettes: Path = CASSETTES) -> dict[str, Any]:
    """Run the whole suite with the network refused; returns metrics and per-case outcomes per extractor."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    with no_network():
        cases = load_cases()
        subjects = [offline_subject()]
        if llm and (replayed := llm_subject(cassettes)) is not None:
            subjects.append(replayed)
        extractors = {}
        for subject in subjects:
            start = time.perf_counter()
            outcomes = run_cases(subject, cases)
            timings[subject.name] = round(time.perf_counter() - start, 2)
            extractors[subject.name] = {
                "metrics": summarize(outcomes),
                "cases": {o.case: o.model_dump(mode="json") for o in outcomes},
            }
        if len(subjects) > 1:
            extractors["llm"]["model"] = cassette_model(cassettes)
        start = time.perf_counter()
        found = run_retrieval() if retrieval else {}
        if retrieval:
            timings["retrieval"] = round(time.perf_counter() - start, 2)
    timings["total"] = round(time.perf_counter() - started, 2)
    return {"cases": len(cases), "extractors": extractors, **found, "seconds": timings}
