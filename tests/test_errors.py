"""Provider text is redacted before anyone sees it."""

from __future__ import annotations

import pytest

from coach.errors import redact


@pytest.mark.parametrize(
    "text",
    [
        'Error 401: {"headers": {"Authorization": "Bearer sk-proj-abcdefghijklmnop123456"}}',
        "request failed with x-api-key: abcd1234efgh5678 attached",
        "invalid api_key=sk-ant-api03-ZZZZZZZZZZZZZZZZZZZZ",
        "AKIAABCDEFGHIJKLMNOP is not authorised",
    ],
)
def test_credentials_are_redacted(text: str) -> None:
    out = redact(text)
    assert "[redacted]" in out
    for secret in ("sk-proj-abcdefghijklmnop123456", "abcd1234efgh5678", "sk-ant-api03", "AKIAABCDEFGHIJKLMNOP"):
        assert secret not in out


def test_the_values_of_key_variables_are_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "plain-looking-secret-value")
    assert redact("echo: plain-looking-secret-value") == "echo: [redacted]"


def test_ordinary_text_is_left_alone() -> None:
    assert redact("The model provider is rate-limiting openai/gpt-4o-mini.") == (
        "The model provider is rate-limiting openai/gpt-4o-mini."
    )
