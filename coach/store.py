"""Persistence of drafts, decisions and outcomes: the workspace. With coach/store_schema.py (its tables,
migrations and SQLite settings), the only module that imports sqlalchemy.

Usage (the app, the CLI, `coach verdict --save`):

    from coach.store import Workspace

    with Workspace.open(settings) as ws:  # SQLite in settings.data_dir, or DATABASE_URL
        draft, version = ws.load_draft("acme")  # (None, 0) when there is no draft yet
        version = ws.save_draft("acme", draft, "added the buyer map", base_version=version)
        decision_id = ws.record_decision(result, program=icp.program)  # result: coach.decisions.decide(...)
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
from coach.decisions import DecisionResult
from coach.errors import InputError, StoreError
from coach.framework import CandidatePartner, Money, PartnerScore, ProgramDraft, Weights
from coach.partners.capability import PartnerProfile, key
from coach.records import (
    ATTRIBUTIONS,
    RESULTS,
    VERDICTS,
    Decision,
    DraftVersion,
    OutcomeReport,
    Scorecard,
    WeightReview,
    build_report,
    diff_drafts,
    finance_answer,
    notes_hash,
)
from coach.store_schema import (
    DATABASE_FILE,
    MIGRATIONS,
    SCHEMA_VERSION,
    connect,
    database_error,
    decisions_from_rows,
    draft_version_from_row,
    parse_time,
    read_schema_version,
    scorecard_from_row,
    upgrade,
)
from coach.store_schema import chats as _chats
from coach.store_schema import decisions as _decisions
from coach.store_schema import drafts as _drafts
from coach.store_schema import outcomes as _outcomes
from coach.store_schema import overrides as _overrides
from coach.store_schema import page_states as _page_states
from coach.store_schema import partner_profiles as _partner_profiles
from coach.store_schema import scorecards as _scorecards
from coach.store_schema import weight_reviews as _weight_reviews

BUSY_TIMEOUT_SECONDS = 10
# A documented outcome counts for the readiness check when it was recorded in the last quarter.
QUARTER = timedelta(days=90)

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
        engine, location = connect(settings, create=create, busy_timeout=BUSY_TIMEOUT_SECONDS)
        workspace = cls(engine, location, clock or (lambda: datetime.now(UTC)))
        try:
            workspace._migrate()
        except BaseException:
            engine.dispose()
            raise
        return workspace

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
        except sa.exc.DatabaseError as exc:  # OperationalError (busy, unreachable) included
            dialect, where = self._engine.dialect.name, self.location
            raise database_error(exc, dialect=dialect, location=where, busy_timeout=BUSY_TIMEOUT_SECONDS) from exc

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
            current = read_schema_version(conn, self.location)
        if current != SCHEMA_VERSION:
            with self._write() as conn:
                upgrade(conn, self.location, MIGRATIONS)

    def schema_version(self) -> int:
        """The schema version of the database."""
        with self._read() as conn:
            return read_schema_version(conn, self.location) or 0

    # --- drafts

    def save_draft(
        self,
        name: str,
        draft: ProgramDraft,
        note: str = "",
        *,
        base_version: int,
        chat: Sequence[dict[str, Any]] | None = None,
    ) -> int:
        """Save a new version of a draft on top of `base_version` (0 for a new draft); returns the new version.

        With `chat`, the conversation that goes with it is saved in the same transaction: both or neither.
        """
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
                        chat=json.dumps(list(chat)) if chat is not None else None,
                    )
                )
            except sa.exc.IntegrityError as exc:  # a session that got past the check at the same moment
                raise StoreError(
                    f"The draft {name!r} changed in another session (now version {current + 1}); reload it before "
                    "saving."
                ) from exc
            if chat is not None:
                self._replace_chat(conn, name, chat)
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
            columns = (_drafts.c.name, _drafts.c.version, _drafts.c.saved_at, _drafts.c.note, _drafts.c.changes)
            query = sa.select(*columns).where(_drafts.c.name == name).order_by(_drafts.c.version)  # not the chats
            rows = conn.execute(query).fetchall()
        return [draft_version_from_row(r) for r in rows]

    def list_drafts(self) -> dict[str, int]:
        """Each draft's name and its latest version."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(_drafts.c.name, sa.func.max(_drafts.c.version)).group_by(_drafts.c.name).order_by("name")
            ).fetchall()
        return {name: version for name, version in rows}

    def save_page_state(self, page: str, state: dict[str, Any]) -> None:
        """Keep what a page shows (its inputs and last result, JSON-ready), replacing what it kept before."""
        with self._write() as conn:
            conn.execute(_page_states.delete().where(_page_states.c.page == page))
            conn.execute(_page_states.insert().values(page=page, saved_at=self._now(), state=json.dumps(state)))

    def load_page_state(self, page: str) -> dict[str, Any] | None:
        """What a page kept; None when it kept nothing (or what it kept cannot be read)."""
        with self._read() as conn:
            row = conn.execute(sa.select(_page_states.c.state).where(_page_states.c.page == page)).first()
        try:
            state = json.loads(row.state) if row else None
        except ValueError:
            return None
        return state if isinstance(state, dict) else None

    def save_chat(self, name: str, entries: Sequence[dict[str, Any]]) -> None:
        """Keep the conversation that goes with a draft (its messages as JSON-ready dicts), replacing the last one."""
        with self._write() as conn:
            self._replace_chat(conn, name, entries)

    def _replace_chat(self, conn: sa.Connection, name: str, entries: Sequence[dict[str, Any]]) -> None:
        conn.execute(_chats.delete().where(_chats.c.name == name))
        conn.execute(_chats.insert().values(name=name, saved_at=self._now(), entries=json.dumps(list(entries))))

    def load_chat(self, name: str, version: int | None = None) -> list[dict[str, Any]]:
        """The conversation saved with a draft (or with one version of it); empty when there is none."""
        with self._read() as conn:
            if version is None:
                row = conn.execute(sa.select(_chats.c.entries).where(_chats.c.name == name)).first()
            else:
                row = conn.execute(
                    sa.select(_drafts.c.chat.label("entries")).where(
                        _drafts.c.name == name, _drafts.c.version == version
                    )
                ).first()
        try:
            entries = json.loads(row.entries) if row and row.entries else []
        except ValueError as exc:
            raise StoreError(
                f"The conversation saved with {name!r} could not be read; the draft itself is fine."
            ) from exc
        return [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []

    # --- decisions (append-only)

    def record_decision(
        self,
        result: DecisionResult,
        *,
        program: ProgramDraft | None = None,
        by: str | None = None,
    ) -> int:
        """Append a go / no-go decision with its audit record (the decision service's result); returns its id.

        Kept: the notes, the facts as read and as decided (a correction carries who made it), the verdict, the
        rules version, the extractor or model, the prompt hash (None offline: no prompt was sent), the chunk ids of
        the framework passages the verdict cites, the account and partner names, the ICP and its source.
        """
        facts, verdict = result.facts, result.verdict
        with self._write() as conn:
            inserted = conn.execute(
                _decisions.insert().values(
                    decided_at=self._now(),
                    account=facts.account,
                    partner=facts.partner,
                    notes=result.notes,
                    notes_sha256=notes_hash(result.notes),
                    facts=facts.model_dump_json(),
                    facts_read=result.read.model_dump_json(),
                    decided_by=_who(by),
                    notices=json.dumps(result.notices),
                    rejected=json.dumps(result.rejected),
                    corrections=json.dumps([c.model_dump() for c in result.corrections]),
                    program=program.model_dump_json() if program else None,
                    icp_source=result.icp_source,
                    rules_version=result.rules_version,
                    extractor=result.extractor,
                    prompt_hash=result.prompt_hash,
                    chunk_ids=json.dumps(result.chunk_ids),
                    verdict=verdict.verdict,
                    verdict_detail=verdict.model_dump_json(),
                )
            )
            return int(inserted.inserted_primary_key[0])

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
        return decisions_from_rows(rows, overrides, outcomes)

    def override(self, decision_id: int, verdict: str, reason: str, *, by: str | None = None) -> None:
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
                    decision_id=decision_id,
                    overridden_at=self._now(),
                    verdict=verdict,
                    reason=reason.strip(),
                    overridden_by=_who(by),
                )
            )

    def record_outcome(
        self,
        decision_id: int,
        *,
        result: str,
        cycle_days: int,
        partner_involved: bool | None = None,
        attribution: str | None = None,
        value: Money | None = None,
    ) -> None:
        """Record what happened to the deal, how it is attributed (sourced, co-sell, influenced or none) and its
        value; recording again corrects it, and the history is kept. Partner involvement follows from the
        attribution when only that is given; the two must agree when both are."""
        if result not in RESULTS:
            raise InputError(f"The result must be won, lost or stalled, not {result!r}.")
        if cycle_days < 0:
            raise InputError(f"Cycle days must be 0 or more, not {cycle_days}.")
        if attribution is not None and attribution not in ATTRIBUTIONS:
            raise InputError(f"The attribution must be sourced, co-sell, influenced or none, not {attribution!r}.")
        if attribution is None and partner_involved is None:
            raise InputError("Say how the deal is attributed (sourced, co-sell, influenced or none).")
        involved = attribution != "none" if attribution is not None else bool(partner_involved)
        if partner_involved is not None and partner_involved != involved:
            raise InputError(
                f"Attribution {attribution!r} and 'partner involved: {'yes' if partner_involved else 'no'}' disagree."
            )
        if value is not None and value.amount < 0:
            raise InputError(f"The deal's value must be 0 or more, not {value.amount:g}.")
        with self._write() as conn:
            self._require_decision(conn, decision_id)
            conn.execute(
                _outcomes.insert().values(
                    decision_id=decision_id,
                    recorded_at=self._now(),
                    result=result,
                    cycle_days=cycle_days,
                    partner_involved=involved,
                    attribution=attribution,
                    value_amount=value.amount if value else None,
                    value_currency=value.currency if value else None,
                    value_period=value.period if value else None,
                )
            )

    def finance_can_model_roi(self) -> Literal["yes", "unknown"]:
        """The readiness check's Finance question from the log: 'yes' once three or more deals a partner took part
        in carry an outcome with its attribution and value; else 'unknown' (the log alone cannot say no)."""
        return finance_answer(self.list_decisions())

    # --- outcomes for the readiness check and the report

    def documented_outcomes(self, since: datetime) -> int:
        """How many decisions have an outcome recorded at or after `since`."""
        with self._read() as conn:
            rows = conn.execute(sa.select(_outcomes.c.decision_id, _outcomes.c.recorded_at)).fetchall()
        # Compared as datetimes, not strings, so a clock in another offset cannot skew the count.
        return len({r.decision_id for r in rows if parse_time(r.recorded_at) >= since})

    def three_documented_outcomes(self, now: datetime | None = None) -> Literal["yes", "no"]:
        """The readiness answer from the log: 'yes' when 3+ decisions got an outcome in the last 90 days."""
        now = now or self._clock()
        return "yes" if self.documented_outcomes(now - QUARTER) >= 3 else "no"

    def outcome_report(self, rates: dict[str, float] | None = None) -> OutcomeReport:
        """Win rate and cycle time by final verdict, by each rule that fired, and by partner involvement."""
        return build_report(self.list_decisions(), rates)

    # --- partner scorecards

    def save_scorecard(
        self,
        name: str,
        scores: Sequence[PartnerScore],
        weights: Weights,
        capacity: int | None = None,
        candidates: Sequence[CandidatePartner] = (),
    ) -> int:
        """Save a scored partner list with the weights, onboarding capacity and candidates it used; returns its id."""
        with self._write() as conn:
            result = conn.execute(
                _scorecards.insert().values(
                    saved_at=self._now(),
                    name=name,
                    weights=weights.model_dump_json(),
                    capacity=capacity,
                    scores=json.dumps([s.model_dump(mode="json") for s in scores]),
                    candidates=json.dumps([c.model_dump(mode="json") for c in candidates]) if candidates else None,
                )
            )
            return int(result.inserted_primary_key[0])

    def list_scorecards(self) -> list[Scorecard]:
        """Every saved scorecard, newest first."""
        with self._read() as conn:
            rows = conn.execute(sa.select(_scorecards).order_by(_scorecards.c.id.desc())).fetchall()
        return [scorecard_from_row(r) for r in rows]

    def get_scorecard(self, scorecard_id: int) -> Scorecard:
        """One saved scorecard; InputError naming the command that lists them when there is none."""
        with self._read() as conn:
            row = conn.execute(sa.select(_scorecards).where(_scorecards.c.id == scorecard_id)).first()
        if row is None:
            raise InputError(f"There is no scorecard {scorecard_id}; `coach scorecards` lists them.")
        return scorecard_from_row(row)

    def record_weight_review(
        self,
        scorecard_id: int,
        suggested: Weights,
        decision: str,
        *,
        reason: str | None = None,
        by: str | None = None,
    ) -> int:
        """Keep what a person decided about a review's suggested weights (accepted or rejected); returns its id.
        Each decision is a new row: the history of a scorecard's weights is never overwritten."""
        if decision not in ("accepted", "rejected"):
            raise InputError(f"The decision must be accepted or rejected, not {decision!r}.")
        current = self.get_scorecard(scorecard_id).weights
        with self._write() as conn:
            result = conn.execute(
                _weight_reviews.insert().values(
                    scorecard_id=scorecard_id,
                    reviewed_at=self._now(),
                    current=current.model_dump_json(),
                    suggested=suggested.model_dump_json(),
                    decision=decision,
                    reason=(reason or "").strip() or None,
                    decided_by=_who(by),
                )
            )
            return int(result.inserted_primary_key[0])

    def list_weight_reviews(self, scorecard_id: int | None = None) -> list[WeightReview]:
        """Every review decision, oldest first (one scorecard's when given)."""
        query = sa.select(_weight_reviews).order_by(_weight_reviews.c.id)
        if scorecard_id is not None:
            query = query.where(_weight_reviews.c.scorecard_id == scorecard_id)
        with self._read() as conn:
            rows = conn.execute(query).fetchall()
        return [
            WeightReview(
                id=r.id,
                scorecard_id=r.scorecard_id,
                reviewed_at=parse_time(r.reviewed_at),
                current=Weights.model_validate_json(r.current),
                suggested=Weights.model_validate_json(r.suggested),
                decision=r.decision,
                reason=r.reason,
                by=r.decided_by,
            )
            for r in rows
        ]

    def reviewed_weights(self) -> Weights | None:
        """The weights of the latest accepted review, if any: what scoring uses once a review is accepted."""
        accepted = [r for r in self.list_weight_reviews() if r.decision == "accepted"]
        return accepted[-1].suggested if accepted else None

    # --- the partner capability map

    def save_partners(
        self, profiles: Sequence[PartnerProfile], *, replace: bool = False, by: str | None = None
    ) -> tuple[int, int]:
        """Add partners to the map in one transaction; returns (added, updated).

        A partner already in the map is updated only with `replace`; otherwise nothing is written and the
        error names it, so an import never half-lands and never silently overwrites what someone recorded.
        """
        with self._write() as conn:
            present = self._partner_keys(conn)
            clashes = [p.name for p in profiles if key(p.name) in present]
            if clashes and not replace:
                more = f" (and {len(clashes) - 1} more)" if len(clashes) > 1 else ""
                raise InputError(
                    f"{clashes[0]!r} is already in the capability map{more}; nothing was imported. "
                    "Use --replace to update them."
                )
            self._upsert_partners(conn, profiles, present, by)
        return len(profiles) - len(clashes), len(clashes)

    def replace_partners(self, profiles: Sequence[PartnerProfile], *, by: str | None = None) -> tuple[int, int, int]:
        """Make the map exactly `profiles` in one transaction (the app's table); returns (added, updated, removed)."""
        wanted = {key(p.name) for p in profiles}
        with self._write() as conn:
            present = self._partner_keys(conn)
            gone = present - wanted
            if gone:
                conn.execute(_partner_profiles.delete().where(_partner_profiles.c.key.in_(gone)))
            self._upsert_partners(conn, profiles, present, by)
        return len(wanted - present), len(wanted & present), len(gone)

    def _partner_keys(self, conn: sa.Connection) -> set[str]:
        return {r.key for r in conn.execute(sa.select(_partner_profiles.c.key))}

    def _upsert_partners(
        self, conn: sa.Connection, profiles: Sequence[PartnerProfile], present: set[str], by: str | None
    ) -> None:
        now, who = self._now(), _who(by)
        for profile in profiles:
            row = {"name": profile.name, "profile": profile.model_dump_json(), "updated_at": now, "updated_by": who}
            if key(profile.name) in present:
                conn.execute(
                    _partner_profiles.update().where(_partner_profiles.c.key == key(profile.name)).values(**row)
                )
            else:
                conn.execute(_partner_profiles.insert().values(key=key(profile.name), **row))

    def list_partners(self) -> list[PartnerProfile]:
        """The capability map, by name."""
        with self._read() as conn:
            rows = conn.execute(sa.select(_partner_profiles.c.profile).order_by(_partner_profiles.c.key)).fetchall()
        return [PartnerProfile.model_validate_json(r.profile) for r in rows]

    def remove_partner(self, name: str) -> bool:
        """Take one partner out of the map; False when it was not there."""
        with self._write() as conn:
            gone = conn.execute(_partner_profiles.delete().where(_partner_profiles.c.key == key(name)))
        return bool(gone.rowcount)


def saved_workspace(settings: Settings) -> Workspace | None:
    """The workspace, or None when nothing was ever saved (reading must not create one)."""
    if not settings.database_url and not (Path(settings.data_dir) / DATABASE_FILE).exists():
        return None
    return Workspace.open(settings, create=False)


def finance_can_model_roi(settings: Settings | None = None) -> Literal["yes", "unknown"]:
    """The readiness check's Finance answer from the decision log; 'unknown' when nothing was ever saved."""
    workspace = saved_workspace(settings or Settings.from_env())
    if workspace is None:
        return "unknown"
    with workspace:
        return workspace.finance_can_model_roi()


def three_documented_outcomes(now: datetime | None = None, settings: Settings | None = None) -> Literal["yes", "no"]:
    """The readiness answer from the decision log; 'no' when nothing was ever saved."""
    workspace = saved_workspace(settings or Settings.from_env())
    if workspace is None:
        return "no"
    with workspace:
        return workspace.three_documented_outcomes(now)


def _who(by: str | None) -> str | None:
    """A person's name as they gave it, trimmed to one line of at most 200 characters; None when not given."""
    name = " ".join((by or "").split())[:200]
    return name or None
