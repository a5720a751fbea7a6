"""The Streamlit app, page by page, through AppTest: a chat turn, a verdict, an upload, an export."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")

FINTECH_ICP = (
    "We sell to fintech companies with 200-2,000 employees in North America. The CFO signs the deal. "
    "The buying trigger is a SOC 2 audit deadline. Partners are audit firms with category credibility "
    "with the CFO; they add confidence for the CFO at evaluation, cutting security review from 6 weeks to 2 weeks. "
    "Partners are not allowed on deals under $50k ARR."
)
GO_NOTES = """Account: Northwind Payments, a fintech with 800 employees in North America.
Deal size: $120k ARR, new logo, in evaluation.
The CFO, Dana Reyes, signs the deal.
Why now: their SOC 2 audit deadline is in March.
Partner: Ledgerline Audit. Ledgerline adds confidence for the CFO: their auditors vouch for our controls.
Prior relationship: yes, Ledgerline audited them last year.
Category credibility: yes, a known SOC 2 firm.
Can speak to the CFO's metric: yes.
Referenceable proof: yes, two public case studies.
"""


def app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def sidebar_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.sidebar.markdown) + "\n".join(c.value for c in at.sidebar.caption)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(None, id="coach"),
        pytest.param("pages/verdict.py", id="verdict"),
        pytest.param("pages/partner_map.py", id="partner-map"),
        pytest.param("pages/alignment.py", id="alignment"),
        pytest.param("pages/partners.py", id="partners"),
        pytest.param("pages/knowledge.py", id="knowledge"),
        pytest.param("pages/export.py", id="export"),
        pytest.param("pages/decisions.py", id="decisions"),
    ],
)
def test_every_page_says_which_extractor_and_how_to_add_a_model(page: str | None) -> None:
    at = app(page)
    assert "**Extractor:** offline (built-in rules, no model)" in sidebar_text(at)
    assert "COACH_MODEL" in sidebar_text(at)


def test_chat_turn_updates_the_scorecard_and_asks_the_next_question() -> None:
    at = app()
    assert "**Trigger** · :gray[missing]" in sidebar_text(at)
    at.chat_input[0].set_value("We sell to fintech companies with 200-2,000 employees. The CFO signs the deal.").run()
    assert not at.exception
    replies = [m.value for m in at.main.markdown if m.value.startswith("I updated the draft")]
    assert replies and "added the decision maker: CFO" in replies[0]
    assert "**Next question:** What event makes this buyer act now" in replies[0]
    assert "**Buyer map** · :orange[gap]" in sidebar_text(at)
    assert any(e.label.startswith("Sources (") for e in at.main.expander)
    [folded] = [e for e in at.main.expander if e.label == "Where the draft stands, and what the framework says"]
    assert any("**Where the draft stands**" in m.value for m in folded.markdown)
    assert not any("Where the draft stands" in r for r in replies)  # the reply leads with change and question


def test_chat_turn_survives_a_reload_through_the_saved_draft() -> None:
    first = app()
    first.chat_input[0].set_value("The CFO signs the deal.").run()
    again = app()  # a new browser session: the draft and the conversation come back from the workspace
    assert any(i.value.startswith("Your saved draft and conversation were restored") for i in again.info)
    shown = [m.value for m in again.main.markdown]
    assert "CFO" in shown and "The CFO signs the deal\\." in shown  # the person's words, escaped as text
    assert any(m.startswith("I updated the draft") for m in shown)
    assert any(e.label.startswith("Sources (") for e in again.main.expander)
    again.chat_input[0].set_value("The buying trigger is a SOC 2 audit deadline.").run()
    assert not any(i.value.startswith("Your saved") for i in again.info)  # the banner goes with the next message


def test_an_unreadable_saved_conversation_is_reported_and_the_draft_still_restored() -> None:
    app().chat_input[0].set_value("The CFO signs the deal.").run()
    engine = sa.create_engine(f"sqlite:///{Path(os.environ['COACH_DATA_DIR']) / 'workspace.db'}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE chats SET entries = '{not json'"))
    engine.dispose()
    again = app()
    assert [w.value for w in again.warning] == [
        "The conversation saved with 'default' could not be read; the draft itself is fine."
    ]
    assert any(i.value.startswith("Your saved draft was restored") for i in again.info)
    assert "**Buyer map** · :orange[gap]" in sidebar_text(again)


def test_confirming_a_field_marks_it_confirmed() -> None:
    at = app()
    at.chat_input[0].set_value("The CFO signs the deal.").run()
    at.button(key="confirm:buyers.decision_maker").click().run()
    assert any(m.value.endswith(":green[confirmed]") for m in at.main.markdown)


def test_go_no_go_gives_a_verdict_card_with_marked_evidence() -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("Paste an ICP").run()
    at.text_area(key="verdict_icp").set_value(FINTECH_ICP)
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error if not e.value.startswith("### ")] == []  # only the card itself, if NO GO
    cards = [e.value for e in (*at.success, *at.error, *at.warning)]
    assert any(c.startswith(("### GO\n", "### NO GO\n", "### NEEDS INFO\n")) for c in cards)
    assert any("<mark" in m.value for m in at.main.markdown)
    assert len(at.table) == 1


def test_go_no_go_keeps_the_notes_and_says_what_is_missing() -> None:
    at = app("pages/verdict.py")
    at.radio(key="verdict_icp_choice").set_value("Paste an ICP").run()
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Paste the ICP first (a description, or a draft exported as JSON)."]
    assert at.text_area(key="verdict_notes").value == GO_NOTES


def test_an_empty_coach_draft_is_refused_as_the_icp_never_judged_as_go() -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("The draft from the Coach page").run()
    at.button[0].click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "The draft cannot be used: The Coach page's draft describes no program: no ICP condition, buyer, trigger or "
        "exclusion to judge the deal by (give a program description or a saved draft)."
    ]
    assert not [s.value for s in at.success if s.value.startswith("### GO")]
    assert at.text_area(key="verdict_notes").value == GO_NOTES


def test_saving_a_verdict_puts_it_in_the_decision_log() -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    at.button[1].click().run()
    assert any(s.value.startswith("Saved to the decision log as decision 1") for s in at.success)
    log = app("pages/decisions.py")
    assert len(log.dataframe) == 1


def test_the_name_a_person_gives_is_kept_with_the_decision_as_unverified() -> None:
    from coach.config import Settings
    from coach.store import Workspace

    at = app("pages/verdict.py")
    at.text_input(key="who").set_value("Casey Jones")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    at.button[1].click().run()
    with Workspace.open(Settings.from_env()) as ws:
        [decision] = ws.list_decisions()
    assert decision.decided_by == "Casey Jones"


def test_the_outcome_and_override_forms_have_no_default_and_save_nothing_unchosen() -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    at.button[1].click().run()
    log = app("pages/decisions.py")
    assert [r.value for r in log.radio] == [None, None, None]  # result, attribution, verdict: nobody chose yet
    log.button[0].click().run()  # "Save the outcome" with nothing chosen
    assert [e.value for e in log.error] == [
        "Choose the result and the attribution, and give the cycle time in days; nothing was saved."
    ]
    log.radio[0].set_value("won")
    log.number_input[0].set_value(21)
    log.radio[1].set_value("sourced")
    log.number_input(key="outcome_value").set_value(90000.0)
    log.selectbox(key="outcome_currency").set_value("EUR")
    log.button[0].click().run()
    assert [s.value for s in log.success] == ["Outcome saved for decision 1."]


def test_the_decision_log_reports_attribution_apart_and_offers_a_crm_export() -> None:
    test_the_outcome_and_override_forms_have_no_default_and_save_nothing_unchosen()
    log = app("pages/decisions.py")
    [by_attribution, by_icp] = [d.value for d in log.dataframe][1:3]
    assert list(by_attribution["group"]) == ["sourced"] and list(by_attribution["won value"]) == ["EUR 90,000"]
    assert list(by_icp["group"]) == ["no ICP checked"]  # saved with "No ICP (deal rules only)"
    assert any("Finance cannot model partner ROI" in c.value for c in log.caption)
    labels = [b.label for b in log.get("download_button")]
    assert "Download for a CRM import (CSV)" in labels


def test_upload_in_our_template_ranks_recruit_nurture_pass() -> None:
    at = app("pages/partners.py")
    at.button[0].click().run()  # "Try it with the example": the same path as an uploaded template
    assert not at.error
    assert "**1 recruit · 1 nurture · 1 pass**" in [m.value for m in at.main.markdown]
    assert len(at.dataframe) == 1


def test_a_saved_scorecard_is_listed_on_the_page() -> None:
    at = app("pages/partners.py")
    assert any(e.label == "Saved scorecards (0)" for e in at.main.expander)
    at.button[0].click().run()
    save = next(b for b in at.button if b.label == "Save this scorecard")
    save.click().run()
    assert any(s.value == "Saved as scorecard 1." for s in at.success)
    again = app("pages/partners.py")
    assert any(e.label == "Saved scorecards (1)" for e in again.main.expander)
    assert again.selectbox[0].value.startswith("#1 example.csv, ")
    assert again.selectbox[0].value.endswith("1 recruit · 1 nurture · 1 pass")
    assert len(again.dataframe) == 2  # the saved ranked list, and the quarterly review's tiers


def test_upload_with_mapped_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    export = "Partner,Overlap %,Segment,Motion score,Sellers,Region\nAcme SI,90,80,80,70,EU\nBeta,20,30,20,10,US\n"
    at = app("pages/partners.py")
    at.session_state.partners_csv, at.session_state.partners_file = export, "overlap-export.csv"
    at.run()
    for ours, theirs in [
        ("name", "Partner"),
        ("account_overlap", "Overlap %"),
        ("segment_fit", "Segment"),
        ("motion_fit", "Motion score"),
        ("selling_capacity", "Sellers"),
    ]:
        at.selectbox(key=f"map:{ours}").set_value(theirs)
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "**1 recruit · 0 nurture · 1 pass**" in [m.value for m in at.main.markdown]
    assert at.get("vega_lite_chart"), "the score chart is drawn"


def test_export_offers_markdown_and_json() -> None:
    at = app()
    at.chat_input[0].set_value("The CFO signs the deal.").run()
    at.switch_page("pages/export.py").run()
    page = [m.value for m in at.main.markdown if m.value.startswith("# Partner ICP one-pager")]
    assert page and "- **decision maker**: CFO [1]" in page[0]
    assert '1. "The CFO signs the deal." (suggested)' in page[0] and page[0].count("suggested") == 1
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download the one-pager (Markdown)",
        "Download the draft (JSON)",
    ]


def test_knowledge_answers_with_citations() -> None:
    at = app("pages/knowledge.py")
    at.text_input(key="knowledge_question").set_value("What makes a buying trigger?")
    at.button[0].click().run()
    assert not at.error
    assert any(e.label.startswith("\\[1\\] ") for e in at.main.expander)


def test_export_of_an_empty_draft_says_what_to_do() -> None:
    at = app("pages/export.py")
    assert [i.value for i in at.info] == [
        "Nothing to export yet: describe your program on the Coach page, and the one-pager fills in as you go."
    ]
    assert not at.get("download_button")


def test_correcting_a_trust_answer_changes_the_verdict() -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("Paste an ICP").run()
    at.text_area(key="verdict_icp").set_value(FINTECH_ICP)
    at.button[0].click().run()
    assert any(s.value.startswith("### GO\n") for s in at.success), [c.value for c in (*at.error, *at.warning)]
    at.text_input(key="who").set_value("Casey")
    at.selectbox(key="fact_trust_prior_relationship@1").set_value("no")
    at.selectbox(key="fact_trust_category_credibility@1").set_value("no").run()
    assert not at.exception, at.exception
    assert any(e.value.startswith("### NO GO\n") for e in at.error), [e.value for e in at.error]
    assert any("rests on your corrections" in c.value for c in at.caption)


def _decided_by_casey() -> AppTest:
    """The Go / no-go page with the GO notes judged against the fintech ICP, Casey named in the sidebar."""
    at = app("pages/verdict.py")
    at.text_input(key="who").set_value("Casey")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("Paste an ICP").run()
    at.text_area(key="verdict_icp").set_value(FINTECH_ICP)
    at.button[0].click().run()
    return at


def test_confirming_facts_on_the_page_keeps_their_quotes_and_who_confirmed_them() -> None:
    from coach.config import Settings
    from coach.records import render_decision
    from coach.store import Workspace

    at = _decided_by_casey()
    box = at.selectbox(key="fact_trust_prior_relationship@1")
    assert box.options[:2] == ["as read: yes", "confirm: yes"] and "yes" not in box.options
    box.set_value("confirm: yes")
    at.checkbox(key="fact_all@1").check().run()
    assert not at.exception, at.exception
    assert any(s.value.startswith("### GO\n") for s in at.success), "confirming changes no verdict"
    assert any("were confirmed by you" in c.value for c in at.caption)
    assert not any("rests on your corrections" in c.value for c in at.caption)
    next(b for b in at.button if b.label == "Save this decision to the log").click().run()
    with Workspace.open(Settings.from_env()) as ws:
        [decision] = ws.list_decisions()
    assert decision.facts.trust.prior_relationship.status == "confirmed"
    assert decision.facts.trust.prior_relationship.quote  # a confirmation keeps the quote
    shown = render_decision(decision)
    assert "trust.prior_relationship: confirmed by Casey: yes (" in shown
    assert "decision_maker: confirmed by Casey: " in shown


def test_every_fact_a_finding_quotes_is_marked_deciding_not_only_trust() -> None:
    notes = (Path(__file__).resolve().parent.parent / "evals" / "samples" / "deal-redlines.txt").read_text()
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(notes)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    assert any(e.value.startswith("### NO GO\n") for e in at.error)
    assert at.selectbox(key="fact_stage@1").label.startswith(":orange[◆] ")
    assert any("marks a fact a finding rests on" in c.value for c in at.caption), "the legend"
    assert not [w.label for w in at.text_input if w.key.startswith("fact_") and "◆" in w.label], "none decides"
    # A text fact a finding quotes is marked too: "no timeline" decides a NO GO by itself.
    at = app("pages/verdict.py")
    no_rush = GO_NOTES.replace("Why now: their SOC 2 audit deadline is in March.", "Why now: no timeline at all.")
    at.text_area(key="verdict_notes").set_value(no_rush)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    assert any("`deal.no_trigger`" in m.value for m in at.markdown)
    assert at.text_input(key="fact_trigger@1").label.startswith(":orange[◆] ")
    assert not at.text_input(key="fact_industry@1").label.startswith(":orange")


def test_the_cli_round_trip_gives_the_page_verdict_for_the_same_corrections(tmp_path: Path, capsys) -> None:
    import json

    from coach.cli import main

    at = _decided_by_casey()
    at.selectbox(key="fact_trust_prior_relationship@1").set_value("no")
    at.text_input(key="fact_trigger@1").set_value("none")
    at.selectbox(key="fact_stage@1").set_value("proposal").run()
    page = next(e.value for e in (*at.success, *at.error, *at.warning) if e.value.startswith("### "))
    page_rules = {r for m in at.markdown for r in re.findall(r"`(deal\.[a-z_]+)`", m.value)}

    notes, icp, facts = tmp_path / "notes.txt", tmp_path / "icp.md", tmp_path / "facts.json"
    notes.write_text(GO_NOTES)
    icp.write_text(FINTECH_ICP)
    assert main(["verdict", str(notes), "--icp", str(icp), "--facts-out", str(facts)]) == 0
    data = json.loads(facts.read_text())
    data["corrections"] = [
        {"fact": "trust.prior_relationship", "value": "no", "by": "Casey"},
        {"fact": "trigger", "value": "none", "by": "Casey"},
        {"fact": "stage", "value": "proposal", "by": "Casey"},
    ]
    facts.write_text(json.dumps(data))
    capsys.readouterr()
    assert main(["verdict", "--facts", str(facts), "--icp", str(icp), "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    words = {"GO": "### GO\n", "NO_GO": "### NO GO\n", "NEEDS_INFO": "### NEEDS INFO\n"}
    assert page.startswith(words[cli["verdict"]]) and cli["verdict"] == "NO_GO"
    assert page_rules == {f["rule"] for f in cli["findings"]} and "deal.no_trigger" in page_rules


@pytest.mark.parametrize(
    ("widget", "key", "value", "rule"),
    [
        ("text_input", "trigger", "none", "deal.no_trigger"),
        ("text_input", "leverage", "none", "deal.no_leverage"),
        ("selectbox", "buyer_trusts_vendor", "yes", "deal.buyer_already_trusts_vendor"),
        ("selectbox", "repeatable_direct_motion", "yes", "deal.repeatable_direct_motion"),
    ],
)
def test_every_fact_a_rule_uses_can_be_corrected_on_the_page(widget: str, key: str, value: str, rule: str) -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("Paste an ICP").run()
    at.text_area(key="verdict_icp").set_value(FINTECH_ICP)
    at.button[0].click().run()
    assert any(s.value.startswith("### GO\n") for s in at.success)
    getattr(at, widget)(key=f"fact_{key}@1").set_value(value).run()
    assert not at.exception, at.exception
    assert any(e.value.startswith("### NO GO\n") for e in at.error), [e.value for e in at.error]
    assert any(rule in m.value for m in (*at.markdown, *at.caption, *at.error)), rule


def test_the_go_no_go_page_shows_its_notes_verdict_and_corrections_again_after_a_reload() -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    at.selectbox(key="fact_trust_prior_relationship@1").set_value("no")
    at.selectbox(key="fact_trust_category_credibility@1").set_value("no").run()
    before = [e.value for e in at.error if e.value.startswith("### ")]
    assert before and before[0].startswith("### NO GO")
    # A reload: a new browser session on the same workspace, at the same address (its ?w= key).
    assert at.query_params["w"]
    again = AppTest.from_file(APP, default_timeout=60)
    again.query_params["w"] = at.query_params["w"]
    again.run().switch_page("pages/verdict.py").run()
    assert again.text_area(key="verdict_notes").value == GO_NOTES
    assert again.radio(key="verdict_icp_choice").value == "No ICP (deal rules only)"
    assert [e.value for e in again.error if e.value.startswith("### ")] == before
    assert again.selectbox(key="fact_trust_prior_relationship@1").value == "no"
    assert any("rests on your corrections" in c.value for c in again.caption)


def test_a_teammate_opening_the_go_no_go_page_never_sees_anothers_notes() -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    assert [e for e in (*at.success, *at.error, *at.warning) if e.value.startswith("### ")]
    other = app("pages/verdict.py")  # another person, same shared workspace, their own address
    assert other.query_params["w"] != at.query_params["w"]
    assert other.text_area(key="verdict_notes").value in (None, "")
    assert not [e for e in (*other.success, *other.error, *other.warning) if e.value.startswith("### ")]


def test_hostile_markdown_in_notes_is_shown_as_text() -> None:
    at = app("pages/verdict.py")
    hostile = GO_NOTES.replace("Why now:", "Why now: ![x](http://evil.example/x.png) [click](http://evil.example)")
    at.text_area(key="verdict_notes").set_value(hostile)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    assert not at.exception
    shown = [m.value for m in (*at.markdown, *at.caption)]
    assert not any("![x](http" in v or "](http://evil" in v for v in shown)


def test_two_sessions_on_one_draft_get_a_clear_message_and_lose_nothing() -> None:
    first, second = app(), app()  # two browser tabs on one workspace
    first.chat_input[0].set_value("We sell to fintech companies with 200-2,000 employees in North America.").run()
    assert not first.warning
    second.chat_input[0].set_value("The CFO signs the deal.").run()
    [warning] = second.warning
    assert warning.value.startswith("This draft changed in another tab or session since you opened it.")
    assert any("The CFO signs the deal" in m.value for m in second.main.markdown)  # nothing lost on screen
    [keep] = [b for b in second.button if b.label == "Keep mine as the newest version"]
    keep.click().run()
    assert not second.warning
    from coach.config import Settings
    from coach.store import Workspace

    with Workspace.open(Settings.from_env()) as ws:
        draft, version = ws.load_draft("default")
        chat = ws.load_chat("default")
    assert version == 2 and draft is not None and draft.buyers.decision_maker is not None
    assert [e["content"] for e in chat if e["role"] == "user"] == ["The CFO signs the deal."]
    # The other tab's version and its conversation are still there, and can be restored as the newest version.
    second.selectbox(key="restore_version").set_value(next(o for o in second.selectbox(key="restore_version").options
                                                           if o.startswith("v1 "))).run()  # fmt: skip
    next(b for b in second.sidebar.button if b.label == "Restore version 1").click().run()
    assert not second.exception and not second.warning
    assert any("fintech companies with 200-2,000" in m.value for m in second.main.markdown)
    assert not any("The CFO signs the deal" in m.value for m in second.main.markdown)
    with Workspace.open(Settings.from_env()) as ws:
        assert ws.load_draft("default")[1] == 3
        assert [e["content"] for e in ws.load_chat("default") if e["role"] == "user"] == [
            "We sell to fintech companies with 200-2,000 employees in North America."
        ]


def test_a_message_too_long_for_the_coach_keeps_its_text_on_the_page() -> None:
    from coach.coaching import MAX_MESSAGE_CHARS

    at = app()
    long = "We sell to fintech companies. " * (MAX_MESSAGE_CHARS // 30 + 10)
    at.chat_input[0].set_value(long).run()
    assert any("too long" in e.value for e in at.error), [e.value for e in at.error]
    assert at.text_area(key="unsent").value == long


def test_confirm_all_confirms_every_read_fact_in_one_click() -> None:
    at = app()
    at.chat_input[0].set_value("We sell to fintech companies with 200-2,000 employees. The CFO signs the deal.").run()
    [confirm_all] = [b for b in at.button if b.label.startswith("Confirm all ")]
    confirm_all.click().run()
    assert not at.exception and not at.error
    assert not [b for b in at.button if b.label == "Confirm"], "no fact is left to confirm one by one"


def test_a_gap_in_the_scorecard_says_what_the_gap_is() -> None:
    at = app()
    at.chat_input[0].set_value("Our ICP is enterprise companies.").run()
    captions = [c.value for c in at.sidebar.caption]
    assert any("label, not a constraint" in c for c in captions), captions


def test_starting_a_new_program_keeps_the_old_draft_as_a_version() -> None:
    from coach.config import Settings
    from coach.store import Workspace

    at = app()
    at.chat_input[0].set_value("The CFO signs the deal.").run()
    [start] = [b for b in at.sidebar.button if b.label == "Start a new program"]
    start.click().run()
    assert not at.exception and not at.error
    assert not [m for m in at.main.chat_message if m.name == "user"], "the new program starts a new conversation"
    with Workspace.open(Settings.from_env()) as ws:
        old, _ = ws.load_draft("default", version=1)
        new, version = ws.load_draft("default")
        chat = ws.load_chat("default")
    assert version == 2 and new is not None and new.buyers.decision_maker is None
    assert old is not None and old.buyers.decision_maker is not None and old.buyers.decision_maker.title == "CFO"
    assert chat == []


def test_a_reply_keeps_its_quoted_passages_and_their_tables_but_no_link() -> None:
    from pages.ui import as_reply

    reply = "**From the framework:**\n\n> | zone | effect |\n> |---|---|\n> | signal | [see](http://x.example) |"
    assert as_reply(reply).splitlines()[2:4] == ["> | zone | effect |", "> |---|---|"]
    assert "`http://x.example`" in as_reply(reply) and "\\[see\\]" in as_reply(reply)


def test_the_scorecard_is_also_in_the_main_column_for_a_phone() -> None:
    at = app()
    at.chat_input[0].set_value("Our ICP is enterprise companies.").run()
    [card] = [e for e in at.main.expander if e.label == "Scorecard"]
    assert any("label, not a constraint" in c.value for c in card.caption)
    assert any(m.value.startswith("**ICP**") for m in card.markdown)


# --- The partner map and "Which partner?" --------------------------------------------------------------

MAP_CSV = (
    "name,motions,industries,regions,relationships,proof,metrics\n"
    "Ledgerline Audit,co-sell,fintech,North America,Northwind Payments / CFO Dana Reyes / 2023 / strong,"
    "SOC 2 at Coinlane / named,audit findings\n"
    "Quietpath,refer,fintech,US,,,\n"
    "Harbor Cloud,co-sell,healthcare,UK,,Hospital rollout / named,speed\n"
)


def _seed_map() -> None:
    from coach.config import Settings
    from coach.partners.capability import read_map
    from coach.store import Workspace

    with Workspace.open(Settings.from_env()) as ws:
        ws.save_partners(read_map(MAP_CSV))


def test_the_partner_map_page_shows_the_map_saves_edits_and_exports() -> None:
    _seed_map()
    at = app("pages/partner_map.py")
    assert at.subheader[0].value == "The map (3 partners)"
    save = next(b for b in at.button if b.label == "Save changes")
    save.click().run()
    assert [s.value for s in at.success] == ["Saved: 0 added, 3 updated, 0 removed."]
    assert {b.label for b in at.get("download_button")} >= {"Download the map (CSV)", "Download the map (JSON)"}


def test_an_empty_map_says_how_to_fill_it() -> None:
    at = app("pages/partner_map.py")
    assert at.subheader[0].value == "The map (0 partners)"
    assert any("import a CSV above" in c.value for c in at.caption)


def test_which_partner_ranks_the_map_and_offers_the_brief() -> None:
    _seed_map()
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("Paste an ICP").run()
    at.text_area(key="verdict_icp").set_value(FINTECH_ICP)
    at.button[0].click().run()
    rank = next(b for b in at.button if b.label == "Rank the partner map for this deal (3 partners)")
    rank.click().run()
    assert not at.exception
    assert "Best-placed partner: **Ledgerline Audit**" in [s.value for s in at.success]
    assert len(at.dataframe) == 1
    assert at.selectbox(key="brief_partner").value == "Ledgerline Audit"
    assert any(b.label == "Download the joint-call brief (Markdown)" for b in at.get("download_button"))


def test_which_partner_without_a_map_points_to_the_partner_map_page() -> None:
    at = app("pages/verdict.py")
    at.text_area(key="verdict_notes").set_value(GO_NOTES)
    at.radio(key="verdict_icp_choice").set_value("No ICP (deal rules only)").run()
    at.button[0].click().run()
    assert any("add partners on the Partner map page" in c.value for c in at.caption)


def test_icp_alignment_checks_the_example_list_and_offers_the_aligned_download() -> None:
    at = app("pages/alignment.py")
    next(b for b in at.button if b.label == "Try it with the example").click().run()
    next(b for b in at.button if b.label == "Check the accounts").click().run()
    assert not at.exception and [e.value for e in at.error] == []
    assert [m.value for m in at.metric] == ["2", "2", "1", "40%"]
    assert any(b.label == "Download the 2 aligned accounts (CSV)" for b in at.get("download_button"))


def test_icp_alignment_without_an_icp_says_so_and_keeps_the_list() -> None:
    at = app("pages/alignment.py")
    next(b for b in at.button if b.label == "Try it with the example").click().run()
    at.text_area(key="fit_icp").set_value("")
    next(b for b in at.button if b.label == "Check the accounts").click().run()
    assert [e.value for e in at.error] == [
        "The accounts could not be checked: Paste the ICP first (a description, or a draft exported as JSON)."
    ]


def test_the_quarterly_review_reads_production_from_the_log_and_keeps_an_accepted_suggestion() -> None:
    from coach.config import Settings
    from coach.decisions import DecisionResult
    from coach.framework import DealFacts, DealVerdict
    from coach.store import Workspace
    from tests.test_review import synthetic_history

    card, production = synthetic_history("motion_fit", n=24)
    with Workspace.open(Settings.from_env()) as ws:
        ws.save_scorecard(card.name, card.scores, card.weights, card.capacity, card.candidates)
        for made in production:
            for _ in range(made.sourced_deals):
                facts = DealFacts(account="Acme", partner=made.partner)
                verdict = DealVerdict(verdict="GO", findings=[], trust={}, questions=[])
                result = DecisionResult(notes="n", read=facts, facts=facts, verdict=verdict, extractor="offline")
                ws.record_outcome(ws.record_decision(result), result="won", cycle_days=9, attribution="sourced")
    at = app("pages/partners.py")
    assert any("producing" in m.value for m in at.main.markdown)
    drivers = [d.value for d in at.dataframe if "driver" in d.value.columns]
    assert drivers and list(drivers[0].loc[drivers[0]["driver"] == "yes", "dimension"]) == ["motion fit"]
    at.button(key="accepted").click().run()
    assert [s.value for s in at.success] == ["Accepted: kept as review 1."]
    with Workspace.open(Settings.from_env()) as ws:
        assert ws.reviewed_weights() is not None


def test_comparing_with_a_partners_icp_shows_the_table_and_offers_the_brief() -> None:
    samples = Path(__file__).resolve().parent.parent / "evals" / "samples"
    at = app("pages/alignment.py")
    at.radio(key="cmp_ours_choice").set_value("Paste an ICP").run()
    at.text_area(key="cmp_ours").set_value((samples / "program.md").read_text(encoding="utf-8"))
    at.text_area(key="cmp_theirs").set_value((samples / "partner-icp.md").read_text(encoding="utf-8"))
    next(b for b in at.button if b.label == "Compare").click().run()
    assert not at.exception and [e.value for e in at.error] == []
    [table] = [d.value for d in at.dataframe]
    assert dict(zip(table["dimension"], table["status"], strict=True))["industry"] == "agree"
    assert any(i.value.startswith("Shared segment, split by our rules") for i in at.info)
    assert any(b.label == "Download the partner ICP brief (Markdown)" for b in at.get("download_button"))


def test_comparing_without_the_partners_icp_says_so() -> None:
    at = app("pages/alignment.py")
    at.radio(key="cmp_ours_choice").set_value("Paste an ICP").run()
    at.text_area(key="cmp_ours").set_value("We sell to fintech companies in the US. The CFO signs.")
    next(b for b in at.button if b.label == "Compare").click().run()
    assert [e.value for e in at.error] == ["The two ICPs could not be compared: Paste the partner's ICP first."]


def test_knowledge_lists_a_stored_playbook_and_removes_it() -> None:
    from coach.config import Settings
    from coach.knowledge.index import add_playbook, stored_documents

    raw = b"# Discount policy\n\n## Reseller discounts\n\nNo reseller gets more than ten percent discount.\n"
    add_playbook(Settings.from_env(), "discount-policy.md", raw, "Dana")
    at = app("pages/knowledge.py")
    assert any("discount\\-policy\\.md" in m.value and "Dana" in m.value for m in at.main.markdown)
    at.text_input(key="knowledge_question").set_value("What discount do resellers get?")
    at.button[0].click().run()
    assert any("ten percent discount" in m.value for m in at.main.markdown)
    at.button(key="remove_discount-policy.md").click().run()
    assert not at.exception, at.exception
    assert "discount-policy.md" not in {d.doc for d in stored_documents(Settings.from_env())}
    assert any(c.value == "No playbooks yet." for c in at.main.caption)


def test_knowledge_shows_a_framework_table_as_a_table() -> None:
    at = app("pages/knowledge.py")
    at.text_input(key="knowledge_question").set_value("When is a deal too late for a partner?")
    at.button[0].click().run()
    assert any("| Exclusion type | Examples |" in m.value for m in at.main.markdown)


def test_with_login_configured_every_page_waits_behind_it() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32}
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Log in"]
    assert not at.chat_input  # the coach itself is not reachable before signing in


def test_without_login_configured_the_app_opens_directly() -> None:
    at = app()
    assert at.chat_input and "Log in" not in [b.label for b in at.button]


class _Upload:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    def getvalue(self) -> bytes:
        return self._data


@pytest.mark.parametrize(
    ("data", "kept"),
    [
        (b"name,score\nA,1\n", True),
        (b"\xff\xfename,score", False),  # not UTF-8: refused, never garbled
        (b"name\x00score", False),  # binary
        (b"x" * 1_000_001, False),  # the CLI's 1 MB limit
        (b"  \n", False),
    ],
)
def test_uploads_are_read_under_the_clis_rules(data: bytes, kept: bool) -> None:
    from pages.ui import uploaded_text

    assert (uploaded_text(_Upload("accounts.csv", data)) is not None) is kept


def _paste(notes: str, icp: str | None = None, choice: str = "No ICP (deal rules only)"):
    def act(at: AppTest) -> None:
        at.text_area(key="verdict_notes").set_value(notes)
        at.radio(key="verdict_icp_choice").set_value("Paste an ICP" if icp is not None else choice).run()
        if icp is not None:
            at.text_area(key="verdict_icp").set_value(icp)
        at.button[0].click().run()

    return act


def _ask(question: str):
    def act(at: AppTest) -> None:
        at.text_input(key="knowledge_question").set_value(question)
        at.button[0].click().run()

    return act


NOTES_LINE = "Account: Northwind Payments, a fintech. The CFO signs. SOC 2 audit in March."
# The app's bad-input table: each bad input gives one plain line, no traceback, and what was typed stays.
APP_BAD_INPUT = {
    "no notes": ("pages/verdict.py", _paste("   "), "Paste the account notes first"),
    "notes over 1 MB": ("pages/verdict.py", _paste("x" * 1_000_001), "The notes are larger than 1 MB"),
    "binary notes": ("pages/verdict.py", _paste("abc\x00def"), "The notes contain binary data"),
    "no ICP pasted": ("pages/verdict.py", _paste(NOTES_LINE, "  "), "Paste the ICP first"),
    "ICP JSON that is no draft": ("pages/verdict.py", _paste(NOTES_LINE, '{"operating_icp": 5}'), "not a valid draft"),
    "ICP that is a list": ("pages/verdict.py", _paste(NOTES_LINE, "[1,2,3]"), "describes no program"),
    "ICP of plain words": ("pages/verdict.py", _paste(NOTES_LINE, "hello world"), "describes no program"),
    "ICP nested 5,000 deep": ("pages/verdict.py", _paste(NOTES_LINE, "[" * 5000 + "]" * 5000), "describes no program"),
    "empty Coach draft": (
        "pages/verdict.py",
        _paste(NOTES_LINE, choice="The draft from the Coach page"),
        "describes no program",
    ),
    "empty question": ("pages/knowledge.py", _ask("   "), "Type a question first"),
}


@pytest.mark.parametrize("case", list(APP_BAD_INPUT))
def test_bad_input_on_a_page_is_one_plain_line_and_nothing_typed_is_lost(case: str) -> None:
    page, act, message = APP_BAD_INPUT[case]
    at = app(page)
    act(at)
    assert not at.exception, at.exception
    said = [e.value for e in (*at.error, *at.warning, *at.info) if message in e.value]
    assert len(said) == 1 and "\n" not in said[0].strip(), [e.value for e in (*at.error, *at.warning, *at.info)]
    assert not [e for e in (*at.success, *at.error, *at.warning) if e.value.startswith("### ")], "no verdict"
    if page == "pages/verdict.py":
        assert at.text_area(key="verdict_notes").value  # the notes stay in the box
