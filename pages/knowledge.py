"""Knowledge: ask the framework (and the team's playbooks) a question, add or remove playbooks, browse the framework."""

from __future__ import annotations

import streamlit as st

from pages.ui import as_text, attempt, extractor_banner, name_field, settings, who

UPLOAD_TYPES = ["md", "txt", "pdf"]


@st.cache_data(show_spinner=False)
def documents() -> list[dict]:
    """The framework documents as plain data (cached: they change only on disk)."""
    from coach.knowledge.documents import load_documents

    return [d.model_dump() for d in load_documents(settings().knowledge_dirs)]


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table whose cells are inert text (a playbook is a person's words, not ours)."""
    width = max([len(header), *(len(r) for r in rows)])
    head = header or [""] * width
    lines = [f"| {' | '.join(as_text(c) for c in head)} |", f"|{'---|' * width}"]
    return "\n".join([*lines, *(f"| {' | '.join(as_text(c) for c in row)} |" for row in rows)])


def show_answer(answer: object) -> None:
    """An answer: quoted sentences, lists and tables as such, each with its source number; a model's answer as
    text; the sources below, folded."""
    quotes = getattr(answer, "quotes", [])
    if not quotes:
        st.markdown(as_text(answer.answer))
    for q in quotes:
        lead = f"“{as_text(q.text)}” \\[{q.n}\\]" if q.text else ""
        if q.kind == "sentence":
            st.markdown(lead)
        elif q.kind == "list":
            items = "\n".join(f"- “{as_text(item)}”" for item in q.items)
            st.markdown(f"{lead}\n\n{items}" if lead else f"{items} \\[{q.n}\\]")
        else:
            marker = lead or f"\\[{q.n}\\]"
            st.markdown(f"{marker}\n\n{table(q.header, q.rows)}")
    for c in answer.citations:
        with st.expander(as_text(f"[{c.n}] {c.doc} · {c.section}", one_line=True)):
            st.markdown(as_text(c.text or ""))


st.title("Knowledge")
st.caption("The framework behind every rule, and your team's own playbooks. Ask a question, add a playbook, or browse.")

with st.form("ask_framework", border=False):  # a form, so Enter asks as well as the button
    question = st.text_input("Ask the framework", key="knowledge_question", placeholder="What makes a buying trigger?")
    asked = st.form_submit_button("Ask", type="primary")
if asked and question.strip():
    from coach.knowledge.answers import answer_question

    answer = attempt(lambda: answer_question(question, settings()), "The question could not be answered")
    if answer is not None:
        st.session_state.knowledge_answer = answer
elif asked:
    st.info("Type a question first, e.g. what makes a buying trigger.")
if not question.strip() and "knowledge_answer" in st.session_state:
    del st.session_state.knowledge_answer
answer = st.session_state.get("knowledge_answer")
if answer is not None:
    show_answer(answer)

st.subheader("Team playbooks")
where = settings().chroma_url or "this machine's data folder"
st.caption(
    f"Playbooks (.md, .txt or .pdf, up to 5 MB) are stored in the knowledge store on {where} and searched beside "
    "the framework at once; with a shared Chroma server (`COACH_CHROMA_URL`) every teammate sees them."
)
name_field()
with st.form("add_playbook", clear_on_submit=True):
    upload = st.file_uploader("Add a playbook", type=UPLOAD_TYPES, key="playbook_upload")
    added = st.form_submit_button("Add to the knowledge")
if added and upload is not None:
    from coach.knowledge.index import add_playbook

    stored = attempt(
        lambda: add_playbook(settings(), upload.name, upload.getvalue(), who() or ""),
        f"{as_text(upload.name)} was not added",
    )
    if stored is not None:
        plural = "" if stored.chunks == 1 else "s"
        st.success(f"Added {as_text(stored.doc)} ({stored.chunks} section{plural}). Ask away.")
elif added:
    st.warning("Choose a .md, .txt or .pdf file first.")


def stored_documents() -> list:
    from coach.knowledge.index import stored_documents as listed

    return listed(settings())


def remove_playbook(doc: str) -> int:
    from coach.knowledge.index import remove_playbook as remove

    return remove(settings(), doc)


stored = attempt(stored_documents, "The knowledge store could not be read") or []
playbooks = [d for d in stored if d.origin == "playbook"]
if not playbooks:
    st.caption("No playbooks yet.")
for d in playbooks:
    left, right = st.columns([5, 1])
    by = f" · added by {d.added_by} (unverified)" if d.added_by else ""
    left.markdown(f"**{as_text(d.title)}** · {as_text(d.doc)} · {d.chunks} section(s){as_text(by)}")
    if right.button("Remove", key=f"remove_{d.doc}"):
        gone = attempt(lambda doc=d.doc: remove_playbook(doc), f"{as_text(d.doc)} was not removed")
        if gone is not None:
            st.session_state.pop("knowledge_answer", None)
            st.rerun()

st.subheader("Browse the framework")
docs = attempt(documents, "The knowledge documents could not be read") or []
if docs:
    titles = [d["title"] for d in docs]
    picked = st.selectbox("Document", titles, key="knowledge_doc")
    doc = docs[titles.index(picked)]
    ours = doc["origin"] == "framework"  # the framework is our own Markdown; a folder playbook is shown as text
    st.caption(f"{as_text(doc['doc'])} · {as_text(doc['source'])}")
    for section in doc["sections"]:
        with st.expander(section["heading"] if ours else as_text(section["heading"], one_line=True)):
            st.markdown(section["text"] if ours else as_text(section["text"]))
            st.caption(f"Cite as {as_text(doc['doc'] + '#' + section['slug'])}")

extractor_banner()
