"""Helpers the pages share: settings, the coaching session, the workspace, the extractor banner.

UI only: each helper reads or writes Streamlit state and calls into coach/ for every decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st

from coach.config import Settings
from coach.errors import CoachError, StoreError
from coach.markdown import inert, urls_as_code

T = TypeVar("T")
DRAFT_NAME = "default"  # the one draft the app keeps; the CLI can hold others by name

MODEL_HELP = (
    "To use a model, set `COACH_MODEL` to a litellm model string (for example `gpt-4o-mini`, "
    "`anthropic/claude-3-5-haiku-latest` or `ollama/llama3.1` with `COACH_API_BASE=http://127.0.0.1:11434`) "
    "and the provider's key variable (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, ...), then restart the app. "
    "`COACH_REPLAY=<folder>` replays recorded responses instead."
)


_LINKISH = re.compile(r"[\[\]<>]")


def as_text(untrusted: str, *, one_line: bool = False) -> str:
    """Text from notes, quotes or chat, made safe for st.markdown: every markdown character is escaped and every
    web address is shown as code, so no image loads and nothing is a link."""
    return inert(untrusted, one_line=one_line)


_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+[ \t]?", re.MULTILINE)


def as_reply(markdown: str) -> str:
    """The coach's own markdown, which quotes the person's words: bold, lists, quoted passages and their tables
    stay, but nothing in it can become an image or a link (brackets and angle brackets are escaped, except the
    ">" that opens a quoted line; web addresses are shown as code)."""

    def escape(piece: str) -> str:
        out, at = [], 0
        for m in _QUOTE_MARKS.finditer(piece):  # keep each line's leading quote marks as they are
            out += [_LINKISH.sub(lambda x: "\\" + x.group(0), piece[at : m.start()]), m.group(0)]
            at = m.end()
        return "".join([*out, _LINKISH.sub(lambda x: "\\" + x.group(0), piece[at:])])

    return urls_as_code(markdown, escape)


def reply_stream(chunks: Iterable[str]) -> Iterator[str]:
    """A streamed reply made safe line by line (a URL split across two chunks is escaped whole)."""
    pending = ""
    for chunk in chunks:
        pending += chunk
        if "\n" in pending:
            done, pending = pending.rsplit("\n", 1)
            yield as_reply(done + "\n")
    if pending:
        yield as_reply(pending)


NONE = "(not in the file)"


def header_of(text: str) -> list[str]:
    """An uploaded CSV's column names."""
    import csv
    import io

    first = next(csv.reader(io.StringIO(text)), [])
    return [h.strip() for h in first if h.strip()]


def pick_columns(
    columns: list[str], ours: Iterable[str], guess: Callable[[str, list[str]], int], key: str, per_row: int = 3
) -> dict[str, str] | None:
    """Ask which uploaded column holds each of ours (theirs -> ours); None, with the error shown, when one of
    theirs was picked twice. `guess(ours, options)` is the preselected option's index (0: not in the file)."""
    cells = st.columns(per_row)
    options = [NONE, *columns]
    picked = {
        name: cells[i % per_row].selectbox(name, options, index=guess(name, options), key=f"{key}:{name}")
        for i, name in enumerate(ours)
    }
    chosen = [theirs for theirs in picked.values() if theirs != NONE]
    if len(chosen) != len(set(chosen)):
        st.error("Each of your columns can fill only one of ours: change the duplicates above.")
        return None
    return {theirs: name for name, theirs in picked.items() if theirs != NONE}


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


def who() -> str | None:
    """Who is acting, for the decision log: the signed-in user when login is configured (`st.login`), else the
    name the person typed in the sidebar field (`name_field`), kept as unverified."""
    user = st.user
    if getattr(user, "is_logged_in", False):
        return str(user.get("name") or user.get("email") or "") or None
    return " ".join(str(st.session_state.get("who") or "").split()) or None


def browser_key() -> str:
    """Whose page state this is: the signed-in person, else this browser's own key, kept in the address (`?w=`) so
    a reload finds it again and a teammate who opens the app gets their own. Sharing the address shares the page."""
    user = st.user
    if getattr(user, "is_logged_in", False) and (email := user.get("email") or user.get("name")):
        return f"user:{email}"
    key = st.query_params.get("w")
    if not key or not re.fullmatch(r"[A-Za-z0-9_-]{8,40}", key):
        import secrets

        key = secrets.token_urlsafe(12)
        st.query_params["w"] = key
    return f"browser:{key}"


def name_field() -> None:
    """The sidebar field where a person says who they are, on pages that write to the decision log."""
    if not getattr(st.user, "is_logged_in", False):
        st.sidebar.text_input(
            "Your name, for the decision log", key="who", help="Kept with decisions and overrides; not verified."
        )


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


def uploaded_text(upload: Any) -> str | None:
    """An uploaded file as text, under the CLI's rules (1 MB at most, UTF-8, not binary, not empty); None, with the
    reason shown, when it breaks one."""
    from coach.inputs import decode_text

    return attempt(lambda: decode_text(upload.getvalue(), upload.name), "The file could not be read")


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


CONFLICT_KEY = "draft_conflict"


def save_draft(note: str, *, overwrite: bool = False) -> None:
    """Save the session's draft and conversation together (one transaction) on top of the version this session
    loaded. When another tab or session saved since, nothing is overwritten: the person is told, keeps everything
    on screen, and chooses (`overwrite=True` saves theirs on top of the newer version)."""
    session = coach_session()

    def save() -> None:
        with workspace() as ws:
            base = st.session_state.get("draft_version", 0)
            if overwrite:
                base = ws.load_draft(DRAFT_NAME)[1]
            chat = [entry.model_dump(mode="json") for entry in session.history]
            st.session_state.draft_version = ws.save_draft(
                DRAFT_NAME, session.draft, note, base_version=base, chat=chat
            )
        st.session_state.pop(CONFLICT_KEY, None)

    try:
        save()
    except StoreError as exc:
        if "changed in another session" in str(exc):
            st.session_state[CONFLICT_KEY] = note
        else:
            st.error(f"The draft could not be saved: {exc}")
    except CoachError as exc:
        st.error(f"The draft could not be saved: {exc}")


def draft_conflict() -> None:
    """When another tab or session saved the draft first: say so, keep this one on screen, and let the person
    choose which version goes on."""
    note = st.session_state.get(CONFLICT_KEY)
    if note is None:
        return
    st.warning(
        "This draft changed in another tab or session since you opened it. Nothing was overwritten: your draft and "
        "this conversation are still here. Keep yours as the newest version, or load the other one."
    )
    keep, load = st.columns(2)
    if keep.button("Keep mine as the newest version"):
        save_draft(f"{note} (kept over a newer version)", overwrite=True)
        st.rerun()
    if load.button("Load the other version"):
        for key in ("coach", CONFLICT_KEY, "draft_version"):
            st.session_state.pop(key, None)
        st.rerun()
