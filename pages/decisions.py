"""Decision log: every saved go / no-go, with overrides and what happened to the deal."""

from __future__ import annotations

import streamlit as st

from pages.ui import as_text, attempt, extractor_banner, workspace


def load() -> list:
    with workspace() as ws:
        return ws.list_decisions()


st.title("Decision log")
st.caption("Saved go / no-go decisions. Record what happened to each deal, so the readiness check can count outcomes.")
decisions = attempt(load, "The decision log could not be read")
if decisions is not None and not decisions:
    st.info("No decisions saved yet: decide a deal on the Go / no-go page and save it.")
if decisions:
    rows = [
        {
            "id": d.id,
            "decided": d.decided_at.strftime("%Y-%m-%d %H:%M"),
            "account": d.account or "",
            "partner": d.partner or "",
            "verdict": d.verdict.verdict,
            "final": d.final_verdict,
            "outcome": d.outcome.result if d.outcome else "",
            "rules": ", ".join(f.rule for f in d.verdict.findings),
        }
        for d in reversed(decisions)
    ]
    st.dataframe(rows, hide_index=True, width="stretch")

    from coach.records import export_decisions

    st.download_button("Download the log (CSV)", export_decisions(decisions, "csv"), "decisions.csv", "text/csv")
    ids = [r["id"] for r in rows]
    chosen = st.selectbox(
        "Decision", ids, format_func=lambda i: f"#{i} {next(r for r in rows if r['id'] == i)['account']}"
    )
    decision = next(d for d in decisions if d.id == chosen)
    with st.expander("Notes and findings"):
        st.text(decision.notes)
        for f in decision.verdict.findings:
            st.markdown(f"- `{f.rule}` {as_text(f.message)}")
    st.subheader("Record the outcome")
    with st.form("outcome"):
        result = st.radio("Result", ["won", "lost", "stalled"], horizontal=True)
        cycle_days = st.number_input("Cycle time (days)", min_value=0, value=30)
        involved = st.checkbox("The partner was involved", value=decision.final_verdict == "GO")
        if st.form_submit_button("Save the outcome"):

            def record() -> bool:
                with workspace() as ws:
                    ws.record_outcome(chosen, result=result, cycle_days=int(cycle_days), partner_involved=involved)
                return True

            if attempt(record, "The outcome could not be saved"):
                st.success(f"Outcome saved for decision {chosen}.")
    st.subheader("Override the verdict")
    with st.form("override"):
        verdict = st.radio("Verdict to act on", ["GO", "NO_GO", "NEEDS_INFO"], horizontal=True)
        reason = st.text_input("Why (kept in the log)")
        if st.form_submit_button("Save the override"):

            def override() -> bool:
                with workspace() as ws:
                    ws.override(chosen, verdict, reason)
                return True

            if attempt(override, "The override could not be saved"):
                st.success(f"Override saved for decision {chosen}.")

extractor_banner()
