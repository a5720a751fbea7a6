"""Partner ICP Coach in the browser. UI only: every decision is made in coach/, the pages only show it.

Run it with `make app` (or `streamlit run app.py`). Each page lives in pages/ and ends with
`ui.extractor_banner()`, so every page says which extractor is in use; pages/ui.py holds the helpers
they share. Heavy libraries load when a page first needs them.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

# The icon is a local file (found from this file, wherever the app is started): nothing is fetched from a font or
# emoji CDN while the app renders.
st.set_page_config(
    page_title="Partner ICP Coach", page_icon=str(Path(__file__).parent / "pages" / "icon.png"), layout="wide"
)


def login_configured() -> bool:
    """An identity provider is set up in .streamlit/secrets.toml ([auth]): then every page is behind login."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all (streamlit's own error is a FileNotFoundError)
        return False


if login_configured() and not getattr(st.user, "is_logged_in", False):
    st.title("Partner ICP Coach")
    st.write("Sign in to use the coach: your decisions, overrides and corrections are kept under your name.")
    st.button("Log in", on_click=st.login, type="primary")
    st.stop()

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
