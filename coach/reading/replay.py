"""Record and replay model responses at the litellm call, so CI runs the LLM path with no key.

A cassette is one JSON file per case (coach/reading/cassettes.py: the format, its keys and files).
Replay hands the stored response to `litellm.completion` as its `mock_response`, so litellm builds a
real `ModelResponse` (usage, cost) and instructor parses, validates and re-asks exactly as it does on
a live call. Hand-authored cassettes are written and refreshed here too:
`python -m coach.reading.replay refresh CASSETTE.json`. The format is documented in
evals/cassettes/README.md.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coach.config import Settings
from coach.errors import CoachError, ExtractionError, ReplayMiss
from coach.reading.cassettes import FORMAT as FORMAT
from coach.reading.cassettes import (  # the format's names stay importable from here for llm.py, tests and evals
    CaseInput,
    Cassette,
    ErrorKind,
    Interaction,
    Kind,
    RecordedError,
    case_path,
    changed_parts,
    interaction_for,
    load_cassette,
    load_folder,
    provenance_for,
    request_key,
    save_cassette,
)
from coach.reading.cassettes import Provenance as Provenance
from coach.reading.cassettes import canonical_request as canonical_request

# litellm fetches its model cost map over the network at import unless told to use the bundled one.
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
import litellm

Transport = Callable[..., Any]  # litellm.completion's shape: keyword request in, ModelResponse out


@dataclass(frozen=True)
class AuthoredError:
    """A hand-authored provider failure, for `write_hand_authored`."""

    kind: ErrorKind
    message: str = ""


# A hand-authored response: the tool call's arguments as JSON text (which may be malformed on
# purpose), the arguments as a dict, or a provider failure.
AuthoredResponse = str | dict[str, Any] | AuthoredError


# --- Errors ----------------------------------------------------------------------------------------


def error_kind(error: BaseException) -> ErrorKind | None:
    """The kind of a litellm or provider exception; None when it is not a provider failure."""
    import openai  # a dependency of litellm; its exceptions are the base of litellm's

    if isinstance(error, openai.APITimeoutError):  # before APIConnectionError, its parent
        return "timeout"
    if isinstance(error, openai.RateLimitError):
        return "rate_limit"
    if isinstance(error, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return "auth"
    if isinstance(error, openai.APIConnectionError):
        return "connection"
    if isinstance(error, (openai.BadRequestError, openai.NotFoundError, openai.UnprocessableEntityError)):
        return "bad_request"
    if isinstance(error, openai.OpenAIError):
        return "provider"
    return None


def _exception(error: RecordedError, model: str) -> Exception:
    provider = model.split("/", 1)[0] if "/" in model else "openai"
    args = {"message": error.message, "model": model, "llm_provider": provider}
    factories: dict[str, Callable[..., Exception]] = {
        "timeout": litellm.Timeout,
        "rate_limit": litellm.RateLimitError,
        "auth": litellm.AuthenticationError,
        "connection": litellm.APIConnectionError,
        "bad_request": litellm.BadRequestError,
        "provider": litellm.InternalServerError,
    }
    return factories[error.kind](**args)


# --- Transports ------------------------------------------------------------------------------------


class Replayer:
    """Answers litellm requests from the cassettes in a folder (or one file); a miss is STALE."""

    def __init__(self, where: Path, case_input: CaseInput) -> None:
        self.where = where
        self.case_input = case_input
        self.cassettes, self.index = load_folder(where)

    def __call__(self, **request: Any) -> Any:
        """Replay the stored response through litellm.completion, as a live call would return it."""
        interaction = self.index.get(request_key(request))
        if interaction is None:
            raise self._miss(request)
        mock: Any = interaction.response
        if interaction.error is not None:
            mock = _exception(interaction.error, str(request.get("model")))
        return litellm.completion(**request, mock_response=mock)

    def _miss(self, request: dict[str, Any]) -> ReplayMiss:
        model = request.get("model")
        key = request_key(request)
        for path, cassette in self.cassettes.items():
            if cassette.input.kind == self.case_input.kind and cassette.input.text == self.case_input.text:
                changed = changed_parts(interaction_for(request), cassette.interactions)
                return ReplayMiss(
                    f"STALE: case '{cassette.case}' ({path}) has no response for this request "
                    f"(changed: {changed}); re-record it with: python -m coach.reading.replay refresh {path}",
                    case=cassette.case,
                    key=key,
                )
        return ReplayMiss(
            f"STALE: no cassette in {self.where} holds a response for this {self.case_input.kind} text "
            f"with {model}; record one with: COACH_RECORD=1 COACH_REPLAY={self.where} COACH_MODEL={model} "
            "and the provider's API key, running the same command again.",
            key=key,
        )


class Recorder:
    """Calls the real model and writes each request and response into one case's cassette."""

    def __init__(self, path: Path, case: str, case_input: CaseInput, settings: Settings) -> None:
        model = settings.model or ""
        if path.exists() and load_cassette(path).provenance.source == "hand-authored":
            raise CoachError(
                f"Refusing to overwrite the hand-authored cassette {path}; delete it first to record over it."
            )
        if not litellm.validate_environment(model, api_base=settings.api_base).get("keys_in_environment"):
            raise CoachError(f"Recording needs the API key for {model}; none is set in the environment.")
        self.path = path
        self.cassette = Cassette(
            case=case, provenance=provenance_for("recorded", model), input=case_input, interactions=[]
        )

    def __call__(self, **request: Any) -> Any:
        """Call the model for real; store what came back, a response or a provider error."""
        interaction = interaction_for(request)
        try:
            response = litellm.completion(**request)
        except Exception as error:
            kind = error_kind(error)
            if kind is not None:
                interaction.error = RecordedError(kind=kind, message=str(getattr(error, "message", error)))
                self._store(interaction)
            raise
        interaction.response = response.model_dump(mode="json")
        self._store(interaction)
        return response

    def _store(self, interaction: Interaction) -> None:
        self.cassette.interactions.append(interaction)
        save_cassette(self.cassette, self.path)


class _Script:
    """Plays hand-authored responses in order and keeps each request the extractor made."""

    def __init__(self, responses: Sequence[AuthoredResponse]) -> None:
        self.pending = list(responses)
        self.interactions: list[Interaction] = []

    def __call__(self, **request: Any) -> Any:
        number = len(self.interactions) + 1
        if not self.pending:
            raise ValueError(
                f"The extractor made call {number} but only {number - 1} responses were authored "
                "(after an invalid response it re-asks, up to max_retries times)."
            )
        authored = self.pending.pop(0)
        interaction = interaction_for(request)
        model = str(request.get("model"))
        if isinstance(authored, AuthoredError):
            interaction.error = RecordedError(kind=authored.kind, message=authored.message or authored.kind)
            self.interactions.append(interaction)
            return litellm.completion(**request, mock_response=_exception(interaction.error, model))
        interaction.response = _tool_response(request, authored, number)
        self.interactions.append(interaction)
        return litellm.completion(**request, mock_response=interaction.response)


def _tool_response(request: dict[str, Any], arguments: str | dict[str, Any], number: int) -> dict[str, Any]:
    """A chat completion whose one tool call carries the authored arguments."""
    tool = request.get("tool_choice", {}).get("function", {}).get("name", "extract")
    text = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
    prompt = sum(len(json.dumps(request.get(k), default=str)) for k in ("messages", "tools"))
    return {
        "id": f"chatcmpl-authored-{number}",
        "object": "chat.completion",
        "created": 0,
        "model": str(request.get("model")).split("/", 1)[-1],
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": f"call_authored_{number}",
                            "type": "function",
                            "function": {"name": tool, "arguments": text},
                        }
                    ],
                },
            }
        ],
        # Hand-authored usage is an estimate (about four characters per token), not a measurement.
        "usage": {
            "prompt_tokens": prompt // 4,
            "completion_tokens": len(text) // 4,
            "total_tokens": (prompt + len(text)) // 4,
        },
    }


def transport_for(settings: Settings) -> Callable[[CaseInput], Transport]:
    """The transport the settings ask for: replay from cassettes, record into them, or call live."""
    if settings.record:
        folder = settings.replay
        if folder is None:
            raise CoachError("COACH_RECORD=1 needs COACH_REPLAY set to the folder the cassettes are written to.")

        def record(case_input: CaseInput) -> Transport:
            path = case_path(folder, case_input)
            return Recorder(path, path.stem, case_input, settings)

        return record
    if settings.replay is not None:
        where = settings.replay
        return lambda case_input: Replayer(where, case_input)
    return lambda case_input: live_transport(settings)


def live_transport(settings: Settings) -> Transport:
    """litellm.completion, once the provider's key is known to be set (ollama and friends need none)."""
    model = settings.model or ""
    try:
        missing = litellm.validate_environment(model, api_base=settings.api_base).get("missing_keys", [])
    except Exception:  # an unknown provider: litellm's own call says so, in its words
        missing = []
    keys = [k for k in missing if k.endswith(("_KEY", "_TOKEN"))]
    if keys:
        raise ExtractionError(f"No API key is set for {model}: set {' or '.join(keys)}.", kind="auth", model=model)
    return litellm.completion


# --- Authoring and refreshing ----------------------------------------------------------------------


def write_hand_authored(
    case: str,
    kind: Kind,
    text: str,
    responses: Sequence[AuthoredResponse],
    path: Path,
    *,
    model: str = "openai/gpt-4o-mini",
    current: dict[str, Any] | None = None,
    max_retries: int = 2,
) -> Cassette:
    """Run the real extractor on `text` against authored responses and store what it asked, keyed.

    The requests come from the extractor itself (system prompt, tool schema, re-ask messages), so
    the keys are exactly those a replay of this text will look up. Returns the cassette written.
    """
    from coach.framework import ProgramDraft
    from coach.reading.llm import LLMExtractor  # llm imports this module; import it only when authoring

    if path.exists() and load_cassette(path).provenance.source == "recorded":
        raise CoachError(f"Refusing to overwrite the recorded cassette {path} with hand-authored responses.")
    script = _Script(responses)
    extractor = LLMExtractor(Settings(model=model, max_retries=max_retries), transport=lambda _: script)
    try:
        if kind == "program":
            extractor.extract_program(text, ProgramDraft.model_validate(current) if current else None)
        else:
            extractor.extract_deal(text)
    except ExtractionError:
        pass  # an authored failure is the point of the case; its calls are recorded all the same
    if script.pending:
        raise ValueError(
            f"The extractor made {len(script.interactions)} calls; "
            f"{len(script.pending)} authored responses were not used."
        )
    cassette = Cassette(
        case=case,
        provenance=provenance_for("hand-authored", model),
        input=CaseInput(kind=kind, text=text, current=current),
        interactions=script.interactions,
    )
    save_cassette(cassette, path)
    return cassette


def _authored_responses(cassette: Cassette) -> list[AuthoredResponse]:
    out: list[AuthoredResponse] = []
    for interaction in cassette.interactions:
        if interaction.error is not None:
            out.append(AuthoredError(interaction.error.kind, interaction.error.message))
        else:
            call = (interaction.response or {})["choices"][0]["message"]["tool_calls"][0]
            out.append(call["function"]["arguments"])
    return out


def refresh(path: Path, settings: Settings | None = None) -> Cassette:
    """Bring a stale cassette up to date: re-key a hand-authored one, re-record a recorded one."""
    cassette = load_cassette(path)
    source, model, case_input = cassette.provenance.source, cassette.provenance.model, cassette.input
    if source == "hand-authored":
        return write_hand_authored(
            cassette.case,
            case_input.kind,
            case_input.text,
            _authored_responses(cassette),
            path,
            model=model,
            current=case_input.current,
        )
    from coach.framework import ProgramDraft
    from coach.reading.llm import LLMExtractor

    base = settings or Settings.from_env()
    live = Settings(model=model, max_retries=base.max_retries, timeout=base.timeout, api_base=base.api_base)
    extractor = LLMExtractor(live, transport=lambda case_input: Recorder(path, cassette.case, case_input, live))
    if case_input.kind == "program":
        current = ProgramDraft.model_validate(case_input.current) if case_input.current else None
        extractor.extract_program(case_input.text, current)
    else:
        extractor.extract_deal(case_input.text)
    return load_cassette(path)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m coach.reading.replay refresh CASSETTE...`: re-key or re-record stale cassettes."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] != "refresh":
        print("usage: python -m coach.reading.replay refresh CASSETTE.json [CASSETTE.json ...]", file=sys.stderr)
        return 2
    try:
        for name in args[1:]:
            cassette = refresh(Path(name))
            print(f"{name}: {cassette.provenance.source}, {len(cassette.interactions)} interactions")
    except (CoachError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
