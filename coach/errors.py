"""The one small error hierarchy. Library exceptions are wrapped once, where the library is called."""

from __future__ import annotations

import os
import re

# Header and parameter values that carry credentials, and the shapes of common provider keys.
_CREDENTIAL = re.compile(
    r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:bearer|basic|token)?\s*|x-api-key[\"']?\s*[:=]\s*[\"']?|"
    r"api[_-]?key[\"']?\s*[:=]\s*[\"']?)([^\s\"',}]+)"
)
_KEY_SHAPES = re.compile(
    r"\b(?:sk-(?:ant-)?[A-Za-z0-9_-]{12,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{20,}|xox[abp]-[\w-]{10,})"
)
_SECRET_VARS = re.compile(r"(?:KEY|TOKEN|SECRET|PASSWORD)$")


def redact(text: str) -> str:
    """Text from a provider with every credential replaced: the values of key variables in this environment,
    Authorization and x-api-key values, and strings shaped like provider keys."""
    for name, value in os.environ.items():
        if _SECRET_VARS.search(name.upper()) and len(value) >= 8:
            text = text.replace(value, "[redacted]")
    text = _CREDENTIAL.sub(lambda m: m.group(1) + "[redacted]", text)
    return _KEY_SHAPES.sub("[redacted]", text)


class CoachError(Exception):
    """Base of every error the coach reports to a person. Its message is a plain sentence."""


class InputError(CoachError):
    """The person's input cannot be used: missing, empty, binary, too large, malformed."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class ExtractionError(CoachError):
    """The model could not turn the text into framework models (timeout, auth, rate limit, bad output)."""

    def __init__(self, message: str, *, kind: str, model: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.model = model


class ReplayMiss(CoachError):
    """A recorded response is missing or stale for a request: re-record it."""

    def __init__(self, message: str, *, case: str | None = None, key: str | None = None) -> None:
        super().__init__(message)
        self.case = case
        self.key = key


class StoreError(CoachError):
    """The workspace database is missing, corrupted, or a write conflicted."""
