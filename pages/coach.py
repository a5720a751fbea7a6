"""Coach: chat through the partner ICP; the sidebar scorecard and the evidence follow every turn."""

from __future__ import annotations

import streamlit as st

from coach.coaching import ChatEntry, scorecard
from coach.framework import ProgramDraft
from coach.merge import describe, fields_with_facts, label_for
from pages.ui import (
    DRAFT_NAME,
    as_reply,
    as_text,
    attempt,
    coach_session,
    draft_conflict,
    extractor_banner,
    reply_stream,
    save_draft,
    workspace,
)

STATUS_BADGES = {"done": ":green[done]", "gap": ":orange[gap]", "missing": ":gray[missing]"}
ROLES = [None, "decision_maker", "influencer", "blocker"]
STAGES = [None, "pre_deal", "discovery", "evaluation", "proposal", "legal_review", "negotiation", "closed", "post_sale"]


def show_entry(entry: ChatEntry) -> None:
    """One chat message with its sources and notices."""
    with st.chat_message(entry.role):
        # The person's words are shown as text; the coach's replies are its own markdown.
        st.markdown(as_text(entry.content) if entry.role == "user" else as_reply(entry.content))
        show_sources(entry)


def show_sources(entry: ChatEntry) -> None:
    """Where the draft stands, the passages a reply cites, and anything the person should know about how it was
    made: folded under the reply, which leads with the change and the next question."""
    if entry.details:
        with st.expander("Where the draft stands, and what the framework says"):
            st.markdown(as_reply(entry.details))
    for notice in entry.notices:
        st.caption(f"Note: {as_text(notice)}")
    if entry.citations:
        with st.expander(f"Sources ({len(entry.citations)})"):
            for c in entry.citations:
                st.markdown(
                    f"**{c.section}** · `{c.source}`" + (" · for your question" if c.reason == "question" else "")
                )
                if c.text:
                    st.caption(c.text)


def words(value: str | None) -> str:
    return (value or "—").replace("_", " ")


st.title("Coach")
st.caption("Describe your partner program; the coach grades it against the framework and asks one question at a time.")
session = coach_session()
sentence_slot = st.container()

banner_slot = st.container()  # filled after this run's message, so the banner goes as soon as one is sent
with st.chat_message("assistant"):
    st.markdown(session.opening())
for entry in session.history:
    show_entry(entry)

message = st.chat_input("Tell the coach about your partner program")
if message:
    st.session_state.pop("unsent", None)
    started = attempt(lambda: session.stream_turn(message), "The coach could not read that message")
    if started is None:
        st.session_state.unsent = message
    else:
        result, chunks = started
        with st.chat_message("user"):
            st.markdown(as_text(result.message))
        with st.chat_message("assistant"):
            st.write_stream(reply_stream(chunks))
            show_sources(session.history[-1])
        save_draft(f"chat turn {len(session.history) // 2}")
if st.session_state.get("unsent"):  # shown in the same run the message failed, and until the next one is sent
    st.text_area("Your last message (kept, so you can copy it and try again)", key="unsent")

if st.session_state.get("restored") and len(session.history) == st.session_state.get("restored_turns", 0):
    restored_what = "draft and conversation were" if session.history else "draft was"
    banner_slot.info(f"Your saved {restored_what} restored. Keep going where you left off, or see the evidence below.")

draft_conflict()
grade = session.grade
with sentence_slot:
    if grade.statement:
        st.success(f"**Operator sentence:** {as_reply(grade.statement)}")

rows = fields_with_facts(session.draft)
evidence = st.expander(f"Evidence: {len(rows)} field(s) from your words. Confirm or edit each one.")
if not rows:
    evidence.caption("Nothing extracted yet: every field is unknown until your words state it.")
unconfirmed = [path for path, fact in rows if fact.status != "confirmed"]
if len(unconfirmed) > 1 and evidence.button(f"Confirm all {len(unconfirmed)} read facts", key="confirm_all"):

    def confirm_all() -> bool:
        for path in unconfirmed:
            session.confirm(path)
        return True

    if attempt(confirm_all, "Could not confirm"):
        save_draft(f"confirmed {len(unconfirmed)} facts")
        st.rerun()
for path, fact in rows:
    left, middle, right = evidence.columns([3, 5, 2])
    badge = ":green[confirmed]" if fact.status == "confirmed" else ":gray[suggested]"
    label = label_for(path)
    left.markdown(f"**{label[0].upper()}{label[1:]}**  \n{badge}")
    middle.markdown(as_text(describe(fact)))
    middle.caption(f"“{as_text(fact.quote)}”")
    confirmed = fact.status != "confirmed" and right.button("Confirm", key=f"confirm:{path}")
    if confirmed and attempt(lambda p=path: session.confirm(p), "Could not confirm"):
        save_draft(f"confirmed {path}")
        st.rerun()
    with right.popover("Edit"):
        typed = st.text_input("New value (empty removes it)", value=describe(fact), key=f"edit:{path}")
        values: dict[str, str | None] = {}
        if path.startswith("leverage."):
            values["role"] = st.selectbox(
                "Buyer role", ROLES, index=ROLES.index(fact.role), format_func=words, key=f"role:{path}"
            )
            values["stage"] = st.selectbox(
                "Deal stage", STAGES, index=STAGES.index(fact.stage), format_func=words, key=f"stage:{path}"
            )
        if st.button("Save", key=f"save:{path}"):
            # Typed words win; if only the selects moved, the zone keeps its text and takes the role and stage.
            change = typed if typed != describe(fact) or not values else values
            if attempt(lambda p=path, v=change: session.edit(p, v), "Could not save the edit"):
                save_draft(f"edited {path}")
                st.rerun()


def show_scorecard() -> None:
    """Each section's status (a gap says what it is), eligibility, readiness, the operator sentence, the question."""
    for row in scorecard(session.draft, grade):
        st.markdown(f"**{row.name}** · {STATUS_BADGES[row.status]}")
        if row.status == "gap" and row.findings:  # say what the gap is, not only that there is one
            st.caption(as_text(row.findings[0].message))
    st.markdown(
        f"**Eligible:** {'yes' if grade.eligible else 'no'}  \n**Readiness:** {grade.readiness.replace('_', ' ')}"
    )
    if grade.statement:
        st.markdown(f"**Operator sentence:** {as_reply(grade.statement)}")
    else:
        st.caption("The operator sentence appears once the buyer, situation, leverage and trust are known.")
    if grade.next_question:
        st.markdown(f"**Next question:** {as_reply(grade.next_question)}")


def show_versions() -> None:
    """Every saved version of the draft, newest first; restoring one saves it, with its conversation, as the newest
    version on top, so nothing saved (another tab's version, a program started over) is ever lost."""

    def listed() -> list:
        with workspace() as ws:
            return ws.draft_history(DRAFT_NAME)

    history = attempt(listed, "The saved versions could not be listed") or []
    if len(history) < 2:
        return
    with st.expander(f"Saved versions ({len(history)})"):
        labels = {f"v{v.version} · {v.saved_at:%Y-%m-%d %H:%M} · {v.note or 'saved'}": v.version for v in history[::-1]}
        chosen = labels[st.selectbox("Version", list(labels), key="restore_version")]
        if chosen != st.session_state.get("draft_version") and st.button(f"Restore version {chosen}"):

            def restore() -> bool:
                with workspace() as ws:
                    draft, _ = ws.load_draft(DRAFT_NAME, chosen)
                    chat = ws.load_chat(DRAFT_NAME, chosen)
                session.draft = draft or ProgramDraft()
                session.history = [ChatEntry.model_validate(e) for e in chat]
                return True

            if attempt(restore, f"Version {chosen} could not be restored"):
                save_draft(f"restored version {chosen}")
                st.session_state.pop("restore_version", None)  # the list shows the newest version again
                st.rerun()
        st.caption("Versions saved before this release kept no conversation: restoring one restores the draft only.")


with st.expander("Scorecard"):  # on a phone the sidebar is hidden: the scorecard is here too
    show_scorecard()

with st.sidebar:
    if session.history and st.button("Start a new program", help="The current draft stays saved as a version."):
        kept_version = st.session_state.get("draft_version", 0)
        session.draft, session.history = ProgramDraft(), []
        save_draft(f"started a new program; the previous draft is version {kept_version}")
        st.rerun()
    st.subheader("Scorecard")
    show_scorecard()
    show_versions()

extractor_banner()
