"""Knowledge: browse the framework's documents and ask it a question, answered with citations."""

from __future__ import annotations

import streamlit as st

from pages.ui import attempt, extractor_banner, settings


@st.cache_data(show_spinner=False)
def documents() -> list[dict]:
    """The knowledge documents as plain data (cached: they change only on disk)."""
    from coach.knowledge import load_documents

    return [d.model_dump() for d in load_documents(settings().knowledge_dirs)]


st.title("Knowledge")
st.caption("The framework behind every rule, in the project's own words. Ask it a question, or browse it.")

with st.form("ask_framework", border=False):  # a form, so Enter asks as well as the button
    question = st.text_input("Ask the framework", key="knowledge_question", placeholder="What makes a buying trigger?")
    asked = st.form_submit_button("Ask", type="primary")
if asked and question.strip():
    from coach.answers import answer_question

    answer = attempt(lambda: answer_question(question, settings()), "The question could not be answered")
    if answer is not None:
        st.session_state.knowledge_answer = answer
elif st.session_state.get("knowledge_question", "").strip() == "" and "knowledge_answer" in st.session_state:
    del st.session_state.knowledge_answer
answer = st.session_state.get("knowledge_answer")
if answer is not None:
    st.markdown(answer.answer)
    for c in answer.citations:
        with st.expander(f"[{c.n}] {c.doc} · {c.section}"):
            st.markdown(c.text)

st.subheader("Browse")
docs = attempt(documents, "The knowledge documents could not be read") or []
if docs:
    titles = [d["title"] for d in docs]
    picked = st.selectbox("Document", titles, key="knowledge_doc")
    doc = docs[titles.index(picked)]
    st.caption(f"`{doc['doc']}` · {doc['source']}")
    for section in doc["sections"]:
        with st.expander(section["heading"]):
            st.markdown(section["text"])
            st.caption(f"Cite as `{doc['doc']}#{section['slug']}`")

extractor_banner()
