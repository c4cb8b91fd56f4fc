"""The navigation's language entry: the other language, then back to the page the user came from."""

import streamlit as st

from ui.context import other_language
from ui.navigation import PAGES

st.session_state["lang"] = other_language()
st.switch_page(st.session_state.get("back_to", PAGES[0].path))
