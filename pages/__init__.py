"""The app's pages: one Streamlit script each (run by st.navigation, never imported)."""
