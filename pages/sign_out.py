"""The navigation's sign-out entry: this session's sign-in and the user's other sessions end here."""

import streamlit as st

from ui.navigation import PAGES
from ui.session import sign_out

sign_out()
# To the app's address, not this page again: signing in next time must not sign out at once.
st.switch_page(PAGES[0].path)
