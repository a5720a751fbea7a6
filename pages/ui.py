"""Helpers the pages share: settings, the coaching session, the workspace, the extractor banner.

UI only: each helper reads or writes Streamlit state and calls into coach/ for every decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st

from coach.config import Settings
from coach.errors import CoachError, StoreError

T = TypeVar("T")
DRAFT_NAME = "default"  # the one draft the app keeps; the CLI can hold others by name

MODEL_HELP = (
    "To use a model, set `COACH_MODEL` to a litellm model string (for example `gpt-4o-mini`, "
    "`anthropic/claude-3-5-haiku-latest` or `ollama/llama3.1` with `COACH_API_BASE=http://127.0.0.1:11434`) "
    "and the provider's key variable (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, ...), then restart the app. "
    "`COACH_REPLAY=<folder>` replays recorded responses instead."
)


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def as_text(untrusted: str) -> str:
    """Text from notes, quotes or chat, made safe for st.markdown: every markdown character is escaped, so no
    image loads, no link is clickable and no URL is auto-linked (the colon of "https:" is escaped too)."""
    return _MARKDOWN.sub(r"\\\1", untrusted)


def settings() -> Settings:
    """The settings, read once per browser session."""
    if "settings" not in st.session_state:
        try:
            st.session_state.settings = Settings.from_env()
        except CoachError as exc:  # a bad setting is refused at start, naming the variable
            st.error(str(exc))
            st.stop()
    return st.session_state.settings


def extractor_label(current: Settings) -> str:
    """Which extractor the app uses, in a few words."""
    if not current.uses_model:
        return "offline (built-in rules, no model)"
    if current.replay is not None:
        return f"{current.model} (replaying recorded responses from {current.replay})"
    return f"{current.model} (live model)"


def extractor() -> Any:
    """The extractor the settings ask for, built once per browser session."""
    if "extractor" not in st.session_state:
        from coach.reading import get_extractor

        st.session_state.extractor = get_extractor(settings())
    return st.session_state.extractor


def extractor_banner() -> None:
    """The sidebar note on every page: which extractor is in use and how to configure a model."""
    with st.sidebar:
        st.caption(f"**Extractor:** {extractor_label(settings())}")
        with st.expander("Use a model"):
            st.markdown(MODEL_HELP)


@contextmanager
def workspace() -> Iterator[Any]:
    """The workspace (drafts and the decision log), opened for one block."""
    from coach.store import Workspace

    with Workspace.open(settings()) as ws:
        yield ws


def attempt(action: Callable[[], T], what: str) -> T | None:
    """Run an action; show a plain-words error instead of a traceback when the coach reports one."""
    try:
        return action()
    except CoachError as exc:
        st.error(f"{what}: {exc}")
    except ImportError as exc:
        st.error(f"{what}: this part of the coach is not installed yet ({exc.name}).")
    return None


def coach_session() -> Any:
    """The coaching session, restored from the saved draft on the first visit of a browser session."""
    if "coach" not in st.session_state:
        from coach.coaching import ChatEntry, CoachSession

        session = CoachSession().use(settings(), extractor=extractor())
        st.session_state.draft_version = 0
        st.session_state.restored = False

        def restore() -> None:
            from pydantic import ValidationError

            with workspace() as ws:
                draft, version = ws.load_draft(DRAFT_NAME)
                if draft is None:
                    return
                session.draft = draft
                st.session_state.draft_version = version
                st.session_state.restored = True
                try:  # an unreadable conversation must not cost the draft
                    session.history = [ChatEntry.model_validate(e) for e in ws.load_chat(DRAFT_NAME)]
                    st.session_state.restored_turns = len(session.history)  # the banner stays until the next message
                except StoreError as exc:
                    st.warning(str(exc))
                except ValidationError:
                    st.warning("The saved conversation could not be shown again; your draft was restored.")

        attempt(restore, "The saved draft could not be loaded")
        st.session_state.coach = session
    return st.session_state.coach


def save_draft(note: str) -> None:
    """Save the session's draft so it survives a reload; a newer save elsewhere is reloaded first."""
    session = coach_session()

    def save() -> None:
        with workspace() as ws:
            base = st.session_state.get("draft_version", 0)
            _, latest = ws.load_draft(DRAFT_NAME)
            # Another tab saved since: this session's draft is the one the person is looking at, so it wins.
            st.session_state.draft_version = ws.save_draft(
                DRAFT_NAME, session.draft, note, base_version=max(base, latest)
            )
            ws.save_chat(DRAFT_NAME, [entry.model_dump(mode="json") for entry in session.history])

    attempt(save, "The draft could not be saved")
