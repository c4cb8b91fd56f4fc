"""The floor of the load benchmark: an empty Streamlit page, under the same load as the app."""

import streamlit as st

st.write("")
