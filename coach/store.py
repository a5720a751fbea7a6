"""Persistence of drafts, decisions and outcomes: the workspace. The only module that imports sqlalchemy.

Usage (the app, the CLI, `coach verdict --save`):

    from coach.store import Workspace

    with Workspace.open(settings) as ws:  # SQLite in settings.data_dir, or DATABASE_URL
        draft, version = ws.load_draft("acme")  # (None, 0) when there is no draft yet
        version = ws.save_draft("acme", draft, "added the buyer map", base_version=version)
        decision_id = ws.record_decision(notes=text, facts=extraction.facts, verdict=verdict,
                                         extractor=extraction.extractor, program=program, icp_source="icp.md")
        ws.record_outcome(decision_id, result="won", cycle_days=42, partner_involved=True)
        ws.override(decision_id, "GO", "The CFO asked for the partner by name.")

save_draft raises StoreError when the draft moved on since `base_version` (another session saved it):
reload and save again. Decisions, overrides and outcomes are append-only: an override or a corrected
outcome is a new row, and the latest one counts. Every write is one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa

from coach.config import Settings
from coach.errors import InputError, StoreError
from coach.extract import Extraction
from coach.framework import DealFacts, DealVerdict, PartnerScore, ProgramDraft, Weights
from coach.records import (  # re-exported: the app and the CLI import the records from here
    RESULTS,
    VERDICTS,
    Decision,
    DraftVersion,
    FieldChange,
    OutcomeRecord,
    OutcomeReport,
    OverrideRecord,
    Scorecard,
    build_report,
    diff_drafts,
    export_decisions,
    notes_hash,
)
from coach.rules import RULES_VERSION

__all__ = [
    "Decision",
    "DraftVersion",
    "FieldChange",
    "OutcomeRecord",
    "OutcomeReport",
    "OverrideRecord",
    "Scorecard",
    "Workspace",
    "diff_drafts",
    "export_decisions",
    "three_documented_outcomes",
]
DATABASE_FILE = "workspace.db"
BUSY_TIMEOUT_SECONDS = 10
# A documented outcome counts for the readiness check when it was recorded in the last quarter.
QUARTER = timedelta(days=90)
_SQLITE_HEADER = b"SQLite format 3\x00"

# --- Schema and migrations -----------------------------------------------------------------------

METADATA = sa.MetaData()
_drafts = sa.Table(
    "drafts",
    METADATA,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),  # the key makes two saves of one version impossible
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("draft", sa.Text, nullable=False),
    sa.Column("changes", sa.Text, nullable=False),
)
_decisions = sa.Table(
    "decisions",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("decided_at", sa.String(40), nullable=False),
    sa.Column("account", sa.Text),
    sa.Column("partner", sa.Text),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("notes_sha256", sa.String(64), nullable=False),
    sa.Column("facts", sa.Text, nullable=False),
    sa.Column("program", sa.Text),
    sa.Column("icp_source", sa.Text),
    sa.Column("rules_version", sa.String(40), nullable=False),
    sa.Column("extractor", sa.String(200), nullable=False),
    sa.Column("prompt_hash", sa.String(128)),
    sa.Column("chunk_ids", sa.Text, nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("verdict_detail", sa.Text, nullable=False),
)
_outcomes = sa.Table(
    "outcomes",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("decision_id", sa.Integer, sa.ForeignKey("decisions.id"), nullable=False, index=True),
    sa.Column("recorded_at", sa.String(40), nullable=False),
    sa.Column("result", sa.String(16), nullable=False),
    sa.Column("cycle_days", sa.Integer, nullable=False),
    sa.Column("partner_involved", sa.Boolean, nullable=False),
)
_overrides = sa.Table(
    "overrides",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("decision_id", sa.Integer, sa.ForeignKey("decisions.id"), nullable=False, index=True),
    sa.Column("overridden_at", sa.String(40), nullable=False),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)
_scorecards = sa.Table(
    "scorecards",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("saved_at", sa.String(40), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("weights", sa.Text, nullable=False),
    sa.Column("capacity", sa.Integer),
    sa.Column("scores", sa.Text, nullable=False),
)
_schema_version = sa.Table("schema_version", METADATA, sa.Column("version", sa.Integer, nullable=False))


def _create(*tables: sa.Table) -> Callable[[sa.Connection], None]:
    def step(conn: sa.Connection) -> None:
        for table in tables:
            table.create(conn)

    return step


# Ordered steps in code rather than alembic: six tables, additive changes, and one file to read; alembic's
# env.py, ini file and revision folder would outweigh the schema. Step N brings version N-1 to N.
# A released step never changes: a later change to a table is a new step (an ALTER), never an edit of the
# Table above that an earlier step creates.
MIGRATIONS: tuple[Callable[[sa.Connection], None], ...] = (
    _create(_drafts, _decisions, _outcomes),  # 1: drafts, the decision log, outcomes
    _create(_overrides, _scorecards),  # 2: overrides with reasons, partner scorecards
)
SCHEMA_VERSION = len(MIGRATIONS)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _sqlite_path(url: sa.URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _unreadable(where: str) -> StoreError:
    return StoreError(
        f"The workspace database at {where} is not a readable SQLite database; it was left untouched. "
        "Move it aside or set COACH_DATA_DIR."
    )


# --- The workspace -------------------------------------------------------------------------------


class Workspace:
    """Drafts, decisions, outcomes and scorecards in one database; open with Workspace.open(settings)."""

    def __init__(self, engine: sa.Engine, location: str, clock: Callable[[], datetime]) -> None:
        self._engine = engine
        self.location = location  # a file path, or the URL without its password
        self._clock = clock

    @classmethod
    def open(
        cls, settings: Settings | None = None, *, create: bool = True, clock: Callable[[], datetime] | None = None
    ) -> Workspace:
        """Open (and on first use create and migrate) the workspace the settings name."""
        settings = settings or Settings.from_env()
        url = cls._url(settings)
        path = _sqlite_path(url)
        location = str(path) if path else url.render_as_string(hide_password=True)
        if path is not None:
            cls._check_sqlite_file(path, create=create)
        try:
            engine = sa.create_engine(url, connect_args=_connect_args(url, sqlite=path is not None))
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise StoreError(f"DATABASE_URL cannot be used ({exc}); fix it or unset it to use SQLite.") from exc
        if path is not None:
            _configure_sqlite(engine)
        workspace = cls(engine, location, clock or (lambda: datetime.now(UTC)))
        try:
            workspace._migrate()
        except BaseException:
            engine.dispose()
            raise
        return workspace

    @staticmethod
    def _url(settings: Settings) -> sa.URL:
        if not settings.database_url:
            return sa.URL.create("sqlite", database=str(Path(settings.data_dir) / DATABASE_FILE))
        try:
            return sa.make_url(settings.database_url)
        except sa.exc.ArgumentError as exc:
            raise StoreError("DATABASE_URL is not a database URL (e.g. postgresql+psycopg://user@host/db).") from exc

    @staticmethod
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
                f"Cannot create the data directory {path.parent} ({exc.strerror}); set COACH_DATA_DIR to a "
                "writable folder."
            ) from exc

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions and errors

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Wrap database library errors once, in words a person can act on."""
        try:
            yield
        except sa.exc.OperationalError as exc:
            text = str(exc.orig)
            if "locked" in text or "busy" in text:
                raise StoreError(
                    f"The workspace database is busy: another session held it for over {BUSY_TIMEOUT_SECONDS} s. "
                    "Try again."
                ) from exc
            if self._engine.dialect.name != "sqlite":
                raise StoreError(
                    f"Cannot reach the workspace database at {self.location} ({text.strip().splitlines()[0]}); "
                    "check DATABASE_URL."
                ) from exc
            raise _unreadable(self.location) from exc
        except sa.exc.DatabaseError as exc:
            if self._engine.dialect.name == "sqlite" and ("not a database" in str(exc) or "malformed" in str(exc)):
                raise _unreadable(self.location) from exc
            raise StoreError(f"The workspace database at {self.location} failed: {exc.orig}.") from exc

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self._guard(), self._engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """One write transaction: all of it is saved, or none of it (a crash rolls it back)."""
        with self._guard(), self._engine.connect() as conn:
            conn.execution_options(coach_write=True)
            with conn.begin():
                yield conn

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="seconds")

    def _migrate(self) -> None:
        with self._read() as conn:
            current = self._schema_version(conn)
        if current == SCHEMA_VERSION:
            return
        with self._write() as conn:
            if conn.dialect.name == "postgresql":  # serialise two first opens of an empty database
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(7007)"))
            current = self._schema_version(conn)
            if current is None:
                _schema_version.create(conn)
                conn.execute(_schema_version.insert().values(version=0))
                current = 0
            for step in range(current + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step - 1](conn)
            conn.execute(_schema_version.update().values(version=SCHEMA_VERSION))

    def _schema_version(self, conn: sa.Connection) -> int | None:
        tables = set(sa.inspect(conn).get_table_names())
        if "schema_version" not in tables:
            if tables:
                raise StoreError(
                    f"The database at {self.location} holds other tables and no coach workspace; it was left "
                    "untouched. Point DATABASE_URL or COACH_DATA_DIR at an empty one."
                )
            return None
        version = conn.execute(sa.select(_schema_version.c.version)).scalar_one()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"The workspace database at {self.location} was written by a newer coach (schema {version}, this "
                f"one knows {SCHEMA_VERSION}); upgrade the coach."
            )
        return version

    def schema_version(self) -> int:
        """The schema version of the database."""
        with self._read() as conn:
            return self._schema_version(conn) or 0

    # --- drafts

    def save_draft(self, name: str, draft: ProgramDraft, note: str = "", *, base_version: int) -> int:
        """Save a new version of a draft on top of `base_version` (0 for a new draft); returns the new version."""
        with self._write() as conn:
            latest = self._latest_draft(conn, name)
            current = latest[1] if latest else 0
            if current != base_version:
                raise StoreError(
                    f"The draft {name!r} changed in another session (now version {current}); reload it before saving."
                )
            changes = diff_drafts(latest[0] if latest else None, draft)
            try:
                conn.execute(
                    _drafts.insert().values(
                        name=name,
                        version=current + 1,
                        saved_at=self._now(),
                        note=note,
                        draft=draft.model_dump_json(),
                        changes=json.dumps([c.model_dump(mode="json") for c in changes]),
                    )
                )
            except sa.exc.IntegrityError as exc:  # a session that got past the check at the same moment
                raise StoreError(
                    f"The draft {name!r} changed in another session (now version {current + 1}); reload it before "
                    "saving."
                ) from exc
        return current + 1

    def _latest_draft(self, conn: sa.Connection, name: str) -> tuple[ProgramDraft, int] | None:
        row = conn.execute(
            sa.select(_drafts.c.draft, _drafts.c.version)
            .where(_drafts.c.name == name)
            .order_by(_drafts.c.version.desc())
            .limit(1)
        ).first()
        return (ProgramDraft.model_validate_json(row.draft), row.version) if row else None

    def load_draft(self, name: str, version: int | None = None) -> tuple[ProgramDraft | None, int]:
        """The latest (or a given) version of a draft and its number; (None, 0) when there is none."""
        with self._read() as conn:
            if version is None:
                return self._latest_draft(conn, name) or (None, 0)
            row = conn.execute(
                sa.select(_drafts.c.draft).where(_drafts.c.name == name, _drafts.c.version == version)
            ).first()
        if row is None:
            raise InputError(f"The draft {name!r} has no version {version}.")
        return ProgramDraft.model_validate_json(row.draft), version

    def draft_history(self, name: str) -> list[DraftVersion]:
        """Every version of a draft, oldest first, each with its changes from the one before."""
        with self._read() as conn:
            rows = conn.execute(sa.select(_drafts).where(_drafts.c.name == name).order_by(_drafts.c.version)).fetchall()
        return [
            DraftVersion(
                name=r.name,
                version=r.version,
                saved_at=_at(r.saved_at),
                note=r.note,
                changes=[FieldChange.model_validate(c) for c in json.loads(r.changes)],
            )
            for r in rows
        ]

    def list_drafts(self) -> dict[str, int]:
        """Each draft's name and its latest version."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(_drafts.c.name, sa.func.max(_drafts.c.version)).group_by(_drafts.c.name).order_by("name")
            ).fetchall()
        return {name: version for name, version in rows}

    # --- decisions (append-only)

    def record_decision(
        self,
        *,
        notes: str,
        verdict: DealVerdict,
        facts: DealFacts | None = None,
        extractor: str | None = None,
        extraction: Extraction[DealFacts] | None = None,
        rules_version: str = RULES_VERSION,
        prompt_hash: str | None = None,
        chunk_ids: Sequence[str] = (),
        program: ProgramDraft | None = None,
        icp_source: str | None = None,
    ) -> int:
        """Append a go / no-go decision with its audit record; returns its id.

        Pass either `extraction` (its facts and extractor name are kept) or `facts` and `extractor`.
        """
        if extraction is not None:
            facts, extractor = extraction.facts, extraction.extractor
            prompt_hash = prompt_hash or getattr(extraction, "prompt_hash", None)
        if facts is None or not extractor:
            raise TypeError("record_decision needs `extraction`, or both `facts` and `extractor`.")
        with self._write() as conn:
            result = conn.execute(
                _decisions.insert().values(
                    decided_at=self._now(),
                    account=facts.account,
                    partner=facts.partner,
                    notes=notes,
                    notes_sha256=notes_hash(notes),
                    facts=facts.model_dump_json(),
                    program=program.model_dump_json() if program else None,
                    icp_source=icp_source,
                    rules_version=rules_version,
                    extractor=extractor,
                    prompt_hash=prompt_hash,
                    chunk_ids=json.dumps(list(chunk_ids)),
                    verdict=verdict.verdict,
                    verdict_detail=verdict.model_dump_json(),
                )
            )
            return int(result.inserted_primary_key[0])

    def _require_decision(self, conn: sa.Connection, decision_id: int) -> str:
        row = conn.execute(sa.select(_decisions.c.verdict).where(_decisions.c.id == decision_id)).first()
        if row is None:
            raise InputError(f"There is no decision {decision_id}; `coach decisions list` shows the ids.")
        latest = conn.execute(
            sa.select(_overrides.c.verdict)
            .where(_overrides.c.decision_id == decision_id)
            .order_by(_overrides.c.id.desc())
            .limit(1)
        ).scalar()
        return latest or row.verdict

    def list_decisions(self) -> list[Decision]:
        """Every decision, newest first, with its overrides and outcomes."""
        return self._decisions(None)

    def get_decision(self, decision_id: int) -> Decision:
        """One decision with its full audit record."""
        found = self._decisions(decision_id)
        if not found:
            raise InputError(f"There is no decision {decision_id}; `coach decisions list` shows the ids.")
        return found[0]

    def _decisions(self, decision_id: int | None) -> list[Decision]:
        def only(table: sa.Table, column: sa.Column) -> sa.Select:
            query = sa.select(table).order_by(table.c.id.desc() if table is _decisions else table.c.id)
            return query if decision_id is None else query.where(column == decision_id)

        with self._read() as conn:
            rows = conn.execute(only(_decisions, _decisions.c.id)).fetchall()
            overrides = conn.execute(only(_overrides, _overrides.c.decision_id)).fetchall()
            outcomes = conn.execute(only(_outcomes, _outcomes.c.decision_id)).fetchall()
        by_id_overrides: dict[int, list[OverrideRecord]] = {}
        for o in overrides:
            by_id_overrides.setdefault(o.decision_id, []).append(
                OverrideRecord(verdict=o.verdict, reason=o.reason, overridden_at=_at(o.overridden_at))
            )
        by_id_outcomes: dict[int, list[OutcomeRecord]] = {}
        for o in outcomes:
            by_id_outcomes.setdefault(o.decision_id, []).append(
                OutcomeRecord(
                    result=o.result,
                    cycle_days=o.cycle_days,
                    partner_involved=bool(o.partner_involved),
                    recorded_at=_at(o.recorded_at),
                )
            )
        return [
            Decision(
                id=r.id,
                decided_at=_at(r.decided_at),
                account=r.account,
                partner=r.partner,
                notes=r.notes,
                notes_sha256=r.notes_sha256,
                facts=DealFacts.model_validate_json(r.facts),
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

    def override(self, decision_id: int, verdict: str, reason: str) -> None:
        """Override a decision's verdict; the reason is required and kept with the decision."""
        if verdict not in VERDICTS:
            raise InputError(f"The verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}.")
        if not reason.strip():
            raise InputError("An override needs a reason: say why the verdict is wrong.")
        with self._write() as conn:
            current = self._require_decision(conn, decision_id)
            if current == verdict:
                raise InputError(f"Decision {decision_id} is already {verdict}; an override must change the verdict.")
            conn.execute(
                _overrides.insert().values(
                    decision_id=decision_id, overridden_at=self._now(), verdict=verdict, reason=reason.strip()
                )
            )

    def record_outcome(self, decision_id: int, *, result: str, cycle_days: int, partner_involved: bool) -> None:
        """Record what happened to the deal; recording again corrects it, and the history is kept."""
        if result not in RESULTS:
            raise InputError(f"The result must be won, lost or stalled, not {result!r}.")
        if cycle_days < 0:
            raise InputError(f"Cycle days must be 0 or more, not {cycle_days}.")
        with self._write() as conn:
            self._require_decision(conn, decision_id)
            conn.execute(
                _outcomes.insert().values(
                    decision_id=decision_id,
                    recorded_at=self._now(),
                    result=result,
                    cycle_days=cycle_days,
                    partner_involved=partner_involved,
                )
            )

    # --- outcomes for the readiness check and the report

    def documented_outcomes(self, since: datetime) -> int:
        """How many decisions have an outcome recorded at or after `since`."""
        with self._read() as conn:
            rows = conn.execute(sa.select(_outcomes.c.decision_id, _outcomes.c.recorded_at)).fetchall()
        # Compared as datetimes, not strings, so a clock in another offset cannot skew the count.
        return len({r.decision_id for r in rows if _at(r.recorded_at) >= since})

    def three_documented_outcomes(self, now: datetime | None = None) -> Literal["yes", "no"]:
        """The readiness answer from the log: 'yes' when 3+ decisions got an outcome in the last 90 days."""
        now = now or self._clock()
        return "yes" if self.documented_outcomes(now - QUARTER) >= 3 else "no"

    def outcome_report(self) -> OutcomeReport:
        """Win rate and cycle time by final verdict, by each rule that fired, and by partner involvement."""
        return build_report(self.list_decisions())

    # --- partner scorecards

    def save_scorecard(
        self, name: str, scores: Sequence[PartnerScore], weights: Weights, capacity: int | None = None
    ) -> int:
        """Save a scored partner list with the weights and onboarding capacity it used; returns its id."""
        with self._write() as conn:
            result = conn.execute(
                _scorecards.insert().values(
                    saved_at=self._now(),
                    name=name,
                    weights=weights.model_dump_json(),
                    capacity=capacity,
                    scores=json.dumps([s.model_dump(mode="json") for s in scores]),
                )
            )
            return int(result.inserted_primary_key[0])

    def list_scorecards(self) -> list[Scorecard]:
        """Every saved scorecard, newest first."""
        with self._read() as conn:
            rows = conn.execute(sa.select(_scorecards).order_by(_scorecards.c.id.desc())).fetchall()
        return [
            Scorecard(
                id=r.id,
                saved_at=_at(r.saved_at),
                name=r.name,
                weights=Weights.model_validate_json(r.weights),
                capacity=r.capacity,
                scores=[PartnerScore.model_validate(s) for s in json.loads(r.scores)],
            )
            for r in rows
        ]


def _connect_args(url: sa.URL, *, sqlite: bool) -> dict[str, Any]:
    if sqlite:
        return {"timeout": BUSY_TIMEOUT_SECONDS}
    # A server that drops packets would otherwise hang the CLI for minutes before any message.
    return {"connect_timeout": BUSY_TIMEOUT_SECONDS} if url.get_backend_name() == "postgresql" else {}


def _configure_sqlite(engine: sa.Engine) -> None:
    """WAL, a busy timeout, foreign keys, and transactions that SQLAlchemy begins itself (DDL included)."""

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Python's sqlite3 would otherwise skip BEGIN before DDL, leaving a migration half applied on a crash.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")  # a saved turn survives a power cut, not only a crash
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        # A writer takes the lock up front, so a read-then-write (the draft version check) cannot be overtaken.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("coach_write") else "BEGIN")


def three_documented_outcomes(now: datetime | None = None, settings: Settings | None = None) -> Literal["yes", "no"]:
    """The readiness answer from the decision log; 'no' when nothing was ever saved."""
    settings = settings or Settings.from_env()
    if not settings.database_url and not (Path(settings.data_dir) / DATABASE_FILE).exists():
        return "no"
    with Workspace.open(settings, create=False) as workspace:
        return workspace.three_documented_outcomes(now)
