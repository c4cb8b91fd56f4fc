"""The office sets up rounds, sites, people, teams (with rotation) and user accounts."""

from datetime import date

import pandas as pd
import streamlit as st

from data_access import admin, org
from data_access.choices import MEMBER_CHOICES
from data_access.ledger_store import ValidationFailed
from data_access.permissions import PermissionDenied
from i18n import CATALOGUE
from ui.context import actor, engine, tr
from ui.data import lookup
from ui.filters import current_round, round_team_labels
from ui.ledger_widgets import show_validation
from ui.widgets import as_text, choice_grid_columns, coded, lazy_tabs, localise, searched

st.header(tr("page.admin_org"))
me = actor()


def _clean(value):
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def column_label(table: str, column: str) -> str:
    """A column's header in a table's grid: specific to the table where a word alone is vague
    (a round's name is not a person's)."""
    specific = f"admin.col.{table}.{column}"
    return tr(specific) if specific in CATALOGUE else tr(f"admin.col.{column}")


def _grid_tab(table: str) -> None:
    rows = searched(lookup(admin.admin_rows, me, table), f"admin_{table}_search")
    # A new search shows other rows: the grid starts afresh (its edits are kept by position).
    search = st.session_state.get(f"admin_{table}_search", "")
    key = f"admin_{table}_{st.session_state.get(f'admin_{table}_epoch', 0)}_{search}"
    config = {"id": None}  # the grid matches edits by it; a reader has no use for it
    config |= {c: st.column_config.Column(column_label(table, c)) for c in rows.columns if c != "id"}
    shown, choice_config = choice_grid_columns(rows, admin.CHOICE_COLUMNS.get(table, {}))
    config |= {column: {**choice, "label": column_label(table, column)} for column, choice in choice_config.items()}
    st.data_editor(shown, column_config=config, hide_index=True, num_rows="dynamic", key=key, width="stretch", placeholder="")
    if st.button(tr("grid.save"), key=f"save_{table}", type="primary"):
        state = st.session_state.get(key, {})
        ids = rows["id"].tolist()
        choices = admin.CHOICE_COLUMNS.get(table, {})
        edited = {
            int(ids[pos]): coded({k: _clean(v) for k, v in values.items()}, choices) for pos, values in state.get("edited_rows", {}).items()
        }
        added = [coded({k: _clean(v) for k, v in values.items()}, choices) for values in state.get("added_rows", [])]
        try:
            admin.save_admin_rows(engine(), me, table, edited, added)
        except ValidationFailed as failure:
            show_validation(failure)
        except PermissionDenied as denied:
            st.error(tr(denied.key))
        else:
            st.session_state[f"admin_{table}_epoch"] = st.session_state.get(f"admin_{table}_epoch", 0) + 1
            st.toast(tr("grid.saved", n=len(edited) + len(added)))
            st.rerun()


def _teams_tab() -> None:
    the_round = current_round()
    if the_round is None:
        st.info(tr("filter.no_round"))
        return
    teams = lookup(org.teams, the_round.id)
    st.dataframe(
        teams[["seq", "site_name", "district_name", "leader_name", "liaison_name", "members"]].rename(
            columns=lambda c: tr(f"admin.col.{c}")
        ),
        hide_index=True,
        width="stretch",
    )
    people = lookup(admin.admin_rows, me, "person")
    _new_team_form(the_round, teams, people)
    labels = round_team_labels(the_round.id)
    if not labels:
        return
    team_id = st.selectbox(tr("filter.team"), list(labels), format_func=labels.get, key="admin_team")
    members = lookup(org.team_members, me, team_id)
    st.dataframe(
        localise(members[["name", "role", "origin", "local_org", "joined_on", "left_on"]], MEMBER_CHOICES).rename(
            columns={tr("field.name"): tr("admin.col.person.name")}
        ),
        hide_index=True,
        width="stretch",
        placeholder="—",
    )
    _add_member_form(team_id, the_round, people)
    current = members[members["left_on"].isna()]
    if current.empty:
        return
    with st.form("rotate"):
        st.subheader(tr("admin.rotate"))
        who = st.selectbox(
            tr("admin.rotate_who"), current["membership_id"].tolist(), format_func=dict(zip(current["membership_id"], current["name"])).get
        )
        to_team = st.selectbox(
            tr("admin.rotate_to"), [None, *labels], format_func=lambda t: tr("admin.rotate_out") if t is None else labels[t]
        )
        on = st.date_input(tr("admin.rotate_on"), value=min(date.today(), the_round.end_date))
        if st.form_submit_button(tr("admin.rotate_submit")):
            org.rotate_member(engine(), me, int(who), to_team, on)
            st.toast(tr("admin.rotated"))
            st.rerun()


def _new_team_form(the_round, teams: pd.DataFrame, people: pd.DataFrame) -> None:
    sites = lookup(admin.admin_rows, me, "site")
    free = sites[~sites["name"].isin(teams["site_name"])]
    leader_rows = people[people["is_leader"]]
    leaders = dict(zip(leader_rows["id"], leader_rows["name"]))
    with st.expander(tr("admin.new_team")), st.form("new_team"):
        site_id = st.selectbox(tr("admin.col.site_name"), free["id"].tolist(), format_func=dict(zip(free["id"], free["name"])).get)
        seq = st.number_input(tr("admin.col.seq"), min_value=1, value=len(teams) + 1, step=1)
        liaison = st.selectbox(tr("admin.col.liaison_name"), [None, *leaders], format_func=lambda p: "—" if p is None else leaders[p])
        if st.form_submit_button(tr("admin.new_team_submit")) and site_id is not None:
            admin.create_team(engine(), me, the_round.id, int(site_id), int(seq), liaison)
            st.rerun()


def _add_member_form(team_id: int, the_round, people: pd.DataFrame) -> None:
    with st.expander(tr("admin.add_member")):
        people = searched(people, "admin_member_search")
        with st.form("add_member"):
            _member_fields(team_id, the_round, people)


def _member_fields(team_id: int, the_round, people: pd.DataFrame) -> None:
    person = st.selectbox(tr("admin.col.person.name"), people["id"].tolist(), format_func=dict(zip(people["id"], people["name"])).get)
    role = st.selectbox(tr("admin.col.role"), ["member", "leader"], format_func=lambda r: tr(f"choice.member_role.{r}"))
    joined = st.date_input(tr("admin.col.joined_on"), value=the_round.start_date)
    if st.form_submit_button(tr("admin.add_member_submit")) and person is not None:
        org.add_member(engine(), me, team_id, int(person), role, joined)
        st.rerun()


def _users_tab() -> None:
    users = admin.users(engine(), me)  # not cached: a lockout by failed sign-ins writes no audit row
    shown = users.drop(columns="id").assign(role=users["role"].map(lambda r: tr(f"choice.user_role.{r}")))
    st.dataframe(shown.rename(columns=lambda c: tr(f"admin.col.{c}")), hide_index=True, width="stretch", placeholder="—")
    with st.form("add_user", clear_on_submit=True):
        st.subheader(tr("admin.add_user"))
        username = st.text_input(tr("login.username"))
        display_name = st.text_input(tr("admin.col.display_name"))
        password = st.text_input(tr("login.password"), type="password")
        role = st.selectbox(
            tr("admin.col.role"), ["office", "leadership", "member", "discipline"], format_func=lambda r: tr(f"choice.user_role.{r}")
        )
        the_round = current_round()
        team_labels = round_team_labels(the_round.id) if the_round else {}
        team_id = st.selectbox(tr("filter.team"), [None, *team_labels], format_func=lambda t: "—" if t is None else team_labels[t])
        if st.form_submit_button(tr("admin.add_user_submit"), type="primary"):
            try:
                admin.add_user(engine(), me, username, password, role, display_name, team_id, None)
            except ValidationFailed as failure:
                show_validation(failure)
            else:
                st.toast(tr("admin.user_added", name=as_text(username)))
                st.rerun()
    labels = dict(zip(users["id"], users["username"]))
    if not labels:
        return
    user_id = st.selectbox(tr("admin.pick_user"), list(labels), format_func=labels.get, key="admin_user")
    chosen = users[users["id"] == user_id].iloc[0]
    left, middle, right = st.columns(3)
    if left.button(tr("admin.enable") if chosen["disabled"] else tr("admin.disable"), width="stretch"):
        admin.set_disabled(engine(), me, int(user_id), not bool(chosen["disabled"]))
        st.rerun()
    if middle.button(tr("admin.unlock"), width="stretch"):
        admin.unlock(engine(), me, int(user_id))
        st.rerun()
    with right.popover(tr("admin.reset_password"), width="stretch"):
        new_password = st.text_input(tr("admin.new_password"), type="password", key="reset_pw")
        if st.button(tr("admin.reset_password_submit")):
            try:
                admin.change_password(engine(), me, int(user_id), new_password)
            except ValidationFailed as failure:
                show_validation(failure)
            else:
                st.toast(tr("admin.password_reset"))


TABS = (
    ("admin.tab.rounds", lambda: _grid_tab("round")),
    ("admin.tab.sites", lambda: _grid_tab("site")),
    ("admin.tab.people", lambda: _grid_tab("person")),
    ("admin.tab.teams", _teams_tab),
    ("admin.tab.users", _users_tab),
)
lazy_tabs("admin_tab", TABS)
