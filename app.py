"""Partner ICP Coach in the browser. UI only: every decision is made in coach/, the pages only show it.

Run it with `make app` (or `streamlit run app.py`). Each page lives in pages/ and ends with
`ui.extractor_banner()`, so every page says which extractor is in use; pages/ui.py holds the helpers
they share. Heavy libraries load when a page first needs them.
"""

from __future__ import annotations

import streamlit as st

# The icon is a local file: nothing is fetched from a font or emoji CDN while the app renders.
st.set_page_config(page_title="Partner ICP Coach", page_icon="pages/icon.png", layout="wide")

navigation = st.navigation(
    [
        st.Page("pages/coach.py", title="Coach", icon=":material/forum:", default=True),
        st.Page("pages/verdict.py", title="Go / no-go", icon=":material/rule:"),
        st.Page("pages/partners.py", title="Recruit partners", icon=":material/group_add:"),
        st.Page("pages/partner_map.py", title="Partner map", icon=":material/hub:"),
        st.Page("pages/alignment.py", title="ICP alignment", icon=":material/join_inner:"),
        st.Page("pages/knowledge.py", title="Knowledge", icon=":material/menu_book:"),
        st.Page("pages/export.py", title="Export", icon=":material/download:"),
        st.Page("pages/decisions.py", title="Decision log", icon=":material/history:"),
    ]
)

navigation.run()
