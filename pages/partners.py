"""Recruit partners: upload candidates, set the weights and the onboarding capacity, get recruit / nurture / pass."""

from __future__ import annotations

import streamlit as st

from coach.framework import Weights
from coach.partners.scoring import TEMPLATE_COLUMNS, motion_words, read_candidates, score_partners
from coach.spreadsheet import write_csv
from pages.ui import as_text, attempt, extractor_banner, header_of, pick_columns, uploaded_text, who, workspace

EXAMPLE = (
    "name,account_overlap,segment_fit,motion_fit,selling_capacity,motion\n"
    "Northbeam Advisory,85,80,75,70,co-sell\n"
    "Ledgerline Consulting,60,70,55,40,resell\n"
    "Quietpath Partners,30,40,35,0,refer\n"
)


def _score_chart(rows: list[dict]) -> object:
    """Scores as bars, coloured by decision: recruit green, nurture amber, pass grey (red read as "bad")."""
    import altair as alt

    decisions = alt.Scale(domain=["recruit", "nurture", "pass"], range=["#2e7d32", "#f9a825", "#9e9e9e"])
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("partner:N", sort="-x", title=None, axis=alt.Axis(labelLimit=0)),  # whole names, never cut
            color=alt.Color("decision:N", scale=decisions, legend=alt.Legend(orient="bottom")),
            tooltip=["partner:N", "score:Q", "decision:N", "motion:N"],
        )
    )


def _guess(ours: str, options: list[str]) -> int:
    """The column that names ours; the optional motion column only exactly ("Motion score" is motion fit)."""
    plain = [c.lower().replace("_", " ") for c in options]
    words = ours.replace("_", " ")
    loose = [j for j, c in enumerate(plain) if words in c] if ours != "motion" else []
    return next(iter([j for j, c in enumerate(plain) if c == words] + loose), 0)


st.title("Recruit partners")
st.caption(
    "Score candidate partners on account overlap (weighted heaviest), segment fit, motion fit and selling capacity. "
    "The recruit list never exceeds your onboarding capacity, and the pass list is always shown."
)
st.download_button("Download the CSV template", EXAMPLE, file_name="partner-candidates.csv", mime="text/csv")
upload = st.file_uploader("Candidates (CSV: our template, or an account-overlap export)", type=["csv"])
if upload is not None:
    if (uploaded := uploaded_text(upload)) is not None:
        st.session_state.partners_csv, st.session_state.partners_file = uploaded, upload.name
elif st.button("Try it with the example"):
    st.session_state.partners_csv, st.session_state.partners_file = EXAMPLE, "example.csv"

text = st.session_state.get("partners_csv")
if text:
    st.caption(f"File: {as_text(str(st.session_state.get('partners_file')))}")
    columns = header_of(text)
    mapping: dict[str, str] | None = None
    if {c.lower() for c in columns} != set(TEMPLATE_COLUMNS) and {c.lower() for c in columns} != set(
        TEMPLATE_COLUMNS[:-1]
    ):
        st.info("These columns are not our template: say which of your columns holds each of ours.")
        # Columns left unmapped (region, owner...) are ignored by read_candidates when a mapping is given.
        mapping = pick_columns(columns, TEMPLATE_COLUMNS, _guess, "map")
        if mapping is None:
            st.stop()

    st.subheader("Weights and capacity")
    left, right = st.columns(2)
    with left:
        weights = {
            "account_overlap": st.slider("Account overlap", 0.0, 1.0, 0.4, 0.05),
            "segment_fit": st.slider("Segment fit", 0.0, 1.0, 0.2, 0.05),
            "motion_fit": st.slider("Motion fit", 0.0, 1.0, 0.2, 0.05),
            "selling_capacity": st.slider("Selling capacity", 0.0, 1.0, 0.2, 0.05),
        }
    with right:
        capacity = st.number_input("Onboarding capacity (partners you can onboard now)", 0, 1000, 3)
        recruit_at = st.slider("Recruit at or above", 0, 100, 70)
        nurture_at = st.slider("Nurture at or above", 0, 100, 45)

    def scored() -> tuple[list, list]:
        candidates = read_candidates(text, mapping)
        return candidates, score_partners(candidates, int(capacity), Weights(**weights), recruit_at, nurture_at)

    candidates, scores = attempt(scored, "The candidates could not be scored") or ([], [])
    if scores:
        rows = [
            {
                "rank": i,
                "partner": s.name,
                "score": round(s.score, 1),
                "decision": s.decision,
                "motion": motion_words(s),
                "reasons": "; ".join(s.reasons),
            }
            for i, s in enumerate(scores, start=1)
        ]
        counts = {d: sum(r["decision"] == d for r in rows) for d in ("recruit", "nurture", "pass")}
        st.markdown(f"**{counts['recruit']} recruit · {counts['nurture']} nurture · {counts['pass']} pass**")
        st.dataframe(rows, hide_index=True, width="stretch")
        st.altair_chart(_score_chart(rows), width="stretch")
        ranked = write_csv(rows, list(rows[0]))
        st.download_button("Download the ranked list (CSV)", ranked, "partner-scores.csv", "text/csv")
        if st.button("Save this scorecard"):

            def save() -> int:
                with workspace() as ws:
                    name = st.session_state.get("partners_file") or "scorecard"
                    return ws.save_scorecard(name, scores, Weights(**weights), int(capacity), candidates)

            saved = attempt(save, "The scorecard could not be saved")
            if saved is not None:
                st.success(f"Saved as scorecard {saved}.")


def saved_scorecards() -> list:
    """Every scorecard saved here or with `coach score-partners --save`, newest first."""
    with workspace() as ws:
        return ws.list_scorecards()


cards = attempt(saved_scorecards, "The saved scorecards could not be read") or []
with st.expander(f"Saved scorecards ({len(cards)})"):
    if not cards:
        st.caption("None yet: score a list above and press Save, or run `coach score-partners FILE --save`.")
    else:
        labels = {
            f"#{c.id} {c.name}, {c.saved_at:%Y-%m-%d %H:%M}: "
            + " · ".join(f"{sum(s.decision == d for s in c.scores)} {d}" for d in ("recruit", "nurture", "pass")): c
            for c in cards
        }
        card = labels[st.selectbox("Scorecard", list(labels))]
        w = card.weights
        st.caption(
            f"Capacity {card.capacity}; weights overlap {w.account_overlap}, segment {w.segment_fit}, "
            f"motion {w.motion_fit}, selling capacity {w.selling_capacity}."
        )
        st.dataframe(
            [
                {
                    "rank": i,
                    "partner": s.name,
                    "score": round(s.score, 1),
                    "decision": s.decision,
                    "motion": motion_words(s),
                }
                for i, s in enumerate(card.scores, start=1)
            ],
            hide_index=True,
            width="stretch",
        )

st.subheader("Quarterly review")
st.caption(
    "Set a saved scorecard against what the partners produced: the producing share, whether producers sit in the "
    "recruit tier, the dimension that separated producers from dormant partners, and new weights to accept or reject."
)
reviewable = [c for c in cards if c.candidates]
if not reviewable:
    st.info("Save a scorecard above first (scorecards saved before this release lack the candidates' dimensions).")
else:
    from coach.inputs import decode_text
    from coach.partners.review import WORDS, production_from_log, read_production, review

    choices = {f"#{c.id} {c.name}, {c.saved_at:%Y-%m-%d}": c for c in reviewable}
    chosen = choices[st.selectbox("Scorecard to review", list(choices), key="review_card")]
    source = st.radio(
        "Production", ["Sourced deals in the decision log", "Upload a CSV (partner, sourced_deals, revenue)"],
        key="review_source",
    )  # fmt: skip
    production_file = None
    if source.startswith("Upload"):
        production_file = st.file_uploader("Production CSV", type=["csv"], key="review_upload")

    def reviewed():
        if production_file is not None:
            production = read_production(decode_text(production_file.getvalue(), production_file.name))
        elif source.startswith("Upload"):
            return None
        else:
            with workspace() as ws:
                production = production_from_log(ws.list_decisions())
        return review(chosen, production)

    result = attempt(reviewed, "The review could not be made")
    if result is not None:
        share = "-" if result.producing_share is None else f"{result.producing_share:.0%}"
        rho = "-" if result.rank_correlation is None else f"{result.rank_correlation:+.2f}"
        st.markdown(
            f"**{result.signed} signed · {result.producers} producing ({share})** · rank correlation of score with "
            f"sourced deals {rho}"
        )
        st.dataframe(
            [{"tier": t.tier, "signed": t.signed, "producing": t.producers, "share": f"{t.share:.0%}"}
             for t in result.by_tier],
            hide_index=True, width="stretch",
        )  # fmt: skip
        if result.gaps:
            st.dataframe(
                [{"dimension": WORDS[g.dimension], "producers": g.producers_mean, "dormant": g.dormant_mean,
                  "gap (sd)": g.gap, "driver": "yes" if g.dimension == result.driver else ""}
                 for g in result.gaps],
                hide_index=True, width="stretch",
            )  # fmt: skip
        if result.suggestion.weights is None:
            st.warning(result.suggestion.refused)
        else:
            st.code("\n".join(result.suggestion.arithmetic), language=None)
            w = result.suggestion.weights
            st.markdown(
                f"Suggested weights: overlap **{w.account_overlap}**, segment **{w.segment_fit}**, motion "
                f"**{w.motion_fit}**, selling capacity **{w.selling_capacity}**"
            )
            reason = st.text_input("Why (kept with the decision)", key="review_reason")
            accept, reject = st.columns(2)
            for column, decision in ((accept, "accepted"), (reject, "rejected")):
                if column.button("Accept the weights" if decision == "accepted" else "Reject them", key=decision):

                    def decide(decision: str = decision) -> int:
                        with workspace() as ws:
                            return ws.record_weight_review(chosen.id, w, decision, reason=reason, by=who())

                    kept = attempt(decide, "The decision could not be saved")
                    if kept is not None:
                        st.success(f"{decision.capitalize()}: kept as review {kept}.")

extractor_banner()
