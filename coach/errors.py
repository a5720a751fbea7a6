"""The one small error hierarchy. Library exceptions are wrapped once, where the library is called."""

from __future__ import annotations


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
