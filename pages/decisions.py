"""Decision log: every saved go / no-go, with overrides and what happened to the deal."""

from __future__ import annotations

import streamlit as st

from pages.ui import as_text, attempt, extractor_banner, name_field, who, workspace


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

    from coach.records import as_read, corrections_in, export_decisions

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
        for name, word in corrections_in(decision.facts):
            read = f" (read: {as_text(as_read(decision.read, name))})" if decision.read is not None else ""
            st.markdown(f"- **{as_text(name)}**: {as_text(word)}{read}")
    st.subheader("Record the outcome")
    with st.form("outcome"):
        # No defaults: an outcome nobody chose must not be saved by a careless click.
        result = st.radio("Result", ["won", "lost", "stalled"], horizontal=True, index=None)
        cycle_days = st.number_input("Cycle time (days)", min_value=0, value=None, placeholder="days")
        involved = st.checkbox("The partner was involved", value=decision.final_verdict == "GO")
        if st.form_submit_button("Save the outcome"):

            def record() -> bool:
                with workspace() as ws:
                    ws.record_outcome(chosen, result=result, cycle_days=int(cycle_days), partner_involved=involved)
                return True

            if result is None or cycle_days is None:
                st.error("Choose the result and give the cycle time in days; nothing was saved.")
            elif attempt(record, "The outcome could not be saved"):
                st.success(f"Outcome saved for decision {chosen}.")
    st.subheader("Override the verdict")

    with st.form("override"):
        verdict = st.radio("Verdict to act on", ["GO", "NO_GO", "NEEDS_INFO"], horizontal=True, index=None)
        reason = st.text_input("Why (kept in the log)")
        if st.form_submit_button("Save the override"):

            def override() -> bool:
                with workspace() as ws:
                    ws.override(chosen, verdict, reason, by=who())
                return True

            if verdict is None:
                st.error("Choose the verdict to act on; nothing was saved.")
            elif attempt(override, "The override could not be saved"):
                st.success(f"Override saved for decision {chosen}.")

extractor_banner()
name_field()
