"""Provider text is redacted before anyone sees it."""

from __future__ import annotations

import pytest

from coach.errors import redact

# Fake credentials, assembled at run time so that no key-shaped string is tracked in the repository.
BEARER = "sk-" + "proj-" + "abcdefghijklmnop123456"
ANTHROPIC = "sk-" + "ant-" + "api03-" + "Z" * 20
AWS = "AKIA" + "ABCDEFGHIJKLMNOP"


@pytest.mark.parametrize(
    "text",
    [
        'Error 401: {"headers": {"Authorization": "Bearer ' + BEARER + '"}}',
        "request failed with x-api-key: abcd1234efgh5678 attached",
        "invalid api_key=" + ANTHROPIC,
        AWS + " is not authorised",
    ],
)
def test_credentials_are_redacted(text: str) -> None:
    out = redact(text)
    assert "[redacted]" in out
    for secret in (BEARER, "abcd1234efgh5678", ANTHROPIC, AWS):
        assert secret not in out


def test_the_values_of_key_variables_are_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "plain-looking-secret-value")
    assert redact("echo: plain-looking-secret-value") == "echo: [redacted]"


def test_ordinary_text_is_left_alone() -> None:
    assert redact("The model provider is rate-limiting openai/gpt-4o-mini.") == (
        "The model provider is rate-limiting openai/gpt-4o-mini."
    )
