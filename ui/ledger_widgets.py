"""The entry form and the quick-edit grid of any ledger, both built from its LedgerSpec."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from data_access.ledger_store import GridChanges, RowEdit, StaleEdit, ValidationFailed
from data_access.ledgers import FieldError, LedgerField, LedgerSpec, form_default
from i18n import choice_label
from ui.context import lang, tr

# The newest rows a grid holds: a team's month of daily records fits; the whole round's rows would
# go to the browser at every run and are no way to correct one of them on a phone.
GRID_ROWS = 300


# ---------------------------------------------------------------- entry form


def _input(spec_field: LedgerField, default: Any, people: dict[int, str], key: str) -> Any:
    label = tr(spec_field.label_key) + (" *" if spec_field.required else "")
    widget = spec_field.widget
    if widget == "date":
        return st.date_input(label, value=default, key=key, format="YYYY-MM-DD")
    if widget == "textarea":
        return st.text_area(label, value=default or "", key=key, height=100)
    if widget == "int":
        return st.number_input(label, value=int(default or 0), min_value=0, step=1, key=key)
    if widget == "money":
        return st.number_input(label, value=float(default or 0), min_value=0.0, step=100.0, key=key)
    if widget == "choice":
        options = ([] if spec_field.required else [""]) + list(spec_field.options)
        index = options.index(default) if default in options else 0
        return st.selectbox(label, options, index=index, key=key, format_func=lambda c: choice_label(spec_field.choices, c, lang()) or "—")
    if widget == "person":
        options = list(people)
        index = options.index(default) if default in options else 0
        return st.selectbox(label, options, index=index, key=key, format_func=lambda p: people.get(p, ""))
    return st.text_input(label, value=default or "", key=key)


def ledger_form(spec: LedgerSpec, form_key: str, today: date, person_id: int | None, people: dict[int, str]) -> dict | None:
    """Draw the form; the values once submitted, else None. Required fields come first."""
    ordered = sorted(spec.fields, key=lambda f: not f.required)
    with st.form(form_key, clear_on_submit=False, border=True):
        values = {}
        for spec_field in ordered:
            default = form_default(spec_field, today, person_id)
            values[spec_field.name] = _input(spec_field, default, people, f"{form_key}_{spec_field.name}")
        submitted = st.form_submit_button(tr("ledger.save"), type="primary", width="stretch")
    return values if submitted else None


def field_error_text(error: FieldError) -> str:
    params = {k: tr(v) if isinstance(v, str) and v.startswith("field.") else v for k, v in error.params.items()}
    return f"{tr(f'field.{error.field}')}：{tr(error.key, **params)}"


def show_validation(failure: ValidationFailed) -> None:
    lines = []
    for label, errors in failure.errors.items():
        prefix = "" if label is None else tr("ledger.row_label", row=_row_name(label)) + " "
        lines.extend(prefix + field_error_text(e) for e in errors)
    st.error(tr("ledger.not_saved") + "\n\n" + "\n".join(f"- {line}" for line in lines))


def _row_name(label: Any) -> str:
    if isinstance(label, tuple) and label[0] == "new":
        return tr("ledger.new_row", n=label[1] + 1)
    return f"#{label}"


def show_stale(spec: LedgerSpec, stale: StaleEdit) -> None:
    """Both versions side by side, so the user can redo their change on the newer one."""
    st.error(tr("ledger.stale", row=stale.row_id))
    if stale.current is None:
        return
    names = [f.name for f in spec.fields if f.name in stale.attempted or stale.current.get(f.name) is not None]
    table = pd.DataFrame(
        {
            tr("ledger.stale_theirs"): [stale.current.get(n) for n in names],
            tr("ledger.stale_yours"): [stale.attempted.get(n, stale.current.get(n)) for n in names],
        },
        index=[tr(f"field.{n}") for n in names],
    ).astype(str)
    st.dataframe(table, width="stretch")


# ---------------------------------------------------------------- quick-edit grid


def _column_config(spec: LedgerSpec, editable: tuple[str, ...], people: dict[int, str]) -> dict:
    config: dict[str, Any] = {
        "id": st.column_config.NumberColumn("ID", disabled=True),
        "site_name": st.column_config.TextColumn(tr("field.site_name"), disabled=True),
    }
    for spec_field in spec.fields:
        label = tr(spec_field.label_key)
        disabled = spec_field.name not in editable
        required = spec_field.required
        if spec_field.widget == "date":
            config[spec_field.name] = st.column_config.DateColumn(label, disabled=disabled, required=required, format="YYYY-MM-DD")
        elif spec_field.widget in ("int", "money"):
            config[spec_field.name] = st.column_config.NumberColumn(label, disabled=disabled, min_value=0)
        elif spec_field.widget == "choice":
            options = [choice_label(spec_field.choices, c, lang()) for c in spec_field.options]
            config[spec_field.name] = st.column_config.SelectboxColumn(label, options=options, disabled=disabled, required=required)
        elif spec_field.widget == "person":
            config[spec_field.name] = st.column_config.SelectboxColumn(
                label, options=list(people.values()), disabled=disabled, required=required
            )
        else:
            config[spec_field.name] = st.column_config.TextColumn(
                label, disabled=disabled, required=required, max_chars=spec_field.max_length
            )
    return config


def _to_display(spec: LedgerSpec, rows: pd.DataFrame, people: dict[int, str]) -> pd.DataFrame:
    # Positions, not ids, tie a grid row to its row (grid_changes): a plain index the grid hides,
    # where an id index would show as a column a new row must fill in.
    shown = rows[["id", "site_name"] + [f.name for f in spec.fields]].reset_index(drop=True)
    for spec_field in spec.fields:
        column = shown[spec_field.name]
        if spec_field.widget == "choice":
            shown[spec_field.name] = column.map(lambda c, s=spec_field.choices: choice_label(s, c, lang()) or None)
        elif spec_field.widget == "person":
            shown[spec_field.name] = column.map(lambda p: people.get(p))
        elif spec_field.widget == "date":
            shown[spec_field.name] = pd.to_datetime(column).dt.date
    return shown


def _from_display(spec: LedgerSpec, values: dict[str, Any], people: dict[int, str]) -> dict[str, Any]:
    """Grid values back to codes: labels to choice codes, names to person ids."""
    result = {}
    for name, value in values.items():
        if name not in {f.name for f in spec.fields}:
            continue
        spec_field = spec.field(name)
        if spec_field.widget == "choice" and value is not None:
            codes = {choice_label(spec_field.choices, c, lang()): c for c in spec_field.options}
            value = codes.get(value, value)
        elif spec_field.widget == "person" and value is not None:
            value = {v: k for k, v in people.items()}.get(value, value)
        elif isinstance(value, pd.Timestamp):
            value = value.date()
        result[name] = value
    return result


def _shown_rows(spec: LedgerSpec, rows: pd.DataFrame, people: dict[int, str], key: str) -> pd.DataFrame:
    """The grid's rows as displayed, made once for the grid (``key``) and language: the rows stay
    frozen until saved, and relabelling a few hundred of them at every run cost more than the grid."""
    made_for = (key, lang(), tuple(people.items()))
    kept = st.session_state.get("grid_shown")
    if kept is None or kept[0] != made_for:
        kept = st.session_state["grid_shown"] = (made_for, _to_display(spec, rows, people))
    return kept[1]  # st.data_editor edits a copy of it


def ledger_grid(spec: LedgerSpec, rows: pd.DataFrame, editable: tuple[str, ...], people: dict[int, str], key: str, can_add: bool) -> None:
    """Draw the grid; its pending edits stay in session state under ``key`` until saved."""
    st.data_editor(
        _shown_rows(spec, rows, people, key),
        column_config=_column_config(spec, editable, people),
        hide_index=True,
        num_rows="dynamic" if can_add else "fixed",
        key=key,
        width="stretch",
        placeholder="",  # an empty cell to type into, not the word "None"
    )


def grid_changes(spec: LedgerSpec, rows: pd.DataFrame, key: str, team_id: int | None, people: dict[int, str]) -> GridChanges:
    """The grid's edits, matched to rows by their id (the data_editor reports positions)."""
    state = st.session_state.get(key, {})
    ids = rows["id"].tolist()
    versions = dict(zip(rows["id"], rows["version"]))
    edited = tuple(
        RowEdit(int(ids[pos]), int(versions[ids[pos]]), _from_display(spec, values, people))
        for pos, values in state.get("edited_rows", {}).items()
    )
    added = tuple((team_id, _from_display(spec, values, people)) for values in state.get("added_rows", []) if team_id)
    deleted = tuple((int(ids[pos]), int(versions[ids[pos]])) for pos in state.get("deleted_rows", []))
    return GridChanges(edited=edited, added=added, deleted=deleted)
