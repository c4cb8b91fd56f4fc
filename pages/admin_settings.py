"""Thresholds behind the colours, lights and rankings, set by the office."""

import streamlit as st

from data_access import admin
from data_access.settings import DEFAULTS, SettingError
from ui.context import actor, engine, tr
from ui.data import lookup

st.header(tr("page.admin_settings"))
st.caption(tr("threshold.intro"))
current = lookup(admin.read_settings)
with st.form("settings"):
    values = {}
    for key, default in DEFAULTS.items():
        if isinstance(default, float):
            values[key] = st.number_input(
                tr(f"settings.label.{key}"), value=float(current[key]), min_value=0.0, max_value=1.0, step=0.05, format="%.2f"
            )
        else:
            values[key] = st.number_input(tr(f"settings.label.{key}"), value=int(current[key]), min_value=0, step=1)
    submitted = st.form_submit_button(tr("ledger.save"), type="primary")
if submitted:
    try:
        admin.save_settings(engine(), actor(), values)
    except SettingError as refused:
        st.error(tr(refused.key, **refused.params))
    else:
        st.success(tr("threshold.saved"))
