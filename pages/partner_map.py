"""Partner map: what each partner can do (industries, regions, buyer relationships, proof, metrics), kept in the
workspace. Import a CSV, edit it here, export it; the Go / no-go page ranks it for a deal."""

from __future__ import annotations

import streamlit as st

from coach.errors import InputError
from coach.partners.capability import (
    MAP_COLUMNS,
    cells_of,
    key,
    map_csv,
    map_json,
    profile_from_cells,
    read_map,
    template_csv,
)
from pages.ui import (
    as_text,
    attempt,
    extractor_banner,
    header_of,
    name_field,
    pick_columns,
    uploaded_text,
    who,
    workspace,
)


def stored() -> list:
    with workspace() as ws:
        return ws.list_partners()


def save(profiles: list, *, replace: bool) -> tuple[int, int]:
    with workspace() as ws:
        return ws.save_partners(profiles, replace=replace, by=who())


def edited_profiles(rows: list[dict]) -> list:
    """The edited table back into profiles; a bad cell is one line naming the row and the column."""
    from pydantic import ValidationError

    profiles, seen = [], {}
    for number, row in enumerate(rows, start=1):
        cells = {c: str(row.get(c) or "") for c in MAP_COLUMNS}
        if not any(v.strip() for v in cells.values()):
            continue
        try:
            profile = profile_from_cells(cells)
        except (ValueError, ValidationError) as err:
            column = next((c for c in ("motions", "relationships", "proof") if _bad(cells, c)), "name")
            reason = err.errors()[0]["msg"] if isinstance(err, ValidationError) else str(err)
            raise InputError(f"Row {number}, column '{column}': {reason.removeprefix('Value error, ')}.") from None
        if key(profile.name) in seen:
            raise InputError(
                f"Row {number}, column 'name': {profile.name!r} is already on row {seen[key(profile.name)]}."
            )
        seen[key(profile.name)] = number
        profiles.append(profile)
    return profiles


def _bad(cells: dict[str, str], column: str) -> bool:
    from pydantic import ValidationError

    try:
        profile_from_cells({"name": "x", column: cells[column]})
    except (ValueError, ValidationError):
        return True
    return False


def _same_name(ours: str, options: list[str]) -> int:
    return next((j for j, c in enumerate(options) if c.lower() == ours), 0)


st.title("Partner map")
st.caption(
    "What each partner can do, as data: its motions, industries, regions, competencies, buyer relationships "
    "(account / person or role / since / strong, medium, weak or lapsed), referenceable proof (text / named or "
    "unnamed) and the buyer metrics it speaks to. Lists take ';'. The Go / no-go page ranks this map for a deal."
)
if flash := st.session_state.pop("map_flash", None):
    st.success(flash)  # what the last save did, shown after the page reloaded the stored map
profiles = attempt(stored, "The partner map could not be read")
if profiles is None:
    st.stop()

with st.expander("Import partners from a CSV", expanded=not profiles):
    st.download_button("Download the CSV template", template_csv(), "partner-map.csv", "text/csv")
    upload = st.file_uploader("Partner map (CSV: our template, or an export)", type=["csv"], key="map_upload")
    text = uploaded_text(upload) if upload is not None else None
    if text is not None:
        columns = header_of(text)
        mapping = None
        if not {c.lower() for c in columns} <= set(MAP_COLUMNS):
            st.info("These columns are not our template: say which of your columns holds each of ours.")
            mapping = pick_columns(columns, MAP_COLUMNS, _same_name, "mapcol")
            if mapping is None:
                st.stop()
        replace = st.checkbox("Update partners the map already holds", key="map_replace")
        if st.button("Import", type="primary"):
            read = attempt(lambda: read_map(text, mapping), f"{as_text(upload.name)} could not be imported")
            if read is not None:
                done = attempt(lambda: save(read, replace=replace), "The partners could not be saved")
                if done is not None:
                    st.session_state.map_flash = f"Imported: {done[0]} added, {done[1]} updated."
                    st.rerun()

    def recruited() -> list:
        with workspace() as ws:
            return ws.list_scorecards()

    cards = attempt(recruited, "The saved scorecards could not be read") or []
    if cards:
        labels = {f"#{c.id} {c.name}, {c.saved_at:%Y-%m-%d %H:%M}": c for c in cards}
        card = labels[st.selectbox("Or add the recruited partners of a saved scorecard", list(labels))]
        if st.button("Add the recruited partners"):
            from coach.partners.capability import PartnerProfile

            recruits = [
                PartnerProfile(name=s.name, motions=[s.motion], notes=f"recruited in scorecard {card.id}")
                for s in card.scores
                if s.decision == "recruit"
            ]
            if not recruits:
                st.error(f"Scorecard {card.id} recruited no partner; nothing to add.")
            else:
                done = attempt(lambda: save(recruits, replace=False), "The partners could not be added")
                if done is not None:
                    st.session_state.map_flash = f"Added {done[0]} recruited partners."
                    st.rerun()

st.subheader(f"The map ({len(profiles)} partners)")
if not profiles:
    st.caption("Empty: import a CSV above, or add a row to the table and save.")
rows = [cells_of(p) for p in profiles]
edited = st.data_editor(
    rows or [dict.fromkeys(MAP_COLUMNS, "")],
    num_rows="dynamic",
    width="stretch",
    hide_index=True,
    column_order=list(MAP_COLUMNS),
    key="map_editor",
)
if st.button("Save changes"):
    new = attempt(lambda: edited_profiles(list(edited)), "The table has a bad cell; nothing was saved")
    if new is not None:

        def store() -> tuple[int, int, int]:
            with workspace() as ws:
                return ws.replace_partners(new, by=who())

        done = attempt(store, "The map could not be saved")
        if done is not None:
            st.session_state.map_flash = f"Saved: {done[0]} added, {done[1]} updated, {done[2]} removed."
            st.session_state.pop("map_editor", None)  # the table starts again from what is stored
            st.rerun()
if profiles:
    left, right = st.columns(2)
    left.download_button("Download the map (CSV)", map_csv(profiles), "partner-map.csv", "text/csv")
    right.download_button("Download the map (JSON)", map_json(profiles), "partner-map.json", "application/json")

extractor_banner()
name_field()
