"""ICP alignment: an account list (a partner's customer book, a lead list, a CRM export) against the ICP."""

from __future__ import annotations

import streamlit as st

from coach.alignment import ACCOUNT_COLUMNS, aligned_csv, fit_accounts, read_accounts
from pages.ui import (
    as_text,
    attempt,
    coach_session,
    extractor,
    extractor_banner,
    header_of,
    pick_columns,
    settings,
    uploaded_text,
)

EXAMPLE = (
    "Account Name,Vertical,Headcount,HQ,CRM\n"
    'Northwind Payments,Card-issuing fintech,650,"Toronto, ON",Salesforce\n'
    'Quillpay,Payments,"1,400","Seattle, WA",HubSpot\n'
    "Harbor Lending,Lending,120,Boston,Salesforce\n"
    "Ledgerly,Fintech,n/a,Texas,Salesforce\n"
    "Beacon Finance,Fintech,800,London,Salesforce\n"
)
EXAMPLE_ICP = (
    "We sell to fintech companies with 200-2,000 employees in the US or Canada. The CFO signs. Partners are not "
    "allowed on deals under $50k ARR."
)
CHOICES = ("The draft from the Coach page", "Paste an ICP")


# Words that usually name each of our columns in an export's header.
_HEADER_WORDS = {"name": ("name", "account", "company"), "industry": ("industry", "vertical", "sector"),
                 "employees": ("employees", "headcount", "staff"), "revenue": ("revenue", "turnover"),
                 "region": ("region", "country", "hq", "location", "state"), "tech": ("tech", "crm", "stack"),
                 "size": ()}  # fmt: skip


def _guess(ours: str, options: list[str]) -> int:
    return next((j for j, c in enumerate(options) if any(w in c.lower() for w in _HEADER_WORDS[ours])), 0)


def _chart(excluding: list[tuple[str, int]]) -> object:
    import altair as alt

    rows = [{"condition": c, "accounts": n} for c, n in excluding]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#9e9e9e")
        .encode(
            x=alt.X("accounts:Q", title="accounts it excludes"),
            y=alt.Y("condition:N", sort="-x", title=None, axis=alt.Axis(labelLimit=0)),
            tooltip=["condition:N", "accounts:Q"],
        )
    )


st.title("ICP alignment")
st.caption(
    "Check an account list against the ICP: every account is in, out or unknown, with the reason for each "
    "condition. An unknown condition is never counted as a pass. Download the aligned accounts to route them."
)
upload = st.file_uploader("Accounts (CSV)", type=["csv"], key="fit_upload")
if upload is not None:
    if (uploaded := uploaded_text(upload)) is not None:
        st.session_state.fit_csv = uploaded
elif st.button("Try it with the example"):
    st.session_state.fit_csv = EXAMPLE
    st.session_state.fit_icp_choice, st.session_state.fit_icp = CHOICES[1], EXAMPLE_ICP

text = st.session_state.get("fit_csv")
if text:
    columns = header_of(text)
    st.caption("Say which of your columns holds each of ours (a column left out is kept for the download).")
    mapping = pick_columns(columns, ACCOUNT_COLUMNS, _guess, "fitcol", per_row=4)
    if mapping is None:
        st.stop()
    choice = st.radio("Against", CHOICES, key="fit_icp_choice", horizontal=True)
    if choice == CHOICES[1]:
        st.text_area("ICP (a description, or a draft exported as JSON)", key="fit_icp", height=120)
    if st.button("Check the accounts", type="primary"):

        def check() -> tuple:
            from coach.decisions import load_icp

            if choice == CHOICES[0]:
                program = coach_session().draft
            else:
                icp_text = st.session_state.get("fit_icp", "")
                if not icp_text.strip():
                    from coach.errors import InputError

                    raise InputError("Paste the ICP first (a description, or a draft exported as JSON).")
                program = load_icp(icp_text, extractor(), source="pasted ICP").program
            rows, header = read_accounts(text, mapping)
            return fit_accounts(program, rows, dict(settings().fx_rates) or None), header

        st.session_state.fit_result = attempt(check, "The accounts could not be checked")
    done = st.session_state.get("fit_result")
    if done:
        report, header = done
        c = report.counts
        left, mid, right, share = st.columns(4)
        left.metric("In", c["in"])
        mid.metric("Out", c["out"])
        right.metric("Unknown", c["unknown"])
        share.metric("Aligned share", f"{report.aligned_share:.0%}" if report.aligned_share is not None else "n/a")
        if report.excluding:
            st.subheader("The conditions that exclude the most accounts")
            st.altair_chart(_chart(report.excluding[:10]), width="stretch")
        st.dataframe(
            [
                {"account": a.name, "fit": a.fit, "why": "; ".join(ch.reason for ch in a.checks if ch.fit == a.fit)}
                for a in report.accounts
            ],
            hide_index=True,
            width="stretch",
        )
        st.download_button(
            f"Download the {c['in']} aligned accounts (CSV)",
            aligned_csv(report, header, mapping),
            "aligned-accounts.csv",
            "text/csv",
        )
        st.caption("Checked: " + as_text("; ".join(report.checked)))

st.subheader("Compare with a partner's ICP")
st.caption(
    "Paste the partner's description of who they sell to: it is read into the same models as ours, and the two are "
    "set side by side. A shared segment with no rule that keeps some deals direct is a channel conflict."
)
ours_choice = st.radio("Our ICP", CHOICES, key="cmp_ours_choice", horizontal=True)
if ours_choice == CHOICES[1]:
    st.text_area("Our ICP (a description, or a draft exported as JSON)", key="cmp_ours", height=120)
st.text_area("The partner's ICP", key="cmp_theirs", height=120)
with_numbers = st.checkbox("Put internal numbers in the partner brief (deal-size floors, evidence)", key="cmp_numbers")
if st.button("Compare"):

    def compared() -> tuple:
        from coach.comparison import compare, partner_brief
        from coach.decisions import load_icp
        from coach.errors import InputError

        if ours_choice == CHOICES[0]:
            ours = coach_session().draft
        else:
            if not st.session_state.get("cmp_ours", "").strip():
                raise InputError("Paste our ICP first (a description, or a draft exported as JSON).")
            ours = load_icp(st.session_state.cmp_ours, extractor(), source="our ICP").program
        theirs_text = st.session_state.get("cmp_theirs", "")
        if not theirs_text.strip():
            raise InputError("Paste the partner's ICP first.")
        theirs = load_icp(theirs_text, extractor(), source="the partner's ICP").program
        if ours is None or theirs is None:
            raise InputError("One of the two descriptions holds no ICP.")
        return compare(ours, theirs, dict(settings().fx_rates) or None), partner_brief(ours, with_numbers=with_numbers)

    st.session_state.cmp_result = attempt(compared, "The two ICPs could not be compared")
done = st.session_state.get("cmp_result")
if done:
    result, brief = done
    st.dataframe(
        [{"group": r.group, "dimension": r.dimension, "status": r.status, "ours": r.ours, "theirs": r.theirs,
          "only ours": ", ".join(r.only_ours), "only theirs": ", ".join(r.only_theirs)} for r in result.rows],
        hide_index=True, width="stretch",
    )  # fmt: skip
    if result.channel_conflict:
        st.warning(as_text(result.channel_conflict))
    elif result.shared_segment:
        st.info("Shared segment, split by our rules: " + as_text("; ".join(result.split_by)) + ".")
    elif result.shared_segment is None:
        st.info("Cannot tell whether the two target the same accounts: no industry or region is named by both.")
    else:
        st.info("No shared segment: the two ICPs target different accounts.")
    st.download_button("Download the partner ICP brief (Markdown)", brief, "partner-icp-brief.md", "text/markdown")

extractor_banner()
