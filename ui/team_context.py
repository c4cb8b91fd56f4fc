"""Which team a ledger page works on, and the people a ledger row may name."""
from __future__ import annotations

from datetime import date

import streamlit as st

from data_access import org
from ui.context import actor, tr
from ui.data import lookup, view
from ui.filters import current_round, round_team_labels, selected_team_id


def working_team() -> int | None:
    """A member works on their own team; the office on the team chosen in the sidebar (or here)."""
    me = actor()
    if me.role == "member":
        return me.team_id
    chosen = selected_team_id()
    if chosen is not None:
        return chosen
    the_round = current_round()
    if the_round is None:
        return None
    labels = round_team_labels(the_round.id)
    return st.selectbox(tr("filter.team"), list(labels), format_func=labels.get, key="work_team") if labels else None


def team_people(team_id: int, on: date | None = None) -> dict[int, str]:
    """The team's people by id (on a day, or ever), for the ledgers' person fields."""
    return view(_people, actor(), team_id, on)


def _people(me, team_id: int, on: date | None) -> dict[int, str]:
    frame = lookup(org.team_members, me, team_id, on)
    return {int(r.person_id): r.name for r in frame.drop_duplicates("person_id").itertuples()}
