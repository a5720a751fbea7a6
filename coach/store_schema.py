"""How the workspace sits in its database: the SQLite file and connection settings, the tables, their ordered
migrations, and how rows read back as records. With coach/store.py, the only module that imports sqlalchemy.

coach/store.py holds the Workspace API over these; nothing else imports this module.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from coach.config import Settings
from coach.errors import StoreError
from coach.framework import CandidatePartner, DealFacts, DealVerdict, Money, PartnerScore, ProgramDraft, Weights
from coach.records import (
    CorrectionRecord,
    Decision,
    DraftVersion,
    FieldChange,
    OutcomeRecord,
    OverrideRecord,
    Scorecard,
)

DATABASE_FILE = "workspace.db"
_SQLITE_HEADER = b"SQLite format 3\x00"

# --- The database and its connections ------------------------------------------------------------


def connect(settings: Settings, *, create: bool, busy_timeout: float) -> tuple[sa.Engine, str]:
    """The engine for the database the settings name, and where it is (a file, or the URL without its password)."""
    url = _url(settings)
    path = _sqlite_path(url)
    location = str(path) if path else url.render_as_string(hide_password=True)
    if path is not None:
        _check_sqlite_file(path, create=create)
    try:
        engine = sa.create_engine(url, connect_args=_connect_args(url, sqlite=path is not None, timeout=busy_timeout))
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise StoreError(f"DATABASE_URL cannot be used ({exc}); fix it or unset it to use SQLite.") from exc
    if path is not None:
        _configure_sqlite(engine, busy_timeout=busy_timeout)
    return engine, location


def _url(settings: Settings) -> sa.URL:
    if not settings.database_url:
        return sa.URL.create("sqlite", database=str(Path(settings.data_dir) / DATABASE_FILE))
    try:
        url = sa.make_url(settings.database_url)
    except sa.exc.ArgumentError as exc:
        raise StoreError("DATABASE_URL is not a database URL (e.g. postgresql+psycopg://user@host/db).") from exc
    if url.get_backend_name() == "sqlite" and _in_memory(url):
        raise StoreError("DATABASE_URL names an in-memory database, which keeps nothing: give a file or a server.")
    return url


def _in_memory(url: sa.URL) -> bool:
    """SQLite keeps nothing: no file, ":memory:", or a URI file ("file::memory:?uri=true", "file:x?mode=memory")."""
    database = url.database or ""
    uri = database.startswith("file:") or str(url.query.get("uri", "")).lower() == "true"
    return database in ("", ":memory:") or (
        uri and (database.removeprefix("file:").startswith(":memory:") or "mode=memory" in str(url))
    )


def database_error(exc: sa.exc.DatabaseError, *, dialect: str, location: str, busy_timeout: float) -> StoreError:
    """A database library error in words a person can act on."""
    if isinstance(exc, sa.exc.OperationalError):
        text = str(exc.orig)
        if "locked" in text or "busy" in text:
            return StoreError(
                f"The workspace database is busy: another session held it for over {busy_timeout} s. Try again."
            )
        if dialect != "sqlite":
            return StoreError(
                f"Cannot reach the workspace database at {location} ({text.strip().splitlines()[0]}); "
                "check DATABASE_URL."
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return StoreError(
                f"The workspace database at {location} cannot be written (a read-only folder or file, or no "
                "permission); set COACH_DATA_DIR to a folder you can write."
            )
        return _unreadable(location)
    if dialect == "sqlite" and ("not a database" in str(exc) or "malformed" in str(exc)):
        return _unreadable(location)
    return StoreError(f"The workspace database at {location} failed: {exc.orig}.")


def _sqlite_path(url: sa.URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or _in_memory(url):
        return None
    return Path((url.database or "").removeprefix("file:"))


def _unreadable(where: str) -> StoreError:
    return StoreError(
        f"The workspace database at {where} is not a readable SQLite database; it was left untouched. "
        "Move it aside or set COACH_DATA_DIR."
    )


def _check_sqlite_file(path: Path, *, create: bool) -> None:
    # Read the header ourselves before SQLite touches the file: a stranger's file is never rewritten.
    if path.is_dir():
        raise StoreError(f"The workspace database at {path} is a folder; move it aside or set COACH_DATA_DIR.")
    if path.exists():
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
        if header and header != _SQLITE_HEADER:
            raise _unreadable(str(path))
        return
    if not create:
        raise StoreError(f"There is no workspace database at {path} yet; nothing has been saved there.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"Cannot create the data directory {path.parent} ({exc.strerror}); set COACH_DATA_DIR to a writable folder."
        ) from exc


def _connect_args(url: sa.URL, *, sqlite: bool, timeout: float) -> dict[str, Any]:
    if sqlite:
        return {"timeout": timeout}
    # A server that drops packets would otherwise hang the CLI for minutes before any message.
    return {"connect_timeout": timeout} if url.get_backend_name() == "postgresql" else {}


def _use_wal(cursor: Any, *, busy_timeout: float) -> None:
    """Switch the file to WAL once (the mode is kept in the file); a first open racing another may be told "locked"
    at once, since SQLite does not always wait on a journal-mode change, so wait for it here within the timeout."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            retryable = "locked" in str(exc) or "busy" in str(exc)
            if not retryable or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _configure_sqlite(engine: sa.Engine, *, busy_timeout: float) -> None:
    """WAL, a busy timeout, foreign keys, and transactions that SQLAlchemy begins itself (DDL included)."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Python's sqlite3 would otherwise skip BEGIN before DDL, leaving a migration half applied on a crash.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {busy_timeout * 1000}")
        _use_wal(cursor, busy_timeout=busy_timeout)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")  # a saved turn survives a power cut, not only a crash
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # A writer takes the lock up front, so a read-then-write (the draft version check) cannot be overtaken.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("coach_write") else "BEGIN")


# --- Schema and migrations -----------------------------------------------------------------------

METADATA = sa.MetaData()
drafts = sa.Table(
    "drafts",
    METADATA,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),  # the key makes two saves of one version impossible
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("draft", sa.Text, nullable=False),
    sa.Column("changes", sa.Text, nullable=False),
    sa.Column("chat", sa.Text),  # JSON list: the conversation saved with this version (schema 11; None before)
)
decisions = sa.Table(
    "decisions",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("decided_at", sa.String(40), nullable=False),
    sa.Column("account", sa.Text),
    sa.Column("partner", sa.Text),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("notes_sha256", sa.String(64), nullable=False),
    sa.Column("facts", sa.Text, nullable=False),  # the facts the verdict rests on: as read, confirmed or corrected
    sa.Column("facts_read", sa.Text),  # the facts as the reader read them (schema 4; None for earlier decisions)
    sa.Column("decided_by", sa.String(200)),  # who saved it, as they named themselves (schema 5; unverified)
    sa.Column("notices", sa.Text),  # JSON list: every notice from the notes and the ICP (schema 5)
    sa.Column("rejected", sa.Text),  # JSON list: quotes a model gave that are not in the notes (schema 5)
    sa.Column("corrections", sa.Text),  # JSON list: each person's word, {fact, value, by}; value None confirms (10)
    sa.Column("program", sa.Text),
    sa.Column("icp_source", sa.Text),
    sa.Column("rules_version", sa.String(40), nullable=False),
    sa.Column("extractor", sa.String(200), nullable=False),
    sa.Column("prompt_hash", sa.String(128)),
    sa.Column("chunk_ids", sa.Text, nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("verdict_detail", sa.Text, nullable=False),
)
outcomes = sa.Table(
    "outcomes",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("decision_id", sa.Integer, sa.ForeignKey("decisions.id"), nullable=False, index=True),
    sa.Column("recorded_at", sa.String(40), nullable=False),
    sa.Column("result", sa.String(16), nullable=False),
    sa.Column("cycle_days", sa.Integer, nullable=False),
    sa.Column("partner_involved", sa.Boolean, nullable=False),
    sa.Column("attribution", sa.String(16)),  # schema 8: sourced, co-sell, influenced or none; NULL before
    sa.Column("value_amount", sa.Float),  # schema 8: the deal's value as recorded, in value_currency
    sa.Column("value_currency", sa.String(8)),
    sa.Column("value_period", sa.String(16)),
)
overrides = sa.Table(
    "overrides",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("decision_id", sa.Integer, sa.ForeignKey("decisions.id"), nullable=False, index=True),
    sa.Column("overridden_at", sa.String(40), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("overridden_by", sa.String(200)),  # schema 5; unverified
)
scorecards = sa.Table(
    "scorecards",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("weights", sa.Text, nullable=False),
    sa.Column("capacity", sa.Integer),
    sa.Column("scores", sa.Text, nullable=False),
    sa.Column("candidates", sa.Text),  # schema 9: JSON list of the scored candidates with their four dimensions
)
weight_reviews = sa.Table(
    "weight_reviews",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("scorecard_id", sa.Integer, sa.ForeignKey("scorecards.id"), nullable=False, index=True),
    sa.Column("reviewed_at", sa.String(40), nullable=False),
    sa.Column("current", sa.Text, nullable=False),  # JSON Weights the scorecard used
    sa.Column("suggested", sa.Text, nullable=False),  # JSON Weights the review suggested
    sa.Column("decision", sa.String(16), nullable=False),  # accepted or rejected
    sa.Column("reason", sa.Text),
    sa.Column("decided_by", sa.String(200)),  # unverified, as the person named themselves
)
chats = sa.Table(
    "chats",
    METADATA,
    sa.Column("name", sa.String(200), primary_key=True),  # the draft the conversation belongs to
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("entries", sa.Text, nullable=False),  # JSON list of the messages as the app shows them
)
page_states = sa.Table(
    "page_states",
    METADATA,
    sa.Column("page", sa.String(200), primary_key=True),  # e.g. "go-no-go": what a page showed last, to show again
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("state", sa.Text, nullable=False),  # JSON
)
partner_profiles = sa.Table(
    "partner_profiles",
    METADATA,
    sa.Column("key", sa.String(200), primary_key=True),  # the name, case and spacing folded: one row per partner
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("profile", sa.Text, nullable=False),  # JSON: coach.partners.capability.PartnerProfile
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("updated_by", sa.String(200)),  # unverified, as the person named themselves
)
schema_version = sa.Table("schema_version", METADATA, sa.Column("version", sa.Integer, nullable=False))


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def step(conn: sa.Connection) -> None:
        for table in tables:
            table.create(conn)

    return step


def _add_columns(table: sa.Table, *names: str) -> Callable[[sa.Connection], None]:
    """ALTER TABLE ... ADD COLUMN for each named column of `table` the database lacks (a database created after
    the column joined the Table already has it)."""

    def step(conn: sa.Connection) -> None:
        present = {c["name"] for c in sa.inspect(conn).get_columns(table.name)}
        for name in names:
            if name not in present:
                column = table.c[name]
                kind = column.type.compile(dialect=conn.dialect)
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {name} {kind}")

    return step


def _steps(*steps: Callable[[sa.Connection], None]) -> Callable[[sa.Connection], None]:
    def step(conn: sa.Connection) -> None:
        for one in steps:
            one(conn)

    return step


# Ordered steps in code rather than alembic: nine tables, additive changes, and one file to read; alembic's
# env.py, ini file and revision folder would outweigh the schema. Step N brings version N-1 to N.
# A released step never changes: a later change to a table is a new step (an ALTER) that skips what a newer
# CREATE already made, so step 1 may create a table with columns a later step would add.
MIGRATIONS: tuple[Callable[[sa.Connection], None], ...] = (
    _create(drafts, decisions, outcomes),  # 1: drafts, the decision log, outcomes
    _create(overrides, scorecards),  # 2: overrides with reasons, partner scorecards
    _create(chats),  # 3: the coaching conversation beside its draft, so a reload shows it again
    _add_columns(decisions, "facts_read"),  # 4: the facts as read, beside the facts as decided
    _steps(  # 5: who decided and who overrode; the notices and the model's rejected quotes
        _add_columns(decisions, "decided_by", "notices", "rejected"), _add_columns(overrides, "overridden_by")
    ),
    _create(page_states),  # 6: the Go / no-go page's notes, ICP and verdict, shown again after a reload
    _create(partner_profiles),  # 7: the partner capability map
    # 8: attribution kept apart (sourced, co-sell, influenced, none) and the deal's value
    _add_columns(outcomes, "attribution", "value_amount", "value_currency", "value_period"),
    # 9: a scorecard keeps its candidates' dimensions, and the quarterly review's accepted or rejected weights
    _steps(_add_columns(scorecards, "candidates"), _create(weight_reviews)),
    _add_columns(decisions, "corrections"),  # 10: who confirmed or corrected each fact, as they gave their name
    _add_columns(drafts, "chat"),  # 11: each version keeps its conversation, so keeping one tab's loses no other's
)
SCHEMA_VERSION = len(MIGRATIONS)


def read_schema_version(conn: sa.Connection, location: str) -> int | None:
    """The database's schema version; None for an empty database, StoreError for one that is not ours."""
    tables = set(sa.inspect(conn).get_table_names())
    if "schema_version" not in tables:
        if tables:
            raise StoreError(
                f"The database at {location} holds other tables and no coach workspace; it was left "
                "untouched. Point DATABASE_URL or COACH_DATA_DIR at an empty one."
            )
        return None
    version = conn.execute(sa.select(schema_version.c.version)).scalar_one()
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"The workspace database at {location} was written by a newer coach (schema {version}, this "
            f"one knows {SCHEMA_VERSION}); upgrade the coach."
        )
    return version


def upgrade(conn: sa.Connection, location: str, steps: Sequence[Callable[[sa.Connection], None]]) -> None:
    """Bring the database to SCHEMA_VERSION by the `steps` it lacks (MIGRATIONS), inside the caller's transaction."""
    if conn.dialect.name == "postgresql":  # serialise two first opens of an empty database
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(7007)"))
    current = read_schema_version(conn, location)
    if current is None:
        schema_version.create(conn)
        conn.execute(schema_version.insert().values(version=0))
        current = 0
    for step in range(current + 1, SCHEMA_VERSION + 1):
        steps[step - 1](conn)
    conn.execute(schema_version.update().values(version=SCHEMA_VERSION))


# --- Rows back into records ----------------------------------------------------------------------


def parse_time(text: str) -> datetime:
    """A stored timestamp (ISO 8601 with its offset) as a datetime."""
    return datetime.fromisoformat(text)


def draft_version_from_row(row: sa.Row) -> DraftVersion:
    """One row of the drafts table as a DraftVersion."""
    return DraftVersion(
        name=row.name,
        version=row.version,
        saved_at=parse_time(row.saved_at),
        note=row.note,
        changes=[FieldChange.model_validate(c) for c in json.loads(row.changes)],
    )


def decisions_from_rows(
    rows: Sequence[sa.Row], overrides: Sequence[sa.Row], outcomes: Sequence[sa.Row]
) -> list[Decision]:
    """Decision rows, in their order, each with its override and outcome rows attached."""
    by_id_overrides: dict[int, list[OverrideRecord]] = {}
    for o in overrides:
        by_id_overrides.setdefault(o.decision_id, []).append(
            OverrideRecord(
                verdict=o.verdict, reason=o.reason, overridden_at=parse_time(o.overridden_at), by=o.overridden_by
            )
        )
    by_id_outcomes: dict[int, list[OutcomeRecord]] = {}
    for o in outcomes:
        by_id_outcomes.setdefault(o.decision_id, []).append(
            OutcomeRecord(
                result=o.result,
                cycle_days=o.cycle_days,
                partner_involved=bool(o.partner_involved),
                recorded_at=parse_time(o.recorded_at),
                attribution=o.attribution,
                value=(
                    Money(amount=o.value_amount, currency=o.value_currency, period=o.value_period or "unspecified")
                    if o.value_amount is not None
                    else None
                ),
            )
        )
    return [
        Decision(
            id=r.id,
            decided_at=parse_time(r.decided_at),
            account=r.account,
            partner=r.partner,
            notes=r.notes,
            notes_sha256=r.notes_sha256,
            facts=DealFacts.model_validate_json(r.facts),
            read=DealFacts.model_validate_json(r.facts_read) if r.facts_read else None,
            decided_by=r.decided_by,
            notices=json.loads(r.notices) if r.notices else [],
            rejected=json.loads(r.rejected) if r.rejected else [],
            corrections=[CorrectionRecord.model_validate(c) for c in json.loads(r.corrections)]
            if r.corrections
            else [],
            program=ProgramDraft.model_validate_json(r.program) if r.program else None,
            icp_source=r.icp_source,
            rules_version=r.rules_version,
            extractor=r.extractor,
            prompt_hash=r.prompt_hash,
            chunk_ids=json.loads(r.chunk_ids),
            verdict=DealVerdict.model_validate_json(r.verdict_detail),
            overrides=by_id_overrides.get(r.id, []),
            outcomes=by_id_outcomes.get(r.id, []),
        )
        for r in rows
    ]


def scorecard_from_row(row: sa.Row) -> Scorecard:
    """One row of the scorecards table as a Scorecard."""
    return Scorecard(
        id=row.id,
        saved_at=parse_time(row.saved_at),
        name=row.name,
        weights=Weights.model_validate_json(row.weights),
        capacity=row.capacity,
        scores=[PartnerScore.model_validate(s) for s in json.loads(row.scores)],
        candidates=[CandidatePartner.model_validate(c) for c in json.loads(row.candidates)] if row.candidates else [],
    )
