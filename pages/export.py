"""Export: the program draft as a one-page Markdown brief and as JSON."""

from __future__ import annotations

import streamlit as st

from coach.coaching import export_json, one_pager
from coach.framework import ProgramDraft
from pages.ui import coach_session, extractor_banner

st.title("Export")
st.caption(
    "The ICP one-pager from the Coach page's draft. The JSON reads back into `coach verdict --icp` and Go / no-go."
)
draft = coach_session().draft
if draft == ProgramDraft():
    st.info("Nothing to export yet: describe your program on the Coach page, and the one-pager fills in as you go.")
else:
    page = one_pager(draft)
    left, right = st.columns(2)
    left.download_button("Download the one-pager (Markdown)", page, "partner-icp-one-pager.md", "text/markdown")
    right.download_button("Download the draft (JSON)", export_json(draft), "partner-icp-draft.json", "application/json")
    with st.container(border=True):
        st.markdown(page)

extractor_banner()
