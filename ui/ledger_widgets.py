"""The entry form and the quick-edit grid of any ledger, both built from its LedgerSpec.

Each field type names its form widget and grid column (``data_access.ledgers.FIELD_TYPES``);
``INPUTS`` and ``COLUMNS`` turn those names into Streamlit calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


People = dict[int, str]  # a team's people: id -> name


def _date_input(label: str, spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    return st.date_input(label, value=default, key=key, format="YYYY-MM-DD")


def _text_input(label: str, spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    return st.text_input(label, value=default or "", key=key)


def _text_area(label: str, spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    return st.text_area(label, value=default or "", key=key, height=100)


def _whole_input(label: str, spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    return st.number_input(label, value=int(default or 0), min_value=0, max_value=spec_field.type.max_value, step=1, key=key)


def _money_input(label: str, spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    return st.number_input(label, value=float(default or 0), min_value=0.0, max_value=float(spec_field.type.max_value), step=100.0, key=key)


def _choice_input(label: str, spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    options = ([] if spec_field.required else [""]) + list(spec_field.options)
    index = options.index(default) if default in options else 0
    return st.selectbox(label, options, index=index, key=key, format_func=lambda c: choice_label(spec_field.choices, c, lang()) or "—")


def _person_input(label: str, spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    options = list(people)
    index = options.index(default) if default in options else 0
    return st.selectbox(label, options, index=index, key=key, format_func=lambda p: people.get(p, ""))


def _checkbox(label: str, spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    return st.checkbox(label, value=bool(default), key=key)


# FieldType.input -> the form widget: (label, field, default, people, key) -> the value entered
INPUTS: dict[str, Callable[[str, LedgerField, Any, People, str], Any]] = {
    "date": _date_input,
    "text": _text_input,
    "textarea": _text_area,
    "whole": _whole_input,
    "money": _money_input,
    "choice": _choice_input,
    "person": _person_input,
    "checkbox": _checkbox,
}


def _input(spec_field: LedgerField, default: Any, people: People, key: str) -> Any:
    label = tr(spec_field.label_key) + (" *" if spec_field.required else "")
    return INPUTS[spec_field.type.input](label, spec_field, default, people, key)


def ledger_form(spec: LedgerSpec, form_key: str, today: date, person_id: int | None, people: People) -> dict | None:
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
    return tr("ledger.field_error", field=tr(f"field.{error.field}"), error=tr(error.key, **params))


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


def _same(value: Any, spec_field: LedgerField, people: People) -> Any:
    return value


def _day(value: Any, spec_field: LedgerField, people: People) -> Any:
    return value.date() if isinstance(value, pd.Timestamp) else value


def _choice_code(label: Any, spec_field: LedgerField, people: People) -> Any:
    return {choice_label(spec_field.choices, c, lang()): c for c in spec_field.options}.get(label, label)


def _person_id(name: Any, spec_field: LedgerField, people: People) -> Any:
    return {v: k for k, v in people.items()}.get(name, name)


@dataclass(frozen=True)
class _GridColumn:
    """One kind of grid column: its st.column_config, and how a stored value is shown in it and back."""

    config: Callable[[str, LedgerField, bool, People], Any]  # (label, field, disabled, people)
    shown: Callable[[pd.Series, LedgerField, People], pd.Series] | None = None  # stored values -> cells
    stored: Callable[[Any, LedgerField, People], Any] = _same  # an edited cell -> the value to store


# FieldType.column -> the grid column
COLUMNS: dict[str, _GridColumn] = {
    "date": _GridColumn(
        lambda label, f, disabled, people: st.column_config.DateColumn(label, disabled=disabled, required=f.required, format="YYYY-MM-DD"),
        shown=lambda column, f, people: pd.to_datetime(column).dt.date,
        stored=_day,
    ),
    "number": _GridColumn(
        lambda label, f, disabled, people: st.column_config.NumberColumn(label, disabled=disabled, min_value=0, max_value=f.type.max_value)
    ),
    "choice": _GridColumn(
        lambda label, f, disabled, people: st.column_config.SelectboxColumn(
            label, options=[choice_label(f.choices, c, lang()) for c in f.options], disabled=disabled, required=f.required
        ),
        shown=lambda column, f, people: column.map(lambda c: choice_label(f.choices, c, lang()) or None),
        stored=_choice_code,
    ),
    "person": _GridColumn(
        lambda label, f, disabled, people: st.column_config.SelectboxColumn(
            label, options=list(people.values()), disabled=disabled, required=f.required
        ),
        shown=lambda column, f, people: column.map(people.get),
        stored=_person_id,
    ),
    "text": _GridColumn(
        lambda label, f, disabled, people: st.column_config.TextColumn(
            label, disabled=disabled, required=f.required, max_chars=f.max_length
        )
    ),
    "checkbox": _GridColumn(lambda label, f, disabled, people: st.column_config.CheckboxColumn(label, disabled=disabled)),
}


def _column_config(spec: LedgerSpec, editable: tuple[str, ...], people: People) -> dict:
    config: dict[str, Any] = {
        "id": st.column_config.NumberColumn("ID", disabled=True),
        "site_name": st.column_config.TextColumn(tr("field.site_name"), disabled=True),
    }
    for spec_field in spec.fields:
        column = COLUMNS[spec_field.type.column]
        config[spec_field.name] = column.config(tr(spec_field.label_key), spec_field, spec_field.name not in editable, people)
    return config


def _to_display(spec: LedgerSpec, rows: pd.DataFrame, people: People) -> pd.DataFrame:
    # Positions, not ids, tie a grid row to its row (grid_changes): a plain index the grid hides,
    # where an id index would show as a column a new row must fill in.
    shown = rows[["id", "site_name"] + [f.name for f in spec.fields]].reset_index(drop=True)
    for spec_field in spec.fields:
        show = COLUMNS[spec_field.type.column].shown
        if show is not None:
            shown[spec_field.name] = show(shown[spec_field.name], spec_field, people)
    return shown


def _from_display(spec: LedgerSpec, values: dict[str, Any], people: People) -> dict[str, Any]:
    """Grid values back to what is stored: labels to choice codes, names to person ids."""
    fields = {f.name: f for f in spec.fields}
    return {name: COLUMNS[fields[name].type.column].stored(value, fields[name], people) for name, value in values.items() if name in fields}


def _shown_rows(spec: LedgerSpec, rows: pd.DataFrame, people: People, key: str) -> pd.DataFrame:
    """The grid's rows as displayed, made once for the grid (``key``) and language: the rows stay
    frozen until saved, and relabelling a few hundred of them at every run cost more than the grid."""
    made_for = (key, lang(), tuple(people.items()))
    kept = st.session_state.get("grid_shown")
    if kept is None or kept[0] != made_for:
        kept = st.session_state["grid_shown"] = (made_for, _to_display(spec, rows, people))
    return kept[1]  # st.data_editor edits a copy of it


def grid_column_order(spec: LedgerSpec, editable: tuple[str, ...], *, several_teams: bool, with_ids: bool) -> list[str]:
    """The grid's columns left to right: the team when it holds several, then the fields the user
    may change (required ones first), then those they may only read, the row id last if at all."""
    ranked = sorted(spec.fields, key=lambda f: (f.name not in editable, not f.required))
    return (["site_name"] if several_teams else []) + [f.name for f in ranked] + (["id"] if with_ids else [])


def ledger_grid(
    spec: LedgerSpec, rows: pd.DataFrame, editable: tuple[str, ...], people: People, key: str, can_add: bool, columns: list[str]
) -> None:
    """Draw the grid with ``columns`` in that order; its pending edits stay in session state under
    ``key`` until saved."""
    st.data_editor(
        _shown_rows(spec, rows, people, key),
        column_config=_column_config(spec, editable, people),
        column_order=columns,
        hide_index=True,
        num_rows="dynamic" if can_add else "fixed",
        key=key,
        width="stretch",
        placeholder="",  # an empty cell to type into, not the word "None"
    )


def grid_changes(spec: LedgerSpec, rows: pd.DataFrame, key: str, team_id: int | None, people: People) -> GridChanges:
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
