"""The cassette format: one JSON file per case, its interactions keyed by the canonical request.

A key is a hash of the request that decides the answer (model, messages, tools, tool_choice,
temperature...): transport settings are left out and volatile text is normalised first. This module
reads, writes and keys cassettes; coach/reading/replay.py plays them back through litellm and records
them. The format is documented in evals/cassettes/README.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from coach.errors import ReplayMiss

FORMAT = 1
Kind = Literal["program", "deal"]
ErrorKind = Literal["timeout", "rate_limit", "auth", "connection", "bad_request", "provider"]

# How to reach the model, not what is asked of it: never part of the key.
_TRANSPORT_KEYS = frozenset(
    {"timeout", "api_base", "base_url", "api_key", "num_retries", "max_retries", "mock_response", "metadata"}
)
# Pydantic puts its own version in every error URL, and instructor sends those errors back to the model.
_VOLATILE = [(re.compile(r"https://errors\.pydantic\.dev/[^/\s]+/"), "https://errors.pydantic.dev/<version>/")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(_Strict):
    """Where a cassette came from: a real model call, or written by hand."""

    source: Literal["recorded", "hand-authored"]
    model: str
    litellm: str
    instructor: str
    date: str


class CaseInput(_Strict):
    """What the extractor was asked to read: enough to rebuild every request of the case."""

    kind: Kind
    text: str
    current: dict[str, Any] | None = None


class RecordedError(_Strict):
    """A provider failure, replayed as the litellm exception a live call raises."""

    kind: ErrorKind
    message: str


class Interaction(_Strict):
    """One request and what came back: a ModelResponse as a dict, or an error."""

    key: str
    request: dict[str, Any]  # the canonical request without its tools, for reading and for diagnosing a miss
    tools_sha256: str | None = None
    response: dict[str, Any] | None = None
    error: RecordedError | None = None


class Cassette(_Strict):
    """One case: its input, its provenance and the model calls the extractor made for it."""

    format: Literal[1] = FORMAT
    case: str
    provenance: Provenance
    input: CaseInput
    interactions: list[Interaction]


# --- Keys ------------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """JSON-ready copy of a request value: pydantic objects dumped, volatile text normalised."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        for pattern, replacement in _VOLATILE:
            value = pattern.sub(replacement, value)
        return value
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)


def canonical_request(request: dict[str, Any]) -> dict[str, Any]:
    """The part of a litellm request that decides the answer, in a stable JSON-ready form."""
    return {k: _plain(v) for k, v in sorted(request.items()) if k not in _TRANSPORT_KEYS and v is not None}


def _digest(value: Any) -> str:
    blob = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def request_key(request: dict[str, Any]) -> str:
    """The cassette key of a litellm request: sha256 of its canonical JSON."""
    return _digest(canonical_request(request))


def interaction_for(request: dict[str, Any]) -> Interaction:
    """A new interaction for this request, keyed, with its canonical form kept for diagnosing a miss."""
    canonical = canonical_request(request)
    tools = canonical.pop("tools", None)
    return Interaction(
        key=request_key(request), request=canonical, tools_sha256=_digest(tools) if tools is not None else None
    )


def changed_parts(new: Interaction, stored: list[Interaction]) -> str:
    """Name what differs from the closest stored request, so a stale cassette says why."""
    best: list[str] | None = None
    for old in stored:
        diff = [
            k
            for k in sorted(set(new.request) | set(old.request))
            if k != "messages" and new.request.get(k) != old.request.get(k)
        ]
        if new.tools_sha256 != old.tools_sha256:
            diff.append("tools (the framework models' schema or descriptions)")
        new_messages, old_messages = new.request.get("messages", []), old.request.get("messages", [])
        for n, (a, b) in enumerate(zip(new_messages, old_messages, strict=False)):
            if a != b:
                diff.append(f"messages[{n}] ({a.get('role', '?')})")
        if len(new_messages) != len(old_messages):
            diff.append(f"message count {len(old_messages)} -> {len(new_messages)}")
        if best is None or len(diff) < len(best):
            best = diff
    return ", ".join(best or []) or "the request"


# --- Files -----------------------------------------------------------------------------------------


def load_cassette(path: Path) -> Cassette:
    """Read one cassette file."""
    try:
        return Cassette.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ReplayMiss(f"The cassette {path} cannot be read: {error}.", case=path.stem) from error


def save_cassette(cassette: Cassette, path: Path) -> None:
    """Write one cassette file, readable and stable for diffs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(cassette.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")


def _cassette_files(where: Path) -> list[Path]:
    if where.is_file():
        return [where]
    return sorted(where.glob("*.json")) if where.is_dir() else []


_LOADED: dict[tuple[tuple[Path, int, int], ...], tuple[dict[Path, Cassette], dict[str, Interaction]]] = {}


def load_folder(where: Path) -> tuple[dict[Path, Cassette], dict[str, Interaction]]:
    """The cassettes under `where` and their index by key, read again only when a file changed."""
    files = _cassette_files(where)
    stamp = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    if stamp not in _LOADED:
        cassettes = {path: load_cassette(path) for path in files}
        _LOADED.clear()  # one folder at a time is all a run replays
        _LOADED[stamp] = cassettes, {i.key: i for c in cassettes.values() for i in c.interactions}
    return _LOADED[stamp]


def provenance_for(source: Literal["recorded", "hand-authored"], model: str) -> Provenance:
    """Provenance stamped now, with the installed litellm and instructor versions."""
    return Provenance(
        source=source,
        model=model,
        litellm=version("litellm"),
        instructor=version("instructor"),
        date=date.today().isoformat(),
    )


def case_path(folder: Path, case_input: CaseInput) -> Path:
    """Where a recording of this input is written when no case name is given."""
    return folder / f"{case_input.kind}-{_digest(case_input.text)[:12]}.json"
