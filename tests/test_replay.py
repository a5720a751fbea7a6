"""Cassettes: canonical keys, loud misses, authoring, refreshing, and recording through real HTTP."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar

import pytest

from coach.config import Settings
from coach.errors import CoachError, ReplayMiss
from coach.reading import get_extractor
from coach.reading.llm import LLMExtractor
from coach.reading.replay import (
    AuthoredError,
    CaseInput,
    Recorder,
    Replayer,
    canonical_request,
    load_cassette,
    refresh,
    request_key,
    write_hand_authored,
)

CASSETTES = Path(__file__).parent / "cassettes"
MODEL = "openai/gpt-4o-mini"
TEXT = "Account: Acme. The CFO signs. Why now: the audit deadline in March."
REQUEST = {
    "model": MODEL,
    "messages": [{"role": "user", "content": "x"}],
    "tools": [{"type": "function", "function": {"name": "DealFacts"}}],
    "tool_choice": {"type": "function", "function": {"name": "DealFacts"}},
    "temperature": 0,
}


# --- Keys -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "same"),
    [
        pytest.param({"timeout": 5.0, "num_retries": 0, "api_base": "http://127.0.0.1:11434"}, True, id="transport"),
        pytest.param({"temperature": 0.7}, False, id="temperature"),
        pytest.param({"model": "anthropic/claude-3-5-haiku-20241022"}, False, id="model"),
        pytest.param({"tools": []}, False, id="tools"),
        pytest.param({"response_format": {"type": "json_object"}}, False, id="response-format"),
    ],
)
def test_the_key_covers_what_decides_the_answer_only(change: dict[str, Any], same: bool) -> None:
    assert (request_key({**REQUEST, **change}) == request_key(REQUEST)) is same


def test_pydantic_error_urls_are_normalised_before_hashing() -> None:
    def reask(version: str) -> dict[str, Any]:
        content = f"Value error [type=value_error]\n    visit https://errors.pydantic.dev/{version}/v/value_error"
        return {**REQUEST, "messages": [*REQUEST["messages"], {"role": "tool", "content": content}]}

    assert request_key(reask("2.11")) == request_key(reask("2.14"))
    tool_message = canonical_request(reask("2.14"))["messages"][-1]["content"]
    assert "https://errors.pydantic.dev/<version>/v/value_error" in tool_message


# --- Misses -----------------------------------------------------------------------------------------


def test_a_changed_request_for_a_known_case_is_stale_and_names_the_refresh_command() -> None:
    cassette = load_cassette(CASSETTES / "deal-valid.json")
    replayer = Replayer(CASSETTES, cassette.input)
    stored = cassette.interactions[0].request
    changed = {**stored, "messages": [{"role": "system", "content": "a new prompt"}, stored["messages"][1]]}
    with pytest.raises(ReplayMiss) as caught:
        replayer(**changed, tools=[])
    path = CASSETTES / "deal-valid.json"
    assert str(caught.value) == (
        f"STALE: case 'deal-valid' ({path}) has no response for this request (changed: tools (the framework "
        f"models' schema or descriptions), messages[0] (system)); re-record it with: "
        f"python -m coach.reading.replay refresh {path}"
    )
    assert caught.value.case == "deal-valid"


def test_replay_needs_a_model() -> None:
    with pytest.raises(CoachError) as caught:
        get_extractor(Settings(replay=CASSETTES))
    assert str(caught.value) == (
        "COACH_REPLAY and COACH_RECORD need COACH_MODEL: the model whose responses are replayed or recorded."
    )


def test_replay_from_the_environment_runs_end_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_MODEL", MODEL)
    monkeypatch.setenv("COACH_REPLAY", str(CASSETTES / "deal-valid.json"))
    result = get_extractor().extract_deal(load_cassette(CASSETTES / "deal-valid.json").input.text)
    assert result.extractor == MODEL and result.notices == []


def test_replay_is_fast() -> None:
    text = load_cassette(CASSETTES / "deal-valid.json").input.text
    extractor = LLMExtractor(Settings(model=MODEL, replay=CASSETTES))
    extractor.extract_deal(text)  # the first call pays for litellm's lazy imports
    started = time.perf_counter()
    for _ in range(5):
        extractor.extract_deal(text)
    assert (time.perf_counter() - started) / 5 < 0.5


# --- Authoring --------------------------------------------------------------------------------------


def test_every_unit_cassette_is_labelled_hand_authored() -> None:
    sources = {p.name: load_cassette(p).provenance.source for p in CASSETTES.glob("*.json")}
    assert sources and set(sources.values()) == {"hand-authored"}


def test_an_authored_cassette_replays_through_the_extractor(tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    responses = [
        {"decision_maker": {"quote": "The CFO", "title": "CFO"}, "account": "Acme"},
    ]
    cassette = write_hand_authored("acme", "deal", TEXT, responses, path)
    assert cassette.provenance.source == "hand-authored" and cassette.provenance.litellm
    on_disk = json.loads(path.read_text())
    assert on_disk["input"] == {"kind": "deal", "text": TEXT}
    result = LLMExtractor(Settings(model=MODEL, replay=path)).extract_deal(TEXT)
    assert result.facts.account == "Acme" and result.facts.decision_maker is not None


@pytest.mark.parametrize(
    ("responses", "message"),
    [
        pytest.param(
            ['{"decision_maker": {"quote": "The finance chief", "title": "CFO"}}'],
            "The extractor made call 2 but only 1 responses were authored (after an invalid response it re-asks, "
            "up to max_retries times).",
            id="too-few-for-the-reasks",
        ),
        pytest.param(
            ["{}", "{}"],
            "The extractor made 1 calls; 1 authored responses were not used.",
            id="too-many",
        ),
    ],
)
def test_authoring_checks_the_response_count(tmp_path: Path, responses: list[str], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        write_hand_authored("acme", "deal", TEXT, responses, tmp_path / "acme.json")
    assert str(caught.value) == message


def test_refreshing_a_hand_authored_cassette_rekeys_it_from_its_responses(tmp_path: Path) -> None:
    path = tmp_path / "deal-reask.json"
    shutil.copy(CASSETTES / "deal-reask.json", path)
    stale = json.loads(path.read_text())
    for interaction in stale["interactions"]:
        interaction["key"] = "0" * 64
    path.write_text(json.dumps(stale))
    fresh = refresh(path)
    assert [i.key for i in fresh.interactions] == [i.key for i in load_cassette(CASSETTES / path.name).interactions]


def test_an_authored_error_is_stored_as_a_recorded_error(tmp_path: Path) -> None:
    cassette = write_hand_authored(
        "slow", "deal", TEXT, [AuthoredError("timeout", "Request timed out.")], tmp_path / "s.json"
    )
    assert cassette.interactions[0].error is not None
    assert cassette.interactions[0].error.kind == "timeout" and cassette.interactions[0].response is None


# --- Recording --------------------------------------------------------------------------------------


def test_recording_never_overwrites_a_hand_authored_cassette(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    path = CASSETTES / "deal-valid.json"
    with pytest.raises(CoachError) as caught:
        Recorder(path, "deal-valid", CaseInput(kind="deal", text=TEXT), Settings(model=MODEL, record=True))
    assert str(caught.value) == (
        f"Refusing to overwrite the hand-authored cassette {path}; delete it first to record over it."
    )


def test_recording_needs_a_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(CoachError) as caught:
        Recorder(tmp_path / "x.json", "x", CaseInput(kind="deal", text=TEXT), Settings(model=MODEL, record=True))
    assert str(caught.value) == "Recording needs the API key for openai/gpt-4o-mini; none is set in the environment."


class _Model(BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint on loopback that answers every call with one tool call."""

    arguments: ClassVar[dict[str, Any]] = {}
    calls: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        type(self).calls.append(json.loads(self.rfile.read(int(self.headers.get("content-length", 0)))))
        function = {"name": "DealFacts", "arguments": json.dumps(self.arguments)}
        message = {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": function}]}
        body = {
            "id": "chatcmpl-live",
            "object": "chat.completion",
            "created": 1,
            "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
            "usage": {"prompt_tokens": 900, "completion_tokens": 40, "total_tokens": 940},
        }
        blob = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(blob)))
        self.end_headers()
        self.wfile.write(blob)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def live_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    _Model.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Model)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_a_recording_replays_with_no_server(live_model: str, tmp_path: Path) -> None:
    _Model.arguments = {"account": "Acme", "decision_maker": {"quote": "The CFO signs", "title": "CFO"}}
    folder = tmp_path / "cassettes"
    recording = Settings(model=MODEL, replay=folder, record=True, api_base=live_model)
    recorded = get_extractor(recording).extract_deal(TEXT)
    assert len(_Model.calls) == 1 and recorded.extractor == MODEL

    [path] = folder.glob("*.json")
    cassette = load_cassette(path)
    assert cassette.provenance.source == "recorded" and cassette.provenance.model == MODEL
    assert cassette.provenance.litellm == version("litellm") and cassette.provenance.instructor == version("instructor")

    replayed = get_extractor(Settings(model=MODEL, replay=folder)).extract_deal(TEXT)
    assert len(_Model.calls) == 1  # the replay never reached the server
    assert replayed.facts == recorded.facts
    assert replayed.usage["total_tokens"] == recorded.usage["total_tokens"] == 940


def test_refreshing_a_recorded_cassette_records_it_again(live_model: str, tmp_path: Path) -> None:
    _Model.arguments = {"account": "Acme"}
    folder = tmp_path / "cassettes"
    get_extractor(Settings(model=MODEL, replay=folder, record=True, api_base=live_model)).extract_deal(TEXT)
    [path] = folder.glob("*.json")
    _Model.arguments = {"account": "Acme Holdings"}
    fresh = refresh(path, Settings(api_base=live_model))
    assert fresh.provenance.source == "recorded" and len(_Model.calls) == 2
    replayed = get_extractor(Settings(model=MODEL, replay=folder)).extract_deal(TEXT)
    assert replayed.facts.account == "Acme Holdings"
