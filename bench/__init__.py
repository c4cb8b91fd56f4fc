"""``manage.py bench``: page, figure and Excel timings of one database, written to docs/benchmarks.md.

Outside ``data_access`` because it drives the Streamlit app (AppTest).
"""
