"""Go / no-go: paste account notes, pick the ICP, and get the verdict with its evidence highlighted."""

from __future__ import annotations

import html
from typing import Any

import streamlit as st
from pydantic import BaseModel

from coach.framework import DealFacts, Fact, TrustAnswer
from coach.rules.catalog import DEAL_RULE_FACTS, TRUST_QUESTIONS
from pages.ui import (
    DRAFT_NAME,
    as_text,
    attempt,
    browser_key,
    coach_session,
    extractor,
    extractor_banner,
    name_field,
    settings,
    who,
    workspace,
)

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


_INERT = str.maketrans({"[": "&#91;", "]": "&#93;", "(": "&#40;", ")": "&#41;", "!": "&#33;", ":": "&#58;",
                        "*": "&#42;", "_": "&#95;", "`": "&#96;", "\n": "&#10;"})  # fmt: skip


def _inert(text: str) -> str:
    """Notes as HTML text that no markdown pass can turn into an image, a link or a new block."""
    return html.escape(text).translate(_INERT)


def highlighted(notes: str, facts: DealFacts) -> str:
    """The notes as HTML, each evidence quote marked; overlapping quotes keep the first.

    Quotes are pinned in the canonical text the reader saw; their spans map back to what the person pasted.
    """
    from coach.reading.normalize import canonical

    canon = canonical(notes)
    out, at = [], 0
    for start, end, label in sorted(quote_spans(facts)):
        if end > len(canon.text):
            continue
        start, end = canon.source_span(start, end)
        if start < at:
            continue
        out.append(_inert(notes[at:start]))
        out.append(f'<mark title="{html.escape(label)}">{_inert(notes[start:end])}</mark>')
        at = end
    out.append(_inert(notes[at:]))
    return '<div style="white-space: pre-wrap; line-height: 1.6">' + "".join(out) + "</div>"


def chosen_program(choice: str) -> Any:
    """The ICP the verdict compares against (an IcpInput), or None when it cannot be had (the error is shown)."""
    from coach.decisions import IcpInput, icp_of, load_icp

    if choice == ICP_CHOICES[0]:
        draft = coach_session().draft
        return attempt(lambda: icp_of(draft, "coach draft", named="The Coach page's draft"), "The draft cannot be used")
    if choice == ICP_CHOICES[3]:
        return IcpInput(program=None, source=None)
    if choice == ICP_CHOICES[1]:
        name = st.session_state.get("verdict_saved_name")
        if not name:
            st.error("There is no saved draft yet: chat on the Coach page first, or paste an ICP.")
            return None

        def load() -> Any:
            with workspace() as ws:
                return ws.load_draft(name)[0]

        program = attempt(load, "The saved draft could not be loaded")
        if program is None:
            return None
        return attempt(lambda: icp_of(program, f"saved draft {name}", named=f"The saved draft {name}"),
                       "The draft cannot be used")  # fmt: skip
    text = st.session_state.get("verdict_icp", "")
    if not text.strip():
        st.error("Paste the ICP first (a description, or a draft exported as JSON).")
        return None
    return attempt(lambda: load_icp(text, extractor(), source="pasted ICP"), "The ICP could not be read")


def decide(notes: str, choice: str) -> None:
    """Decide through the decision service, and keep the result for this browser session."""
    from coach.decisions import decide as decide_notes

    if not notes.strip():
        st.error("Paste the account notes first: the verdict needs something to read.")
        return
    icp = chosen_program(choice)
    if icp is None:
        return
    rates = dict(settings().fx_rates) or None
    result = attempt(lambda: decide_notes(notes, icp, extractor(), rates=rates), "The notes could not be read")
    if result is None:
        return
    for key in [k for k in st.session_state if str(k).startswith("fact_")]:
        del st.session_state[key]  # a new verdict starts from what was read
    # The fact sheet's widgets are keyed by the verdict they correct: a browser that still shows the last sheet's
    # choices cannot carry them over to a new one.
    sheet = st.session_state.get("verdict_sheet", 0) + 1
    st.session_state.verdict_sheet = sheet
    st.session_state.verdict_result = {
        "result": result,
        "icp": icp,
        "program": icp.program,
        "rates": rates,
        "saved_id": None,
        "sheet": sheet,
    }
    keep_page(st.session_state.verdict_result)


PAGE = "go-no-go"
# The inputs the page shows again after a reload, by their widget keys.
_INPUTS = ("verdict_notes", "verdict_icp_choice", "verdict_icp", "verdict_saved_name")


def keep_page(kept: dict[str, Any]) -> None:
    """Keep the notes, the ICP choice, the verdict and its corrections, so a reload shows them again."""
    state = {
        "inputs": {k: st.session_state.get(k) for k in _INPUTS if st.session_state.get(k) is not None},
        "result": kept["result"].model_dump(mode="json"),
        "icp": kept["icp"].model_dump(mode="json"),
        "rates": kept.get("rates"),
        "saved_id": kept.get("saved_id"),
        "corrections": [c.model_dump(mode="json") for c in kept.get("corrections", [])],
        "sheet": kept.get("sheet", 1),
        "confirm_all": bool(kept.get("confirm_all")),
    }

    key = browser_key()

    def save() -> None:
        with workspace() as ws:
            ws.save_page_state(f"{PAGE}:{key}", state)

    attempt(save, "The verdict could not be kept for a reload")


def restore_page() -> None:
    """On a browser session's first visit: show the last notes, verdict and corrections again."""
    if st.session_state.get("verdict_restored"):
        return
    st.session_state.verdict_restored = True
    from pydantic import ValidationError

    from coach.decisions import Correction, DecisionResult, IcpInput

    key = browser_key()

    def load() -> dict[str, Any] | None:
        with workspace() as ws:
            return ws.load_page_state(f"{PAGE}:{key}")

    state = attempt(load, "The last verdict could not be loaded")
    if not state:
        return
    try:
        result = DecisionResult.model_validate(state["result"])
        icp = IcpInput.model_validate(state["icp"])
        corrections = [Correction.model_validate(c) for c in state.get("corrections", [])]
    except (ValidationError, KeyError, TypeError):
        st.info("The last verdict could not be shown again (it was saved by another version); decide again.")
        return
    for key, value in state.get("inputs", {}).items():
        if key in _INPUTS:
            st.session_state[key] = value
    sheet = int(state.get("sheet") or 1)
    st.session_state.verdict_sheet = sheet
    boxed = bool(state.get("confirm_all"))  # the "confirm every other fact" box made its confirmations itself
    for c in corrections:  # the fact sheet's widgets show the corrections again
        shown = None if boxed and c.value is None else widget_value(c, result.read)
        if shown is not None:
            st.session_state[fact_key(c.fact, sheet)] = shown
    st.session_state[fact_key("all", sheet)] = boxed
    st.session_state.verdict_result = {
        "result": result,
        "icp": icp,
        "program": icp.program,
        "rates": state.get("rates"),
        "saved_id": state.get("saved_id"),
        "corrections": corrections,
        "sheet": sheet,
        "confirm_all": boxed,
    }


def fact_key(fact: str, sheet: int) -> str:
    """The widget key of one fact on one verdict's fact sheet: "fact_trust_prior_relationship@2"."""
    return f"fact_{fact.replace('.', '_')}@{sheet}"


AS_READ = "as read"
CONFIRM = "confirm"
DECIDING = ":orange[◆]"  # the facts a finding quotes; the legend above the sheet says so
_TEXT_FACTS = ("decision_maker", "deal_size", "industry", "region", "employees", "trigger", "leverage")


def widget_value(correction: Any, read: DealFacts) -> str | None:
    """What a fact's widget shows for a kept correction: the value given, or "confirm: <as read>" for a
    confirmation (a text fact's confirmation is shown by the "confirm every fact" box instead: None)."""
    if correction.value is not None:
        return correction.value
    if correction.fact in _TEXT_FACTS:
        return None
    return f"{CONFIRM}: {_read_value(read, correction.fact)}"


def _read_value(read: DealFacts, fact: str) -> str:
    if fact.startswith("trust."):
        return getattr(read.trust, fact.removeprefix("trust.")).answer
    if fact == "stage":
        return read.stage.stage if read.stage else "unknown"
    if fact == "deal_type":
        return read.deal_type.deal_type if read.deal_type else "unknown"
    return _yes_no(getattr(read, fact))


def _picked(fact: str, picked: str, by: str) -> Any:
    """The correction a fact's choice makes: none (as read), a confirmation, or a new value."""
    from coach.decisions import Correction

    if picked.startswith(AS_READ):
        return None
    if picked.startswith(CONFIRM):
        return Correction(fact=fact, value=None, by=by or None)
    return Correction(fact=fact, value=picked, by=by or None)


def fact_sheet(kept: dict[str, Any]) -> None:
    """Every fact the rules use, with its status and quote; the person confirms or corrects, and the verdict is
    recomputed at once from the facts as read plus the corrections (the notes are not read again)."""
    from coach.decisions import Correction, as_read, confirmable, decide
    from coach.framework import STAGE_ORDER

    result = kept["result"]
    read = result.read
    sheet = kept.get("sheet", 1)
    st.subheader("The facts, to check and correct")
    st.caption(
        f"Status: **read** (quoted from the notes), **confirmed** (you checked it; the quote stays), **corrected** "
        f"(your word, no quote). {DECIDING} marks a fact a finding rests on. Choose *confirm* to keep what was read, "
        "or a new value to correct it; the verdict below follows at once."
    )
    by = who()  # the sidebar's name (or the signed-in user): kept with each correction, unverified
    deciding = {
        (name, q) for f in result.verdict.findings for name in DEAL_RULE_FACTS.get(f.rule, ()) for q in f.evidence
    }

    def mark(name: str, fact: Any) -> str:
        """The deciding mark: a finding's rule reads this fact, and the finding quotes it."""
        return f"{DECIDING} " if getattr(fact, "quote", None) and (name, fact.quote) in deciding else ""

    def choose(fact: str, label: str, current: Any, value: str, others: list[str]) -> None:
        quoted = bool(getattr(current, "quote", None)) and value != "unknown"
        rest = [o for o in others if o != value]  # the read value itself is kept or confirmed, not "corrected"
        options = [f"{AS_READ}: {value}", *([f"{CONFIRM}: {value}"] if quoted else []), *rest]
        picked = st.selectbox(f"{mark(fact, current)}{label}", options, key=fact_key(fact, sheet))
        correction = _picked(fact, picked, by)
        if correction is not None:
            corrections.append(correction)
        if quoted:
            st.caption(f"Read from: “{as_text(current.quote)}”")

    corrections: list[Correction] = []
    for name, question in TRUST_QUESTIONS.items():
        answer = getattr(read.trust, name)
        choose(f"trust.{name}", question, answer, answer.answer, [v for v in ("yes", "no", "unknown")])
    text_facts = [("decision_maker", "Who signs", read.decision_maker,
                   read.decision_maker.title if read.decision_maker else "unknown"),
                  ("deal_size", "Deal size (amount, currency, period)", read.deal_size, _size_words(read)),
                  ("industry", "Industry", read.industry, read.industry.value if read.industry else "unknown"),
                  ("region", "Region", read.region, read.region.value if read.region else "unknown"),
                  ("employees", "Employees", read.employees,
                   f"{read.employees.value:,.0f}" if read.employees else "unknown"),
                  ("trigger", "Why now (none: nothing forces a decision)", read.trigger, _said(read.trigger)),
                  ("leverage", "What the partner adds (signal, speed or confidence; none)", read.leverage,
                   _said(read.leverage))]  # fmt: skip
    for fact, label, current, value in text_facts:
        given = st.text_input(
            f"{mark(fact, current)}{label} · read: {as_text(value, one_line=True)}",
            key=fact_key(fact, sheet),
            placeholder="keep what was read",
        )
        if given.strip():
            corrections.append(Correction(fact=fact, value=given.strip(), by=by or None))
    stage = read.stage.stage if read.stage else "unknown"
    choose("stage", "Stage", read.stage, stage, [*STAGE_ORDER, "unknown"])
    flags = [("deal_type", "Deal type", read.deal_type, ["new_logo", "expansion", "renewal", "unknown"]),
             ("buyer_trusts_vendor", "The buyer already trusts us", read.buyer_trusts_vendor, ["yes", "no", "unknown"]),
             ("repeatable_direct_motion", "A repeatable direct motion closes deals like this",
              read.repeatable_direct_motion, ["yes", "no", "unknown"])]  # fmt: skip
    for fact, label, current, choices in flags:
        choose(fact, label, current, _read_value(read, fact), choices)
    said = {c.fact for c in corrections}
    left = [f for f in confirmable(read) if f not in said]
    boxed = st.checkbox(
        f"Confirm every other fact read from the notes ({len(left)})"
        if left
        else "Every fact read is confirmed or corrected",
        key=fact_key("all", sheet),
        disabled=not left and not st.session_state.get(fact_key("all", sheet)),
    )
    if boxed:
        corrections += [Correction(fact=f, value=None, by=by or None) for f in left]
    kept["confirm_all"] = boxed
    if _words(corrections) != _words(kept.get("corrections", [])):  # who said it does not change the verdict
        again = attempt(
            lambda: decide(
                result.notes,
                kept["icp"],
                extractor(),
                corrections,
                read=as_read(read, result.extractor, result.notices, result.prompt_hash, result.rejected),
                rates=kept.get("rates"),
            ),
            "The correction could not be applied",
        )
        if again is not None:
            kept["result"], kept["corrections"], kept["saved_id"] = again, corrections, None
            kept["match"] = None  # the ranking rests on the facts: rank again
            keep_page(kept)


def _words(corrections: list[Any]) -> list[tuple[str, str]]:
    """What the corrections say, in a fixed order (a confirmation is ""): who said it, or when, changes nothing."""
    return sorted((c.fact, c.value or "") for c in corrections)


def _said(fact: Any) -> str:
    """A trigger or a leverage as read: its words, "none" when the notes say there is none, or unknown."""
    if fact is None:
        return "unknown"
    return fact.text if fact.present else "none"


def _yes_no(flag: Any) -> str:
    return "unknown" if flag is None else "yes" if flag.value else "no"


def _size_words(facts: DealFacts) -> str:
    if facts.deal_size is None:
        return "unknown"
    money = facts.deal_size.money
    return f"{money.currency} {money.amount:,.0f} {money.period}"


def show(kept: dict[str, Any]) -> None:
    """The verdict card, the deciding rules, the highlighted notes, the trust table and the next questions."""
    result = kept["result"]
    verdict, facts = result.verdict, result.facts
    box, title, meaning = CARDS[verdict.verdict]
    box(f"### {title}\n{meaning}")
    changed = [c for c in result.corrections if c.value is not None]
    if changed:
        st.caption("This verdict rests on your corrections: " + "; ".join(
            f"{c.fact.replace('_', ' ')} = {c.value}" for c in changed))  # fmt: skip
    if len(changed) < len(result.corrections):
        st.caption(f"{len(result.corrections) - len(changed)} facts read from the notes were confirmed by you.")
    st.caption(f"Extractor: {result.extractor} · ICP: {result.icp_source or 'none'}")
    for notice in result.notices:
        st.caption(f"Note: {as_text(notice)}")
    if verdict.basis:
        b = verdict.basis
        st.markdown(
            f"**Rests on:** buyer {as_text(b['buyer'])}; trigger {as_text(b['trigger'])}; "
            f"leverage {as_text(b['leverage'])}; trust {as_text(b['trust'])}."
        )
    st.subheader("Why")
    if not verdict.findings:
        st.markdown("No rule fired.")
    for f in verdict.findings:
        mark = {"NO_GO": ":red[**NO GO**]", "NEEDS_INFO": ":orange[**NEEDS INFO**]", "warning": ":gray[**warning**]"}
        st.markdown(f"{mark[f.outcome]} {as_text(f.message)}  \n`{f.rule}` · {f.source}")
        for quote in f.evidence:
            st.caption(f"“{as_text(quote)}”")
    st.subheader("The notes, with the evidence marked")
    st.markdown(highlighted(result.notes, facts), unsafe_allow_html=True)
    st.subheader("The four trust questions")
    st.table(
        [
            {"question": q, "answer": verdict.trust[name], "evidence": getattr(facts.trust, name).quote or ""}
            for name, q in TRUST_QUESTIONS.items()
        ]
    )
    if verdict.questions:
        st.subheader("Ask next")
        st.markdown("\n".join(f"- {q}" for q in verdict.questions))
    if kept["saved_id"] is not None:
        st.success(f"Saved to the decision log as decision {kept['saved_id']}.")
    elif st.button("Save this decision to the log"):

        def save() -> int:
            with workspace() as ws:
                return ws.record_decision(result, program=kept["program"], by=who())

        saved = attempt(save, "The decision could not be saved")
        if saved is not None:
            kept["saved_id"] = saved
            keep_page(kept)
            st.rerun()


def which_partner(kept: dict[str, Any]) -> None:
    """Rank the partner map for this deal (its facts as decided, corrections included), and the joint-call brief."""
    from coach.decisions import match_deal

    st.subheader("Which partner?")

    def stored() -> list:
        with workspace() as ws:
            return ws.list_partners()

    profiles = attempt(stored, "The partner map could not be read")
    if not profiles:
        if profiles is not None:
            st.caption("The partner map is empty: add partners on the Partner map page to rank them for this deal.")
        return
    result = kept["result"]
    if kept.get("match") is None and st.button(f"Rank the partner map for this deal ({len(profiles)} partners)"):
        kept["match"] = attempt(
            lambda: match_deal(result, kept["icp"], profiles, extractor(), rates=kept.get("rates")),
            "The partners could not be ranked",
        )
    match = kept.get("match")
    if match is None:
        return
    if match.best:
        st.success(f"Best-placed partner: **{as_text(match.best)}**")
    else:
        st.error("No partner of the map may be brought into this deal.")
    if match.proposed:
        named = next(m for m in match.partners if m.proposed)
        st.markdown(
            f"The notes propose **{as_text(named.name)}**: {named.verdict.replace('_', ' ')}"
            + ("" if named.in_map else " (not in the map)")
            + (f". Better placed: **{as_text(match.better_placed)}**." if match.better_placed else ".")
        )
    for f in match.deal_findings:
        st.caption(f"For every partner: {as_text(f.message)} (`{f.rule}`)")
    st.dataframe(
        [
            {
                "rank": m.rank,
                "partner": m.name,
                "verdict": m.verdict,
                **{q.replace("_", " "): f"{a.answer} ({a.source})" for q, a in m.trust.items()},
                "leverage": m.leverage,
                "relationship here": m.relationship,
                "why not": "; ".join(f.message for f in m.findings if f.outcome != "warning"),
            }
            for m in match.partners
        ],
        hide_index=True,
        width="stretch",
    )
    clashes = [(m, f) for m in match.partners for f in m.findings if f.rule == "match.notes_contradict_map"]
    for _m, f in clashes:
        st.warning(as_text(f.message))
    go = [m for m in match.partners if m.verdict == "GO"]
    if go:
        from coach.partners.brief import joint_call_brief

        picked = st.selectbox("Joint-call brief for", [m.name for m in go], key="brief_partner")
        chosen = next(m for m in go if m.name == picked)
        profile = next((p for p in profiles if p.name == chosen.name), None)
        brief = joint_call_brief(
            result.facts, kept["program"], result.verdict, partner=chosen, profile=profile,
            decision_id=kept.get("saved_id"),
        )  # fmt: skip
        slug = "".join(c if c.isalnum() else "-" for c in chosen.name.lower()).strip("-")
        st.download_button("Download the joint-call brief (Markdown)", brief, f"joint-call-brief-{slug}.md",
                           "text/markdown")  # fmt: skip


restore_page()
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
    card, sheet = st.container(), st.container()
    with sheet:
        fact_sheet(st.session_state.verdict_result)
    with card:
        show(st.session_state.verdict_result)
    which_partner(st.session_state.verdict_result)

extractor_banner()
name_field()
