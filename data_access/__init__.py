"""Models, engine and sessions, figures, import and export. Never imports streamlit."""
