"""Round, district, team and as-of filters, drawn in the sidebar by app.py.

A page gets the filters it reads (``ui.navigation.PAGES``), no others: a box that changes nothing
on the page in view would mislead, and each box costs a share of every run. The boxes keep their
choice for the session even on pages that do not draw them, so it stays put while the user moves
from page to page; every page reads it through ``current_scope()``.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from data_access import org
from data_access.permissions import readable_team_ids
from data_access.scope import Scope
from ui.context import actor, engine, tr
from ui.data import lookup, view

ALL = "__all__"
ROUND, DISTRICTS, TEAM, AS_OF = "round", "districts", "team", "as_of"
NONE: frozenset[str] = frozenset()
ROUND_ONLY = frozenset({ROUND})
WHOLE_ROUND = frozenset({ROUND, DISTRICTS, AS_OF})  # the districts' teams, all of them
EVERY = frozenset({ROUND, DISTRICTS, TEAM, AS_OF})
TEAM_ROWS = EVERY - {AS_OF}  # a team's ledger rows, by dates of their own: no statistics "as of" a day
# Above this many teams (a province, the country) the team box waits for a district: a list of
# hundreds of sites is no way to pick one on a phone, and it is sent to the browser at every run.
TEAM_LIST_LIMIT = 60


def _reset_below_round() -> None:
    for key in ("f_districts", "f_team", "f_as_of"):
        st.session_state.pop(key, None)


def _round_picker() -> org.RoundInfo | None:
    rounds = lookup(org.list_rounds)
    if not rounds:
        return None
    by_id = {r.id: r for r in rounds}
    if st.session_state.get("f_round") not in by_id:
        st.session_state["f_round"] = rounds[0].id
    chosen = st.sidebar.selectbox(
        tr("filter.round"),
        list(by_id),
        format_func=lambda i: by_id[i].name,
        key="f_round",
        on_change=_reset_below_round,
        persist_state="session",
    )
    return by_id[chosen]


def _labels(round_id: int, districts: tuple[str, ...] | None) -> dict[int, str]:
    frame = org.teams(engine(), round_id, districts)
    return {int(team): f"{seq}. {site}" for team, seq, site in zip(frame["team_id"], frame["seq"], frame["site_name"])}


def round_team_labels(round_id: int, districts: tuple[str, ...] | None = None) -> dict[int, str]:
    """ "1. 正定县正定镇" by team id, for the round's teams (in the districts given), in seq order."""
    return view(_labels, round_id, districts)


def _team_options(round_id: int, districts: tuple[str, ...] | None) -> dict:
    labels = round_team_labels(round_id, districts)
    allowed = readable_team_ids(actor())
    return labels if allowed is None else {t: label for t, label in labels.items() if t in allowed}


def _listed_teams(teams: dict[int, str], chosen) -> list[int]:
    """The teams the team box lists: all of them up to TEAM_LIST_LIMIT, else only the one chosen
    (by a click on the map or a board), so that the districts narrow the list first."""
    if len(teams) <= TEAM_LIST_LIMIT:
        return list(teams)
    return [chosen] if chosen in teams else []


def draw_sidebar_filters(shown: frozenset[str]) -> None:
    """The filters in ``shown``, in the sidebar; the round's whenever any other is shown."""
    if not shown:
        return
    the_round = _round_picker()
    if the_round is None:
        st.sidebar.info(tr("filter.no_round"))
        return
    if DISTRICTS in shown and readable_team_ids(actor()) is None:  # a member reads their own teams: nothing to narrow
        _district_picker(the_round)
    if TEAM in shown:
        _team_picker(the_round)
    if AS_OF in shown:
        _as_of_picker(the_round)


def _district_picker(the_round: org.RoundInfo) -> None:
    names = dict(lookup(org.districts, the_round.id))
    pending = st.session_state.pop("pending_districts", None)  # set by a click on a district (overview)
    if pending is not None:
        st.session_state["f_districts"] = [code for code in pending if code in names]
    st.sidebar.multiselect(
        tr("filter.districts"),
        list(names),
        format_func=lambda c: names[c],
        key="f_districts",
        placeholder=tr("filter.all"),
        persist_state="session",
    )


def _team_picker(the_round: org.RoundInfo) -> None:
    teams = _team_options(the_round.id, chosen_districts())
    pending = st.session_state.pop("pending_team", None)  # set by a click elsewhere (e.g. the map)
    if pending in teams:
        st.session_state["f_team"] = pending
    listed = _listed_teams(teams, st.session_state.get("f_team"))
    options = ([ALL] if actor().role != "member" else []) + listed
    if st.session_state.get("f_team") not in options:
        st.session_state["f_team"] = options[0] if options else ALL
    st.sidebar.selectbox(
        tr("filter.team"),
        options,
        format_func=lambda v: tr("filter.all_teams") if v == ALL else teams[v],
        key="f_team",
        help=tr("filter.team_by_district", n=len(teams)) if len(listed) < len(teams) else None,
        persist_state="session",
    )


def _as_of_picker(the_round: org.RoundInfo, where=st.sidebar, width: int | str = "stretch") -> None:
    if "f_as_of" not in st.session_state:
        st.session_state["f_as_of"] = the_round.default_as_of(date.today())
    where.date_input(
        tr("filter.as_of"),
        min_value=the_round.start_date - timedelta(days=60),
        max_value=the_round.end_date + timedelta(days=120),
        key="f_as_of",
        help=tr("filter.as_of_help"),
        persist_state="session",
        width=width,
    )


def ask_for_as_of(the_round: org.RoundInfo) -> date:
    """The sidebar's as-of box, here, for a page that needs a day only in one of its views (the
    provisional ranking); a pick here is the sidebar's pick."""
    _as_of_picker(the_round, st, width=240)
    return st.session_state["f_as_of"]


def ask_for_team() -> None:
    """For a page that works on one team while the sidebar has all of them: the sidebar's team box
    again, here, since on a projector the office's sidebar shows it below sixteen pages. A pick here
    is the sidebar's pick. Above the list limit the districts narrow the teams first, in the sidebar."""
    the_round = current_round()
    teams = _team_options(the_round.id, chosen_districts()) if the_round else {}
    if len(teams) > TEAM_LIST_LIMIT:
        st.info(tr("filter.team_by_district", n=len(teams)))
        return
    st.selectbox(
        tr("filter.team"),
        list(teams),
        index=None,
        format_func=teams.get,
        placeholder=tr("filter.choose_team"),
        key="team_here",
        on_change=lambda: st.session_state.update(pending_team=st.session_state["team_here"]),
    )


def open_team(team_id: int) -> None:
    """Choose a team from a page (the sidebar picks it up on the next run) and show its progress."""
    st.session_state["pending_team"] = team_id
    st.switch_page("pages/team_progress.py")


def open_district(code: str) -> None:
    """Narrow the sidebar to one district (picked up on the next run) and stay on the page."""
    st.session_state["pending_districts"] = [code]
    st.rerun()


def current_round() -> org.RoundInfo | None:
    round_id = st.session_state.get("f_round")
    return lookup(org.get_round, round_id) if round_id else None


def chosen_districts() -> tuple[str, ...] | None:
    """The district codes chosen in the sidebar, or None for all of them."""
    return tuple(st.session_state.get("f_districts") or ()) or None


def selected_team_id() -> int | None:
    value = st.session_state.get("f_team", ALL)
    return None if value == ALL else int(value)


def current_scope(whole_round: bool = False) -> Scope | None:
    """The sidebar's choice as a Scope; ``whole_round`` ignores the team choice (boards, rankings)."""
    the_round = current_round()
    if the_round is None:
        return None
    team = selected_team_id()
    districts = chosen_districts()
    as_of = st.session_state.get("f_as_of") or the_round.default_as_of(date.today())
    team_ids = None if (whole_round or team is None) else (team,)
    return Scope(round_id=the_round.id, as_of=as_of, team_ids=team_ids, district_codes=districts)


def require_scope(whole_round: bool = False) -> tuple[org.RoundInfo, Scope]:
    """The chosen round and scope; a page without a round says so and stops there."""
    the_round, scope = current_round(), current_scope(whole_round)
    if the_round is None or scope is None:
        st.info(tr("filter.no_round"))
        st.stop()
    return the_round, scope
