"""Reading a person's files at the edge: text only, under 1 MB, with a plain message for anything else."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import ValidationError

from coach.errors import InputError
from coach.framework import ProgramDraft

MAX_BYTES = 1_000_000


def decode_text(data: bytes, name: str) -> str:
    """Bytes -> text, refusing empty, oversized and binary input with one plain sentence."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name} is larger than 1 MB ({len(data):,} bytes); split it or trim it.", path=name)
    if b"\x00" in data:
        raise InputError(f"{name} is not a text file (it contains binary data).", path=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text; save it as UTF-8 and try again.", path=name) from None
    if not text.strip():
        raise InputError(f"{name} is empty.", path=name)
    return text


def read_text(path: str) -> str:
    """Read a text file, or standard input when `path` is '-'."""
    if path == "-":
        return decode_text(sys.stdin.buffer.read(), "standard input")
    file = Path(path)
    if not file.exists():
        raise InputError(f"{path}: no such file.", path=path)
    if file.is_dir():
        raise InputError(f"{path} is a folder, not a file.", path=path)
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as err:
        raise InputError(f"{path} cannot be read ({err.strerror}).", path=path) from None
    return decode_text(data, path)


def saved_program(text: str) -> ProgramDraft | None:
    """A program draft saved as JSON (coach export), or None when the text is a description to extract."""
    if not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return None
    except RecursionError:
        raise InputError("The program JSON is nested too deeply to be a saved draft.") from None
    try:
        return ProgramDraft.model_validate(data.get("draft", data) if isinstance(data, dict) else data)
    except RecursionError:
        raise InputError("The program JSON is nested too deeply to be a saved draft.") from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the top level"
        raise InputError(f"The saved program JSON is not a valid draft: {where}: {first['msg']}.") from None
