"""Go / no-go: paste account notes, pick the ICP, and get the verdict with its evidence highlighted."""

from __future__ import annotations

import html
from typing import Any

import streamlit as st
from pydantic import BaseModel

from coach.framework import DealFacts, Fact, TrustAnswer
from coach.rules.catalog import TRUST_QUESTIONS
from pages.ui import DRAFT_NAME, attempt, coach_session, extractor, extractor_banner, workspace

CARDS = {
    "GO": (st.success, "GO", "Bring the partner in: the deal meets every rule."),
    "NO_GO": (st.error, "NO GO", "Keep the partner out of this deal."),
    "NEEDS_INFO": (st.warning, "NEEDS INFO", "Not decidable yet: ask the questions below first."),
}
ICP_CHOICES = ("The draft from the Coach page", "A saved draft", "Paste an ICP", "No ICP (deal rules only)")


def quote_spans(model: BaseModel, label: str = "") -> list[tuple[int, int, str]]:
    """Where each fact's quote sits in the notes, with the field it backs."""
    spans: list[tuple[int, int, str]] = []
    if isinstance(model, (Fact, TrustAnswer)) and model.quote and model.start is not None:
        spans.append((model.start, model.start + len(model.quote), label))
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                spans += quote_spans(item, name.replace("_", " "))
    return spans


def highlighted(notes: str, facts: DealFacts) -> str:
    """The notes as HTML, each evidence quote marked; overlapping quotes keep the first."""
    out, at = [], 0
    for start, end, label in sorted(quote_spans(facts)):
        if start < at:
            continue
        out.append(html.escape(notes[at:start]))
        out.append(f'<mark title="{html.escape(label)}">{html.escape(notes[start:end])}</mark>')
        at = end
    out.append(html.escape(notes[at:]))
    return '<div style="white-space: pre-wrap; line-height: 1.6">' + "".join(out) + "</div>"


def chosen_program(choice: str) -> tuple[Any, str | None] | None:
    """The ICP the verdict compares against, and where it came from; None when it cannot be had."""
    if choice == ICP_CHOICES[0]:
        return coach_session().draft, "coach draft"
    if choice == ICP_CHOICES[3]:
        return None, None
    if choice == ICP_CHOICES[1]:
        name = st.session_state.get("verdict_saved_name")
        if not name:
            st.error("There is no saved draft yet: chat on the Coach page first, or paste an ICP.")
            return None

        def load() -> Any:
            with workspace() as ws:
                return ws.load_draft(name)[0]

        program = attempt(load, "The saved draft could not be loaded")
        return (program, f"saved draft {name}") if program is not None else None
    text = st.session_state.get("verdict_icp", "")
    if not text.strip():
        st.error("Paste the ICP first (a description, or a draft exported as JSON).")
        return None
    from coach.inputs import saved_program

    saved = saved_program(text)
    if saved is not None:
        return saved, "pasted JSON draft"
    extraction = attempt(lambda: extractor().extract_program(text), "The ICP could not be read")
    return (extraction.facts, "pasted ICP") if extraction else None


def decide(notes: str, choice: str) -> None:
    """Extract the deal facts, decide, and keep the result for this browser session."""
    from coach.rules import decide_deal

    if not notes.strip():
        st.error("Paste the account notes first: the verdict needs something to read.")
        return
    picked = chosen_program(choice)
    if picked is None and choice != ICP_CHOICES[3]:
        return
    program, source = picked or (None, None)
    extraction = attempt(lambda: extractor().extract_deal(notes), "The notes could not be read")
    if extraction is None:
        return
    st.session_state.verdict_result = {
        "notes": notes,
        "extraction": extraction,
        "verdict": decide_deal(extraction.facts, program),
        "program": program,
        "icp_source": source,
        "saved_id": None,
    }


def show(result: dict[str, Any]) -> None:
    """The verdict card, the deciding rules, the highlighted notes, the trust table and the next questions."""
    verdict, extraction = result["verdict"], result["extraction"]
    box, title, meaning = CARDS[verdict.verdict]
    box(f"### {title}\n{meaning}")
    st.caption(f"Extractor: {extraction.extractor} · ICP: {result['icp_source'] or 'none'}")
    for notice in extraction.notices:
        st.caption(f"Note: {notice}")
    if verdict.basis:
        b = verdict.basis
        st.markdown(
            f"**Rests on:** buyer *{b['buyer']}*; trigger *{b['trigger']}*; leverage *{b['leverage']}*; "
            f"trust *{b['trust']}*."
        )
    st.subheader("Why")
    if not verdict.findings:
        st.markdown("No rule fired.")
    for f in verdict.findings:
        mark = {"NO_GO": ":red[**NO GO**]", "NEEDS_INFO": ":orange[**NEEDS INFO**]", "warning": ":gray[**warning**]"}
        st.markdown(f"{mark[f.outcome]} {f.message}  \n`{f.rule}` · {f.source}")
        for quote in f.evidence:
            st.caption(f"“{quote}”")
    st.subheader("The notes, with the evidence marked")
    st.markdown(highlighted(result["notes"], extraction.facts), unsafe_allow_html=True)
    st.subheader("The four trust questions")
    trust = extraction.facts.trust
    st.table(
        [
            {"question": q, "answer": verdict.trust[name], "evidence": getattr(trust, name).quote or ""}
            for name, q in TRUST_QUESTIONS.items()
        ]
    )
    if verdict.questions:
        st.subheader("Ask next")
        st.markdown("\n".join(f"- {q}" for q in verdict.questions))
    if result["saved_id"] is not None:
        st.success(f"Saved to the decision log as decision {result['saved_id']}.")
    elif st.button("Save this decision to the log"):

        def save() -> int:
            with workspace() as ws:
                return ws.record_decision(
                    notes=result["notes"],
                    facts=extraction.facts,
                    verdict=verdict,
                    extractor=extraction.extractor,
                    program=result["program"],
                    icp_source=result["icp_source"],
                )

        saved = attempt(save, "The decision could not be saved")
        if saved is not None:
            result["saved_id"] = saved
            st.rerun()


st.title("Go / no-go")
st.caption("Paste the account notes for one deal and the partner you want to bring in. Every reason quotes the notes.")
st.text_area("Account notes", key="verdict_notes", height=220, placeholder="Acme Corp, 800 employees, fintech...")
choice = st.radio("Compare against", ICP_CHOICES, key="verdict_icp_choice", horizontal=True)
if choice == ICP_CHOICES[1]:

    def listed() -> list[str]:
        with workspace() as ws:
            return sorted(ws.list_drafts())

    st.selectbox(
        "Saved draft", attempt(listed, "The saved drafts could not be listed") or [DRAFT_NAME], key="verdict_saved_name"
    )
elif choice == ICP_CHOICES[2]:
    st.text_area("ICP (a description, or a draft exported as JSON)", key="verdict_icp", height=150)
if st.button("Decide", type="primary"):
    decide(st.session_state.get("verdict_notes", ""), choice)
if "verdict_result" in st.session_state:
    show(st.session_state.verdict_result)

extractor_banner()
