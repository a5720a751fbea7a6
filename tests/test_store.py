"""The workspace: migrations, optimistic concurrency, crash safety, corrupted files, the outcome report."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from coach import store, store_schema
from coach.config import Settings
from coach.decisions import DecisionResult
from coach.errors import InputError, StoreError
from coach.framework import (
    BuyerMap,
    BuyerRole,
    DealFacts,
    DealFinding,
    DealVerdict,
    IcpCondition,
    Money,
    MoneyFact,
    OperatingIcp,
    PartnerScore,
    ProgramDraft,
    TextFact,
    Weights,
)
from coach.records import notes_hash, render_decision, render_report
from coach.rules import RULES_VERSION
from coach.store import Workspace, three_documented_outcomes

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ws(settings: Settings, clock: Clock):
    with Workspace.open(settings, clock=clock) as workspace:
        yield workspace


def _draft(title: str | None = None) -> ProgramDraft:
    if title is None:
        return ProgramDraft()
    return ProgramDraft(buyers=BuyerMap(decision_maker=BuyerRole(quote=f"the {title} signs", title=title)))


def _verdict(verdict: str, *rules: str) -> DealVerdict:
    outcome = {"GO": "warning", "NEEDS_INFO": "NEEDS_INFO", "NO_GO": "NO_GO"}[verdict]
    findings = [DealFinding(rule=r, outcome=outcome, message=f"{r} fired.", source="doc.md#s") for r in rules]
    return DealVerdict(verdict=verdict, findings=findings, trust={}, questions=[])


def _result(notes: str, facts: DealFacts, verdict: DealVerdict, **audit: Any) -> DecisionResult:
    """What the decision service returns, for facts decided as read."""
    return DecisionResult(notes=notes, read=facts, facts=facts, verdict=verdict, **{"extractor": "offline", **audit})


def _decide(ws: Workspace, verdict: str = "NO_GO", *rules: str, account: str = "Acme") -> int:
    facts = DealFacts(account=account, partner="Globex")
    return ws.record_decision(_result(f"Notes on {account}.", facts, _verdict(verdict, *rules)))


# --- migrations ----------------------------------------------------------------------------------


def test_an_empty_database_is_migrated_to_the_latest_schema(ws: Workspace, settings: Settings) -> None:
    assert ws.schema_version() == store.SCHEMA_VERSION == 11
    tables = set(sa.inspect(sa.create_engine(f"sqlite:///{settings.data_dir / 'workspace.db'}")).get_table_names())
    assert tables == {
        "schema_version",
        "drafts",
        "decisions",
        "outcomes",
        "overrides",
        "scorecards",
        "chats",
        "page_states",
        "partner_profiles",
        "weight_reviews",
    }


_V1_DECISION_COLUMNS = (
    "decided_at", "notes", "notes_sha256", "facts", "rules_version", "extractor", "chunk_ids", "verdict",
    "verdict_detail",
)  # fmt: skip


def _version_1_database(path: Path) -> None:
    """A workspace as the first release wrote it, with one decision in it."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        store_schema.schema_version.create(conn)
        conn.execute(store_schema.schema_version.insert().values(version=1))
        store.MIGRATIONS[0](conn)
        for later in ("facts_read", "decided_by", "notices", "rejected", "corrections"):  # as version 1 made it
            conn.exec_driver_sql(f"ALTER TABLE decisions DROP COLUMN {later}")
        conn.exec_driver_sql("ALTER TABLE drafts DROP COLUMN chat")  # schema 11 adds it
        conn.execute(
            sa.insert(sa.table("decisions", *(sa.column(c) for c in _V1_DECISION_COLUMNS))).values(
                decided_at=NOW.isoformat(),
                notes="old notes",
                notes_sha256=notes_hash("old notes"),
                facts=DealFacts().model_dump_json(),
                rules_version="2026.1.0",
                extractor="offline",
                chunk_ids="[]",
                verdict="NO_GO",
                verdict_detail=_verdict("NO_GO", "deal.no_trigger").model_dump_json(),
            )
        )
    engine.dispose()


def test_a_version_1_database_is_migrated_and_keeps_its_decisions(settings: Settings) -> None:
    _version_1_database(settings.data_dir / "workspace.db")
    with Workspace.open(settings) as ws:
        assert ws.schema_version() == store.SCHEMA_VERSION
        [old] = ws.list_decisions()
        assert (old.notes, old.rules_version, old.final_verdict) == ("old notes", "2026.1.0", "NO_GO")
        assert (old.read, old.decided_by, old.notices) == (None, None, [])  # not kept before versions 4 and 5
        ws.override(old.id, "GO", "The partner was already in the deal.")  # a table that version 2 added
        assert ws.get_decision(old.id).final_verdict == "GO"
        new_id = _decide(ws)  # version 4's column takes the facts as read
        assert ws.get_decision(new_id).read == DealFacts(account="Acme", partner="Globex")
        assert old.corrections == []  # version 10's column: empty for a decision saved before it
        ws.save_draft("acme", _draft("CFO"), base_version=0, chat=[{"role": "user", "content": "The CFO signs."}])
        assert ws.load_chat("acme", version=1) == [{"role": "user", "content": "The CFO signs."}]  # version 11's


def test_a_failing_migration_step_leaves_the_database_at_its_old_version(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _version_1_database(settings.data_dir / "workspace.db")

    def half_done(conn: sa.Connection) -> None:
        store_schema.overrides.create(conn)
        raise RuntimeError("crash in the middle of a migration")

    monkeypatch.setattr(store, "MIGRATIONS", (store.MIGRATIONS[0], half_done, *store.MIGRATIONS[2:]))
    with pytest.raises(RuntimeError):
        Workspace.open(settings)
    monkeypatch.undo()
    engine = sa.create_engine(f"sqlite:///{settings.data_dir / 'workspace.db'}")
    assert "overrides" not in sa.inspect(engine).get_table_names()
    engine.dispose()
    with Workspace.open(settings) as ws:  # the next open completes it
        assert ws.schema_version() == store.SCHEMA_VERSION
        assert len(ws.list_decisions()) == 1


def test_a_database_from_a_newer_coach_is_refused(settings: Settings, ws: Workspace) -> None:
    with ws._write() as conn:
        conn.execute(store_schema.schema_version.update().values(version=store.SCHEMA_VERSION + 1))
    with pytest.raises(StoreError) as error:
        Workspace.open(settings)
    assert str(error.value) == (
        f"The workspace database at {settings.data_dir / 'workspace.db'} was written by a newer coach "
        f"(schema {store.SCHEMA_VERSION + 1}, this one knows {store.SCHEMA_VERSION}); upgrade the coach."
    )


def test_a_database_holding_other_tables_is_left_alone(settings: Settings) -> None:
    path = settings.data_dir / "workspace.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE invoices (id INTEGER)")
    engine.dispose()
    with pytest.raises(StoreError) as error:
        Workspace.open(settings)
    assert str(error.value) == (
        f"The database at {path} holds other tables and no coach workspace; it was left untouched. "
        "Point DATABASE_URL or COACH_DATA_DIR at an empty one."
    )


# --- drafts and concurrency ----------------------------------------------------------------------


def test_a_draft_survives_reopening_with_its_history_and_field_changes(settings: Settings, clock: Clock) -> None:
    with Workspace.open(settings, clock=clock) as ws:
        assert ws.load_draft("acme") == (None, 0)
        v1 = ws.save_draft("acme", _draft(), "empty start", base_version=0)
        clock.now += timedelta(minutes=5)
        v2 = ws.save_draft("acme", _draft("CFO"), "named the signer", base_version=v1)
    with Workspace.open(settings) as ws:
        assert ws.load_draft("acme") == (_draft("CFO"), 2)
        assert ws.load_draft("acme", 1) == (_draft(), 1)
        history = ws.draft_history("acme")
        assert ws.list_drafts() == {"acme": 2}
    assert [(h.version, h.note, h.saved_at) for h in history] == [
        (1, "empty start", NOW),
        (2, "named the signer", NOW + timedelta(minutes=5)),
    ]
    assert history[0].changes == []
    assert [(c.path, c.before, c.after) for c in history[1].changes] == [
        ("buyers.decision_maker.quote", None, "the CFO signs"),
        ("buyers.decision_maker.status", None, "suggested"),
        ("buyers.decision_maker.title", None, "CFO"),
    ]
    assert v2 == 2


def test_two_sessions_on_one_file_do_not_overwrite_each_other(settings: Settings) -> None:
    with Workspace.open(settings) as first, Workspace.open(settings) as second:
        first.save_draft("acme", _draft(), "start", base_version=0)
        _, seen_by_first = first.load_draft("acme")
        _, seen_by_second = second.load_draft("acme")
        first.save_draft("acme", _draft("CFO"), "first session", base_version=seen_by_first)
        with pytest.raises(StoreError) as error:
            second.save_draft("acme", _draft("CRO"), "second session", base_version=seen_by_second)
        assert (
            str(error.value) == "The draft 'acme' changed in another session (now version 2); reload it before saving."
        )
        assert second.load_draft("acme") == (_draft("CFO"), 2)
        _, version = second.load_draft("acme")  # reload, then the save goes through
        assert second.save_draft("acme", _draft("CRO"), "second session", base_version=version) == 3


def test_the_conversation_is_kept_beside_its_draft_and_replaced_on_each_save(settings: Settings) -> None:
    with Workspace.open(settings) as ws:
        assert ws.load_chat("acme") == []
        ws.save_chat("acme", [{"role": "user", "content": "The CFO signs."}])
        both = [{"role": "user", "content": "The CFO signs."}, {"role": "assistant", "content": "Noted."}]
        ws.save_chat("acme", both)
    with Workspace.open(settings) as ws:
        assert [e["content"] for e in ws.load_chat("acme")] == ["The CFO signs.", "Noted."]
        assert ws.load_chat("other") == []


def test_keeping_one_tabs_draft_over_anothers_keeps_the_other_conversation_with_its_version(ws: Workspace) -> None:
    theirs = [{"role": "user", "content": "The CRO signs."}]
    mine = [{"role": "user", "content": "The CFO signs."}]
    ws.save_draft("acme", _draft("CRO"), "their tab", base_version=0, chat=theirs)
    with pytest.raises(StoreError):  # my tab opened before theirs saved
        ws.save_draft("acme", _draft("CFO"), "my tab", base_version=0, chat=mine)
    latest = ws.load_draft("acme")[1]
    assert (
        ws.save_draft("acme", _draft("CFO"), "my tab (kept over a newer version)", base_version=latest, chat=mine) == 2
    )
    assert ws.load_chat("acme") == mine
    assert ws.load_chat("acme", version=1) == theirs and ws.load_draft("acme", 1)[0] == _draft("CRO")
    assert ws.load_chat("acme", version=2) == mine


def test_an_unreadable_conversation_is_reported_and_the_draft_still_loads(settings: Settings) -> None:
    with Workspace.open(settings) as ws:
        ws.save_draft("acme", _draft("CFO"), base_version=0)
        ws.save_chat("acme", [{"role": "user", "content": "The CFO signs."}])
    engine = sa.create_engine(f"sqlite:///{settings.data_dir / 'workspace.db'}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE chats SET entries = '{not json'"))
    engine.dispose()
    with Workspace.open(settings) as ws:
        with pytest.raises(StoreError) as caught:
            ws.load_chat("acme")
        assert str(caught.value) == "The conversation saved with 'acme' could not be read; the draft itself is fine."
        assert ws.load_draft("acme")[1] == 1


def test_creating_a_draft_that_another_session_created_is_a_conflict(ws: Workspace) -> None:
    ws.save_draft("acme", _draft(), base_version=0)
    with pytest.raises(StoreError, match=r"^The draft 'acme' changed in another session \(now version 1\)"):
        ws.save_draft("acme", _draft("CFO"), base_version=0)


def test_racing_threads_save_exactly_one_version_on_the_same_base(settings: Settings) -> None:
    _race_six_sessions(settings)


def _race_six_sessions(settings: Settings) -> None:
    with Workspace.open(settings) as setup:
        setup.save_draft("acme", _draft(), base_version=0)
    saved: list[int] = []
    conflicts: list[str] = []
    start = threading.Barrier(6)

    def session(i: int) -> None:
        with Workspace.open(settings) as ws:
            start.wait()
            try:
                saved.append(ws.save_draft("acme", _draft(f"role {i}"), f"session {i}", base_version=1))
            except StoreError as error:
                conflicts.append(str(error))

    threads = [threading.Thread(target=session, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert saved == [2]
    assert conflicts == ["The draft 'acme' changed in another session (now version 2); reload it before saving."] * 5


def test_one_workspace_shared_by_threads_keeps_every_decision(ws: Workspace) -> None:
    # The app may hold one Workspace for every browser session (st.cache_resource): its engine is thread-safe.
    def session(i: int) -> None:
        for _ in range(10):
            _decide(ws, "GO", account=f"thread {i}")
            ws.list_decisions()

    threads = [threading.Thread(target=session, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    accounts = [d.account for d in ws.list_decisions()]
    assert sorted(accounts) == sorted(f"thread {i}" for i in range(4) for _ in range(10))


def test_decisions_appended_from_two_processes_are_all_kept(settings: Settings) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from coach.config import Settings\n"
        "from coach.decisions import DecisionResult\n"
        "from coach.framework import DealFacts, DealVerdict\n"
        "from coach.store import Workspace\n"
        "verdict = DealVerdict(verdict='GO', findings=[], trust={}, questions=[])\n"
        "with Workspace.open(Settings(data_dir=Path(sys.argv[1]))) as ws:\n"
        "    for i in range(15):\n"
        "        ws.record_decision(DecisionResult(notes=sys.argv[2] + str(i), read=DealFacts(), facts=DealFacts(),\n"
        "                                          verdict=verdict, extractor='t'))\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(settings.data_dir), name], stderr=subprocess.PIPE, text=True
        )
        for name in ("left", "right")
    ]
    results = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in results]
    with Workspace.open(settings) as ws:
        decisions = ws.list_decisions()
    assert len(decisions) == 30
    assert len({d.id for d in decisions}) == 30


def test_a_writer_that_holds_the_lock_too_long_gives_a_busy_message(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder, waiter = Workspace.open(settings), Workspace.open(settings)
    with holder, waiter, holder._write(), pytest.raises(StoreError) as error:
        waiter.save_draft("acme", _draft(), base_version=0)
    assert str(error.value) == "The workspace database is busy: another session held it for over 0.2 s. Try again."
    with Workspace.open(settings) as ws:  # nothing was half written
        assert ws.load_draft("acme") == (None, 0)


def test_a_crash_in_the_middle_of_a_write_keeps_every_earlier_save(settings: Settings) -> None:
    # A real crash: the process dies inside an open write transaction, without rollback or close.
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from coach import store\n"
        "from coach.config import Settings\n"
        "from coach.framework import ProgramDraft\n"
        "ws = store.Workspace.open(Settings(data_dir=Path(sys.argv[1])))\n"
        "ws.save_draft('acme', ProgramDraft(), 'saved before the crash', base_version=0)\n"
        "with ws._write() as conn:\n"
        "    conn.execute(store._drafts.insert().values(name='acme', version=2, saved_at='x', note='half',\n"
        "                 draft='{}', changes='[]'))\n"
        "    os._exit(3)\n"
    )
    assert subprocess.run([sys.executable, "-c", script, str(settings.data_dir)], timeout=60).returncode == 3
    with Workspace.open(settings) as ws:
        assert ws.load_draft("acme") == (ProgramDraft(), 1)
        assert [h.note for h in ws.draft_history("acme")] == ["saved before the crash"]
        assert ws.save_draft("acme", _draft("CFO"), "after the crash", base_version=1) == 2


# --- broken or missing databases -----------------------------------------------------------------


def _corrupt_pages(path: Path) -> None:
    with Workspace.open(Settings(data_dir=path.parent)) as ws:
        ws.save_draft("acme", _draft(), base_version=0)
    data = bytearray(path.read_bytes())
    data[100:4096] = bytes(range(256)) * 15 + bytes(range(156))
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda p: p.write_text("name,deal\nacme,60k\n" * 50), id="a-csv-file"),
        pytest.param(lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000)), id="a-binary-file"),
        pytest.param(_corrupt_pages, id="sqlite-with-corrupted-pages"),
    ],
)
def test_a_corrupted_database_gives_the_message_and_stays_byte_identical(settings: Settings, break_it) -> None:
    path = settings.data_dir / "workspace.db"
    break_it(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreError) as error, Workspace.open(settings) as ws:
        ws.load_draft("acme")
    assert str(error.value) == (
        f"The workspace database at {path} is not a readable SQLite database; it was left untouched. "
        "Move it aside or set COACH_DATA_DIR."
    )
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(os.listdir(settings.data_dir)) == ["workspace.db"]


def test_a_missing_database_is_not_created_when_only_reading(settings: Settings) -> None:
    with pytest.raises(StoreError) as error:
        Workspace.open(settings, create=False)
    assert str(error.value) == (
        f"There is no workspace database at {settings.data_dir / 'workspace.db'} yet; nothing has been saved there."
    )
    assert not (settings.data_dir / "workspace.db").exists()


def test_a_data_dir_that_cannot_be_created_gives_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(StoreError) as error:
        Workspace.open(Settings(data_dir=tmp_path / "a-file" / "coach"))
    assert str(error.value) == (
        f"Cannot create the data directory {tmp_path / 'a-file' / 'coach'} (Not a directory); "
        "set COACH_DATA_DIR to a writable folder."
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param(
            "not a url", "DATABASE_URL is not a database URL (e.g. postgresql+psycopg://user@host/db).", id="garbage"
        ),
        pytest.param(
            "nosuchdb://u:secret@127.0.0.1/coach",
            "DATABASE_URL cannot be used (Can't load plugin: sqlalchemy.dialects:nosuchdb); fix it or unset it "
            "to use SQLite.",
            id="unknown-dialect",
        ),
    ],
)
def test_a_bad_database_url_gives_a_clear_message(url: str, message: str) -> None:
    with pytest.raises(StoreError) as error:
        Workspace.open(Settings(database_url=url))
    assert str(error.value) == message


# --- decisions, overrides, outcomes --------------------------------------------------------------


def test_a_decision_keeps_its_full_audit_record(ws: Workspace) -> None:
    facts = DealFacts(account="Acme", partner="Globex")
    verdict = _verdict("NO_GO", "deal.no_trigger")
    decision_id = ws.record_decision(
        _result("Acme notes.", facts, verdict, extractor="gpt-test", prompt_hash="abc123", icp_source="icp.md"),
        program=_draft("CFO"),
    )
    d = ws.get_decision(decision_id)
    assert (d.account, d.partner, d.notes, d.facts, d.verdict, d.program) == (
        "Acme", "Globex", "Acme notes.", facts, verdict, _draft("CFO"),
    )  # fmt: skip
    assert d.notes_sha256 == hashlib.sha256(b"Acme notes.").hexdigest()
    assert (d.rules_version, d.extractor, d.prompt_hash, d.chunk_ids, d.icp_source) == (
        RULES_VERSION, "gpt-test", "abc123", [verdict.findings[0].source], "icp.md",
    )  # fmt: skip
    assert (d.decided_at, d.final_verdict, d.outcome) == (NOW, "NO_GO", None)


def test_a_decision_keeps_who_decided_the_notices_and_the_rejected_quotes(ws: Workspace) -> None:
    facts = DealFacts(account="Acme")
    result = _result("Acme notes.", facts, _verdict("NO_GO", "deal.no_trigger"), extractor="gpt-test")
    result.notices, result.rejected = ["ICP: the model failed; read offline."], ["Chief Financial Officer signs"]
    decision_id = ws.record_decision(result, by="  Casey   Jones \n")
    ws.override(decision_id, "GO", "The board set a deadline.", by="Robin")
    d = ws.get_decision(decision_id)
    assert (d.decided_by, d.notices, d.rejected) == (
        "Casey Jones", ["ICP: the model failed; read offline."], ["Chief Financial Officer signs"],
    )  # fmt: skip
    assert [o.by for o in d.overrides] == ["Robin"]


def test_a_decision_keeps_who_confirmed_and_who_corrected_each_fact(ws: Workspace) -> None:
    from coach.decisions import Correction, apply_corrections
    from coach.framework import StageFact, TrustAnswer, TrustQuestions

    read = DealFacts(
        account="Acme",
        stage=StageFact(quote="Stage: evaluation", stage="evaluation"),
        trust=TrustQuestions(prior_relationship=TrustAnswer(answer="yes", quote="They know Ana")),
    )
    said = [
        Correction(fact="trust.prior_relationship", by="Robin"),
        Correction(fact="stage", value="proposal", by="Casey"),
    ]
    facts = apply_corrections(read, said)
    result = DecisionResult(
        notes="Acme notes.", read=read, facts=facts, corrections=said, verdict=_verdict("GO"), extractor="offline"
    )
    d = ws.get_decision(ws.record_decision(result, by="Casey"))
    assert [(c.fact, c.value, c.by) for c in d.corrections] == [
        ("trust.prior_relationship", None, "Robin"), ("stage", "proposal", "Casey"),
    ]  # fmt: skip
    shown = render_decision(d)
    assert "trust.prior_relationship: confirmed by Robin: yes (They know Ana)" in shown
    assert "stage: corrected by Casey: proposal" in shown


def test_an_override_and_a_corrected_outcome_keep_their_history(ws: Workspace, clock: Clock) -> None:
    decision_id = _decide(ws, "NO_GO", "deal.no_trigger")
    ws.override(decision_id, "GO", "  The board set a deadline last week.  ")
    ws.record_outcome(decision_id, result="stalled", cycle_days=20, partner_involved=True)
    clock.now += timedelta(days=10)
    ws.record_outcome(decision_id, result="won", cycle_days=30, partner_involved=True)
    d = ws.get_decision(decision_id)
    assert d.final_verdict == "GO"
    assert d.verdict.verdict == "NO_GO"
    assert [(o.verdict, o.reason) for o in d.overrides] == [("GO", "The board set a deadline last week.")]
    assert [(o.result, o.cycle_days) for o in d.outcomes] == [("stalled", 20), ("won", 30)]
    assert d.outcome is not None and d.outcome.recorded_at == NOW + timedelta(days=10)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda ws, i: ws.override(99, "GO", "why"),
            "There is no decision 99; `coach decisions list` shows the ids.",
            id="override-unknown-id",
        ),
        pytest.param(
            lambda ws, i: ws.override(i, "MAYBE", "why"),
            "The verdict must be one of GO, NO_GO, NEEDS_INFO, not 'MAYBE'.",
            id="override-bad-verdict",
        ),
        pytest.param(
            lambda ws, i: ws.override(i, "GO", "  "),
            "An override needs a reason: say why the verdict is wrong.",
            id="override-no-reason",
        ),
        pytest.param(
            lambda ws, i: ws.override(i, "NO_GO", "same"),
            "Decision 1 is already NO_GO; an override must change the verdict.",
            id="override-same-verdict",
        ),
        pytest.param(
            lambda ws, i: ws.record_outcome(i, result="tie", cycle_days=3, partner_involved=False),
            "The result must be won, lost or stalled, not 'tie'.",
            id="outcome-bad-result",
        ),
        pytest.param(
            lambda ws, i: ws.record_outcome(i, result="won", cycle_days=-1, partner_involved=False),
            "Cycle days must be 0 or more, not -1.",
            id="outcome-negative-days",
        ),
        pytest.param(
            lambda ws, i: ws.record_outcome(42, result="won", cycle_days=1, partner_involved=False),
            "There is no decision 42; `coach decisions list` shows the ids.",
            id="outcome-unknown-id",
        ),
        pytest.param(
            lambda ws, i: ws.get_decision(7),
            "There is no decision 7; `coach decisions list` shows the ids.",
            id="show-unknown-id",
        ),
    ],
)
def test_bad_decision_input_is_refused_and_nothing_is_written(ws: Workspace, call, message: str) -> None:
    decision_id = _decide(ws)
    with pytest.raises(InputError) as error:
        call(ws, decision_id)
    assert str(error.value) == message
    d = ws.get_decision(decision_id)
    assert (d.overrides, d.outcomes) == ([], [])


def test_the_outcome_report_on_a_known_set(ws: Workspace) -> None:
    def decide(verdict: str, rules: tuple[str, ...], result: str | None, days: int = 0, partner: bool = True) -> int:
        decision_id = _decide(ws, verdict, *rules)
        if result:
            ws.record_outcome(decision_id, result=result, cycle_days=days, partner_involved=partner)
        return decision_id

    decide("GO", (), "won", 30)
    decide("GO", (), "won", 50)
    decide("GO", ("deal.noise_risk",), "lost", 70)
    decide("GO", (), None)
    decide("NO_GO", ("deal.no_trigger",), "lost", 90, partner=False)
    decide("NO_GO", ("deal.no_trigger", "deal.stage_too_late"), "won", 20, partner=False)
    overridden = decide("NO_GO", ("deal.stage_too_late",), "stalled", 120)
    ws.override(overridden, "GO", "The partner was already in the deal.")
    report = ws.outcome_report()
    rows = {
        (section, r.group): (r.decisions, r.outcomes, r.won, r.lost, r.stalled, r.win_rate, r.avg_cycle_days)
        for section in ("by_verdict", "by_rule", "by_partner")
        for r in getattr(report, section)
    }
    assert (report.decisions, report.with_outcome) == (7, 6)
    assert rows == {
        ("by_verdict", "GO"): (5, 4, 2, 1, 1, 0.5, 67.5),
        ("by_verdict", "NO_GO"): (2, 2, 1, 1, 0, 0.5, 55.0),
        ("by_rule", "deal.noise_risk"): (1, 1, 0, 1, 0, 0.0, 70.0),
        ("by_rule", "deal.no_trigger"): (2, 2, 1, 1, 0, 0.5, 55.0),
        ("by_rule", "deal.stage_too_late"): (2, 2, 1, 0, 1, 0.5, 70.0),
        ("by_partner", "partner involved"): (4, 4, 2, 1, 1, 0.5, 67.5),
        ("by_partner", "no partner"): (2, 2, 1, 1, 0, 0.5, 55.0),
    }


@pytest.mark.parametrize(
    ("outcome_ages_in_days", "answer"),
    [
        pytest.param([], "no", id="no-outcomes"),
        pytest.param([1, 10], "no", id="two-recent"),
        pytest.param([1, 10, 89], "yes", id="three-recent"),
        pytest.param([1, 10, 91], "no", id="third-older-than-a-quarter"),
        pytest.param([0, 30, 60, 85], "yes", id="four-recent"),
    ],
)
def test_three_documented_outcomes_counts_the_last_quarter(
    ws: Workspace, clock: Clock, outcome_ages_in_days: list[int], answer: str
) -> None:
    for age in outcome_ages_in_days:
        clock.now = NOW - timedelta(days=age)
        ws.record_outcome(_decide(ws), result="lost", cycle_days=5, partner_involved=True)
    assert ws.three_documented_outcomes(NOW) == answer


def test_an_outcome_recorded_twice_counts_one_deal(ws: Workspace) -> None:
    first, second = _decide(ws), _decide(ws)
    for decision_id in (first, first, first, second):
        ws.record_outcome(decision_id, result="won", cycle_days=5, partner_involved=True)
    assert ws.documented_outcomes(NOW - store.QUARTER) == 2
    assert ws.three_documented_outcomes(NOW) == "no"


def test_three_documented_outcomes_without_a_workspace_is_no_and_creates_nothing(settings: Settings) -> None:
    assert three_documented_outcomes(NOW, settings) == "no"
    assert not (settings.data_dir / "workspace.db").exists()


def test_three_documented_outcomes_reads_the_saved_log(settings: Settings, clock: Clock) -> None:
    with Workspace.open(settings, clock=clock) as ws:
        for _ in range(3):
            ws.record_outcome(_decide(ws), result="won", cycle_days=5, partner_involved=True)
    assert three_documented_outcomes(NOW + timedelta(days=1), settings) == "yes"


# --- scorecards ----------------------------------------------------------------------------------


def test_a_scorecard_round_trips_with_its_weights_and_capacity(ws: Workspace) -> None:
    scores = [
        PartnerScore(name="Globex", score=81.0, decision="recruit", motion="co-sell", reasons=["overlap 90"]),
        PartnerScore(name="Initech", score=30.0, decision="pass", motion="refer", reasons=["low fit"]),
    ]
    weights = Weights(account_overlap=0.5, segment_fit=0.2, motion_fit=0.2, selling_capacity=0.1)
    scorecard_id = ws.save_scorecard("q3 shortlist", scores, weights, capacity=2)
    [saved] = ws.list_scorecards()
    assert (saved.id, saved.name, saved.scores, saved.weights, saved.capacity, saved.saved_at) == (
        scorecard_id, "q3 shortlist", scores, weights, 2, NOW,
    )  # fmt: skip


# --- Postgres (a team deployment): runs when a server is reachable, else skips -------------------

POSTGRES_URL = os.environ.get("COACH_TEST_POSTGRES_URL", "postgresql+psycopg://coach:coach@127.0.0.1:5432/coach_test")


@pytest.fixture
def postgres() -> Settings:
    pytest.importorskip("psycopg")
    engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 2})
    try:
        with engine.begin() as conn:  # a database kept for these tests: start it empty
            store_schema.METADATA.drop_all(conn)
    except sa.exc.OperationalError:
        where = sa.make_url(POSTGRES_URL).render_as_string(hide_password=True)
        # .ci/run starts a server: in CI, or whenever a server was named, these tests run, they never skip
        if os.environ.get("CI") or os.environ.get("COACH_TEST_POSTGRES_URL"):
            pytest.fail(f"no Postgres server at {where}, and CI must run the Postgres tests")
        pytest.skip(f"no Postgres server at {where}")
    finally:
        engine.dispose()
    return Settings(database_url=POSTGRES_URL)


def test_postgres_migrates_and_keeps_drafts_decisions_and_outcomes(postgres: Settings, clock: Clock) -> None:
    with Workspace.open(postgres, clock=clock) as ws:
        assert ws.schema_version() == store.SCHEMA_VERSION
        ws.save_draft("acme", _draft("CFO"), base_version=0)
        for _ in range(3):
            decision_id = _decide(ws, "NO_GO", "deal.no_trigger")
            ws.record_outcome(decision_id, result="won", cycle_days=10, partner_involved=True)
        ws.override(decision_id, "GO", "The partner was already in the deal.")
    with Workspace.open(postgres) as ws:
        assert ws.load_draft("acme") == (_draft("CFO"), 1)
        assert [d.final_verdict for d in ws.list_decisions()] == ["GO", "NO_GO", "NO_GO"]
        assert ws.three_documented_outcomes(NOW) == "yes"
        assert [(r.group, r.won) for r in ws.outcome_report().by_verdict] == [("GO", 1), ("NO_GO", 2)]


def test_postgres_two_sessions_do_not_overwrite_each_other(postgres: Settings) -> None:
    with Workspace.open(postgres) as first, Workspace.open(postgres) as second:
        first.save_draft("acme", _draft(), base_version=0)
        first.save_draft("acme", _draft("CFO"), base_version=1)
        with pytest.raises(StoreError) as error:
            second.save_draft("acme", _draft("CRO"), base_version=1)
    assert str(error.value) == "The draft 'acme' changed in another session (now version 2); reload it before saving."


def test_postgres_racing_threads_save_exactly_one_version_on_the_same_base(postgres: Settings) -> None:
    _race_six_sessions(postgres)


def test_a_database_url_that_cannot_connect_gives_one_clear_line() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(StoreError) as error:
        Workspace.open(Settings(database_url="postgresql+psycopg://coach:secret@127.0.0.1:1/coach"))
    assert str(error.value) == (
        "Cannot reach the workspace database at postgresql+psycopg://coach:***@127.0.0.1:1/coach (connection "
        'failed: connection to server at "127.0.0.1", port 1 failed: Connection refused); check DATABASE_URL.'
    )


def test_a_page_keeps_its_state_and_an_unreadable_one_reads_as_nothing(ws: Workspace) -> None:
    assert ws.load_page_state("go-no-go") is None
    ws.save_page_state("go-no-go", {"notes": "Acme notes.", "choice": "No ICP"})
    ws.save_page_state("go-no-go", {"notes": "Newer notes.", "choice": "No ICP"})
    assert ws.load_page_state("go-no-go") == {"notes": "Newer notes.", "choice": "No ICP"}
    with ws._write() as conn:
        conn.execute(store_schema.page_states.update().values(state="{not json"))
    assert ws.load_page_state("go-no-go") is None


@pytest.mark.parametrize(
    "cause", ["attempt to write a readonly database", "unable to open database file"], ids=["read-only", "no-access"]
)
def test_a_read_only_workspace_gets_its_own_true_message(cause: str) -> None:
    import sqlite3

    error = sa.exc.OperationalError("INSERT", {}, sqlite3.OperationalError(cause))
    message = str(store_schema.database_error(error, dialect="sqlite", location="/srv/ws.db", busy_timeout=10))
    assert message == (
        "The workspace database at /srv/ws.db cannot be written (a read-only folder or file, or no permission); "
        "set COACH_DATA_DIR to a folder you can write."
    )


# --- attribution (schema 8) ---------------------------------------------------------------------------

FINTECH = ProgramDraft(
    icp=OperatingIcp(
        conditions=[IcpCondition(quote="fintech", dimension="industry", text="fintech", values=["fintech"])]
    )
)


def _decide_in(ws: Workspace, industry: str | None, partner: str = "Globex") -> int:
    facts = DealFacts(
        account="Acme",
        partner=partner,
        industry=TextFact(quote=industry, value=industry, confidence=0.9) if industry else None,
    )
    return ws.record_decision(_result("Notes on Acme.", facts, _verdict("GO")), program=FINTECH)


def test_attribution_is_kept_apart_with_value_icp_fit_and_partner_productivity(ws: Workspace) -> None:
    eur = Money(amount=90_000, currency="EUR", period="annual")
    outcomes = [
        ("fintech", "Globex", "won", "sourced", eur),
        ("fintech", "Globex", "won", "co-sell", Money(amount=5_000, currency="EUR", period="monthly")),
        ("retail", "Globex", "won", "influenced", Money(amount=40_000, currency="USD", period="annual")),
        ("fintech", "Initech", "lost", "sourced", eur),
        (None, "Initech", "won", "none", None),
    ]
    for industry, partner, result, attribution, value in outcomes:
        ws.record_outcome(
            _decide_in(ws, industry, partner), result=result, cycle_days=30, attribution=attribution, value=value
        )
    report = ws.outcome_report()
    by_attr = {r.group: (r.outcomes, r.won, r.won_value) for r in report.by_attribution}
    assert by_attr == {
        "sourced": (2, 1, {"EUR": 90_000.0}),
        "co-sell": (1, 1, {"EUR": 60_000.0}),  # a monthly value counts per year
        "influenced": (1, 1, {"USD": 40_000.0}),
        "none": (1, 1, {}),
    }
    by_icp = {r.group: (r.outcomes, r.won, r.avg_value) for r in report.by_icp}
    assert by_icp == {
        "inside ICP": (3, 2, {"EUR": 80_000.0}),
        "outside ICP": (1, 1, {"USD": 40_000.0}),
        "ICP unknown": (1, 1, {}),
    }
    assert [(p.partner, p.icp_won, p.won, p.outcomes) for p in report.productivity] == [
        ("Globex", 2, 3, 3),
        ("Initech", 0, 0, 1),  # the "none" outcome is not the partner's
    ]
    assert report.finance_roi == "yes" and ws.finance_can_model_roi() == "yes"
    rendered = render_report(report)
    assert "By attribution (never mixed):" in rendered and "won value EUR 90,000" in rendered
    globex = "Globex  ICP deals won 2  won 3 of 3"
    assert any(" ".join(line.split()) == " ".join(globex.split()) for line in rendered.splitlines())


def test_finance_cannot_be_answered_from_a_log_without_values(ws: Workspace) -> None:
    for _ in range(3):
        ws.record_outcome(_decide_in(ws, "fintech"), result="won", cycle_days=10, attribution="sourced")
    assert ws.finance_can_model_roi() == "unknown"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"attribution": "resold"}, "The attribution must be sourced, co-sell, influenced or none, not 'resold'."),
        ({}, "Say how the deal is attributed (sourced, co-sell, influenced or none)."),
        ({"attribution": "sourced", "partner_involved": False},
         "Attribution 'sourced' and 'partner involved: no' disagree."),
        ({"attribution": "none", "value": Money(amount=-5, currency="EUR")},
         "The deal's value must be 0 or more, not -5."),
    ],
)  # fmt: skip
def test_a_bad_attribution_is_refused_in_one_line_and_nothing_is_saved(
    ws: Workspace, kwargs: dict, message: str
) -> None:
    decision_id = _decide(ws)
    with pytest.raises(InputError) as error:
        ws.record_outcome(decision_id, result="won", cycle_days=3, **kwargs)
    assert str(error.value) == message
    assert ws.get_decision(decision_id).outcomes == []


def test_a_version_7_database_gains_attribution_and_keeps_its_outcomes(settings: Settings) -> None:
    with Workspace.open(settings) as ws:
        decision_id = _decide(ws)
        ws.record_outcome(decision_id, result="won", cycle_days=12, partner_involved=True)
    engine = sa.create_engine(f"sqlite:///{settings.data_dir / 'workspace.db'}")
    with engine.begin() as conn:  # as schema 7 left it
        for column in ("attribution", "value_amount", "value_currency", "value_period"):
            conn.exec_driver_sql(f"ALTER TABLE outcomes DROP COLUMN {column}")
        conn.exec_driver_sql("ALTER TABLE scorecards DROP COLUMN candidates")
        conn.exec_driver_sql("DROP TABLE weight_reviews")
        conn.execute(store_schema.schema_version.update().values(version=7))
    engine.dispose()
    with Workspace.open(settings) as ws:
        assert ws.schema_version() == store.SCHEMA_VERSION
        [old] = ws.get_decision(decision_id).outcomes
        assert (old.result, old.partner_involved, old.attribution, old.value) == ("won", True, None, None)
        ws.record_outcome(decision_id, result="won", cycle_days=12, attribution="co-sell")
        assert ws.get_decision(decision_id).outcome.attribution == "co-sell"


# --- the quarterly review's decisions (schema 9) -------------------------------------------------------


def test_review_decisions_are_kept_in_order_and_the_latest_accepted_weights_are_the_reviewed_ones(
    ws: Workspace, clock: Clock
) -> None:
    from coach.framework import CandidatePartner

    candidates = [CandidatePartner(name="Acme", account_overlap=80, segment_fit=70, motion_fit=60, selling_capacity=50)]
    card = ws.save_scorecard("q3.csv", [], Weights(), 2, candidates)
    assert ws.get_scorecard(card).candidates == candidates
    assert ws.reviewed_weights() is None
    first = Weights(account_overlap=0.3, segment_fit=0.1, motion_fit=0.5, selling_capacity=0.1)
    second = Weights(account_overlap=0.25, segment_fit=0.25, motion_fit=0.25, selling_capacity=0.25)
    ws.record_weight_review(card, first, "accepted", reason="motion fit drove production", by="Sam")
    ws.record_weight_review(card, second, "rejected")
    assert ws.reviewed_weights() == first  # a rejection changes nothing
    history = ws.list_weight_reviews(card)
    assert [(r.decision, r.by, r.current) for r in history] == [
        ("accepted", "Sam", Weights()),
        ("rejected", None, Weights()),
    ]
    with pytest.raises(InputError) as error:
        ws.record_weight_review(card, first, "maybe")
    assert str(error.value) == "The decision must be accepted or rejected, not 'maybe'."
    with pytest.raises(InputError) as error:
        ws.get_scorecard(99)
    assert str(error.value) == "There is no scorecard 99; `coach scorecards` lists them."


def test_the_crm_export_writes_plain_amounts_and_the_close_date_from_the_cycle(ws: Workspace, clock: Clock) -> None:
    import csv
    import io

    from coach.records import export_decisions

    decision_id = _decide_in(ws, "fintech")
    big = Money(amount=1_500_000, currency="EUR", period="annual")
    ws.record_outcome(decision_id, result="won", cycle_days=30, attribution="sourced", value=big)
    [row] = list(csv.DictReader(io.StringIO(export_decisions(ws.list_decisions(), "crm"))))
    assert row["Amount"] == "1500000" and row["CurrencyIsoCode"] == "EUR"
    assert row["CloseDate"] == (NOW + timedelta(days=30)).date().isoformat()
    assert row["Inside ICP"] == "in" and row["Stage"] == "Closed Won"


def test_the_icp_at_decision_time_uses_the_rate_overrides(ws: Workspace) -> None:
    from coach.records import icp_at_decision

    floor = IcpCondition(quote="q", dimension="revenue", text="over EUR 100M", minimum=100e6, currency="EUR")
    program = ProgramDraft(icp=OperatingIcp(conditions=[floor]))
    revenue = MoneyFact(quote="q", money=Money(amount=100e6, currency="GBP", period="annual"))
    facts = DealFacts(account="Acme", partner="Globex", revenue=revenue)
    decision_id = ws.record_decision(_result("Notes on Acme.", facts, _verdict("GO")), program=program)
    decision = ws.get_decision(decision_id)
    assert icp_at_decision(decision) == "in"  # GBP 100M is more than EUR 100M at the default rates
    assert icp_at_decision(decision, {"GBP": 0.5}) == "out"  # with a rate that says otherwise
