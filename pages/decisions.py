"""Decision log: every saved go / no-go, with overrides and what happened to the deal."""

from __future__ import annotations

import streamlit as st

from pages.ui import as_text, attempt, extractor_banner, name_field, settings, who, workspace


def report_section(decisions: list) -> None:
    """The outcome report: attribution kept apart, ICP against non-ICP deals, ICP deals won per partner."""
    from coach.records import build_report

    report = build_report(decisions, dict(settings().fx_rates))
    st.subheader("What the outcomes say")
    if not report.with_outcome:
        st.info("No outcome recorded yet: record what happened to a deal above, and the report fills in.")
        return

    def table(rows: list) -> list[dict]:
        return [
            {
                "group": r.group,
                "outcomes": r.outcomes,
                "won": r.won,
                "win rate": "-" if r.win_rate is None else f"{r.win_rate:.0%}",
                "avg cycle (days)": "-" if r.avg_cycle_days is None else f"{r.avg_cycle_days:g}",
                "won value": ", ".join(f"{c} {v:,.0f}" for c, v in r.won_value.items()) or "-",
                "avg deal": ", ".join(f"{c} {v:,.0f}" for c, v in r.avg_value.items()) or "-",
            }
            for r in rows
        ]

    st.markdown("**By attribution** (sourced, co-sell and influenced are never added together)")
    st.dataframe(table(report.by_attribution), hide_index=True, width="stretch")
    st.markdown("**Inside the ICP at decision time, or not**")
    st.dataframe(table(report.by_icp), hide_index=True, width="stretch")
    if report.productivity:
        st.markdown("**ICP deals won per partner**")
        st.dataframe(
            [{"partner": p.partner, "ICP deals won": p.icp_won, "won": p.won, "outcomes": p.outcomes}
             for p in report.productivity],
            hide_index=True,
            width="stretch",
        )  # fmt: skip
    if report.finance_roi == "yes":
        st.caption(
            "Finance can model partner ROI from this log: three or more partner deals carry attribution and value."
        )
    else:
        st.caption(
            "Finance cannot model partner ROI from this log yet: record attribution and value on three partner deals."
        )


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

    left, right = st.columns(2)
    rates = dict(settings().fx_rates)
    left.download_button(
        "Download the log (CSV)", export_decisions(decisions, "csv", rates), "decisions.csv", "text/csv"
    )
    right.download_button(
        "Download for a CRM import (CSV)",
        export_decisions(decisions, "crm", rates),
        "opportunities.csv",
        "text/csv",
        help="Opportunity columns: name, account, stage, amount (annual), currency, close date, partner, "
        "attribution, inside ICP. The README maps each to the log.",
    )
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
        attribution = st.radio(
            "Attribution (kept apart, never mixed)",
            ["sourced", "co-sell", "influenced", "none"],
            horizontal=True,
            index=None,
            help="sourced: the partner brought the deal; co-sell: they sold it with us; influenced: they helped it "
            "along; none: no partner took part.",
        )
        amount_col, currency_col, period_col = st.columns([2, 1, 1])
        amount = amount_col.number_input(
            "Deal value (optional)", min_value=0.0, value=None, placeholder="amount", key="outcome_value"
        )
        currency = currency_col.selectbox(
            "Currency", ["USD", "EUR", "GBP", "CAD", "AUD", "OTHER"], key="outcome_currency"
        )
        period = period_col.selectbox("Per", ["annual", "monthly", "one_time"])
        if st.form_submit_button("Save the outcome"):
            from coach.framework import Money

            def record() -> bool:
                value = Money(amount=amount, currency=currency, period=period) if amount is not None else None
                with workspace() as ws:
                    ws.record_outcome(
                        chosen, result=result, cycle_days=int(cycle_days), attribution=attribution, value=value
                    )
                return True

            if result is None or cycle_days is None or attribution is None:
                st.error("Choose the result and the attribution, and give the cycle time in days; nothing was saved.")
            elif attempt(record, "The outcome could not be saved"):
                st.success(f"Outcome saved for decision {chosen}.")
    report_section(decisions)
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
